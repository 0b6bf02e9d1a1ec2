package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltinSuitesTest {

    private static Suite builtin;
    private static Suite smoke;

    @BeforeAll
    static void load() throws SuiteException {
        builtin = SuiteLoader.load(SuiteFolders.repositorySuite("builtin"));
        smoke = SuiteLoader.load(SuiteFolders.repositorySuite("smoke"));
    }

    @Test
    void builtinHasOneTaskOfEveryKindWithAtLeast25Items() {
        assertThat(builtin.name()).isEqualTo("builtin");
        assertThat(builtin.tasks()).extracting(TaskDefinition::kind).containsExactlyInAnyOrder(TaskKind.values());
        assertThat(builtin.tasks()).allSatisfy(task -> assertThat(task.items()).hasSizeGreaterThanOrEqualTo(25));
    }

    @Test
    void builtinItemsHaveTheRecordTypeOfTheirTask() {
        Map<TaskKind, Class<?>> expected = Map.of(
                TaskKind.TRANSLATION,
                TranslationItem.class,
                TaskKind.SUMMARIZATION,
                SummarizationItem.class,
                TaskKind.NER,
                NerItem.class,
                TaskKind.CLASSIFICATION,
                ClassificationItem.class,
                TaskKind.RAG,
                RagItem.class,
                TaskKind.GENERATION,
                GenerationItem.class);
        for (TaskDefinition task : builtin.tasks()) {
            assertThat(task.items()).allSatisfy(item -> assertThat(item).isInstanceOf(expected.get(task.kind())));
        }
    }

    @Test
    void builtinTranslationCoversSeveralLanguagePairsInBothDirections() {
        Set<String> pairs = items(builtin, "translation", TranslationItem.class).stream()
                .map(item -> item.sourceLang() + "-" + item.targetLang())
                .collect(Collectors.toSet());
        assertThat(pairs).contains("en-de", "en-fr", "en-es", "de-en", "fr-en");
    }

    @Test
    void builtinNerUsesEveryDeclaredTypeAndExactSpans() {
        TaskDefinition ner = builtin.task("ner").orElseThrow();
        assertThat(ner.entityTypes()).containsExactly("PERSON", "ORGANIZATION", "LOCATION", "DATE");
        List<NerItem> items = items(builtin, "ner", NerItem.class);
        Set<String> usedTypes = items.stream()
                .flatMap(item -> item.entities().stream())
                .map(NamedEntity::type)
                .collect(Collectors.toSet());
        assertThat(usedTypes).containsExactlyInAnyOrderElementsOf(ner.entityTypes());
        assertThat(items)
                .allSatisfy(item -> assertThat(item.entities())
                        .allSatisfy(entity -> assertThat(item.text()).contains(entity.text())));
    }

    @Test
    void builtinClassificationHasFiveDescribedClassesEachUsed() {
        TaskDefinition task = builtin.task("classification").orElseThrow();
        assertThat(task.classNames()).containsExactly("billing", "technical", "account", "shipping", "feedback");
        assertThat(task.classes())
                .allSatisfy(definition -> assertThat(definition.description()).isNotBlank());
        Map<String, Long> perLabel = items(builtin, "classification", ClassificationItem.class).stream()
                .collect(Collectors.groupingBy(ClassificationItem::label, Collectors.counting()));
        assertThat(perLabel)
                .containsOnlyKeys(task.classNames())
                .allSatisfy((label, count) -> assertThat(count).isEqualTo(5));
    }

    @Test
    void builtinRagGoldChunksResolveToParagraphsOfTheDocuments() {
        TaskDefinition rag = builtin.task("rag").orElseThrow();
        RagCollection collection = rag.ragCollection().orElseThrow();
        assertThat(rag.topK()).isEqualTo(3);
        assertThat(collection.chunks()).hasSize(25);
        assertThat(collection.chunk("station-access#5").orElseThrow().text())
                .startsWith("## Emergencies")
                .contains("555");
        assertThat(collection.chunk("travel-policy#4").orElseThrow().text()).contains("120 euros");
        Map<String, RagChunk> chunks = collection.byId();
        for (RagItem item : items(builtin, "rag", RagItem.class)) {
            assertThat(item.goldChunkIds())
                    .isNotEmpty()
                    .allSatisfy(id -> assertThat(chunks).containsKey(id));
        }
    }

    @Test
    void builtinGenerationItemsAllCarryReferences() {
        assertThat(items(builtin, "generation", GenerationItem.class))
                .allSatisfy(item -> assertThat(item.reference()).isNotBlank());
        assertThat(builtin.task("generation").orElseThrow().metrics()).containsExactly(Metric.CHRF, Metric.ROUGE);
    }

    @Test
    void builtinGenerationSettingsAreSharedAndOverriddenPerTask() {
        assertThat(builtin.generation().seed()).isEqualTo(42);
        assertThat(builtin.generation().temperature()).isEqualTo(0.0);
        assertThat(builtin.generation().contextSize()).isEqualTo(2048);
        assertThat(builtin.generation().systemPrompt()).startsWith("You are a careful assistant.");
        GenerationSettings classification =
                builtin.task("classification").orElseThrow().generation();
        assertThat(classification.maxTokens()).isEqualTo(8);
        assertThat(classification.withSeed(42).systemPrompt())
                .isEqualTo(builtin.generation().systemPrompt());
        assertThat(classification.toParameters().maxTokens()).isEqualTo(8);
        assertThat(builtin.task("translation").orElseThrow().generation()).isEqualTo(builtin.generation());
    }

    @Test
    void builtinIdsAreUniquePerTask() {
        for (TaskDefinition task : builtin.tasks()) {
            Set<String> ids = new HashSet<>();
            assertThat(task.items())
                    .allSatisfy(item -> assertThat(ids.add(item.id())).isTrue());
        }
    }

    @Test
    void smokeHasTwoOrThreeItemsPerTaskOfEveryKind() {
        assertThat(smoke.tasks()).extracting(TaskDefinition::kind).containsExactlyInAnyOrder(TaskKind.values());
        assertThat(smoke.tasks())
                .allSatisfy(task -> assertThat(task.items().size()).isBetween(2, 3));
    }

    @Test
    void smokeReadsItsCoNllSentenceIntoEntitiesAndTags() {
        Map<String, NerItem> byId =
                items(smoke, "ner", NerItem.class).stream().collect(Collectors.toMap(NerItem::id, Function.identity()));
        NerItem conll = byId.get("ner-1");
        assertThat(conll.text()).isEqualTo("Anna Berg works for Nordlicht Energy in Kiel .");
        assertThat(conll.entities())
                .containsExactly(
                        new NamedEntity("Anna Berg", "PERSON"),
                        new NamedEntity("Nordlicht Energy", "ORGANIZATION"),
                        new NamedEntity("Kiel", "LOCATION"));
        assertThat(conll.tokens()).hasSize(9);
        assertThat(conll.tags())
                .containsExactly(
                        "B-PERSON", "I-PERSON", "O", "O", "B-ORGANIZATION", "I-ORGANIZATION", "O", "B-LOCATION", "O");
        assertThat(byId.get("ner-01").tokens()).isEmpty();
    }

    @Test
    void smokeUsesDefaultMetricsWhereNoneAreListedAndAllowsReferencelessGeneration() {
        assertThat(smoke.task("translation").orElseThrow().metrics())
                .isEqualTo(Metric.defaultsFor(TaskKind.TRANSLATION));
        assertThat(smoke.task("generation").orElseThrow().metrics()).isEmpty();
        assertThat(items(smoke, "generation", GenerationItem.class))
                .extracting(GenerationItem::reference)
                .containsExactly("A thermometer measures temperature.", null);
    }

    @Test
    void everyMetricNamesAtLeastOneKindAndDefaultsFitTheirKind() {
        assertThat(Arrays.stream(Metric.values()).map(Metric::configName)).doesNotHaveDuplicates();
        for (TaskKind kind : TaskKind.values()) {
            assertThat(Metric.defaultsFor(kind))
                    .allSatisfy(metric -> assertThat(metric.appliesTo(kind)).isTrue());
        }
    }

    private static <T extends TaskItem> List<T> items(Suite suite, String taskId, Class<T> type) {
        return suite.task(taskId).orElseThrow().items().stream().map(type::cast).toList();
    }
}
