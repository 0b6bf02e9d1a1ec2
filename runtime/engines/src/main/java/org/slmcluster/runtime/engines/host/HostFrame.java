package org.slmcluster.runtime.engines.host;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;

/**
 * The frames member and engine host exchange over their socket (see {@link FrameChannel}). The host opens
 * with {@link Hello}; a member that finds another {@link #PROTOCOL_VERSION} refuses the engine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HostFrame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = HostFrame.Load.class, name = "load"),
    @JsonSubTypes.Type(value = HostFrame.Loaded.class, name = "loaded"),
    @JsonSubTypes.Type(value = HostFrame.LoadFailed.class, name = "load-failed"),
    @JsonSubTypes.Type(value = HostFrame.Generate.class, name = "generate"),
    @JsonSubTypes.Type(value = HostFrame.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = HostFrame.Token.class, name = "token"),
    @JsonSubTypes.Type(value = HostFrame.Done.class, name = "done"),
    @JsonSubTypes.Type(value = HostFrame.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = HostFrame.Heartbeat.class, name = "heartbeat")
})
public sealed interface HostFrame {

    /** Raised when a frame changes incompatibly. */
    int PROTOCOL_VERSION = 1;

    /** Host to member, first: which protocol it speaks and its process id. */
    record Hello(int version, long pid) implements HostFrame {}

    /**
     * Member to host, once: the model to load (a verified absolute path) and how often to send a heartbeat.
     */
    record Load(String model, String file, int contextSize, int threads, long heartbeatMillis) implements HostFrame {}

    record Loaded(String location) implements HostFrame {}

    record LoadFailed(String message) implements HostFrame {}

    /** @param stream send each piece of text as a {@link Token} while generating */
    record Generate(long id, GenerationRequest request, boolean stream) implements HostFrame {}

    /** Stop generation {@code id}; answered by its {@link Failed} (or its {@link Done} if it won the race). */
    record Cancel(long id) implements HostFrame {}

    record Token(long id, String text) implements HostFrame {}

    record Done(long id, GenerationResult result) implements HostFrame {}

    /** @param invalidRequest the request, not the engine, is at fault (prompt over the context) */
    record Failed(long id, String message, boolean retryable, boolean invalidRequest) implements HostFrame {}

    /** Host to member, every heartbeat interval, from its own thread: the host is alive and not stuck. */
    record Heartbeat(long sentAtMillis) implements HostFrame {}
}
