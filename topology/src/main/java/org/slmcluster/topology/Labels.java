package org.slmcluster.topology;

import java.util.Comparator;

/** Label helpers: the root's name and the one ordering every tie-break in this library uses. */
public final class Labels {

    public static final String ROOT = "root";

    /** {@code root} first, then plain lexicographic order ("0" &lt; "00" &lt; "01" &lt; "1"): the tie-break order. */
    public static final Comparator<String> ORDER = (x, y) -> {
        if (x.equals(y)) {
            return 0;
        }
        if (x.equals(ROOT)) {
            return -1;
        }
        if (y.equals(ROOT)) {
            return 1;
        }
        return x.compareTo(y);
    };

    private Labels() {}

    public static int level(String label) {
        return ROOT.equals(label) ? 0 : label.length();
    }

    /** Digit value of one label character; arity is at most 10, so a digit is one decimal character. */
    public static int digit(char c) {
        return c - '0';
    }
}
