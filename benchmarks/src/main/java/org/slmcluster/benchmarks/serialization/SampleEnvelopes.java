package org.slmcluster.benchmarks.serialization;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;

/**
 * The two envelopes every task puts on the wire: the request on its way to the worker (a translation
 * prompt of about 300 characters, one hop travelled) and the result on its way back (a 3-hop request
 * trace and an answer of about 250 characters).
 */
public final class SampleEnvelopes {

    public static final String REQUEST = "request";
    public static final String RESULT = "result";

    static final String PROMPT = "Translate the following sentence from English to German. Answer with the "
            + "translation only.\nEnglish: The government announced on Tuesday that the new railway line between "
            + "the two cities will open next spring, two years later than originally planned.\nGerman:";

    static final String ANSWER = "Die Regierung gab am Dienstag bekannt, dass die neue Bahnstrecke zwischen den "
            + "beiden Städten im nächsten Frühjahr eröffnet wird, zwei Jahre später als ursprünglich geplant. "
            + "Die Kosten sind seitdem deutlich gestiegen.";

    private SampleEnvelopes() {}

    public static Envelope of(String kind, ActorRef<Undeliverable> returnTo) {
        return switch (kind) {
            case REQUEST -> request(returnTo);
            case RESULT -> result(returnTo);
            default -> throw new IllegalArgumentException("message must be request or result, got '" + kind + "'");
        };
    }

    public static Envelope request(ActorRef<Undeliverable> returnTo) {
        GenerationRequest generation =
                GenerationRequest.completion(PROMPT, new GenerationParameters(128, 0.0, 1.0, 42L, List.of("\n")));
        WorkRequest work =
                new WorkRequest("wmt17-en-de-000417", 1, "qwen2.5-0.5b-instruct-q8", generation, 1_795_000_000_000L);
        return new Envelope(
                "5f0c3e1a-8d2b-4c55-9a64-0c2f1b7e9d31", "root", "011", 15, List.of("root", "0"), work, returnTo);
    }

    public static Envelope result(ActorRef<Undeliverable> returnTo) {
        GenerationResult generation = new GenerationResult(ANSWER, 71, 58, 1_234_567_890L, "stop");
        WorkResult result = new WorkResult.Generated(
                "wmt17-en-de-000417",
                1,
                "qwen2.5-0.5b-instruct-q8",
                "011",
                generation,
                List.of("root", "0", "01", "011"),
                List.of(),
                3);
        return new Envelope(
                "b7a1d2e4-3c6f-4e8a-a1b2-9f0e8d7c6b5a", "011", "root", 16, List.of("011", "01"), result, returnTo);
    }
}
