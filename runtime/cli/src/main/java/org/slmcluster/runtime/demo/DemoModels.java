package org.slmcluster.runtime.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slmcluster.runtime.models.CatalogueEntry;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelDownloadException;
import org.slmcluster.runtime.models.ModelDownloader;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * The demo's two tiny test models, fetched on a fresh machine: when no directory of the model path
 * ({@code SLM_MODEL_PATH}, then {@code ~/.slm/models}) holds one, it is downloaded from its catalogue URL
 * into {@code ~/.slm/models} and checked against the catalogue's pinned sha256, with progress on stderr.
 * Only these two (about 3 MB together) are fetched unasked; any other model stays a 'slm models pull'.
 */
public final class DemoModels {

    /** The models the demo fetches itself: the names of {@link EmbeddedEvaluation#DEFAULT_MODELS}. */
    public static final List<String> FETCHED = EmbeddedEvaluation.DEFAULT_MODELS;

    private DemoModels() {}

    /**
     * Downloads {@code spec}'s file when it is one of {@link #FETCHED} and missing; returns where it was put,
     * or empty when nothing was needed (or the model is not one of them).
     */
    public static Optional<Path> fetchIfMissing(ModelSpec spec, PrintStream err) {
        if (!FETCHED.contains(spec.name()) || spec.engine() != EngineKind.LLAMA_CPP || spec.file() == null) {
            return Optional.empty();
        }
        try {
            ModelFiles.resolve(spec);
            return Optional.empty();
        } catch (ModelFileException missing) {
            if (missing.pathsTried().stream().anyMatch(java.nio.file.Files::exists)) {
                // a file is there but does not verify: say so (checkWeights) rather than download over it
                return Optional.empty();
            }
        }
        String fileName = Path.of(spec.file()).getFileName().toString();
        Optional<CatalogueEntry> entry = ModelCatalogue.builtIn().findByFile(fileName);
        if (entry.isEmpty() || entry.get().sha256() == null) {
            return Optional.empty();
        }
        CatalogueEntry listed = entry.get();
        Path target = ModelFiles.defaultDir().resolve(listed.file());
        String url = ModelCatalogue.downloadUrl(listed);
        err.println("slm demo: " + spec.name() + " is not in the model path; downloading it"
                + (listed.size() > 0 ? " (" + listed.size() / 1024 + " KiB)" : "") + " from " + url + " to "
                + target);
        try {
            ModelDownloader.Download download = new ModelDownloader(err).download(url, target, listed.sha256());
            err.println("slm demo: verified sha256 " + download.sha256() + " of " + download.file());
            return Optional.of(download.file());
        } catch (ModelDownloadException e) {
            throw new EmbeddedEvaluation.UserError("cannot download the demo model " + spec.name() + ": "
                    + e.getMessage() + " (put " + listed.file()
                    + " in a folder of SLM_MODEL_PATH, or retry with './slm models pull " + spec.name() + "')");
        }
    }
}
