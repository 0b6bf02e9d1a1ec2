package org.slmcluster.actors.routing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Routers given once by whoever started them (all in one ActorSystem, e.g. the scale simulation): every
 * label in the map is live, every other label is down. The map is shared by all routers, never copied.
 */
final class FixedRouterDirectory implements RouterDirectory {

    static final FixedRouterDirectory EMPTY = new FixedRouterDirectory(Map.of());

    private final Map<String, ActorRef<DeBruijnRouter.Command>> routers;

    FixedRouterDirectory(Map<String, ActorRef<DeBruijnRouter.Command>> routers) {
        this.routers = routers;
    }

    @Override
    public Set<String> liveLabels() {
        return routers.keySet();
    }

    @Override
    public Optional<ActorRef<DeBruijnRouter.Command>> routerOf(String label) {
        return Optional.ofNullable(routers.get(label));
    }
}
