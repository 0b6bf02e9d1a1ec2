package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.runtime.rag.ChunkingOptions;
import org.slmcluster.runtime.rag.CollectionException;
import org.slmcluster.runtime.rag.CollectionIndex;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.DocumentReader;
import org.slmcluster.runtime.rag.EmbeddingModel;
import org.slmcluster.runtime.rag.IndexSettings;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.SearchHit;
import org.slmcluster.runtime.rag.TextAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slm collections}: build, list and search document collections for RAG. */
@Command(
        name = "collections",
        mixinStandardHelpOptions = true,
        description = "Build, list and search document collections (RAG).",
        subcommands = {CollectionsCommand.Add.class, CollectionsCommand.Search.class, CollectionsCommand.ListNames.class
        })
public final class CollectionsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand: add, search or list.");
    }

    static CollectionStore open(DataDirOption data) {
        return new CollectionStore(data.directory(), EmbeddingModel.miniLm());
    }

    static CliFailure failure(RuntimeException e) {
        if (e instanceof CollectionException) {
            return CliFailure.badInput(e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return CliFailure.badInput(e.getMessage());
        }
        if (e instanceof EncoderException) {
            return CliFailure.failed("encoder: " + e.getMessage());
        }
        throw e;
    }

    enum Chunking {
        PARAGRAPHS,
        SENTENCES
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Build collection NAME from the .txt, .md and .pdf files in DIR (not its sub-folders).",
                "Re-adding an unchanged folder reuses the index; changed documents rebuild it."
            })
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "Collection name: letters, digits, _ - .")
        String name;

        @Parameters(index = "1", paramLabel = "DIR", description = "Folder with the documents.")
        Path folder;

        @Option(
                names = "--chunking",
                paramLabel = "HOW",
                defaultValue = "paragraphs",
                description = "paragraphs (ids <file>#<n>, as suites' gold ids) or sentences (windows of whole "
                        + "sentences). Default: ${DEFAULT-VALUE}.")
        Chunking chunking;

        @Option(
                names = "--chunk-size",
                paramLabel = "CHARS",
                defaultValue = "" + ChunkingOptions.DEFAULT_TARGET_CHARS,
                description = "Sentence windows: target size in characters. Default: ${DEFAULT-VALUE}.")
        int chunkSize;

        @Option(
                names = "--chunk-overlap",
                paramLabel = "CHARS",
                defaultValue = "" + ChunkingOptions.DEFAULT_OVERLAP_CHARS,
                description = "Sentence windows: at most this many characters of trailing sentences repeat at the "
                        + "start of the next window. Default: ${DEFAULT-VALUE}.")
        int chunkOverlap;

        @Option(
                names = "--analyzer",
                paramLabel = "NAME",
                defaultValue = "english",
                description = "BM25 analyzer: english (stemming, stop words) or standard. Default: ${DEFAULT-VALUE}.")
        TextAnalysis analysis;

        @picocli.CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Override
        public Integer call() {
            try (CollectionStore collections = open(data)) {
                ChunkingOptions options = chunking == Chunking.PARAGRAPHS
                        ? ChunkingOptions.paragraphs()
                        : ChunkingOptions.sentences(chunkSize, chunkOverlap);
                CollectionIndex index = collections.add(name, folder, new IndexSettings(options, analysis));
                var manifest = index.manifest();
                System.out.printf(
                        Locale.ROOT,
                        "collection %s: %d documents, %d chunks (%s, %s analyzer), %s%n",
                        name,
                        manifest.documents().size(),
                        manifest.chunks(),
                        manifest.chunking(),
                        manifest.analysis().name().toLowerCase(Locale.ROOT),
                        index.built() ? "built in " + manifest.buildMillis() + " ms" : "up to date");
                System.out.println("stored in " + index.folder());
                List<String> skipped = DocumentReader.skipped(folder);
                if (!skipped.isEmpty()) {
                    System.err.println("collections: skipped (not .txt, .md or .pdf): " + String.join(", ", skipped));
                }
                return 0;
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Retrieve the chunks of collection NAME that best answer QUERY.")
    static final class Search implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "QUERY")
        String query;

        @Option(
                names = {"-k", "--top-k"},
                paramLabel = "K",
                defaultValue = "5",
                description = "How many chunks. Default: ${DEFAULT-VALUE}.")
        int k;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                defaultValue = "hybrid",
                description = "bm25, vector or hybrid (reciprocal rank fusion of both). Default: ${DEFAULT-VALUE}.")
        RetrievalMode mode;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @picocli.CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Override
        public Integer call() throws Exception {
            if (k < 1) {
                throw CliFailure.badInput("-k must be at least 1: " + k);
            }
            try (CollectionStore collections = open(data)) {
                List<SearchHit> hits = collections.search(name, query, k, mode);
                if (json) {
                    System.out.println(toJson(hits));
                } else {
                    for (int i = 0; i < hits.size(); i++) {
                        SearchHit hit = hits.get(i);
                        System.out.printf(
                                Locale.ROOT,
                                "%d. [%s] %.4f%n%s%n%n",
                                i + 1,
                                hit.id(),
                                hit.score(),
                                hit.chunk().text());
                    }
                    if (hits.isEmpty()) {
                        System.out.println("no matching chunks");
                    }
                }
                return 0;
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }

        private String toJson(List<SearchHit> hits) throws Exception {
            ObjectMapper mapper = CliJson.MAPPER;
            ObjectNode root = mapper.createObjectNode();
            root.put("collection", name);
            root.put("query", query);
            root.put("mode", mode.name().toLowerCase(Locale.ROOT));
            root.put("k", k);
            ArrayNode array = root.putArray("hits");
            for (int i = 0; i < hits.size(); i++) {
                SearchHit hit = hits.get(i);
                ObjectNode node = array.addObject();
                node.put("rank", i + 1);
                node.put("id", hit.id());
                node.put("document", hit.chunk().documentId());
                node.put("score", hit.score());
                if (hit.bm25Rank() > 0) {
                    node.put("bm25Rank", hit.bm25Rank());
                }
                if (hit.vectorRank() > 0) {
                    node.put("vectorRank", hit.vectorRank());
                }
                node.put("start", hit.chunk().start());
                node.put("end", hit.chunk().end());
                ArrayNode paragraphIds = node.putArray("paragraphIds");
                hit.chunk().paragraphIds().forEach(paragraphIds::add);
                node.put("text", hit.chunk().text());
            }
            return mapper.writeValueAsString(root);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the collections.")
    static final class ListNames implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Override
        public Integer call() {
            try (CollectionStore collections = open(data)) {
                collections.names().forEach(System.out::println);
                return 0;
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
    }
}
