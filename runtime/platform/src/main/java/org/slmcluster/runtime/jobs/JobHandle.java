package org.slmcluster.runtime.jobs;

import java.util.concurrent.CompletionStage;

/** A started (or resumed) job: its id and a stage that completes with the final progress. */
public record JobHandle(String id, CompletionStage<JobProgress> completion) {}
