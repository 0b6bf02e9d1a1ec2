package org.slmcluster.runtime.suite;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated suite: every item of every task has been read and checked.
 *
 * @param fileHashes  sha256 (hex) of every file the suite uses ({@code suite.conf}, templates, datasets,
 *                    classes files, collection documents), keyed by path relative to the suite folder
 * @param contentHash sha256 (hex) of the suite as a whole: of the lines {@code path<TAB>sha256\n} of
 *                    {@code fileHashes} in path order, so it does not depend on where the folder lives
 */
public record Suite(
        String name,
        String description,
        Path directory,
        GenerationSettings generation,
        List<TaskDefinition> tasks,
        Map<String, String> fileHashes,
        String contentHash) {

    public Suite {
        tasks = List.copyOf(tasks);
        // Sorted by path, so manifests written from it are byte-identical run to run.
        fileHashes = Collections.unmodifiableSortedMap(new TreeMap<>(fileHashes));
    }

    public Optional<TaskDefinition> task(String taskId) {
        return tasks.stream().filter(task -> task.id().equals(taskId)).findFirst();
    }

    public int itemCount() {
        return tasks.stream().mapToInt(task -> task.items().size()).sum();
    }
}
