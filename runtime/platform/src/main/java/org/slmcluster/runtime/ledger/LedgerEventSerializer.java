package org.slmcluster.runtime.ledger;

import java.io.IOException;
import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Journals ledger events as UTF-8 JSON, so that a ledger stays readable across code versions (unknown
 * fields are ignored) and with plain SQL tools.
 */
public final class LedgerEventSerializer extends SerializerWithStringManifest {

    private static final String ITEM_SCORED = "item-scored-v1";

    @Override
    public int identifier() {
        return 640_517;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof LedgerEvent.ItemScored) {
            return ITEM_SCORED;
        }
        throw new IllegalArgumentException("not a ledger event: " + o.getClass());
    }

    @Override
    public byte[] toBinary(Object o) {
        try {
            return LedgerJson.mapper().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + o.getClass() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        if (!ITEM_SCORED.equals(manifest)) {
            throw new NotSerializableException("unknown ledger event manifest '" + manifest + "'");
        }
        try {
            return LedgerJson.mapper().readValue(bytes, LedgerEvent.ItemScored.class);
        } catch (IOException e) {
            NotSerializableException failure =
                    new NotSerializableException("unreadable ledger event: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
