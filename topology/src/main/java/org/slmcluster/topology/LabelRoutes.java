package org.slmcluster.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Routes computed from the labels alone (and the arity): no tables, no BFS, no topology object, so they
 * serve overlays of any size. Labels are digit strings, {@code root} being the empty string.
 *
 * <p>Every link of the overlay edits one end of a label: the tree link removes or appends the last digit,
 * the inter-level De Bruijn link removes or prepends the first digit, and the in-level De Bruijn link
 * removes the first digit while appending a last one, or (seen from its other end) removes the last digit
 * while prepending a first one. So a route keeps one piece {@code w} that both labels contain,
 * {@code w = s[i..j) = t[a..b)}, and edits the ends around it: it removes {@code i} front and
 * {@code |s| - j} back digits of the source and adds {@code a} front and {@code |t| - b} back digits of the
 * destination, one hop each, except that a shift does a front removal and a back addition (or a back
 * removal and a front addition) in one hop. Only one of the two kinds of shift helps (a digit added at one
 * end must wait until the source's digits at that end are gone), so the plan costs
 * <pre>  i + (|s| - j) + a + (|t| - b) - max(min(i, |t| - b), min(|s| - j, a))</pre>
 * hops, and {@link #hops} is the cheapest plan over every placement of {@code w} (O(|s| * |t|)). With
 * {@code w} the longest overlap of the source's suffix and the destination's prefix this is the classic
 * De Bruijn "shift the destination's digits in"; with {@code w} the common prefix it is the tree route; with
 * {@code w} empty and all shifts it bounds every route by {@code max(|s|, |t|)}, so the diameter is at most h.
 *
 * <p>The route is built hop by hop: of the neighbours no longer than the longer endpoint whose plan is one
 * hop cheaper (in {@link Labels#ORDER}), the next hop is the one {@link PairTieBreak} picks for the route's
 * (source, destination) pair, as in {@link Topology#route}. One always exists (the first hop of the cheapest
 * plan), so the route always follows links and always arrives, within {@link #hops} hops, and a router can
 * forward on {@link #nextHop} alone.
 *
 * <p>Measured, not proven: in every overlay checked exhaustively (all arities 2..10, every ordered pair,
 * up to 3,000 nodes) the plan cost equals the BFS distance and the label route equals the table route
 * {@link Topology#route(String, String)} hop for hop; the property tests check both on random pairs of
 * overlays up to 200,000 nodes. Label routes ignore failed nodes: use tables for fault tolerance.
 */
public final class LabelRoutes {

    private LabelRoutes() {}

    /**
     * The label-based route from {@code from} to {@code to} in an overlay of the given arity; labels are
     * {@code root} or digit strings. Built hop by hop with {@link #nextHop}, so a router forwarding on
     * label next hops follows exactly this route.
     */
    public static Route route(int arity, String from, String to) {
        String t = digitsOf(to);
        String at = digitsOf(from);
        List<String> path = new ArrayList<>();
        path.add(from);
        int left = editHops(at, t);
        while (!at.equals(t)) {
            at = next(arity, at, t, left, from, to);
            left--;
            path.add(at.isEmpty() ? Labels.ROOT : at);
        }
        return new Route(path);
    }

    /** The neighbour to forward a message that starts at {@code from} to: {@code nextHop(arity, from, from, to)}. */
    public static String nextHop(int arity, String from, String to) {
        return nextHop(arity, from, from, to);
    }

    /**
     * The neighbour to forward to at {@code at}, for a message from {@code source} to {@code to}: of the
     * neighbours no longer than the longer endpoint whose edit-plan hop count is one less, the one
     * {@link PairTieBreak} picks for (source, to); {@code to} itself when already there.
     */
    public static String nextHop(int arity, String source, String at, String to) {
        digitsOf(source);
        String s = digitsOf(at);
        String t = digitsOf(to);
        if (s.equals(t)) {
            return to;
        }
        String next = next(arity, s, t, editHops(s, t), source, to);
        return next.isEmpty() ? Labels.ROOT : next;
    }

    /** The hop count of {@link #route}: the cheapest edit plan, computed from the labels alone. */
    public static int hops(String from, String to) {
        return editHops(digitsOf(from), digitsOf(to));
    }

    private static int editHops(String s, String t) {
        int p = s.length();
        int q = t.length();
        // w empty: every split (i, a) of the two labels with nothing shared.
        int best = Integer.MAX_VALUE;
        for (int i = 0; i <= p; i++) {
            for (int a = 0; a <= q; a++) {
                if (i == p || a == q || s.charAt(i) != t.charAt(a)) {
                    best = Math.min(best, cost(p, q, i, a, 0));
                }
            }
        }
        // w non-empty: walk each diagonal i - a = constant backwards, counting how far the labels agree.
        for (int shift = -q + 1; shift < p; shift++) {
            int i = Math.max(0, shift);
            int a = i - shift;
            int length = Math.min(p - i, q - a);
            int run = 0;
            for (int k = length - 1; k >= 0; k--) {
                run = s.charAt(i + k) == t.charAt(a + k) ? run + 1 : 0;
                if (run > 0) {
                    best = Math.min(best, cost(p, q, i + k, a + k, run));
                }
            }
        }
        return best;
    }

    /** Hops of the plan keeping s[i..i+m) = t[a..a+m). */
    private static int cost(int p, int q, int i, int a, int m) {
        int backRemovals = p - i - m;
        int backAdditions = q - a - m;
        int shifts = Math.max(Math.min(i, backAdditions), Math.min(backRemovals, a));
        return i + backRemovals + a + backAdditions - shifts;
    }

    /**
     * The neighbour of s (root = "") within the endpoints' length whose plan is shorter than {@code left}
     * that the pair (source, destination) picks among all such, in label order.
     */
    private static String next(int arity, String s, String t, int left, String source, String destination) {
        int p = s.length();
        int longest = Math.max(p, t.length());
        List<String> candidates = new ArrayList<>(4 * arity + 2);
        if (p > 0) {
            candidates.add(s.substring(0, p - 1));
            candidates.add(s.substring(1));
        }
        for (int digit = 0; digit < arity; digit++) {
            char c = (char) ('0' + digit);
            if (p < longest) {
                candidates.add(s + c);
                candidates.add(c + s);
            }
            if (p > 0) {
                candidates.add(s.substring(1) + c);
                candidates.add(c + s.substring(0, p - 1));
            }
        }
        TreeSet<String> closer = new TreeSet<>(LabelRoutes::compare);
        for (String candidate : candidates) {
            if (!candidate.equals(s) && !closer.contains(candidate) && editHops(candidate, t) < left) {
                closer.add(candidate);
            }
        }
        if (closer.isEmpty()) {
            throw new IllegalStateException("no neighbour of '" + s + "' gets closer to '" + t + "'");
        }
        int pick = PairTieBreak.pick(source, destination, closer.size());
        return closer.stream().skip(pick).findFirst().orElseThrow();
    }

    /** {@link Labels#ORDER} on digit strings, root being the empty string. */
    private static int compare(String x, String y) {
        return x.compareTo(y);
    }

    private static String digitsOf(String label) {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException(
                    "a label is 'root' or a non-empty string of digits, got '" + label + "'");
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
}
