package org.slmcluster.runtime.http;

import java.security.MessageDigest;
import java.util.Optional;
import org.slmcluster.runtime.digest.Sha256;

/** Checks {@code Authorization: Bearer <token>} headers against the configured token in constant time. */
final class BearerToken {

    private final byte[] digest;

    BearerToken(String token) {
        this.digest = Sha256.digest(token);
    }

    boolean accepts(Optional<String> header) {
        if (header.isEmpty()) {
            return false;
        }
        String value = header.get().strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Comparing digests keeps the comparison constant-time and independent of the token's length.
        return MessageDigest.isEqual(digest, Sha256.digest(value.substring(7).strip()));
    }
}
