package org.slmcluster.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slmcluster.actors.dispatch.TaskResult;

/**
 * The last N tasks submitted over HTTP, for {@code GET /api/v1/tasks/{id}}: running ones until their answer
 * arrives, then the answer. The oldest entry goes first when the map is full, running or not.
 */
final class RecentTasks {

    /** One task as the API shows it; exactly one of {@code result} and {@code error} is set once finished. */
    record Entry(
            String id, String model, String task, long createdMillis, TaskResult.Completed result, ApiError error) {

        boolean running() {
            return result == null && error == null;
        }
    }

    private final Map<String, Entry> entries;

    RecentTasks(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void started(String id, String model, String task) {
        entries.put(id, new Entry(id, model, task, System.currentTimeMillis(), null, null));
    }

    synchronized void completed(String id, TaskResult.Completed result) {
        entries.computeIfPresent(id, (key, e) -> new Entry(id, e.model(), e.task(), e.createdMillis(), result, null));
    }

    synchronized void failed(String id, ApiError error) {
        entries.computeIfPresent(id, (key, e) -> new Entry(id, e.model(), e.task(), e.createdMillis(), null, error));
    }

    synchronized Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    synchronized int size() {
        return entries.size();
    }
}
