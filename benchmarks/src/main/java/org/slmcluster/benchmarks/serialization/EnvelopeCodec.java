package org.slmcluster.benchmarks.serialization;

import org.slmcluster.actors.routing.Envelope;

/** Turns an envelope into bytes and back, the way one wire format would. */
public interface EnvelopeCodec {

    String name();

    byte[] encode(Envelope envelope) throws Exception;

    Envelope decode(byte[] bytes) throws Exception;
}
