package org.slmcluster.evaluators.rag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge prompts of the RAGAS metrics, laid out as RAGAS's {@code BasePrompt.to_string}:
 * instruction, the JSON shape to return, worked examples, then the input as JSON and "Output: ".
 * The instructions carry RAGAS's task definitions; the examples are this project's own.
 */
public final class RagasPrompts {

    private static final ObjectWriter JSON = new ObjectMapper()
            .writer(new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private RagasPrompts() {}

    /** Breaks an answer into standalone statements. Output: {"statements": [string]}. */
    public static String statements(String question, String answer) {
        return render(
                "Given a question and an answer, analyze the complexity of each sentence in the answer. Break down "
                        + "each sentence into one or more fully understandable statements. Ensure that no pronouns "
                        + "are used in any statement.",
                "{\"statements\": [\"<statement>\", ...]}",
                List.of(example(
                        map(
                                "question",
                                "Who was Marie Curie?",
                                "answer",
                                "She was a physicist and chemist. She won two Nobel Prizes."),
                        map(
                                "statements",
                                List.of(
                                        "Marie Curie was a physicist and chemist.",
                                        "Marie Curie won two Nobel Prizes.")))),
                map("question", question, "answer", answer));
    }

    /** Judges each statement against the context. Output: {"statements": [{statement, reason, verdict}]}. */
    public static String faithfulnessVerdicts(String context, List<String> statements) {
        return render(
                "Your task is to judge the faithfulness of a series of statements based on a given context. For each "
                        + "statement you must return verdict as 1 if the statement can be directly inferred based "
                        + "on the context or 0 if the statement can not be directly inferred based on the context. "
                        + "Return exactly one entry per statement, in the given order.",
                "{\"statements\": [{\"statement\": \"<the statement, word for word>\", \"reason\": \"<why>\", "
                        + "\"verdict\": 0 or 1}, ...]}",
                List.of(example(
                        map(
                                "context",
                                "Anna studies chemistry in Lyon. She works in a bakery at weekends.",
                                "statements",
                                List.of("Anna studies chemistry.", "Anna lives in Paris.")),
                        map(
                                "statements",
                                List.of(
                                        map(
                                                "statement",
                                                "Anna studies chemistry.",
                                                "reason",
                                                "The context says Anna studies chemistry.",
                                                "verdict",
                                                1),
                                        map(
                                                "statement",
                                                "Anna lives in Paris.",
                                                "reason",
                                                "The context places her studies in Lyon; Paris is not mentioned.",
                                                "verdict",
                                                0))))),
                map("context", context, "statements", statements));
    }

    /** Generates a question the answer answers. Output: {question, noncommittal}. */
    public static String questionForAnswer(String answer) {
        return render(
                "Generate a question for the given answer and identify if the answer is noncommittal. Give "
                        + "noncommittal as 1 if the answer is noncommittal (evasive, vague, or ambiguous) and 0 if "
                        + "the answer is substantive. Examples of noncommittal answers: \"I don't know\", \"I'm not "
                        + "sure\", \"It depends\".",
                "{\"question\": \"<question>\", \"noncommittal\": 0 or 1}",
                List.of(
                        example(
                                map("response", "The Danube flows into the Black Sea."),
                                map("question", "Where does the Danube flow into?", "noncommittal", 0)),
                        example(
                                map("response", "I am not sure which year the bridge opened."),
                                map("question", "In which year did the bridge open?", "noncommittal", 1))),
                map("response", answer));
    }

    /**
     * The study's binary RAG verdict: is the answer correct with respect to the reference answer?
     * Output: {"reason": string, "correct": 0 or 1}.
     */
    public static String correctVerdict(String question, String answer, String reference) {
        return render(
                "Given a question, a reference answer and an answer to judge, decide whether the answer is correct: "
                        + "it must state what the reference answer states (other wording is fine) and must not "
                        + "contradict it. Give 1 if the answer is correct and 0 if it is not.",
                "{\"reason\": \"<why>\", \"correct\": 0 or 1}",
                List.of(
                        example(
                                map(
                                        "question",
                                        "When did the Berlin Wall fall?",
                                        "reference",
                                        "The Berlin Wall fell on 9 November 1989.",
                                        "answer",
                                        "It fell in November 1989."),
                                map("reason", "The answer gives the same date as the reference.", "correct", 1)),
                        example(
                                map(
                                        "question",
                                        "When did the Berlin Wall fall?",
                                        "reference",
                                        "The Berlin Wall fell on 9 November 1989.",
                                        "answer",
                                        "It fell in 1991."),
                                map("reason", "The answer gives another year than the reference.", "correct", 0))),
                map("question", question, "reference", reference, "answer", answer));
    }

    /** Was this context useful for arriving at the reference answer? Output: {reason, verdict}. */
    public static String contextUseful(String question, String context, String reference) {
        return render(
                "Given question, answer and context verify if the context was useful in arriving at the given "
                        + "answer. Give verdict as 1 if useful and 0 if not.",
                "{\"reason\": \"<why>\", \"verdict\": 0 or 1}",
                List.of(
                        example(
                                map(
                                        "question",
                                        "What is the capital of Australia?",
                                        "context",
                                        "Canberra was chosen as the capital of Australia in 1908.",
                                        "answer",
                                        "Canberra"),
                                map("reason", "The context names Canberra as the capital.", "verdict", 1)),
                        example(
                                map(
                                        "question",
                                        "What is the capital of Australia?",
                                        "context",
                                        "Sydney is the largest city of Australia.",
                                        "answer",
                                        "Canberra"),
                                map(
                                        "reason",
                                        "The context is about Sydney and does not lead to Canberra.",
                                        "verdict",
                                        0))),
                map("question", question, "context", context, "answer", reference));
    }

    /** Can each reference statement be attributed to the context? Output: {classifications: [...]}. */
    public static String referenceAttribution(String question, String context, String reference) {
        return render(
                "Given a context and an answer, analyze each statement in the answer and classify if the statement "
                        + "can be attributed to the given context or not. Use only binary classification: 1 if the "
                        + "statement can be attributed to the context, 0 if it cannot. Provide reasoning for each "
                        + "classification.",
                "{\"classifications\": [{\"statement\": \"<statement>\", \"reason\": \"<why>\", "
                        + "\"attributed\": 0 or 1}, ...]}",
                List.of(example(
                        map(
                                "question",
                                "Tell me about the Eiffel Tower.",
                                "context",
                                "The Eiffel Tower in Paris was completed in 1889.",
                                "answer",
                                "The Eiffel Tower was completed in 1889. It is 330 metres tall."),
                        map(
                                "classifications",
                                List.of(
                                        map(
                                                "statement",
                                                "The Eiffel Tower was completed in 1889.",
                                                "reason",
                                                "The context gives 1889.",
                                                "attributed",
                                                1),
                                        map(
                                                "statement",
                                                "The Eiffel Tower is 330 metres tall.",
                                                "reason",
                                                "The context says nothing about its height.",
                                                "attributed",
                                                0))))),
                map("question", question, "context", context, "answer", reference));
    }

    /** Sorts answer and ground-truth statements into TP / FP / FN. Output: {TP, FP, FN}. */
    public static String correctnessClassification(String question, List<String> answer, List<String> groundTruth) {
        return render(
                "Given a ground truth and an answer statements, analyze each statement and classify them in one of "
                        + "the following categories: TP (true positive): statements that are present in answer "
                        + "that are also directly supported by the one or more statements in ground truth, FP "
                        + "(false positive): statements present in the answer but not directly supported by any "
                        + "statement in ground truth, FN (false negative): statements found in the ground truth but "
                        + "not present in answer. Each statement can only belong to one of the categories. Provide "
                        + "a reason for each classification.",
                "{\"TP\": [{\"statement\": \"<statement>\", \"reason\": \"<why>\"}, ...], \"FP\": [...], "
                        + "\"FN\": [...]}",
                List.of(example(
                        map(
                                "question",
                                "When and where was the treaty signed?",
                                "answer",
                                List.of("The treaty was signed in 1951.", "The treaty was signed in Rome."),
                                "ground_truth",
                                List.of("The treaty was signed in 1951.", "The treaty was signed in Paris.")),
                        map(
                                "TP",
                                List.of(map(
                                        "statement",
                                        "The treaty was signed in 1951.",
                                        "reason",
                                        "The ground truth gives the same year.")),
                                "FP",
                                List.of(map(
                                        "statement",
                                        "The treaty was signed in Rome.",
                                        "reason",
                                        "The ground truth says Paris, not Rome.")),
                                "FN",
                                List.of(map(
                                        "statement",
                                        "The treaty was signed in Paris.",
                                        "reason",
                                        "The answer does not say Paris."))))),
                map("question", question, "answer", answer, "ground_truth", groundTruth));
    }

    private record Example(Map<String, Object> input, Map<String, Object> output) {}

    private static Example example(Map<String, Object> input, Map<String, Object> output) {
        return new Example(input, output);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String render(String instruction, String shape, List<Example> examples, Map<String, Object> input) {
        StringBuilder out = new StringBuilder();
        out.append(instruction)
                .append('\n')
                .append("Please return the output as one JSON object of this shape:\n")
                .append(shape)
                .append("\nDo not use single quotes in your response but double quotes, properly escaped with a "
                        + "backslash. Return only the JSON object.\n\n")
                .append("--------EXAMPLES-----------\n");
        for (int i = 0; i < examples.size(); i++) {
            if (i > 0) {
                out.append("\n\n");
            }
            out.append("Example ")
                    .append(i + 1)
                    .append('\n')
                    .append("Input: ")
                    .append(json(examples.get(i).input()))
                    .append('\n')
                    .append("Output: ")
                    .append(json(examples.get(i).output()));
        }
        out.append("\n-----------------------------\n\n")
                .append("Now perform the same with the following input\n")
                .append("input: ")
                .append(json(input))
                .append('\n')
                .append("Output: ");
        return out.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
