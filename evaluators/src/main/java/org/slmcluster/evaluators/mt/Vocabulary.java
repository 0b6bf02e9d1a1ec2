package org.slmcluster.evaluators.mt;

import java.util.HashMap;
import java.util.Map;

/** Dense int ids for the words of the references; words of hypotheses are only looked up. */
final class Vocabulary {

    private final Map<String, Integer> ids = new HashMap<>();

    int intern(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            id = ids.size();
            ids.put(word, id);
        }
        return id;
    }

    /** The word's id, or {@link NgramDictionary#UNKNOWN} when no reference has it. */
    int lookup(String word) {
        Integer id = ids.get(word);
        return id == null ? NgramDictionary.UNKNOWN : id;
    }
}
