package org.slmcluster.runtime.evaluation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.TokenWeights;
import org.slmcluster.evaluators.classification.ClassDefinition;
import org.slmcluster.evaluators.classification.ClassLabelMatcher;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuOptions;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import org.slmcluster.evaluators.mt.Ter;
import org.slmcluster.evaluators.ner.NamedEntity;
import org.slmcluster.evaluators.ner.NerAnswerScore;
import org.slmcluster.evaluators.ner.NerScorer;
import org.slmcluster.evaluators.ner.ParsedAnswer;
import org.slmcluster.evaluators.rag.JudgeFreeRagMetrics;
import org.slmcluster.evaluators.rouge.RougeScore;
import org.slmcluster.evaluators.rouge.RougeScorer;
import org.slmcluster.evaluators.rouge.RougeType;
import org.slmcluster.evaluators.squad.SquadScorer;
import org.slmcluster.runtime.rag.answer.Citations;
import org.slmcluster.runtime.suite.ClassificationItem;
import org.slmcluster.runtime.suite.GenerationItem;
import org.slmcluster.runtime.suite.Metric;
import org.slmcluster.runtime.suite.NerItem;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.SummarizationItem;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;
import org.slmcluster.runtime.suite.TranslationItem;

/**
 * Scores one answer to one item with the metrics of its task (see {@link ScoreNames} for the names) and
 * flags adherence failures. Thread-safe; a pure function of its inputs (and the optional encoders).
 *
 * <ul>
 *   <li>translation / generation with a reference: sentence-level chrF++ / chrF / BLEU (sacreBLEU's
 *       {@code sentence_bleu}: exp smoothing, effective order) / TER, BERTScore F1 when configured (with
 *       idf, the weights come from all references of the task; detail {@value #BERTSCORE_SIGNATURE});
 *       translation also COMET from source, answer and reference (detail {@value #COMET_MODEL});</li>
 *   <li>summarization: ROUGE-1/2/L/Lsum F-measure (Porter stemming), BERTScore F1 when configured;</li>
 *   <li>NER: the study's score ({@code ner-score} = rFinal, {@code ner-base} = rBase) and the answer's
 *       exact entity F1;</li>
 *   <li>classification: {@code accuracy} 1/0; details {@code predicted} (or {@code (none)}) and {@code gold};</li>
 *   <li>RAG: SQuAD exact match and token F1 of the answer without its {@code Sources:} line, id-based
 *       context precision / recall of the retrieved chunks, embedding similarity when configured;</li>
 *   <li>generation without reference: no score (length and speed are in every record).</li>
 * </ul>
 */
public final class ItemEvaluator {

    private static final Pattern PREAMBLE = Pattern.compile(
            "(?is)^\\s*(?:sure|certainly|of course|okay|ok|here(?:'s| is| are)|the (?:translation|summary) (?:is|would be)"
                    + "|translation\\s*:|summary\\s*:|answer\\s*:|i (?:think|would|can)|as an ai).*");
    private static final int ECHO_MIN_CHARS = 24;

    /** Detail naming what the BERTScore value is ({@link EvaluationOptions#bertScoreSignature()}). */
    public static final String BERTSCORE_SIGNATURE = "bertscore-signature";

    /** Detail naming the COMET model directory a {@code comet} score comes from. */
    public static final String COMET_MODEL = "comet-model";

    private final EvaluationOptions options;
    /** The encoders are not known to be thread-safe: one model-based score at a time. */
    private final Object encoderLock = new Object();
    /** idf weights per task (from all its references), computed on its first BERTScore; guarded by encoderLock. */
    private final Map<TaskDefinition, TokenWeights> idfByTask = new WeakHashMap<>();

    private final Bleu sentenceBleu = new Bleu(BleuOptions.defaults().withEffectiveOrder(true));
    private final Chrf chrfPlusPlus = new Chrf(ChrfOptions.chrfPlusPlus());
    private final Chrf chrf = new Chrf(ChrfOptions.chrf());
    private final Ter ter = new Ter();
    private final RougeScorer rouge = new RougeScorer(
            List.of(RougeType.parse("rouge1"), RougeType.parse("rouge2"), RougeType.ROUGE_L, RougeType.ROUGE_LSUM),
            true);

    public ItemEvaluator(EvaluationOptions options) {
        this.options = options;
    }

    public ItemEvaluator() {
        this(EvaluationOptions.lexical());
    }

    public EvaluationOptions options() {
        return options;
    }

    /**
     * @param retrievedIds RAG: chunk ids put into the prompt, in rank order (ignored for other kinds)
     */
    public Evaluation evaluate(
            TaskDefinition task, TaskItem item, RenderedPrompt prompt, List<String> retrievedIds, String answer) {
        String text = answer == null ? "" : answer;
        Map<String, Double> scores = new HashMap<>();
        Set<AdherenceFlag> flags = EnumSet.noneOf(AdherenceFlag.class);
        Map<String, String> details = new HashMap<>();
        if (text.isBlank()) {
            flags.add(AdherenceFlag.UNPARSEABLE);
        }
        if (echoesPrompt(prompt, item, text)) {
            flags.add(AdherenceFlag.PROMPT_ECHO);
        }
        List<Metric> metrics = task.metrics();
        switch (task.kind()) {
            case TRANSLATION -> {
                TranslationItem t = (TranslationItem) item;
                referenceScores(task, text, t.reference(), scores, details);
                if (metrics.contains(Metric.COMET)) {
                    options.comet().ifPresent(comet -> {
                        scores.put(ScoreNames.COMET, comet.score(t.source(), text, t.reference()));
                        details.put(COMET_MODEL, comet.name());
                    });
                }
                flagExtraProse(text, t.reference(), flags);
            }
            case SUMMARIZATION -> {
                SummarizationItem s = (SummarizationItem) item;
                referenceScores(task, text, s.summary(), scores, details);
                flagExtraProse(text, s.summary(), flags);
            }
            case GENERATION -> {
                GenerationItem g = (GenerationItem) item;
                if (g.reference() != null && !g.reference().isBlank()) {
                    referenceScores(task, text, g.reference(), scores, details);
                }
            }
            case NER -> scoreNer(task, (NerItem) item, text, scores, flags, details);
            case CLASSIFICATION -> scoreClassification(task, (ClassificationItem) item, text, scores, flags, details);
            case RAG -> scoreRag(metrics, (RagItem) item, retrievedIds, text, scores);
        }
        return new Evaluation(scores, flags, details);
    }

    // ---- reference-based text metrics

    private void referenceScores(
            TaskDefinition task,
            String answer,
            String reference,
            Map<String, Double> scores,
            Map<String, String> details) {
        List<Metric> metrics = task.metrics();
        List<String> refs = List.of(reference);
        Set<String> rougeWanted = new LinkedHashSet<>();
        for (Metric metric : metrics) {
            switch (metric) {
                case CHRF_PLUS_PLUS ->
                    scores.put(
                            ScoreNames.CHRF_PLUS_PLUS,
                            chrfPlusPlus.sentenceScore(answer, refs).score());
                case CHRF ->
                    scores.put(ScoreNames.CHRF, chrf.sentenceScore(answer, refs).score());
                case BLEU ->
                    scores.put(
                            ScoreNames.BLEU,
                            sentenceBleu.sentenceScore(answer, refs).score());
                case TER ->
                    scores.put(ScoreNames.TER, ter.sentenceScore(answer, refs).score());
                case ROUGE -> rougeWanted.addAll(List.of("rouge1", "rouge2", "rougeL", "rougeLsum"));
                case ROUGE_1 -> rougeWanted.add("rouge1");
                case ROUGE_2 -> rougeWanted.add("rouge2");
                case ROUGE_L -> rougeWanted.add("rougeL");
                case ROUGE_LSUM -> rougeWanted.add("rougeLsum");
                case BERTSCORE ->
                    options.bertScore().ifPresent(b -> {
                        scores.put(ScoreNames.BERTSCORE_F1, bertF1(b, task, answer, reference));
                        details.put(BERTSCORE_SIGNATURE, options.bertScoreSignature());
                    });
                default -> {}
            }
        }
        if (!rougeWanted.isEmpty()) {
            Map<String, RougeScore> all = rouge.score(reference, answer);
            for (String name : rougeWanted) {
                scores.put(name, all.get(name).fmeasure());
            }
        }
    }

    private double bertF1(BertScore bertScore, TaskDefinition task, String answer, String reference) {
        synchronized (encoderLock) {
            TokenWeights weights = bertScore.options().idf()
                    ? idfByTask.computeIfAbsent(task, t -> bertScore.weightsFor(references(t)))
                    : TokenWeights.UNIFORM;
            return bertScore
                    .score(List.of(answer), List.of(List.of(reference)), weights)
                    .segments()
                    .get(0)
                    .f1();
        }
    }

    /** The task's references, in item order: the corpus bert_score would take idf from. */
    static List<String> references(TaskDefinition task) {
        List<String> references = new ArrayList<>();
        for (TaskItem item : task.items()) {
            if (item.reference() != null && !item.reference().isBlank()) {
                references.add(item.reference());
            }
        }
        return references;
    }

    private double similarity(SentenceEncoder encoder, String answer, String reference) {
        synchronized (encoderLock) {
            return JudgeFreeRagMetrics.answerSimilarity(encoder, answer, reference);
        }
    }

    /** Chatter before the answer, or far more text than the reference holds. */
    private static void flagExtraProse(String answer, String reference, Set<AdherenceFlag> flags) {
        String stripped = answer.strip();
        if (stripped.isEmpty()) {
            return;
        }
        if (PREAMBLE.matcher(stripped).matches()
                || stripped.length() > 3 * reference.strip().length() + 40) {
            flags.add(AdherenceFlag.EXTRA_CONTENT);
        }
    }

    // ---- NER

    private static void scoreNer(
            TaskDefinition task,
            NerItem item,
            String answer,
            Map<String, Double> scores,
            Set<AdherenceFlag> flags,
            Map<String, String> details) {
        NerScorer scorer = new NerScorer(Set.copyOf(task.entityTypes()));
        ParsedAnswer parsed = scorer.parser().parse(answer);
        List<NamedEntity> gold = item.entities().stream()
                .map(e -> new NamedEntity(e.text(), e.type()))
                .toList();
        NerAnswerScore score = NerScorer.score(parsed, gold);
        scores.put(ScoreNames.NER_SCORE, score.rFinal());
        scores.put(ScoreNames.NER_BASE, score.rBase());
        scores.put(ScoreNames.ENTITY_F1, parsed.parseFailed() ? 0.0 : entityF1(parsed.entities(), gold));
        if (parsed.parseFailed()) {
            flags.add(AdherenceFlag.UNPARSEABLE);
            details.put("parse-failure", parsed.failureReason());
        }
        if (parsed.hasExtraContent()) {
            flags.add(AdherenceFlag.EXTRA_CONTENT);
        }
    }

    /**
     * F1 of exactly matching entities: same type (case-insensitive) and same text (whitespace collapsed),
     * each gold entity matched at most once; 1 when both lists are empty.
     */
    static double entityF1(List<NamedEntity> predicted, List<NamedEntity> gold) {
        if (predicted.isEmpty() && gold.isEmpty()) {
            return 1.0;
        }
        if (predicted.isEmpty() || gold.isEmpty()) {
            return 0.0;
        }
        List<String> remaining =
                new ArrayList<>(gold.stream().map(ItemEvaluator::entityKey).toList());
        int matched = 0;
        for (NamedEntity p : predicted) {
            if (remaining.remove(entityKey(p))) {
                matched++;
            }
        }
        if (matched == 0) {
            return 0.0;
        }
        double precision = (double) matched / predicted.size();
        double recall = (double) matched / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static String entityKey(NamedEntity entity) {
        return entity.type().strip().toUpperCase(Locale.ROOT) + "\u0000"
                + entity.text().strip().replaceAll("\\s+", " ");
    }

    // ---- classification

    private static void scoreClassification(
            TaskDefinition task,
            ClassificationItem item,
            String answer,
            Map<String, Double> scores,
            Set<AdherenceFlag> flags,
            Map<String, String> details) {
        ClassLabelMatcher matcher = new ClassLabelMatcher(task.classes().stream()
                .map(c -> new ClassDefinition(c.name(), c.description()))
                .toList());
        String gold = matcher.exact(item.label()).map(ClassDefinition::name).orElse(item.label());
        Optional<ClassDefinition> predicted = matcher.match(answer);
        details.put("gold", gold);
        details.put("classes", String.join(",", task.classNames()));
        details.put("predicted", predicted.map(ClassDefinition::name).orElse(ClassificationLabels.NONE));
        scores.put(
                ScoreNames.ACCURACY,
                predicted.isPresent() && predicted.get().name().equals(gold) ? 1.0 : 0.0);
        if (predicted.isEmpty()) {
            flags.add(AdherenceFlag.INVALID_LABEL);
        } else if (!ClassificationLabels.isBare(answer, predicted.get().name())) {
            flags.add(AdherenceFlag.EXTRA_CONTENT);
        }
    }

    // ---- RAG

    private void scoreRag(
            List<Metric> metrics, RagItem item, List<String> retrievedIds, String answer, Map<String, Double> scores) {
        String stripped = Citations.withoutSources(answer);
        for (Metric metric : metrics) {
            switch (metric) {
                case EXACT_MATCH ->
                    scores.put(ScoreNames.EXACT_MATCH, SquadScorer.exactMatch(stripped, item.answer()) ? 1.0 : 0.0);
                case TOKEN_F1 -> scores.put(ScoreNames.TOKEN_F1, SquadScorer.f1(stripped, item.answer()));
                case CONTEXT_PRECISION -> {
                    if (!retrievedIds.isEmpty()) {
                        scores.put(
                                ScoreNames.CONTEXT_PRECISION,
                                JudgeFreeRagMetrics.idContextPrecision(retrievedIds, item.goldChunkIds()));
                    }
                }
                case CONTEXT_RECALL -> {
                    if (!item.goldChunkIds().isEmpty()) {
                        scores.put(
                                ScoreNames.CONTEXT_RECALL,
                                JudgeFreeRagMetrics.idContextRecall(retrievedIds, item.goldChunkIds()));
                    }
                }
                case EMBEDDING_SIMILARITY ->
                    options.sentenceEncoder()
                            .ifPresent(encoder -> scores.put(
                                    ScoreNames.EMBEDDING_SIMILARITY, similarity(encoder, stripped, item.answer())));
                default -> {}
            }
        }
    }

    // ---- prompt echo

    /**
     * True when the answer repeats a line of the prompt (system prompt or user message) of at least
     * {@value #ECHO_MIN_CHARS} characters, compared case-insensitively with whitespace collapsed; lines
     * that are (part of) the item's reference do not count, since repeating them is the right answer.
     */
    static boolean echoesPrompt(RenderedPrompt prompt, TaskItem item, String answer) {
        String normalizedAnswer = normalize(answer);
        if (normalizedAnswer.length() < ECHO_MIN_CHARS) {
            return false;
        }
        String reference = item.reference() == null ? "" : normalize(item.reference());
        for (String source : List.of(prompt.systemPrompt(), prompt.userMessage())) {
            for (String line : source.split("\\R")) {
                String normalizedLine = normalize(line);
                if (normalizedLine.length() >= ECHO_MIN_CHARS
                        && normalizedAnswer.contains(normalizedLine)
                        && !reference.contains(normalizedLine)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
