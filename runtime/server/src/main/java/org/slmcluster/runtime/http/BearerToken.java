package org.slmcluster.runtime.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Checks {@code Authorization: Bearer <token>} headers against the configured token in constant time. */
final class BearerToken {

    private final byte[] digest;

    BearerToken(String token) {
        this.digest = sha256(token);
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
        return MessageDigest.isEqual(digest, sha256(value.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
