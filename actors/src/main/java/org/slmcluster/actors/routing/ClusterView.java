package org.slmcluster.actors.routing;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.slmcluster.topology.Labels;

/**
 * Membership as one actor sees it, built from cluster events (subscribe with initial state as events):
 * which member holds which label. A label belongs to the oldest Up, reachable member carrying its
 * {@code label-<x>} role, so a younger member claiming a taken label never receives traffic.
 */
public final class ClusterView {

    private final Map<UniqueAddress, Member> members = new HashMap<>();
    private final Set<UniqueAddress> unreachable = new HashSet<>();
    private Map<String, Member> owners;

    /** Applies a member or reachability event; true when the label owners may have changed. */
    public boolean apply(ClusterEvent.ClusterDomainEvent event) {
        if (event instanceof ClusterEvent.MemberRemoved removed) {
            members.remove(removed.member().uniqueAddress());
            unreachable.remove(removed.member().uniqueAddress());
        } else if (event instanceof ClusterEvent.MemberEvent memberEvent) {
            members.put(memberEvent.member().uniqueAddress(), memberEvent.member());
        } else if (event instanceof ClusterEvent.UnreachableMember u) {
            unreachable.add(u.member().uniqueAddress());
        } else if (event instanceof ClusterEvent.ReachableMember r) {
            unreachable.remove(r.member().uniqueAddress());
        } else {
            return false;
        }
        owners = null;
        return true;
    }

    /** The label role's value, or null for members without one. */
    public static String labelOf(Member member) {
        for (String role : member.getRoles()) {
            if (role.startsWith(RouterSettings.LABEL_ROLE_PREFIX)) {
                return role.substring(RouterSettings.LABEL_ROLE_PREFIX.length());
            }
        }
        return null;
    }

    public boolean isReachable(Member member) {
        return !unreachable.contains(member.uniqueAddress());
    }

    /** Label to the member serving it (oldest Up and reachable), in label order. */
    public Map<String, Member> owners() {
        if (owners == null) {
            Map<String, Member> result = new TreeMap<>(Labels.ORDER);
            for (Member member : members.values()) {
                String label = labelOf(member);
                if (label == null || member.status() != MemberStatus.up() || !isReachable(member)) {
                    continue;
                }
                result.merge(label, member, (a, b) -> a.isOlderThan(b) ? a : b);
            }
            owners = Collections.unmodifiableMap(result);
        }
        return owners;
    }

    public Optional<Member> owner(String label) {
        return Optional.ofNullable(owners().get(label));
    }

    /** The label of the member at {@code address} when it currently owns it. */
    public Optional<String> ownedLabelAt(Address address) {
        for (Map.Entry<String, Member> entry : owners().entrySet()) {
            if (entry.getValue().address().equals(address)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** Every known member (any status), unordered. */
    public Collection<Member> members() {
        return Collections.unmodifiableCollection(members.values());
    }
}
