package org.slmcluster.runtime.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * A suite with fewer tokens to generate: a copy of the suite folder whose {@code suite.conf} (written as
 * JSON, which is valid HOCON) gives every task {@code max-tokens = min(its own, cap)} and is named
 * {@code <name>-max<cap>}, so its items never mix with the uncapped suite's in a ledger. Everything
 * else (items, templates, seeds, system prompt) stays as written.
 */
public final class CappedSuite {

    private CappedSuite() {}

    /** True when some task of the suite asks for more than {@code cap} tokens. */
    public static boolean needsCap(Suite suite, int cap) {
        return cap > 0
                && suite.tasks().stream().anyMatch(task -> task.generation().maxTokens() > cap);
    }

    /**
     * Writes the capped copy under {@code workDir/suites/<name>-max<cap>} (replacing an earlier copy) and
     * returns its folder.
     */
    public static Path write(Path suiteDir, Suite suite, int cap, Path workDir) {
        String name = suite.name() + "-max" + cap;
        Path target = workDir.resolve("suites").resolve(name);
        try {
            deleteRecursively(target);
            copyRecursively(suiteDir, target);
            Config original = ConfigFactory.parseFile(
                            suiteDir.resolve(SuiteLoader.SUITE_FILE).toFile())
                    .resolve();
            List<Object> tasks = new ArrayList<>();
            ConfigList listed = original.getList("tasks");
            for (int i = 0; i < listed.size(); i++) {
                ConfigObject task = (ConfigObject) listed.get(i);
                TaskDefinition definition = suite.tasks().get(i);
                int maxTokens = Math.min(definition.generation().maxTokens(), cap);
                Config capped =
                        task.toConfig().withValue("generation.max-tokens", ConfigValueFactory.fromAnyRef(maxTokens));
                tasks.add(capped.root().unwrapped());
            }
            String description = original.hasPath("description") ? original.getString("description") + "; " : "";
            Config rewritten = original.withValue("name", ConfigValueFactory.fromAnyRef(name))
                    .withValue(
                            "description",
                            ConfigValueFactory.fromAnyRef(description + "max-tokens capped at " + cap
                                    + " (a copy of suite " + suite.name() + ")"))
                    .withValue("tasks", ConfigValueFactory.fromIterable(tasks));
            ConfigValue root = rewritten.root();
            Files.writeString(
                    target.resolve(SuiteLoader.SUITE_FILE),
                    root.render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)),
                    StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the capped suite " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
