package org.slmcluster.evaluators.ner;

import java.util.List;

/**
 * What the parser read from a model's answer: the entities, whether the answer held anything besides
 * them (prose, explanations, headings, markup such as code fences or bold), and, when no entity list
 * could be recognised at all, a parse failure with its reason.
 */
public record ParsedAnswer(List<NamedEntity> entities, boolean hasExtraContent, String failureReason) {

    public ParsedAnswer {
        entities = List.copyOf(entities);
    }

    public static ParsedAnswer failure(String reason, boolean hasExtraContent) {
        return new ParsedAnswer(List.of(), hasExtraContent, reason);
    }

    public boolean parseFailed() {
        return failureReason != null;
    }
}
