package org.slmcluster.runtime.ledger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON mapping of ledger records, shared by the journal serializer, the response cache and manifests. */
public final class LedgerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private LedgerJson() {}

    /** Thread-safe once configured; do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
