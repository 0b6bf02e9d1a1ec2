package org.slmcluster.actors.routing;

import java.util.Locale;

/** How routers forward envelopes: hop by hop over the overlay, or straight to the destination. */
public enum RoutingMode {
    OVERLAY,
    DIRECT;

    /** Parses {@code overlay} / {@code direct} (any case); a bad value names itself. */
    public static RoutingMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("routing mode must be overlay or direct, got '" + value + "'", e);
        }
    }
}
