package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * The largest prompt a task can carry between members. Artery drops a message larger than its frame
 * ({@code pekko.remote.artery.advanced.maximum-frame-size}, 256 KiB by default) with only a log line, and the
 * caller would wait for its whole deadline; so a request that cannot travel is refused at once with 413
 * naming the limit. Raising the frame size for every message would cost each member a buffer pool of that
 * size, and the large-message channel works per recipient path, which overlay hops do not have in common.
 */
final class TransportLimit {

    static final String FRAME_SIZE_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
    /** Room for the envelope around the prompt: ids, model, parameters, routing traces, actor refs. */
    static final long ENVELOPE_HEADROOM = 16 * 1024;

    private static final long DEFAULT_FRAME_SIZE = 256 * 1024;

    private final long frameSize;

    TransportLimit(long frameSize) {
        this.frameSize = frameSize;
    }

    static TransportLimit of(Config config) {
        return new TransportLimit(
                config.hasPath(FRAME_SIZE_KEY) ? config.getBytes(FRAME_SIZE_KEY) : DEFAULT_FRAME_SIZE);
    }

    /** Bytes of prompt text a task may carry. */
    long maxPromptBytes() {
        return frameSize - ENVELOPE_HEADROOM;
    }

    /** Throws 413 when {@code request}'s text would not fit one transport frame. */
    void check(GenerationRequest request) {
        long size = encodedSize(request);
        if (size > maxPromptBytes()) {
            throw new ApiError(
                    413,
                    "payload_too_large",
                    "prompt of " + size + " bytes is larger than the " + maxPromptBytes()
                            + " bytes a task can carry between members (" + FRAME_SIZE_KEY + " = " + frameSize
                            + " less " + ENVELOPE_HEADROOM + " for the envelope)",
                    null,
                    null);
        }
    }

    /** An upper bound of the serialized size: Kryo writes a char in 1 to 3 bytes. */
    static long encodedSize(GenerationRequest request) {
        long size = encodedSize(request.rawPrompt());
        if (request.messages() != null) {
            for (ChatMessage message : request.messages()) {
                size += encodedSize(message.role()) + encodedSize(message.content());
            }
        }
        for (String stop : request.parameters().stop()) {
            size += encodedSize(stop);
        }
        return size;
    }

    private static long encodedSize(String text) {
        if (text == null) {
            return 0;
        }
        long size = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return size;
    }
}
