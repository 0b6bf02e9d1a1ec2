package org.slmcluster.evaluators.rag;

/**
 * A language model used as a judge: takes a prompt, returns its completion (expected to be JSON).
 * Any engine can implement it (llama.cpp, an OpenAI-compatible server...). It may throw; a throw
 * counts as a failed attempt and is retried like malformed output. Implementations used from several
 * threads must be thread-safe.
 */
@FunctionalInterface
public interface Judge {

    String complete(String prompt);
}
