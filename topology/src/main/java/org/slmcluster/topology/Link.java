package org.slmcluster.topology;

/** An undirected link, stored with its endpoints in label order so that equal links are equal records. */
public record Link(String a, String b) {

    public Link {
        if (a.equals(b)) {
            throw new IllegalArgumentException("a link needs two distinct endpoints, got " + a + " twice");
        }
        if (Labels.ORDER.compare(a, b) > 0) {
            String swap = a;
            a = b;
            b = swap;
        }
    }

    public boolean touches(String label) {
        return a.equals(label) || b.equals(label);
    }
}
