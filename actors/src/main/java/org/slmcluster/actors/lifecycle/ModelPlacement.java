package org.slmcluster.actors.lifecycle;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slmcluster.actors.ClusterMessage;

/**
 * What members and the coordinator say about model placement. Each member's agent reports its models'
 * states about once a second to the coordinator's placement service (found through the receptionist under
 * {@link #SERVICE_KEY}), which answers with the member's desired models and where to fetch them: the blob
 * address of the member's tree parent. Reports and answers repeat, so both sides converge after either
 * restarts.
 */
public final class ModelPlacement {

    /** The coordinator's placement service. */
    public static final ServiceKey<Report> SERVICE_KEY = ServiceKey.create(Report.class, "slm-model-placement");

    private ModelPlacement() {}

    /** Phases of one model on one member, as {@code slm models status} prints them. */
    public static final String ABSENT = "absent";

    public static final String TRANSFERRING = "transferring";
    public static final String VERIFYING = "verifying";
    public static final String LOADING = "loading";
    public static final String READY = "ready";
    public static final String DRAINING = "draining";
    public static final String FAILED = "failed";

    /**
     * One model version on a member.
     *
     * @param percent transferred share while {@code transferring}, else 100 or 0
     * @param reason  why it failed (or what it waits for), or null
     * @param version the store version (two versions may share one file)
     */
    public record ModelState(String model, String digest, String phase, int percent, String reason, String version)
            implements ClusterMessage {}

    /**
     * A member's report.
     *
     * @param blobUrl    where this member serves model files to its tree children ({@code http://host:port/store/blobs})
     * @param transfers  transfer log lines since the previous report (each hop the member fetched)
     */
    public record Report(
            String label, String blobUrl, List<ModelState> models, List<String> transfers, ActorRef<Assignment> replyTo)
            implements ClusterMessage {}

    /**
     * A model version a member must host, with what it needs to fetch, check and run it; its worker runs as
     * {@code worker-<model>~<version>}, so tasks can name {@code model@version}.
     */
    public record AssignedModel(
            String model, String digest, long size, int contextSize, String chatTemplate, String version)
            implements ClusterMessage {}

    /**
     * The coordinator's answer to a report.
     *
     * @param parentBlobUrl the tree parent's blob address, or null while the parent has not reported yet
     * @param rootBlobUrl   the coordinator's blob address (for members set to fetch from it directly), or null
     *                      while it has not reported yet
     */
    public record Assignment(String parentBlobUrl, List<AssignedModel> models, String rootBlobUrl)
            implements ClusterMessage {}
}
