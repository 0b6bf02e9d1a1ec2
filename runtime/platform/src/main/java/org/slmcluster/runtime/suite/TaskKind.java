package org.slmcluster.runtime.suite;

import java.util.Arrays;
import java.util.Optional;

/** The workloads a suite task can be; {@link #configName()} is how {@code suite.conf} spells it. */
public enum TaskKind {
    TRANSLATION("translation"),
    SUMMARIZATION("summarization"),
    NER("ner"),
    CLASSIFICATION("classification"),
    RAG("rag"),
    GENERATION("generation");

    private final String configName;

    TaskKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<TaskKind> fromConfigName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.configName.equals(name))
                .findFirst();
    }
}
