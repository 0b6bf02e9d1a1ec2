package org.slmcluster.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The overlay written straight from the link rules with strings and sets: slow, obviously right, for tests. */
final class ReferenceOverlay {

    final List<String> labels = new ArrayList<>();
    final Map<String, Set<String>> neighbours = new TreeMap<>(Labels.ORDER);

    ReferenceOverlay(int arity, int depth) {
        labels.add(Labels.ROOT);
        List<String> level = List.of("");
        for (int l = 1; l <= depth; l++) {
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (int a = 0; a < arity; a++) {
                    next.add(prefix + a);
                }
            }
            labels.addAll(next);
            level = next;
        }
        for (String label : labels) {
            neighbours.put(label, new TreeSet<>(Labels.ORDER));
        }
        for (String x : labels) {
            if (x.equals(Labels.ROOT)) {
                continue;
            }
            int l = x.length();
            link(x, l == 1 ? Labels.ROOT : x.substring(0, l - 1));
            for (int a = 0; a < arity; a++) {
                link(x, x.substring(1) + a);
            }
            if (l >= 2) {
                link(x, x.substring(1));
            }
        }
    }

    private void link(String a, String b) {
        if (!a.equals(b)) {
            neighbours.get(a).add(b);
            neighbours.get(b).add(a);
        }
    }

    Set<Link> links() {
        Set<Link> all = new HashSet<>();
        neighbours.forEach((a, around) -> around.forEach(b -> all.add(new Link(a, b))));
        return all;
    }

    Map<String, Integer> distancesFrom(String start, Set<String> failed) {
        Map<String, Integer> distance = new HashMap<>();
        if (failed.contains(start)) {
            return distance;
        }
        ArrayDeque<String> queue = new ArrayDeque<>();
        distance.put(start, 0);
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String n : neighbours.get(at)) {
                if (!failed.contains(n) && !distance.containsKey(n)) {
                    distance.put(n, distance.get(at) + 1);
                    queue.add(n);
                }
            }
        }
        return distance;
    }
}
