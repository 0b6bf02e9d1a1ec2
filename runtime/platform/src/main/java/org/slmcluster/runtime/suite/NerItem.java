package org.slmcluster.runtime.suite;

import java.util.List;

/**
 * Find the entities of {@code text}. Items read from CoNLL files also keep their tokens and BIO tags
 * (for token-level scorers such as seqeval); JSONL items have both lists empty.
 */
public record NerItem(String id, String text, List<NamedEntity> entities, List<String> tokens, List<String> tags)
        implements TaskItem {

    public NerItem {
        entities = List.copyOf(entities);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public NerItem(String id, String text, List<NamedEntity> entities) {
        this(id, text, entities, List.of(), List.of());
    }

    /** The gold entities as a JSON list, the answer format the NER prompt asks for. */
    @Override
    public String reference() {
        StringBuilder json = new StringBuilder("[");
        for (NamedEntity entity : entities) {
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append("{\"text\": ")
                    .append(JsonStrings.quote(entity.text()))
                    .append(", \"type\": ")
                    .append(JsonStrings.quote(entity.type()))
                    .append('}');
        }
        return json.append(']').toString();
    }
}
