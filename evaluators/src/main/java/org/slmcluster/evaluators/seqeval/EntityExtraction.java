package org.slmcluster.evaluators.seqeval;

import java.util.ArrayList;
import java.util.List;

/** Chunk extraction of seqeval: the default conlleval-like rules and the strict, scheme-driven ones. */
public final class EntityExtraction {

    private EntityExtraction() {}

    /**
     * seqeval's {@code get_entities} over several sentences: they are concatenated with an 'O' after each
     * (so chunks never cross sentences) and spans are (type, start, inclusive end) in that flat sequence.
     * Tags without a B-/I-/E-/S- prefix are read like seqeval does (first character as the prefix).
     */
    public static List<Entity> defaultEntities(List<List<String>> sentences, boolean suffix) {
        List<String> flat = new ArrayList<>();
        for (List<String> sentence : sentences) {
            flat.addAll(sentence);
            flat.add("O");
        }
        return defaultEntitiesOfSequence(flat, suffix);
    }

    /** {@code get_entities} of one flat sequence. */
    public static List<Entity> defaultEntitiesOfSequence(List<String> sequence, boolean suffix) {
        List<Entity> chunks = new ArrayList<>();
        char prevTag = 'O';
        String prevType = "";
        int beginOffset = 0;
        int n = sequence.size();
        for (int i = 0; i <= n; i++) {
            String chunk = i < n ? sequence.get(i) : "O";
            if (chunk.isEmpty()) {
                throw new IllegalArgumentException("empty tag at position " + i);
            }
            char tag;
            String type;
            if (suffix) {
                tag = chunk.charAt(chunk.length() - 1);
                String head = chunk.substring(0, chunk.length() - 1);
                int dash = head.lastIndexOf('-');
                type = dash >= 0 ? head.substring(0, dash) : head;
            } else {
                tag = chunk.charAt(0);
                String tail = chunk.substring(1);
                int dash = tail.indexOf('-');
                type = dash >= 0 ? tail.substring(dash + 1) : tail;
            }
            if (type.isEmpty()) {
                type = "_";
            }
            if (endOfChunk(prevTag, tag, prevType, type)) {
                chunks.add(new Entity(0, prevType, beginOffset, i - 1));
            }
            if (startOfChunk(prevTag, tag, prevType, type)) {
                beginOffset = i;
            }
            prevTag = tag;
            prevType = type;
        }
        return chunks;
    }

    static boolean endOfChunk(char prevTag, char tag, String prevType, String type) {
        boolean end = false;
        if (prevTag == 'E' || prevTag == 'S') {
            end = true;
        }
        if ((prevTag == 'B' || prevTag == 'I') && (tag == 'B' || tag == 'S' || tag == 'O')) {
            end = true;
        }
        if (prevTag != 'O' && prevTag != '.' && !prevType.equals(type)) {
            end = true;
        }
        return end;
    }

    static boolean startOfChunk(char prevTag, char tag, String prevType, String type) {
        boolean start = false;
        if (tag == 'B' || tag == 'S') {
            start = true;
        }
        if ((prevTag == 'E' || prevTag == 'S' || prevTag == 'O') && (tag == 'E' || tag == 'I')) {
            start = true;
        }
        if (tag != 'O' && tag != '.' && !prevType.equals(type)) {
            start = true;
        }
        return start;
    }

    /**
     * seqeval's strict {@code Tokens(...).entities} for one sentence: spans (start, exclusive end); an
     * invalid prefix for the scheme is an error, as in seqeval.
     */
    public static List<Entity> strictEntities(List<String> sentence, Scheme scheme, boolean suffix, int sentenceId) {
        List<Scheme.Token> tokens = new ArrayList<>(sentence.size() + 1);
        for (String tag : sentence) {
            tokens.add(Scheme.Token.parse(tag, suffix));
        }
        Scheme.Token outside = Scheme.Token.parse("O", suffix);
        tokens.add(outside);
        List<Entity> entities = new ArrayList<>();
        int i = 0;
        Scheme.Token prev = outside;
        while (i < tokens.size()) {
            Scheme.Token token = tokens.get(i);
            if (!scheme.allows(token.prefix())) {
                throw new IllegalArgumentException(
                        "Invalid token is found: " + token.text() + ". Allowed prefixes are those of " + scheme + ".");
            }
            if (scheme.isStart(prev, token)) {
                int end = forward(tokens, scheme, i + 1, token, sentence.size());
                if (scheme.isEnd(tokens.get(end - 1), tokens.get(end))) {
                    entities.add(new Entity(sentenceId, token.type(), i, end));
                }
                i = end;
            } else {
                i++;
            }
            prev = tokens.get(i - 1);
        }
        return entities;
    }

    private static int forward(List<Scheme.Token> tokens, Scheme scheme, int start, Scheme.Token prev, int length) {
        for (int i = start; i < tokens.size(); i++) {
            Scheme.Token token = tokens.get(i);
            if (scheme.isInside(prev, token)) {
                prev = token;
            } else {
                return i;
            }
        }
        return length - 1;
    }

    public static List<Entity> strictEntities(List<List<String>> sentences, Scheme scheme, boolean suffix) {
        List<Entity> all = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            all.addAll(strictEntities(sentences.get(s), scheme, suffix, s));
        }
        return all;
    }
}
