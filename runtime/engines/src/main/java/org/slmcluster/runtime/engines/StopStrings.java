package org.slmcluster.runtime.engines;

import java.util.List;
import java.util.function.Consumer;

/**
 * Applies stop strings to text arriving piece by piece: hands on only text that cannot be the start of
 * a stop string, and cuts the text where the first stop string begins (the stop string itself is not
 * part of the output). Doing this ourselves, rather than in llama.cpp, tells us for sure whether a
 * generation ended on a stop string or on the token limit.
 */
final class StopStrings {

    private final List<String> stops;
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    StopStrings(List<String> stops, Consumer<String> onText) {
        this.stops = stops.stream().filter(s -> s != null && !s.isEmpty()).toList();
        this.onText = onText;
    }

    /** Adds a piece; returns true when a stop string has been found (the caller should stop generating). */
    boolean accept(String piece) {
        if (stopped || piece == null || piece.isEmpty()) {
            return stopped;
        }
        int searchFrom = emitted;
        text.append(piece);
        int cut = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, Math.max(0, searchFrom - stop.length() + 1));
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            text.setLength(cut);
            stopped = true;
            flush(cut);
            return true;
        }
        flush(text.length() - heldBack());
        return false;
    }

    /** Ends the stream: passes on whatever was held back as a possible stop-string start. */
    void finish() {
        flush(text.length());
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text.toString();
    }

    /** Length of the longest suffix of the text that is a proper prefix of some stop string. */
    private int heldBack() {
        int longest = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length() - emitted); n > longest; n--) {
                if (endsWith(stop, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWith(String stop, int n) {
        int offset = text.length() - n;
        for (int i = 0; i < n; i++) {
            if (text.charAt(offset + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void flush(int upTo) {
        if (upTo > emitted) {
            onText.accept(text.substring(emitted, upTo));
            emitted = upTo;
        }
    }
}
