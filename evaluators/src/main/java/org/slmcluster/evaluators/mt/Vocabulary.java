package org.slmcluster.evaluators.mt;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dense int ids for the words of the references; words of hypotheses are only looked up. Thread-safe, so
 * references are interned on all cores: which id a word gets then depends on thread timing, which no score
 * depends on (ids are only compared for equality).
 */
final class Vocabulary {

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    int intern(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            id = ids.computeIfAbsent(word, w -> next.getAndIncrement());
        }
        return id;
    }

    /** The word's id, or {@link NgramDictionary#UNKNOWN} when no reference has it. */
    int lookup(String word) {
        Integer id = ids.get(word);
        return id == null ? NgramDictionary.UNKNOWN : id;
    }

    /** How many distinct words were interned (ids are 0 .. size - 1). */
    int size() {
        return next.get();
    }
}
