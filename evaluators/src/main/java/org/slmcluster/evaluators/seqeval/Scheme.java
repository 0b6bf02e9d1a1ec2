package org.slmcluster.evaluators.seqeval;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tagging schemes of seqeval's strict mode ({@code seqeval/scheme.py}): which prefixes are allowed and
 * which (previous prefix, current prefix, same/different type) patterns start a chunk, continue it
 * inside, or end it.
 */
// the collections are unmodifiable copies (Set.copyOf / List.copyOf); Error Prone only trusts Guava types
@SuppressWarnings("ImmutableEnumChecker")
public enum Scheme {
    IOB1(
            EnumSet.of(Prefix.I, Prefix.O, Prefix.B),
            List.of(
                    p(Prefix.O, Prefix.I, TagCondition.ANY),
                    p(Prefix.I, Prefix.I, TagCondition.DIFF),
                    p(Prefix.B, Prefix.I, TagCondition.ANY),
                    p(Prefix.I, Prefix.B, TagCondition.SAME),
                    p(Prefix.B, Prefix.B, TagCondition.SAME)),
            List.of(p(Prefix.B, Prefix.I, TagCondition.SAME), p(Prefix.I, Prefix.I, TagCondition.SAME)),
            List.of(
                    p(Prefix.I, Prefix.I, TagCondition.DIFF), p(Prefix.I, Prefix.O, TagCondition.ANY),
                    p(Prefix.I, Prefix.B, TagCondition.ANY), p(Prefix.B, Prefix.O, TagCondition.ANY),
                    p(Prefix.B, Prefix.I, TagCondition.DIFF), p(Prefix.B, Prefix.B, TagCondition.SAME))),
    IOE1(
            EnumSet.of(Prefix.I, Prefix.O, Prefix.E),
            List.of(
                    p(Prefix.O, Prefix.I, TagCondition.ANY), p(Prefix.I, Prefix.I, TagCondition.DIFF),
                    p(Prefix.E, Prefix.I, TagCondition.ANY), p(Prefix.E, Prefix.E, TagCondition.SAME)),
            List.of(p(Prefix.I, Prefix.I, TagCondition.SAME), p(Prefix.I, Prefix.E, TagCondition.SAME)),
            List.of(
                    p(Prefix.I, Prefix.I, TagCondition.DIFF),
                    p(Prefix.I, Prefix.O, TagCondition.ANY),
                    p(Prefix.I, Prefix.E, TagCondition.DIFF),
                    p(Prefix.E, Prefix.I, TagCondition.SAME),
                    p(Prefix.E, Prefix.E, TagCondition.SAME))),
    IOB2(
            EnumSet.of(Prefix.I, Prefix.O, Prefix.B),
            List.of(p(null, Prefix.B, TagCondition.ANY)),
            List.of(p(Prefix.B, Prefix.I, TagCondition.SAME), p(Prefix.I, Prefix.I, TagCondition.SAME)),
            List.of(
                    p(Prefix.I, Prefix.O, TagCondition.ANY), p(Prefix.I, Prefix.I, TagCondition.DIFF),
                    p(Prefix.I, Prefix.B, TagCondition.ANY), p(Prefix.B, Prefix.O, TagCondition.ANY),
                    p(Prefix.B, Prefix.I, TagCondition.DIFF), p(Prefix.B, Prefix.B, TagCondition.ANY))),
    IOE2(
            EnumSet.of(Prefix.I, Prefix.O, Prefix.E),
            List.of(
                    p(Prefix.O, Prefix.I, TagCondition.ANY), p(Prefix.O, Prefix.E, TagCondition.ANY),
                    p(Prefix.E, Prefix.I, TagCondition.ANY), p(Prefix.E, Prefix.E, TagCondition.ANY),
                    p(Prefix.I, Prefix.I, TagCondition.DIFF), p(Prefix.I, Prefix.E, TagCondition.DIFF)),
            List.of(p(Prefix.I, Prefix.E, TagCondition.SAME), p(Prefix.I, Prefix.I, TagCondition.SAME)),
            List.of(p(Prefix.E, null, TagCondition.ANY))),
    IOBES(
            EnumSet.of(Prefix.I, Prefix.O, Prefix.B, Prefix.E, Prefix.S),
            List.of(p(null, Prefix.B, TagCondition.ANY), p(null, Prefix.S, TagCondition.ANY)),
            List.of(
                    p(Prefix.B, Prefix.I, TagCondition.SAME), p(Prefix.B, Prefix.E, TagCondition.SAME),
                    p(Prefix.I, Prefix.I, TagCondition.SAME), p(Prefix.I, Prefix.E, TagCondition.SAME)),
            List.of(p(Prefix.S, null, TagCondition.ANY), p(Prefix.E, null, TagCondition.ANY))),
    BILOU(
            EnumSet.of(Prefix.B, Prefix.I, Prefix.L, Prefix.O, Prefix.U),
            List.of(p(null, Prefix.B, TagCondition.ANY), p(null, Prefix.U, TagCondition.ANY)),
            List.of(
                    p(Prefix.B, Prefix.I, TagCondition.SAME), p(Prefix.B, Prefix.L, TagCondition.SAME),
                    p(Prefix.I, Prefix.I, TagCondition.SAME), p(Prefix.I, Prefix.L, TagCondition.SAME)),
            List.of(p(Prefix.U, null, TagCondition.ANY), p(Prefix.L, null, TagCondition.ANY)));

    /** The first (or, with suffix tags, last) character of a tag. */
    public enum Prefix {
        I,
        O,
        B,
        E,
        S,
        U,
        L
    }

    enum TagCondition {
        SAME,
        DIFF,
        ANY
    }

    /** A pattern; a null prefix stands for seqeval's {@code Prefix.ANY}. */
    record Pattern(Prefix previous, Prefix current, TagCondition condition) {}

    private static Pattern p(Prefix previous, Prefix current, TagCondition condition) {
        return new Pattern(previous, current, condition);
    }

    private final Set<Prefix> allowed;
    private final List<Pattern> start;
    private final List<Pattern> inside;
    private final List<Pattern> end;

    Scheme(Set<Prefix> allowed, List<Pattern> start, List<Pattern> inside, List<Pattern> end) {
        this.allowed = Set.copyOf(allowed);
        this.start = List.copyOf(start);
        this.inside = List.copyOf(inside);
        this.end = List.copyOf(end);
    }

    boolean allows(Prefix prefix) {
        return allowed.contains(prefix);
    }

    boolean isStart(Token previous, Token current) {
        return matches(start, previous, current);
    }

    boolean isInside(Token previous, Token current) {
        return matches(inside, previous, current);
    }

    /** True when {@code previous} ends a chunk, seen from {@code current}. */
    boolean isEnd(Token previous, Token current) {
        return matches(end, previous, current);
    }

    private static boolean matches(List<Pattern> patterns, Token previous, Token current) {
        for (Pattern pattern : patterns) {
            if ((pattern.previous == null || pattern.previous == previous.prefix())
                    && (pattern.current == null || pattern.current == current.prefix())
                    && switch (pattern.condition) {
                        case ANY -> true;
                        case SAME -> previous.type().equals(current.type());
                        case DIFF -> !previous.type().equals(current.type());
                    }) {
                return true;
            }
        }
        return false;
    }

    /** Parses a scheme name, case-insensitively. */
    public static Scheme parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown scheme: " + name + " (expected one of IOB1, IOB2, IOE1, IOE2, IOBES, BILOU)");
        }
    }

    /** A tag split into prefix and type, as seqeval's {@code Token}. */
    record Token(String text, Prefix prefix, String type) {

        static Token parse(String text, boolean suffix) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty tag");
            }
            char c = suffix ? text.charAt(text.length() - 1) : text.charAt(0);
            Prefix prefix;
            try {
                prefix = Prefix.valueOf(String.valueOf(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid token is found: " + text);
            }
            String rest = suffix ? text.substring(0, text.length() - 1) : text.substring(1);
            String type = stripDashes(rest);
            return new Token(text, prefix, type.isEmpty() ? "_" : type);
        }

        private static String stripDashes(String s) {
            int from = 0;
            int to = s.length();
            while (from < to && s.charAt(from) == '-') {
                from++;
            }
            while (to > from && s.charAt(to - 1) == '-') {
                to--;
            }
            return s.substring(from, to);
        }
    }

    /**
     * seqeval's {@code auto_detect}: IOB2, IOE2 or IOBES from the set of prefixes used in the sequences.
     */
    public static Scheme autoDetect(List<List<String>> sequences, boolean suffix) {
        EnumSet<Prefix> prefixes = EnumSet.noneOf(Prefix.class);
        for (List<String> sequence : sequences) {
            for (String tag : sequence) {
                prefixes.add(Token.parse(tag, suffix).prefix());
            }
        }
        if (isOneOf(
                prefixes,
                List.of(
                        EnumSet.of(Prefix.I, Prefix.O, Prefix.B), EnumSet.of(Prefix.I, Prefix.B),
                        EnumSet.of(Prefix.B, Prefix.O), EnumSet.of(Prefix.B)))) {
            return IOB2;
        }
        if (isOneOf(
                prefixes,
                List.of(
                        EnumSet.of(Prefix.I, Prefix.O, Prefix.E), EnumSet.of(Prefix.I, Prefix.E),
                        EnumSet.of(Prefix.E, Prefix.O), EnumSet.of(Prefix.E)))) {
            return IOE2;
        }
        if (isIobesSet(prefixes)) {
            return IOBES;
        }
        throw new IllegalArgumentException("This scheme is not supported: " + prefixes);
    }

    private static boolean isOneOf(Set<Prefix> prefixes, List<Set<Prefix>> allowed) {
        return allowed.contains(prefixes);
    }

    private static boolean isIobesSet(Set<Prefix> p) {
        // seqeval's allowed_iobes_prefixes
        List<Set<Prefix>> allowed = List.of(
                EnumSet.of(Prefix.I, Prefix.O, Prefix.B, Prefix.E, Prefix.S),
                EnumSet.of(Prefix.I, Prefix.B, Prefix.E, Prefix.S),
                EnumSet.of(Prefix.I, Prefix.O, Prefix.B, Prefix.E),
                EnumSet.of(Prefix.O, Prefix.B, Prefix.E, Prefix.S),
                EnumSet.of(Prefix.I, Prefix.B, Prefix.E),
                EnumSet.of(Prefix.B, Prefix.E, Prefix.S),
                EnumSet.of(Prefix.O, Prefix.B, Prefix.E),
                EnumSet.of(Prefix.B, Prefix.E),
                EnumSet.of(Prefix.S));
        return allowed.contains(p);
    }
}
