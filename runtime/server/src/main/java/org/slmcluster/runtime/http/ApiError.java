package org.slmcluster.runtime.http;

import java.util.concurrent.CompletionException;
import org.slmcluster.actors.FailureKind;

/**
 * A request that ends in an error response: the HTTP status, a stable machine-readable type, a message for
 * people, the request field at fault (if any) and, for overload and unavailability, when to retry.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int RETRY_AFTER_SECONDS = 1;

    private final int status;
    private final String type;
    private final String param;
    private final Integer retryAfterSeconds;

    ApiError(int status, String type, String message, String param, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badField(String field, String problem) {
        return new ApiError(400, "invalid_request", "field '" + field + "' " + problem, field, null);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message, null, null);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message, null, null);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message, null, null);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null, null);
    }

    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "method_not_allowed", message, null, null);
    }

    static ApiError payloadTooLarge(long limit) {
        return new ApiError(413, "payload_too_large", "request body is larger than " + limit + " bytes", null, null);
    }

    static ApiError timeout(String message) {
        return new ApiError(504, "timeout", message, null, null);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", message, null, RETRY_AFTER_SECONDS);
    }

    /** 507: the coordinator's data directory has no space left; nothing was written. */
    static ApiError insufficientStorage(String reason) {
        return new ApiError(
                507, "insufficient_storage", reason + "; free space on the coordinator, then retry", null, null);
    }

    static ApiError internal(String message) {
        return new ApiError(500, "internal_error", message, null, null);
    }

    /** {@code error} (unwrapped from a CompletionException) if it is an ApiError, else 503 naming {@code what}. */
    static ApiError from(Throwable error, String what) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ApiError known ? known : unavailable(what + " could not be submitted: " + cause);
    }

    /** The response for a task the cluster could not complete. */
    static ApiError of(FailureKind kind, String reason) {
        return switch (kind) {
            case UNKNOWN_MODEL -> new ApiError(404, "model_not_found", reason, "model", null);
            case OVERLOADED -> new ApiError(429, "overloaded", reason, null, RETRY_AFTER_SECONDS);
            case UNAVAILABLE, NO_ROUTE -> new ApiError(503, "unavailable", reason, null, RETRY_AFTER_SECONDS);
            case TIMEOUT -> new ApiError(504, "timeout", reason, null, null);
            case ENGINE_ERROR -> new ApiError(500, "engine_error", reason, null, null);
            // retried elsewhere already; a crash on the last host is a server-side failure like an engine error
            case ENGINE_CRASHED -> new ApiError(500, "engine_crashed", reason, null, null);
            case INVALID_REQUEST -> new ApiError(400, "invalid_request", reason, "messages", null);
        };
    }

    int status() {
        return status;
    }

    /** The platform's type, e.g. {@code invalid_request}, {@code model_not_found}, {@code overloaded}. */
    String type() {
        return type;
    }

    /** The request field at fault, or null. */
    String param() {
        return param;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** OpenAI's coarse types: clients branch on the status code, people read the message. */
    String openAiType() {
        if (status == 401) {
            return "authentication_error";
        }
        if (status == 403) {
            return "permission_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /** OpenAI's code: the platform type for what OpenAI also names ({@code model_not_found}, ...). */
    String openAiCode() {
        return switch (type) {
            case "unauthorized" -> "invalid_api_key";
            case "overloaded" -> "rate_limit_exceeded";
            case "invalid_request" -> null;
            default -> type;
        };
    }
}
