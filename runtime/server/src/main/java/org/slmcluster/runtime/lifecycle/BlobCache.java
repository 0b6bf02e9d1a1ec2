package org.slmcluster.runtime.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's model files ({@code <data dir>/store/blobs/<sha256>}, the coordinator's store directory on the
 * root) and their transfer from the tree parent. A fetch streams the parent's file into {@code <digest>.part}
 * in 64 KiB pieces (bounded memory), resumes a partial file with an HTTP Range request, honours a per-member
 * rate limit, checks the free disk space first, verifies the sha256 and only then moves the file into place
 * atomically. A parent that lacks the file answers 503 while it fetches the file from its own parent; the child
 * retries. Thread-safe.
 */
public final class BlobCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlobCache.class);
    private static final int BUFFER = 64 * 1024;
    private static final Duration RETRY = Duration.ofMillis(500);

    private final String label;
    private final Path dir;
    private final long bytesPerSecond;
    private final String token;
    private final HttpClient http;
    private final ExecutorService transfers;
    private final Map<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final List<String> transferLog = new ArrayList<>();
    private volatile String parentUrl;
    private volatile String parentLabel;
    private volatile boolean closed;

    /** Bytes written of a transfer, and its total once the parent said. */
    public record Progress(long bytes, long total) {
        public int percent() {
            return total <= 0 ? 0 : (int) Math.min(100, bytes * 100 / total);
        }
    }

    /**
     * @param bytesPerSecond the rate limit of this member's fetches, 0 for none
     * @param token          bearer token for the parent's management port, or null
     * @param tls            the cluster's TLS context when management ports serve HTTPS
     */
    public BlobCache(String label, Path dir, long bytesPerSecond, String token, Optional<SSLContext> tls) {
        this.label = label;
        this.dir = dir;
        this.bytesPerSecond = bytesPerSecond;
        this.token = token;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        tls.ifPresent(client::sslContext);
        this.http = client.build();
        this.transfers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "slm-model-transfer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Path dir() {
        return dir;
    }

    /** Where this member's tree parent serves files, as the coordinator last said (null: not known yet). */
    public void parent(String label, String url) {
        this.parentLabel = label;
        this.parentUrl = url;
    }

    /** True once the coordinator told this member where its tree parent serves files. */
    public boolean hasParent() {
        return parentUrl != null;
    }

    /** The verified file of {@code digest}, if this member has it. */
    public Optional<Path> file(String digest) {
        if (!Sha256.isDigest(digest)) {
            return Optional.empty();
        }
        Path file = dir.resolve(digest);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The transfer of {@code digest} under way, if any. */
    public Optional<Progress> progress(String digest) {
        return Optional.ofNullable(progress.get(digest));
    }

    /** Deletes the file of {@code digest} and any partial transfer of it. */
    public void delete(String digest) {
        try {
            Files.deleteIfExists(dir.resolve(digest));
            Files.deleteIfExists(dir.resolve(digest + ".part"));
        } catch (IOException e) {
            log.warn("cannot delete model file {}: {}", digest, e.toString());
        }
    }

    /** Transfer log lines since the last call (each hop this member fetched). */
    public synchronized List<String> drainTransferLog() {
        List<String> lines = List.copyOf(transferLog);
        transferLog.clear();
        return lines;
    }

    private synchronized void logTransfer(String line) {
        log.info("node {}: {}", label, line);
        transferLog.add(line);
    }

    /**
     * Fetches {@code digest} from the parent unless this member has it or fetches it already; the stage
     * completes with the verified file, or fails with a message naming the reason.
     */
    public CompletableFuture<Path> fetch(String digest) {
        if (!Sha256.isDigest(digest)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a sha256: " + digest));
        }
        Optional<Path> present = file(digest);
        if (present.isPresent()) {
            return CompletableFuture.completedFuture(present.get());
        }
        CompletableFuture<Path> started = new CompletableFuture<>();
        CompletableFuture<Path> running = inFlight.putIfAbsent(digest, started);
        if (running != null) {
            return running;
        }
        // registered outside the map's lock: a quick transfer may complete before the callback is added
        var unused = started.whenComplete((file, error) -> {
            inFlight.remove(digest, started);
            progress.remove(digest);
        });
        transfers.execute(() -> {
            try {
                started.complete(transfer(digest));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /** True when a fetch of {@code digest} runs. */
    public boolean fetching(String digest) {
        return inFlight.containsKey(digest);
    }

    private Path transfer(String digest) {
        Path part = dir.resolve(digest + ".part");
        long waitedSince = System.nanoTime();
        while (!closed) {
            String url = parentUrl;
            String from = parentLabel;
            if (url == null) {
                sleep(RETRY);
                if (System.nanoTime() - waitedSince > Duration.ofMinutes(10).toNanos()) {
                    throw new TransferException("no tree parent to fetch " + digest + " from");
                }
                continue;
            }
            try {
                Optional<Path> done = attempt(digest, part, url, from);
                if (done.isPresent()) {
                    return done.get();
                }
                sleep(RETRY); // the parent is still fetching the file from its own parent
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                log.info("node {}: fetching {} from {} failed ({}); retrying", label, digest, url, e.toString());
                sleep(Duration.ofSeconds(1));
            }
        }
        throw new TransferException("node " + label + " is stopping");
    }

    private Optional<Path> attempt(String digest, Path part, String baseUrl, String from) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + digest))
                .timeout(Duration.ofMinutes(30))
                .GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("interrupted while fetching " + digest);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 503) {
                progress.put(digest, new Progress(have, 0));
                return Optional.empty();
            }
            if (status == 404) {
                throw new TransferException("the parent " + from + " (" + baseUrl + ") has no file " + digest);
            }
            if (status == 416) {
                // the partial file is longer than the parent's: start over
                Files.deleteIfExists(part);
                return Optional.empty();
            }
            boolean resumed = status == 206;
            if (status != 200 && !resumed) {
                throw new IOException("HTTP " + status + " from " + baseUrl);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long start = resumed ? have : 0;
            long total = length < 0 ? 0 : start + length;
            long free = Files.getFileStore(dir).getUsableSpace();
            if (length > 0 && free < length) {
                throw new TransferException("not enough disk space for " + digest + " in " + dir + ": needs " + length
                        + " bytes, " + free + " free");
            }
            progress.put(digest, new Progress(start, total));
            long began = System.nanoTime();
            long written = start;
            try (OutputStream out = resumed
                    ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(
                            part,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                long sent = 0;
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    if (closed) {
                        throw new IOException("node stopping");
                    }
                    out.write(buffer, 0, n);
                    sent += n;
                    written += n;
                    progress.put(digest, new Progress(written, total));
                    throttle(sent, began);
                }
            }
            long size = Files.size(part);
            String actual = Sha256.of(part);
            if (!actual.equals(digest)) {
                Files.deleteIfExists(part);
                throw new TransferException("the file from " + from + " (" + baseUrl
                        + ") fails its digest: expected sha256 " + digest + ", got " + actual + "; nothing was loaded");
            }
            Path target = dir.resolve(digest);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            logTransfer("fetched " + digest.substring(0, 12) + " (" + size + " bytes) from " + from + " at " + baseUrl
                    + (resumed ? ", resumed at byte " + start : "") + " in "
                    + (System.nanoTime() - began) / 1_000_000 + " ms; sha256 verified");
            return Optional.of(target);
        }
    }

    /** Sleeps so that {@code sent} bytes since {@code began} stay under the rate limit. */
    private void throttle(long sent, long began) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = sent * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - began);
        if (aheadNanos > 1_000_000) {
            sleep(Duration.ofNanos(aheadNanos));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("interrupted");
        }
    }

    /** A transfer that cannot succeed as things stand; the message says why. */
    public static final class TransferException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransferException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        transfers.shutdownNow();
    }
}
