package org.slmcluster.runtime.suite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.digest.Sha256;

/** The exact messages one item sends to every model: a system prompt (may be empty) and a user message. */
public record RenderedPrompt(String systemPrompt, String userMessage) {

    /** Chat messages; the system message is left out when the system prompt is empty. */
    public List<ChatMessage> messages() {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (!systemPrompt.isEmpty()) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        messages.add(ChatMessage.user(userMessage));
        return List.copyOf(messages);
    }

    public GenerationRequest toRequest(GenerationParameters parameters) {
        return GenerationRequest.chat(messages(), parameters);
    }

    /** sha256 (hex) of system prompt and user message, for caches, ledgers and manifests. */
    public String sha256() {
        return Sha256.hex((systemPrompt + '\u0000' + userMessage).getBytes(StandardCharsets.UTF_8));
    }
}
