/**
 * Evaluation jobs: one suite x models (x seeds), run on the coordinator.
 *
 * <pre>{@code
 * try (Ledgers ledgers = Ledgers.open(dataDir);
 *      JobManager jobs = JobManager.onCoordinator(cluster.coordinator(), ledgers, dataDir)) {
 *     JobHandle handle = jobs.start(JobSpec.of(Path.of("suites/smoke"), "stories260k", "llama-2-tiny-random"));
 *     jobs.progress(handle.id());               // done / total per model and task, ETA, judge failures
 *     JobProgress last = handle.completion().toCompletableFuture().get();
 *     ledgers.view("stories260k");              // per task and metric: mean, sd, 95% CI, latency, adherence
 * }
 * }</pre>
 *
 * <p>Storage under the data dir: {@code jobs/<id>/job.json} (spec, suite hash, totals, state),
 * {@code jobs/<id>/manifest.json} ({@link org.slmcluster.runtime.jobs.RunManifest}),
 * {@code cache/responses.jsonl} ({@link org.slmcluster.runtime.jobs.ResponseCache}) and
 * {@code ledger/ledger.mv.db} (the H2 journal of the ledgers; jobs and ledgers can live in PostgreSQL instead,
 * {@link org.slmcluster.runtime.jobs.JobJournal}). What is done is what the ledgers hold, so
 * {@link org.slmcluster.runtime.jobs.JobManager#resume} after a crash runs only the missing task ids.
 *
 * <p>A job whose RAG tasks have a judge also counts, per answering model and judge metric, the verdicts
 * that failed among its recorded items ({@link org.slmcluster.runtime.jobs.JobProgress#judgeFailures}; in
 * the jobs API {@code "judge_failures": {"stories260k": {"faithfulness": 3}}}, printed by {@code slm jobs ID}
 * and {@code slm eval}): those items have no {@code ragas-<metric>} score, so that metric's mean rests on
 * fewer items than the task's count. Like {@code done}, the totals include items recorded by an earlier run.
 */
package org.slmcluster.runtime.jobs;
