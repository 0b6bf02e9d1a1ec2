package org.slmcluster.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.models.CatalogueEntry;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelDownloader;
import org.slmcluster.runtime.models.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check a model file's sha256 against the catalogue's (or the one recorded at pull time).")
public final class ModelsVerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME|FILE", description = "A catalogue name or a path to a GGUF file.")
    String target;

    @Override
    public Integer call() {
        ModelCatalogue catalogue = ModelCatalogue.builtIn();
        Path file;
        Optional<CatalogueEntry> entry = catalogue.find(target);
        if (entry.isPresent()) {
            String fileName = entry.get().file();
            List<Path> tried = ModelFiles.candidates(fileName, ModelFiles.searchPath());
            file = tried.stream()
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> CliFailure.failed("model '" + target + "': file " + fileName
                            + " not found; tried "
                            + String.join(
                                    ", ", tried.stream().map(Path::toString).toList())
                            + " (run 'slm models pull " + target + "')"));
        } else if (Files.isRegularFile(Path.of(target))) {
            file = Path.of(target).toAbsolutePath().normalize();
            entry = catalogue.findByFile(file.getFileName().toString());
        } else {
            throw CliFailure.badInput(unknownModel(target) + " (and no such file)");
        }
        String actual = ModelFiles.sha256(file);
        String expected = entry.map(CatalogueEntry::sha256).orElse(null);
        String source = "catalogue entry " + entry.map(CatalogueEntry::name).orElse("");
        if (expected == null) {
            expected = ModelDownloader.recordedSha256(file);
            source = ModelDownloader.sidecar(file).toString();
        }
        if (expected == null) {
            System.out.println(actual + "  " + file);
            System.err.println(
                    "slm models verify: no sha256 published or recorded for " + file + "; nothing to compare");
            return 0;
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw CliFailure.failed(file + " is corrupt or a different file: sha256 " + actual + ", expected "
                    + expected + " (from " + source + ")");
        }
        System.out.println("OK " + actual + "  " + file);
        return 0;
    }

    /** "unknown model 'x'; similar: a, b; see 'slm models list'". */
    static String unknownModel(String name) {
        List<String> similar = ModelCatalogue.builtIn().similarNames(name);
        return "unknown model '" + name + "'" + (similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar))
                + "; see 'slm models list'";
    }
}
