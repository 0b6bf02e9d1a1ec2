package org.slmcluster.evaluators.classification;

import java.util.Objects;

/** A user-defined class: its name (the label to answer with) and a description for the prompt. */
public record ClassDefinition(String name, String description) {

    public ClassDefinition {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a class name must not be blank");
        }
        name = name.strip();
        description = description == null ? "" : description.strip();
    }
}
