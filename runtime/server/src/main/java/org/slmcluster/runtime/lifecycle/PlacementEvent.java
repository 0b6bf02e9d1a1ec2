package org.slmcluster.runtime.lifecycle;

import java.util.List;

/**
 * One line of the placement log: {@code deploy} places {@code model@version} on {@code labels} (replacing
 * another version of the model there), {@code undeploy} takes {@code model} off {@code labels}.
 *
 * @param at ISO-8601 instant
 */
public record PlacementEvent(String event, String model, String version, List<String> labels, String at) {

    public static final String DEPLOY = "deploy";
    public static final String UNDEPLOY = "undeploy";
}
