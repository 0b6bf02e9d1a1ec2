package org.slmcluster.actors.routing;

import org.slmcluster.actors.ClusterMessage;

/** What an envelope carries; the destination router hands it to the local actor that handles its kind. */
public sealed interface Payload extends ClusterMessage permits Probe, WorkRequest, WorkResult, WorkProgress {}
