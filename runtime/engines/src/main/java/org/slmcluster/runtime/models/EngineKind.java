package org.slmcluster.runtime.models;

import java.util.Arrays;
import java.util.Locale;

/** What runs a model: llama.cpp in the member, or an OpenAI-compatible server the member calls. */
public enum EngineKind {
    LLAMA_CPP("llama-cpp"),
    OPENAI("openai");

    private final String configName;

    EngineKind(String configName) {
        this.configName = configName;
    }

    /** The name in configuration ({@code engine = llama-cpp}), manifests and listings. */
    public String configName() {
        return configName;
    }

    /** The kind a configuration names; fails naming the known ones. */
    public static EngineKind parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown engine '" + name + "' (expected llama-cpp or openai)"));
    }

    @Override
    public String toString() {
        return configName;
    }
}
