package org.slmcluster.actors.routing;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where a router finds the routers of other labels. In a cluster that follows Pekko membership (one
 * router per member, found at its member address); in a simulation it is a fixed map of routers that
 * share one ActorSystem. The routing itself does not care which.
 */
interface RouterDirectory {

    /** Labels that currently have a live router, in no particular order (this router's own may be missing). */
    Set<String> liveLabels();

    /** The live router serving {@code label}, if any. */
    Optional<ActorRef<DeBruijnRouter.Command>> routerOf(String label);
}
