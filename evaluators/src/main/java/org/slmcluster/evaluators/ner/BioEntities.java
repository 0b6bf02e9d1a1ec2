package org.slmcluster.evaluators.ner;

import java.util.ArrayList;
import java.util.List;
import org.slmcluster.evaluators.seqeval.Entity;
import org.slmcluster.evaluators.seqeval.EntityExtraction;

/**
 * Gold entities from CoNLL-style data: tokens with BIO (or IOBES) tags, chunked exactly as seqeval's
 * default mode chunks them, the entity text being the chunk's tokens joined by single spaces.
 */
public final class BioEntities {

    private BioEntities() {}

    public static List<NamedEntity> fromTags(List<String> tokens, List<String> tags) {
        if (tokens.size() != tags.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + tags.size() + " tags");
        }
        List<NamedEntity> entities = new ArrayList<>();
        for (Entity chunk : EntityExtraction.defaultEntitiesOfSequence(tags, false)) {
            entities.add(new NamedEntity(
                    String.join(" ", tokens.subList(chunk.start(), chunk.end() + 1)), chunk.type()));
        }
        return entities;
    }
}
