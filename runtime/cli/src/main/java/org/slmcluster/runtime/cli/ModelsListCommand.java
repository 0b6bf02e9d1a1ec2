package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.models.CatalogueEntry;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "The catalogue's models and where each file was found locally.")
public final class ModelsListCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        List<Path> searchPath = ModelFiles.searchPath();
        List<CatalogueEntry> entries = new ArrayList<>(ModelCatalogue.builtIn().entries());
        if (json) {
            ObjectMapper mapper = CliJson.MAPPER;
            ObjectNode root = mapper.createObjectNode();
            ArrayNode dirs = root.putArray("searchPath");
            searchPath.forEach(dir -> dirs.add(dir.toString()));
            ArrayNode models = root.putArray("models");
            for (CatalogueEntry entry : entries) {
                ObjectNode node = models.addObject()
                        .put("name", entry.name())
                        .put("family", entry.family())
                        .put("quantization", entry.quantization())
                        .put("parameters", entry.parameters())
                        .put("licence", entry.licence())
                        .put("repository", entry.repository())
                        .put("file", entry.file())
                        .put("url", ModelCatalogue.downloadUrl(entry))
                        .put("sha256", entry.sha256())
                        .put("gated", entry.gated());
                if (entry.size() >= 0) {
                    node.put("size", entry.size());
                } else {
                    node.putNull("size");
                }
                node.put("local", local(entry, searchPath).map(Path::toString).orElse(null));
            }
            out.println(CliJson.PRETTY.writeValueAsString(root));
            return 0;
        }
        String format = "%-22s %-8s %-7s %-28s %s%n";
        out.printf(format, "NAME", "QUANT", "PARAMS", "LICENCE", "LOCAL FILE");
        for (CatalogueEntry entry : entries) {
            out.printf(
                    format,
                    entry.name(),
                    entry.quantization(),
                    entry.parameters(),
                    entry.licence(),
                    local(entry, searchPath).map(Path::toString).orElse("-"));
        }
        out.println();
        out.println("Searched: "
                + String.join(":", searchPath.stream().map(Path::toString).toList())
                + "   (download one with 'slm models pull NAME')");
        return 0;
    }

    static Optional<Path> local(CatalogueEntry entry, List<Path> searchPath) {
        return ModelFiles.candidates(entry.file(), searchPath).stream()
                .filter(Files::isRegularFile)
                .findFirst();
    }
}
