package org.slmcluster.runtime.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import org.slmcluster.runtime.digest.Sha256;

/**
 * Downloads a model file: streams it into a temporary file next to the target while hashing it, checks
 * the sha256 when one is expected, then moves it into place atomically. A failed or mismatching download
 * leaves nothing behind. Progress (bytes, percent, rate) goes to the given stream, typically stderr.
 */
public final class ModelDownloader {

    /** Sent as a bearer token to huggingface.co, for gated repositories. */
    public static final String HF_TOKEN_ENV = "HF_TOKEN";

    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final HttpClient client;
    private final PrintStream progress;

    /** @param progress where the progress bar goes, or null for none */
    public ModelDownloader(PrintStream progress) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        this.progress = progress;
    }

    /** What a finished download produced. */
    public record Download(Path file, String sha256, long bytes) {}

    /**
     * Downloads {@code url} to {@code target}. When {@code expectedSha256} is given and the digest differs,
     * the download is deleted and this fails; when it is null, the computed digest is written to
     * {@code target.sha256} (sha256sum format) so that later verifications have something to compare.
     */
    public Download download(String url, Path target, String expectedSha256) throws ModelDownloadException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ModelDownloadException("not a valid URL: " + url);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new ModelDownloadException("only http(s) URLs can be downloaded, got " + url);
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
            String token = System.getenv(HF_TOKEN_ENV);
            if (token != null
                    && !token.isBlank()
                    && uri.getHost() != null
                    && uri.getHost().endsWith("huggingface.co")) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status != 200) {
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(300), StandardCharsets.UTF_8)
                            .strip()
                            .replaceAll("\\s+", " ");
                }
                String hint = status == 401 || status == 403
                        ? " (the repository may be gated: accept its licence on huggingface.co and set " + HF_TOKEN_ENV
                                + ")"
                        : "";
                throw new ModelDownloadException(
                        "download of " + url + " failed: HTTP " + status + hint + (body.isEmpty() ? "" : ": " + body));
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            MessageDigest digest = Sha256.newDigest();
            long bytes = 0;
            long start = System.nanoTime();
            long lastReport = 0;
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    bytes += n;
                    long now = System.nanoTime();
                    if (now - lastReport > PROGRESS_INTERVAL_NANOS) {
                        report(bytes, total, now - start, false);
                        lastReport = now;
                    }
                }
            }
            report(bytes, total, System.nanoTime() - start, true);
            if (total >= 0 && bytes != total) {
                throw new ModelDownloadException(
                        "download of " + url + " broke off after " + bytes + " of " + total + " bytes");
            }
            String sha256 = Sha256.hex(digest);
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha256)) {
                throw new ModelDownloadException("sha256 mismatch for " + url + ": got " + sha256 + ", expected "
                        + expectedSha256.toLowerCase(Locale.ROOT) + "; the download was deleted");
            }
            move(temp, target);
            temp = null;
            if (expectedSha256 == null) {
                Files.writeString(sidecar(target), sha256 + "  " + target.getFileName() + "\n");
            }
            return new Download(target.toAbsolutePath(), sha256, bytes);
        } catch (IOException e) {
            throw new ModelDownloadException("download of " + url + " to " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException("download of " + url + " interrupted", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a leftover .part file is harmless and recognisable
                }
            }
        }
    }

    /** {@code model.gguf.sha256}: the digest recorded by a pull that had no published digest to check. */
    public static Path sidecar(Path modelFile) {
        return modelFile.resolveSibling(modelFile.getFileName() + ".sha256");
    }

    /** The digest recorded next to {@code modelFile}, or null. */
    public static String recordedSha256(Path modelFile) {
        Path sidecar = sidecar(modelFile);
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        try {
            String content = Files.readString(sidecar).strip();
            String first = content.split("\\s+")[0].toLowerCase(Locale.ROOT);
            return first.matches("[0-9a-f]{64}") ? first : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void report(long bytes, long total, long elapsedNanos, boolean done) {
        if (progress == null) {
            return;
        }
        progress.print("\r" + progressLine(bytes, total, elapsedNanos) + (done ? "\n" : ""));
        progress.flush();
    }

    /** {@code [=========>          ]  45%  12.3 MiB / 27.4 MiB  5.1 MiB/s}; without a total, no bar. */
    static String progressLine(long bytes, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        String rate = size((long) (bytes / seconds)) + "/s";
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s  %s   ", size(bytes), rate);
        }
        int width = 30;
        int percent = (int) Math.min(100, bytes * 100 / total);
        int filled = (int) Math.min(width, bytes * width / total);
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        return String.format(Locale.ROOT, "[%s] %3d%%  %s / %s  %s   ", bar, percent, size(bytes), size(total), rate);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
