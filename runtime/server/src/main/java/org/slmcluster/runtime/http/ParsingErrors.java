package org.slmcluster.runtime.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests too malformed for the routes to see (a header over the size limit, a bad request line, a bad
 * chunk) are answered by Pekko's parser; this gives those answers the platform's error shape too, with the
 * parser's status (400, 413, 414, 431, ...) and its one-line summary, never a stack trace. Named by
 * {@code pekko.http.server.parsing.error-handler}; Pekko looks for a Scala object, hence {@code MODULE$}.
 */
public final class ParsingErrors extends ParsingErrorHandler {

    /** The instance Pekko's dynamic access reads (the shape of a Scala {@code object}). */
    public static final ParsingErrors MODULE$ = new ParsingErrors();

    private ParsingErrors() {}

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        // 501 (unknown method or transfer coding) and 505 (HTTP version) are the client's doing too
        int code = status.intValue() == 501 || status.intValue() == 505 ? 400 : status.intValue();
        String summary = info.summary().isBlank() ? status.reason() : info.summary();
        log.debug("refused a malformed request ({}): {}", code, summary);
        ApiError error = code == 413
                ? new ApiError(413, "payload_too_large", summary, null, null)
                : code >= 400 && code < 500
                        ? new ApiError(code, "invalid_request", summary, null, null)
                        : new ApiError(code, "internal_error", summary, null, null);
        return Responses.error(Responses.Style.PLATFORM, error);
    }
}
