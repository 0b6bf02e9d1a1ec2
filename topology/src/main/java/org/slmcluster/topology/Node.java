package org.slmcluster.topology;

/** A member of the overlay: its label ({@code root} or a string of digits) and its level (0 for root). */
public record Node(String label, int level) implements Comparable<Node> {

    @Override
    public int compareTo(Node other) {
        return Labels.ORDER.compare(label, other.label);
    }
}
