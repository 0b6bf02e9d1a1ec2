package org.slmcluster.runtime.engines.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed JSON frames (Jackson): a 4-byte big-endian length, then that many bytes of one
 * {@link HostFrame}. Writes are serialized, so several threads may send; one thread reads.
 */
public final class FrameChannel implements AutoCloseable {

    /** Larger frames are refused: a prompt or answer of this size is a bug, not a request. */
    static final int MAX_FRAME_BYTES = 64 << 20;

    // Unknown properties are skipped: a record's derived getters (GenerationRequest.isChat) are written too.
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DataInputStream in;
    private final DataOutputStream out;

    public FrameChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new BufferedInputStream(in));
        this.out = new DataOutputStream(new BufferedOutputStream(out));
    }

    public void send(HostFrame frame) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(frame);
        synchronized (out) {
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        }
    }

    /** The next frame; {@link EOFException} when the other side has gone. */
    public HostFrame receive() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("engine host frame of " + length + " bytes (limit " + MAX_FRAME_BYTES + ")");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return MAPPER.readValue(bytes, HostFrame.class);
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            out.close();
        }
    }
}
