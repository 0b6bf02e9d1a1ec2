package org.slmcluster.runtime.server.metrics;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Where each member serves {@code /metrics}, known cluster-wide through the receptionist: a member
 * registers an idle actor whose <em>name</em> is its management host and port (prefixed by {@code https://}
 * when its Management speaks HTTPS), so the coordinator learns every member's scrape address (even a port
 * picked at bind time) and scheme without a message of our own crossing members.
 */
public final class MetricsEndpoints {

    /** One member's scrape address: {@code http} or {@code https}, and {@code host:port}. */
    public record Target(String scheme, String authority) {

        /** {@code scheme://authority/metrics}. */
        public String metricsUrl() {
            return scheme + "://" + authority + "/metrics";
        }

        public boolean https() {
            return "https".equals(scheme);
        }
    }

    /** The only thing the marker actor is ever told: to stop, which also removes it from the listing. */
    public enum Stop {
        INSTANCE
    }

    private static final ServiceKey<Stop> KEY = ServiceKey.create(Stop.class, "slm-metrics-endpoints");
    private static final String PREFIX = "metrics-endpoint-";
    private static final String HTTPS = "https://";

    private MetricsEndpoints() {}

    /**
     * Makes {@code address} (the bound management port) known as this member's scrape address; a wildcard
     * bind address is replaced by the member's cluster host; {@code https} when Management speaks HTTPS. Tell
     * the returned actor {@link Stop} to withdraw it.
     */
    public static ActorRef<Stop> publish(ActorSystem<?> system, InetSocketAddress address, boolean https) {
        String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress()
                ? system.address().getHost().orElse(address.getHostString())
                : address.getHostString();
        String authority = host + ":" + address.getPort();
        String name = PREFIX + URLEncoder.encode((https ? HTTPS : "") + authority, StandardCharsets.UTF_8);
        ActorRef<Stop> marker =
                system.systemActorOf(Behaviors.receiveMessage(stop -> Behaviors.stopped()), name, Props.empty());
        system.receptionist().tell(Receptionist.register(KEY, marker));
        return marker;
    }

    /** Scrape targets by the Pekko address of the member that serves them. */
    public static CompletionStage<Map<String, Target>> list(ActorSystem<?> system, Duration timeout) {
        return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                        system.receptionist(), replyTo -> Receptionist.find(KEY, replyTo), timeout, system.scheduler())
                .thenApply(listing -> {
                    Map<String, Target> byMember = new TreeMap<>();
                    for (ActorRef<Stop> ref : listing.getServiceInstances(KEY)) {
                        String name = ref.path().name();
                        if (name.startsWith(PREFIX)) {
                            String member = ref.path().address().hasGlobalScope()
                                    ? ref.path().address().toString()
                                    : system.address().toString();
                            String published =
                                    URLDecoder.decode(name.substring(PREFIX.length()), StandardCharsets.UTF_8);
                            byMember.put(
                                    member,
                                    published.startsWith(HTTPS)
                                            ? new Target("https", published.substring(HTTPS.length()))
                                            : new Target("http", published));
                        }
                    }
                    return byMember;
                });
    }
}
