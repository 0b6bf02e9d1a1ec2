package org.slmcluster.runtime.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slmcluster.runtime.lifecycle.BlobCache;

/**
 * {@code GET /store/blobs/<sha256>} on a member's management port: its tree children fetch model files here.
 * A file this member has is served with Range support (a child resumes an interrupted transfer); one it lacks
 * is fetched from its own parent first, meanwhile the answer is 503 with {@code Retry-After}; the root, which
 * has no parent, answers 404. The bytes of model files it sends are counted ({@link #bytesServed()}, exported as
 * {@code slm_model_bytes_served_total}), which is how the placement benchmark measures what the coordinator sends.
 */
final class BlobRoute extends AllDirectives {

    static final String PATH = "store/blobs";

    private final BlobCache cache;
    private final LongAdder served = new LongAdder();

    BlobRoute(BlobCache cache) {
        this.cache = cache;
    }

    /** Bytes of model files this route has sent (successful answers, counted as they stream out). */
    long bytesServed() {
        return served.sum();
    }

    Route route() {
        return mapResponse(this::counted, this::files);
    }

    private HttpResponse counted(HttpResponse response) {
        if (!response.status().isSuccess()) {
            return response;
        }
        ResponseEntity entity = response.entity();
        Source<ByteString, Object> counted = entity.getDataBytes().map(bytes -> {
            served.add(bytes.size());
            return bytes;
        });
        // keep Content-Length: a fetching member computes its percentage and checks its disk space from it
        OptionalLong length = entity.getContentLengthOption();
        return response.withEntity(
                length.isPresent()
                        ? HttpEntities.create(entity.getContentType(), length.getAsLong(), counted)
                        : HttpEntities.createChunked(entity.getContentType(), counted));
    }

    private Route files() {
        return path(
                segment("store").slash("blobs").slash(segment()),
                digest -> get(() -> {
                    Optional<Path> file = cache.file(digest);
                    if (file.isPresent()) {
                        return getFromFile(file.get().toFile(), ContentTypes.APPLICATION_OCTET_STREAM);
                    }
                    if (!digest.matches("[0-9a-f]{64}")) {
                        return complete(Responses.error(
                                Responses.Style.PLATFORM, ApiError.badRequest("not a sha256 digest: " + digest)));
                    }
                    if (cache.hasParent()) {
                        var unused = cache.fetch(digest); // its outcome reaches the child through its next request
                        return complete(Responses.error(
                                Responses.Style.PLATFORM,
                                ApiError.unavailable("fetching " + digest + " from this member's parent; retry")));
                    }
                    return complete(Responses.error(
                            Responses.Style.PLATFORM, ApiError.notFound("no model file " + digest + " here")));
                }));
    }
}
