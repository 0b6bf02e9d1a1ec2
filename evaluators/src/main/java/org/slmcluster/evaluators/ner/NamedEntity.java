package org.slmcluster.evaluators.ner;

import java.util.Objects;

/** An entity mention: its surface text and its type (e.g. "Barack Obama", "PERSON"). */
public record NamedEntity(String text, String type) {

    public NamedEntity {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
    }
}
