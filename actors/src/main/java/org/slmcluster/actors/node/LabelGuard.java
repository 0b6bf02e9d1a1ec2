package org.slmcluster.actors.node;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slmcluster.actors.routing.ClusterView;

/**
 * Keeps labels unique: once this member is Up, if an older Up member carries the same label role, this
 * member logs why and leaves the cluster (the older member keeps the label). Leaving ends with the
 * member's coordinated shutdown, which terminates its ActorSystem.
 */
final class LabelGuard {

    private LabelGuard() {}

    static Behavior<ClusterEvent.MemberEvent> create(String label) {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            UniqueAddress self = cluster.selfMember().uniqueAddress();
            ActorRef<ClusterEvent.MemberEvent> me = context.getSelf();
            cluster.subscriptions().tell(Subscribe.create(me, ClusterEvent.MemberEvent.class));
            ClusterView view = new ClusterView();
            boolean[] refused = {false};
            return Behaviors.receiveMessage(event -> {
                view.apply(event);
                if (refused[0]) {
                    return Behaviors.same();
                }
                Optional<Member> selfMember = view.members().stream()
                        .filter(m -> m.uniqueAddress().equals(self))
                        .findFirst();
                if (selfMember.isEmpty() || selfMember.get().status() != MemberStatus.up()) {
                    return Behaviors.same();
                }
                Optional<Member> holder = view.members().stream()
                        .filter(m -> !m.uniqueAddress().equals(self))
                        .filter(m -> label.equals(ClusterView.labelOf(m)))
                        .filter(m -> m.status() == MemberStatus.up())
                        .filter(m -> m.isOlderThan(selfMember.get()))
                        .findFirst();
                if (holder.isPresent()) {
                    refused[0] = true;
                    context.getLog()
                            .error(
                                    "label {} is already held by member {}; this member ({}) refuses the "
                                            + "duplicate label and leaves the cluster",
                                    label,
                                    holder.get().address(),
                                    self.address());
                    cluster.manager().tell(Leave.create(self.address()));
                }
                return Behaviors.same();
            });
        });
    }
}
