package org.slmcluster.actors.engine;

import java.util.List;

/**
 * What to generate from: either chat messages (rendered with the model's chat template) or, when
 * {@code rawPrompt} is set, a plain completion prompt used as is.
 */
public record GenerationRequest(List<ChatMessage> messages, String rawPrompt, GenerationParameters parameters) {

    public GenerationRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        if (messages.isEmpty() && rawPrompt == null) {
            throw new IllegalArgumentException("a generation request needs messages or a raw prompt");
        }
        if (parameters == null) {
            parameters = GenerationParameters.DEFAULTS;
        }
    }

    public static GenerationRequest chat(List<ChatMessage> messages, GenerationParameters parameters) {
        return new GenerationRequest(messages, null, parameters);
    }

    public static GenerationRequest completion(String prompt, GenerationParameters parameters) {
        return new GenerationRequest(List.of(), prompt, parameters);
    }

    public boolean isChat() {
        return rawPrompt == null;
    }
}
