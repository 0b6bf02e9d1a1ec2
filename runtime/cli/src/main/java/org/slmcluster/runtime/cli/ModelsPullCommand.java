package org.slmcluster.runtime.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.models.CatalogueEntry;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelDownloadException;
import org.slmcluster.runtime.models.ModelDownloader;
import org.slmcluster.runtime.models.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description =
                "Download a catalogue model (or any GGUF with --url) and verify its sha256. Prints the file's path.")
public final class ModelsPullCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "Catalogue name (see 'slm models list').")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the file (default: ~/.slm/models).")
    Path dir;

    @Option(names = "--url", paramLabel = "URL", description = "Download from this URL instead of the catalogue's.")
    String url;

    @Option(
            names = "--sha256",
            paramLabel = "HEX",
            description = "Expected sha256 (default: the catalogue's, when published).")
    String sha256;

    @Option(names = "--force", description = "Download again even if the file is already there.")
    boolean force;

    @Override
    public Integer call() {
        Optional<CatalogueEntry> entry = ModelCatalogue.builtIn().find(name);
        if (entry.isEmpty() && url == null) {
            throw CliFailure.badInput(ModelsVerifyCommand.unknownModel(name));
        }
        String source = url != null ? url : ModelCatalogue.downloadUrl(entry.get());
        String fileName = entry.map(CatalogueEntry::file).orElseGet(() -> fileNameOf(source));
        String expected =
                sha256 != null ? sha256 : entry.map(CatalogueEntry::sha256).orElse(null);
        if (expected != null && !expected.matches("[0-9a-fA-F]{64}")) {
            throw CliFailure.badInput("--sha256 must be 64 hex digits, got '" + expected + "'");
        }
        Path target = (dir != null ? dir : ModelFiles.defaultDir())
                .resolve(fileName)
                .toAbsolutePath()
                .normalize();
        if (!force && Files.isRegularFile(target)) {
            if (expected == null || ModelFiles.sha256(target).equalsIgnoreCase(expected)) {
                System.err.println("slm models pull: " + name + " is already present (use --force to download again)");
                System.out.println(target);
                return 0;
            }
            System.err.println("slm models pull: " + target + " does not match the expected sha256; downloading again");
        }
        System.err.println("Downloading " + name + " from " + source);
        try {
            ModelDownloader.Download download = new ModelDownloader(System.err).download(source, target, expected);
            System.err.println((expected != null ? "Verified" : "Recorded (no published sha256 to compare)")
                    + " sha256 " + download.sha256() + " (" + download.bytes() + " bytes)");
            System.out.println(download.file());
            return 0;
        } catch (ModelDownloadException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    private static String fileNameOf(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("not a valid URL: " + url);
        }
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (last.isBlank()) {
            throw CliFailure.badInput("cannot tell a file name from " + url);
        }
        return last;
    }
}
