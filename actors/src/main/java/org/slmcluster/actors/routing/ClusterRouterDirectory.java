package org.slmcluster.actors.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * Routers of a Pekko cluster: a label is live when an Up, reachable member holds it ({@link ClusterView}),
 * and its router is the actor {@code <member address>/user/router}.
 */
final class ClusterRouterDirectory implements RouterDirectory {

    private final ClusterView view = new ClusterView();
    private final Map<Address, ActorRef<DeBruijnRouter.Command>> routers = new HashMap<>();
    private final ActorRefResolver resolver;
    private final Address selfAddress;
    private final ActorRef<DeBruijnRouter.Command> self;

    ClusterRouterDirectory(ActorRefResolver resolver, Address selfAddress, ActorRef<DeBruijnRouter.Command> self) {
        this.resolver = resolver;
        this.selfAddress = selfAddress;
        this.self = self;
    }

    /** True when the event may have changed which labels are live. */
    boolean apply(ClusterEvent.ClusterDomainEvent event) {
        return view.apply(event);
    }

    @Override
    public Set<String> liveLabels() {
        return view.owners().keySet();
    }

    @Override
    public Optional<ActorRef<DeBruijnRouter.Command>> routerOf(String label) {
        return view.owner(label).map(Member::address).map(this::routerAt);
    }

    private ActorRef<DeBruijnRouter.Command> routerAt(Address address) {
        if (address.equals(selfAddress)) {
            return self;
        }
        return routers.computeIfAbsent(address, a -> resolver.resolveActorRef(DeBruijnRouter.pathAt(a)));
    }
}
