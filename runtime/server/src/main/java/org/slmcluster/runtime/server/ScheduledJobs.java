package org.slmcluster.runtime.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.jobs.schedules.ScheduleException;
import org.slmcluster.runtime.jobs.schedules.Scheduler;
import org.slmcluster.runtime.lifecycle.ModelLifecycle;
import org.slmcluster.runtime.lifecycle.StoredModel;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.SuiteLocator;

/** How the coordinator's schedules check their suite and models and start their runs: as jobs of its JobManager. */
final class ScheduledJobs {

    private ScheduledJobs() {}

    /** A suite must load; a model must be in the cluster's catalogue or the model store. */
    static Scheduler.Validator validator(Map<String, ModelSpec> catalogue, ModelLifecycle lifecycle) {
        return (suite, models) -> {
            Path folder = suiteFolder(suite);
            try {
                SuiteLoader.load(folder);
            } catch (SuiteException e) {
                throw ScheduleException.badRequest("the suite '" + suite + "' has problems: "
                        + e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
            }
            Set<String> known = new TreeSet<>(catalogue.keySet());
            lifecycle.store().list().stream().map(StoredModel::name).forEach(known::add);
            for (String model : models) {
                if (!known.contains(model)) {
                    throw ScheduleException.badRequest("unknown model '" + model + "' (known: "
                            + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
                }
            }
        };
    }

    /** A run is a job like one started through {@code POST /api/v1/jobs}, recording the schedule that started it. */
    static Scheduler.JobStarter starter(JobManager jobs) {
        return (schedule, startedBy) -> jobs.start(
                        new JobSpec(suiteFolder(schedule.suite()), schedule.models(), schedule.seeds()), startedBy)
                .id();
    }

    private static Path suiteFolder(String suite) {
        try {
            return SuiteLocator.find(suite)
                    .orElseThrow(() -> ScheduleException.badRequest(
                            "no suite folder (with suite.conf) and no shipped suite named '" + suite + "'"));
        } catch (java.nio.file.InvalidPathException e) {
            throw ScheduleException.badRequest("'" + suite + "' is not a valid suite name or folder");
        }
    }
}
