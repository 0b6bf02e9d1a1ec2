package org.slmcluster.runtime.rag.answer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON an API answer or a CLI {@code --json} shows of a {@link RagAnswer} (snake_case fields). */
public final class RagAnswerJson {

    private RagAnswerJson() {}

    /**
     * {@code collection}, {@code answer} (without the Sources line), {@code cited_ids}, {@code retrieved}
     * ({@code id}, {@code rank}, {@code score}) in rank order, {@code retrieval}, {@code prompt_sha256}.
     */
    public static ObjectNode toJson(RagAnswer answer) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("collection", answer.collection());
        json.put("answer", answer.answer());
        ArrayNode cited = json.putArray("cited_ids");
        answer.citedIds().forEach(cited::add);
        ArrayNode retrieved = json.putArray("retrieved");
        for (RetrievedChunk chunk : answer.retrieved()) {
            retrieved
                    .addObject()
                    .put("id", chunk.id())
                    .put("rank", chunk.rank())
                    .put("score", chunk.score());
        }
        json.put("retrieval", answer.mode().name().toLowerCase(java.util.Locale.ROOT));
        json.put("prompt_sha256", answer.promptSha256());
        return json;
    }
}
