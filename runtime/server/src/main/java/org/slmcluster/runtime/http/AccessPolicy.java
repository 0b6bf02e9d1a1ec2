package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slmcluster.runtime.digest.Sha256;

/**
 * Who may use which route: bearer tokens known only by their SHA-256 (so the configuration, and whatever
 * logs it, never holds a token), each with a {@link AccessRole}. Once any token is configured every route
 * needs one, reads included, unless {@code slm.http.auth = mutating} leaves reads open.
 *
 * <pre>
 * slm.http.auth = all            # or: mutating (reads without a token)
 * slm.http.tokens = [
 *   { role = read,  sha256 = "..." }   # printf %s "$TOKEN" | sha256sum
 *   { role = admin, sha256 = "..." }
 * ]
 * </pre>
 */
public final class AccessPolicy {

    /** A token's SHA-256 (64 lower-case hex digits) and its role. */
    public record Grant(AccessRole role, String sha256) {
        public Grant {
            String digits = sha256 == null ? "" : sha256.strip().toLowerCase(Locale.ROOT);
            if (role == null || !digits.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("slm.http.tokens: each entry needs a role and the token's sha256"
                        + " as 64 hex digits (the output of sha256sum for the token)");
            }
            sha256 = digits;
        }

        /** The grant of a token given in clear (slm.http.token, SLM_TOKEN, tests). */
        public static Grant ofToken(AccessRole role, String token) {
            return new Grant(role, Sha256.hex(token));
        }
    }

    public static final AccessPolicy OPEN = new AccessPolicy(List.of(), false);

    private final List<Grant> grants;
    private final boolean readsOpen;

    public AccessPolicy(List<Grant> grants, boolean readsOpen) {
        this.grants = List.copyOf(grants);
        this.readsOpen = readsOpen;
    }

    /** Reads {@code slm.http.tokens} and {@code slm.http.auth}; absent keys mean no tokens, reads protected. */
    public static AccessPolicy fromConfig(Config config) {
        try {
            List<Grant> grants = new ArrayList<>();
            if (config.hasPath("slm.http.tokens")) {
                for (Config entry : config.getConfigList("slm.http.tokens")) {
                    grants.add(new Grant(AccessRole.parse(entry.getString("role")), entry.getString("sha256")));
                }
            }
            String auth = config.hasPath("slm.http.auth") ? config.getString("slm.http.auth") : "all";
            boolean readsOpen = switch (auth.strip().toLowerCase(Locale.ROOT)) {
                case "all" -> false;
                case "mutating" -> true;
                default ->
                    throw new IllegalArgumentException("slm.http.auth must be 'all' or 'mutating', got '" + auth + "'");
            };
            return new AccessPolicy(grants, readsOpen);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** This policy plus {@code token} (given in clear) with the admin role; null adds nothing. */
    public AccessPolicy withAdminToken(String token) {
        if (token == null || token.isBlank()) {
            return this;
        }
        List<Grant> more = new ArrayList<>(grants);
        more.add(Grant.ofToken(AccessRole.ADMIN, token));
        return new AccessPolicy(more, readsOpen);
    }

    public AccessPolicy withReadsOpen(boolean value) {
        return new AccessPolicy(grants, value);
    }

    /** True once any token is configured. */
    public boolean protects() {
        return !grants.isEmpty();
    }

    public boolean readsOpen() {
        return readsOpen;
    }

    public int tokenCount() {
        return grants.size();
    }

    /**
     * Empty when {@code header} (an {@code Authorization} header) may do what {@code needed} allows; else the
     * error to answer: 401 without a valid token, 403 with a valid token of a lesser role.
     */
    Optional<ApiError> check(Optional<String> header, AccessRole needed) {
        if (!protects() || (needed == AccessRole.READ && readsOpen)) {
            return Optional.empty();
        }
        if (header.isEmpty()) {
            return Optional.of(ApiError.unauthorized("this endpoint needs 'Authorization: Bearer <token>' with role "
                    + needed.configName() + " (tokens are configured in slm.http.tokens)"));
        }
        String value = header.get().strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(ApiError.unauthorized("the Authorization header must be 'Bearer <token>'"));
        }
        byte[] presented = Sha256.hex(value.substring(7).strip()).getBytes(StandardCharsets.US_ASCII);
        // every grant is compared (in constant time each), so timing does not tell which one matched
        AccessRole best = null;
        for (Grant grant : grants) {
            if (MessageDigest.isEqual(grant.sha256().getBytes(StandardCharsets.US_ASCII), presented)
                    && (best == null || grant.role().includes(best))) {
                best = grant.role();
            }
        }
        if (best == null) {
            return Optional.of(ApiError.unauthorized("the bearer token is not valid"));
        }
        if (!best.includes(needed)) {
            return Optional.of(ApiError.forbidden("this endpoint needs a token with role " + needed.configName()
                    + "; this token has role " + best.configName()));
        }
        return Optional.empty();
    }

    /** Never shows digests. */
    @Override
    public String toString() {
        return "AccessPolicy[tokens=" + grants.size() + ", auth=" + (readsOpen ? "mutating" : "all") + "]";
    }
}
