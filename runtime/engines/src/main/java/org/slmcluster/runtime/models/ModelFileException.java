package org.slmcluster.runtime.models;

import java.nio.file.Path;
import java.util.List;

/** A model's file is missing or does not match its sha256; the message names the model and paths. */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final List<Path> pathsTried;

    public ModelFileException(String model, List<Path> pathsTried, String message) {
        super(message);
        this.model = model;
        this.pathsTried = List.copyOf(pathsTried);
    }

    public String model() {
        return model;
    }

    public List<Path> pathsTried() {
        return pathsTried;
    }
}
