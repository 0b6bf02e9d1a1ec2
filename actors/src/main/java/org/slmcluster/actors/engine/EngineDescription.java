package org.slmcluster.actors.engine;

/**
 * What an engine runs: the engine kind ({@code llama-cpp}, {@code openai}), the model name, where the
 * model lives (file path or base URL), the file's sha256 when known, and its context size.
 */
public record EngineDescription(String engine, String model, String location, String sha256, int contextSize) {}
