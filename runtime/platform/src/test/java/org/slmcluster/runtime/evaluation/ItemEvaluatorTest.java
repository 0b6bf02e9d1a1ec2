package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuOptions;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import org.slmcluster.evaluators.ner.NamedEntity;
import org.slmcluster.evaluators.ner.NerScorer;
import org.slmcluster.evaluators.rouge.RougeScorer;
import org.slmcluster.evaluators.rouge.RougeType;
import org.slmcluster.runtime.suite.ClassificationItem;
import org.slmcluster.runtime.suite.NerItem;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SummarizationItem;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TranslationItem;

class ItemEvaluatorTest {

    static final Suite SUITE = SmokeSuite.load();
    final ItemEvaluator evaluator = new ItemEvaluator();

    static TaskDefinition task(String id) {
        return SUITE.task(id).orElseThrow();
    }

    @Test
    void translationGetsSentenceChrfPlusPlusAndBleuOfTheEvaluators() {
        TaskDefinition task = task("translation");
        TranslationItem item = (TranslationItem) task.items().get(0);
        String answer = "Die Bibliothek ist an Wochentagen um neun geöffnet.";
        Evaluation evaluation = evaluator.evaluate(task, item, PromptBuilder.build(task, item), List.of(), answer);

        assertThat(evaluation.scores()).containsOnlyKeys(ScoreNames.CHRF_PLUS_PLUS, ScoreNames.BLEU);
        assertThat(evaluation.scores().get(ScoreNames.CHRF_PLUS_PLUS))
                .isCloseTo(
                        new Chrf(ChrfOptions.chrfPlusPlus())
                                .sentenceScore(answer, List.of(item.reference()))
                                .score(),
                        within(1e-12));
        assertThat(evaluation.scores().get(ScoreNames.BLEU))
                .isCloseTo(
                        new Bleu(BleuOptions.defaults().withEffectiveOrder(true))
                                .sentenceScore(answer, List.of(item.reference()))
                                .score(),
                        within(1e-12));
        assertThat(evaluation.flags()).isEmpty();
    }

    @Test
    void translationChatterAndAnEchoedPromptAreFlagged() {
        TaskDefinition task = task("translation");
        TranslationItem item = (TranslationItem) task.items().get(0);
        RenderedPrompt prompt = PromptBuilder.build(task, item);

        Evaluation chatter =
                evaluator.evaluate(task, item, prompt, List.of(), "Sure! Here is the translation: " + item.reference());
        assertThat(chatter.flags()).containsExactly(AdherenceFlag.EXTRA_CONTENT);

        Evaluation echo = evaluator.evaluate(task, item, prompt, List.of(), prompt.userMessage());
        assertThat(echo.flags()).contains(AdherenceFlag.PROMPT_ECHO);
    }

    @Test
    void summarizationGetsRougeFMeasures() {
        TaskDefinition task = task("summarization");
        SummarizationItem item = (SummarizationItem) task.items().get(0);
        String answer = "Millbrook closes its old pool; a new one opens in two years.";
        Evaluation evaluation = evaluator.evaluate(task, item, PromptBuilder.build(task, item), List.of(), answer);

        var expected = new RougeScorer(
                        List.of(
                                RougeType.parse("rouge1"),
                                RougeType.parse("rouge2"),
                                RougeType.ROUGE_L,
                                RougeType.ROUGE_LSUM),
                        true)
                .score(item.summary(), answer);
        assertThat(evaluation.scores()).containsOnlyKeys("rouge1", "rouge2", "rougeL", "rougeLsum");
        expected.forEach(
                (name, score) -> assertThat(evaluation.scores().get(name)).isCloseTo(score.fmeasure(), within(1e-12)));
    }

    @Test
    void nerGetsTheStudyScoreAndEntityF1AndFlagsExtraContentAndParseFailures() {
        TaskDefinition task = task("ner");
        NerItem item = (NerItem) task.items().stream()
                .filter(i -> i.id().equals("ner-06"))
                .findFirst()
                .orElseThrow();
        RenderedPrompt prompt = PromptBuilder.build(task, item);
        String answer = "Here are the entities:\n[{\"text\": \"Priya Raman\", \"type\": \"PERSON\"}, "
                + "{\"text\": \"Lisbon\", \"type\": \"LOCATION\"}, {\"text\": \"Eriksen\", \"type\": \"PERSON\"}]";
        Evaluation evaluation = evaluator.evaluate(task, item, prompt, List.of(), answer);

        List<NamedEntity> gold = item.entities().stream()
                .map(e -> new NamedEntity(e.text(), e.type()))
                .toList();
        var study = new NerScorer(Set.copyOf(task.entityTypes())).score(answer, gold);
        assertThat(study.extraContent()).isTrue();
        assertThat(evaluation.scores().get(ScoreNames.NER_SCORE)).isCloseTo(study.rFinal(), within(1e-12));
        assertThat(evaluation.scores().get(ScoreNames.NER_BASE)).isCloseTo(study.rBase(), within(1e-12));
        // 2 exact of 3 predicted, 3 gold
        assertThat(evaluation.scores().get(ScoreNames.ENTITY_F1)).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(evaluation.flags()).containsExactly(AdherenceFlag.EXTRA_CONTENT);

        Evaluation unreadable = evaluator.evaluate(task, item, prompt, List.of(), "Once upon a time there was a cat.");
        assertThat(unreadable.flags()).contains(AdherenceFlag.UNPARSEABLE);
        assertThat(unreadable.scores().get(ScoreNames.NER_SCORE)).isZero();
        assertThat(unreadable.scores().get(ScoreNames.ENTITY_F1)).isZero();
    }

    @Test
    void classificationRecordsLabelsAndFlagsInvalidOrWordyAnswers() {
        TaskDefinition task = task("classification");
        ClassificationItem item = (ClassificationItem) task.items().get(0);
        RenderedPrompt prompt = PromptBuilder.build(task, item);

        Evaluation bare = evaluator.evaluate(task, item, prompt, List.of(), "Billing.");
        assertThat(bare.scores()).containsEntry(ScoreNames.ACCURACY, 1.0);
        assertThat(bare.details()).containsEntry("predicted", "billing").containsEntry("gold", "billing");
        assertThat(bare.flags()).isEmpty();

        Evaluation wordy = evaluator.evaluate(task, item, prompt, List.of(), "The ticket is about technical problems.");
        assertThat(wordy.scores()).containsEntry(ScoreNames.ACCURACY, 0.0);
        assertThat(wordy.details()).containsEntry("predicted", "technical");
        assertThat(wordy.flags()).containsExactly(AdherenceFlag.EXTRA_CONTENT);

        Evaluation invalid = evaluator.evaluate(task, item, prompt, List.of(), "Once upon a time");
        assertThat(invalid.scores()).containsEntry(ScoreNames.ACCURACY, 0.0);
        assertThat(invalid.details()).containsEntry("predicted", ClassificationLabels.NONE);
        assertThat(invalid.flags()).containsExactly(AdherenceFlag.INVALID_LABEL);
    }

    @Test
    void ragScoresTheAnswerWithoutItsSourcesLineAndTheRetrievedIds() {
        TaskDefinition task = task("rag");
        RagItem item = (RagItem) task.items().get(0);
        List<String> retrieved = List.of("greenhouse#1", "greenhouse#3");
        RenderedPrompt prompt = PromptBuilder.build(task, item, PromptBuilder.goldContext(task, item));
        Evaluation evaluation =
                evaluator.evaluate(task, item, prompt, retrieved, "At 6:00 every morning.\nSources: [greenhouse#1]");

        assertThat(evaluation.scores())
                .containsEntry(ScoreNames.EXACT_MATCH, 1.0)
                .containsEntry(ScoreNames.TOKEN_F1, 1.0)
                .containsEntry(ScoreNames.CONTEXT_PRECISION, 0.5)
                .containsEntry(ScoreNames.CONTEXT_RECALL, 1.0)
                .doesNotContainKey(ScoreNames.EMBEDDING_SIMILARITY);
    }

    @Test
    void generationWithoutReferenceMetricsHasNoScoresAndAnEmptyAnswerIsUnparseable() {
        TaskDefinition task = task("generation");
        var item = task.items().get(0);
        Evaluation evaluation = evaluator.evaluate(task, item, PromptBuilder.build(task, item), List.of(), "  ");
        assertThat(evaluation.scores()).isEmpty();
        assertThat(evaluation.flags()).containsExactly(AdherenceFlag.UNPARSEABLE);
    }

    @Test
    void entityF1CountsEachGoldEntityOnce() {
        var gold = List.of(new NamedEntity("Lisbon", "LOCATION"));
        assertThat(ItemEvaluator.entityF1(
                        List.of(new NamedEntity("Lisbon", "location"), new NamedEntity("Lisbon", "LOCATION")), gold))
                .isCloseTo(2 * 0.5 * 1.0 / 1.5, within(1e-12));
        assertThat(ItemEvaluator.entityF1(List.of(), List.of())).isEqualTo(1.0);
        assertThat(ItemEvaluator.entityF1(List.of(), gold)).isZero();
    }
}
