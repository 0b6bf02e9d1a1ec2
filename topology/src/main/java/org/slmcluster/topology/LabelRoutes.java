package org.slmcluster.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Routes computed from the two labels alone: no tables, no BFS, no topology object, so they serve
 * overlays of any size. Labels are digit strings, {@code root} being the empty string.
 *
 * <p>Every link of the overlay changes one end of a label: the tree link removes or appends the last digit,
 * the inter-level De Bruijn link removes or prepends the first digit, and the in-level De Bruijn link
 * removes the first digit while appending a last one (or the reverse). A route therefore keeps one piece
 * {@code w} that the source and the destination share, and edits the ends around it. Two shapes:
 * <ul>
 *   <li><b>forward</b>: {@code w} is a prefix of the destination, found at position i of the source.
 *   Climb the tree to drop the source's digits after {@code w}, then shift the destination's remaining
 *   digits in (drop one first digit, append one destination digit per hop), then drop or append the
 *   leftover digits one hop each. Hops: {@code (|s| - i - |w|) + max(i, |t| - |w|)}.
 *   With {@code w} = the longest overlap of the source's suffix and the destination's prefix this is the
 *   classic De Bruijn route; with {@code w} = the common prefix it is the plain tree route.</li>
 *   <li><b>backward</b>, the mirror: {@code w} is a suffix of the destination; drop the source's digits
 *   before {@code w} along inter-level links, then prepend the destination's digits while dropping the
 *   source's last ones, then finish one hop per leftover digit. Hops: {@code i + max(|s| - i - |w|, |t| - |w|)}.</li>
 * </ul>
 * The route takes the cheapest shape over every placement of {@code w} (forward first, then by
 * position, on ties), O(|s| * |t|) work. Labels never get longer than the longer endpoint nor shorter than
 * the shorter one, so every hop stays inside the overlay; the pure shift ({@code w} empty) bounds the
 * length by {@code max(|s|, |t|)}. The remainder of a label route is itself a candidate at every later
 * node, so forwarding hop by hop on {@link #nextHop} arrives within {@link #hops} hops as well.
 */
public final class LabelRoutes {

    private LabelRoutes() {
    }

    /** The label-based route from {@code from} to {@code to}; labels are {@code root} or digit strings. */
    public static Route route(String from, String to) {
        String s = digitsOf(from);
        String t = digitsOf(to);
        Plan plan = plan(s, t);
        List<String> path = new ArrayList<>(plan.hops + 1);
        StringBuilder at = new StringBuilder(s);
        path.add(from.equals(to) ? from : labelOf(s));
        int p = s.length();
        int q = t.length();
        int m = plan.shared;
        if (plan.forward) {
            int i = plan.start;
            int j = i + m;
            for (int k = p; k > j; k--) {
                at.setLength(k - 1);
                add(path, at);
            }
            int pairs = Math.min(i, q - m);
            for (int k = 0; k < pairs; k++) {
                at.deleteCharAt(0).append(t.charAt(m + k));
                add(path, at);
            }
            for (int k = pairs; k < i; k++) {
                at.deleteCharAt(0);
                add(path, at);
            }
            for (int k = m + pairs; k < q; k++) {
                at.append(t.charAt(k));
                add(path, at);
            }
        } else {
            int i = plan.start;
            int j = i + m;
            for (int k = 0; k < i; k++) {
                at.deleteCharAt(0);
                add(path, at);
            }
            int pairs = Math.min(p - j, q - m);
            for (int k = 0; k < pairs; k++) {
                at.setLength(at.length() - 1);
                at.insert(0, t.charAt(q - m - 1 - k));
                add(path, at);
            }
            for (int k = pairs; k < p - j; k++) {
                at.setLength(at.length() - 1);
                add(path, at);
            }
            for (int k = q - m - pairs - 1; k >= 0; k--) {
                at.insert(0, t.charAt(k));
                add(path, at);
            }
        }
        return new Route(path);
    }

    /** The first hop of {@link #route}, or {@code to} itself when already there. */
    public static String nextHop(String from, String to) {
        Route route = route(from, to);
        return route.hops() == 0 ? to : route.path().get(1);
    }

    /** The hop count of {@link #route}, without building it. */
    public static int hops(String from, String to) {
        return plan(digitsOf(from), digitsOf(to)).hops;
    }

    private static void add(List<String> path, StringBuilder at) {
        String label = labelOf(at.toString());
        // An in-level shift of a constant label by its own digit would be a self-loop: staying put is no hop.
        if (!path.get(path.size() - 1).equals(label)) {
            path.add(label);
        }
    }

    private record Plan(boolean forward, int start, int shared, int hops) {
    }

    private static Plan plan(String s, String t) {
        int p = s.length();
        int q = t.length();
        Plan best = null;
        for (int i = 0; i <= p; i++) {
            int m = 0;
            while (i + m < p && m < q && s.charAt(i + m) == t.charAt(m)) {
                m++;
            }
            int hops = (p - i - m) + Math.max(i, q - m);
            if (best == null || hops < best.hops) {
                best = new Plan(true, i, m, hops);
            }
        }
        for (int j = 0; j <= p; j++) {
            int m = 0;
            while (m < j && m < q && s.charAt(j - 1 - m) == t.charAt(q - 1 - m)) {
                m++;
            }
            int i = j - m;
            int hops = i + Math.max(p - j, q - m);
            if (hops < best.hops) {
                best = new Plan(false, i, m, hops);
            }
        }
        return best;
    }

    private static String digitsOf(String label) {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("a label is 'root' or a non-empty string of digits, got '" + label + "'");
        }
        if (label.equals(Labels.ROOT)) {
            return "";
        }
        for (int k = 0; k < label.length(); k++) {
            char c = label.charAt(k);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("a label is 'root' or a string of digits, got '" + label + "'");
            }
        }
        return label;
    }

    private static String labelOf(String digits) {
        return digits.isEmpty() ? Labels.ROOT : digits;
    }
}
