package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotBlank;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.ChatMessage;

class PromptBuilderTest {

    private static Suite builtin;

    @BeforeAll
    static void load() throws SuiteException {
        builtin = SuiteLoader.load(SuiteFolders.repositorySuite("builtin"));
    }

    @Test
    void translationPromptIsExactlyTheTemplateWithLanguageNames() {
        TaskDefinition task = task("translation");
        RenderedPrompt prompt = PromptBuilder.build(task, task.item("tr-01").orElseThrow());
        assertThat(prompt.systemPrompt()).isEqualTo(builtin.generation().systemPrompt());
        assertThat(prompt.userMessage())
                .isEqualTo(
                        "Translate the following text from English to German. Answer with the German translation only.\n"
                                + "\n"
                                + "English: The library opens at nine o'clock on weekdays.\n"
                                + "German:");
        RenderedPrompt french = PromptBuilder.build(task, task.item("tr-22").orElseThrow());
        assertThat(french.userMessage()).contains("from French to English").contains("French: Le chat dort");
        RenderedPrompt spanish = PromptBuilder.build(task, task.item("tr-12").orElseThrow());
        assertThat(spanish.userMessage()).contains("from English to Spanish");
    }

    @Test
    void classificationPromptListsEveryClassWithItsDescriptionInOrder() {
        TaskDefinition task = task("classification");
        String user = PromptBuilder.build(task, task.items().get(0)).userMessage();
        int previous = -1;
        for (ClassDefinition definition : task.classes()) {
            int at = user.indexOf("- " + definition.name() + ": " + definition.description());
            assertThat(at).as(definition.name()).isGreaterThan(previous);
            previous = at;
        }
        assertThat(user)
                .contains("one of: billing, technical, account, shipping, feedback.")
                .endsWith("Ticket: " + ((ClassificationItem) task.items().get(0)).text() + "\n\nClass:");
    }

    @Test
    void nerPromptNamesTheEntityTypesAndAsksForJson() {
        TaskDefinition task = task("ner");
        NerItem item = (NerItem) task.items().get(0);
        String user = PromptBuilder.build(task, item).userMessage();
        assertThat(user)
                .contains("Entity types: PERSON, ORGANIZATION, LOCATION, DATE.")
                .contains("JSON list")
                .contains("Text: " + item.text());
        assertThat(item.reference())
                .isEqualTo(
                        "[{\"text\": \"Marta Kowalczyk\", \"type\": \"PERSON\"}, "
                                + "{\"text\": \"Brightwater Analytics\", \"type\": \"ORGANIZATION\"}, "
                                + "{\"text\": \"Gdańsk\", \"type\": \"LOCATION\"}, {\"text\": \"3 March 2021\", \"type\": \"DATE\"}]");
    }

    @Test
    void ragPromptPutsTheRetrievedChunksWithIdsBeforeTheQuestion() {
        TaskDefinition task = task("rag");
        RagItem item = (RagItem) task.item("rag-07").orElseThrow();
        assertThatThrownBy(() -> PromptBuilder.build(task, item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrieved context");
        List<ContextChunk> gold = PromptBuilder.goldContext(task, item);
        assertThat(gold).extracting(ContextChunk::id).containsExactly("station-access#5");
        String user = PromptBuilder.build(task, item, gold).userMessage();
        assertThat(user).contains("[station-access#5] ## Emergencies\nThe assembly point");
        assertThat(user.indexOf("[station-access#5]")).isLessThan(user.indexOf("Question: " + item.question()));
        List<ContextChunk> two = List.of(new ContextChunk("a#1", "One."), new ContextChunk("b#2", "Two."));
        assertThat(PromptBuilder.build(task, item, two).userMessage()).contains("[a#1] One.\n\n[b#2] Two.");
    }

    @Test
    void messagesLeaveOutAnEmptySystemPrompt() {
        RenderedPrompt withSystem = new RenderedPrompt("Be brief.", "Hi");
        assertThat(withSystem.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
        assertThat(new RenderedPrompt("", "Hi").messages()).containsExactly(ChatMessage.user("Hi"));
        assertThat(withSystem
                        .toRequest(builtin.generation().toParameters())
                        .parameters()
                        .seed())
                .isEqualTo(42);
    }

    @Test
    void everyPromptOfTwoIndependentLoadsIsIdentical() throws SuiteException {
        Suite other = SuiteLoader.load(SuiteFolders.repositorySuite("builtin"));
        List<String> hashes = allPromptHashes(builtin);
        assertThat(allPromptHashes(other)).isEqualTo(hashes);
        assertThat(hashes).doesNotHaveDuplicates().hasSize(builtin.itemCount());
    }

    @Property(tries = 200)
    void itemTextIsInsertedVerbatimAndNeverExpanded(@ForAll @NotBlank String text) {
        TaskDefinition task = task("classification");
        ClassificationItem item = new ClassificationItem("p", text + " {{classes}} {{text}}", "billing");
        RenderedPrompt first = PromptBuilder.build(task, item);
        RenderedPrompt second = PromptBuilder.build(task, item);
        assertThat(first).isEqualTo(second);
        assertThat(first.sha256()).isEqualTo(second.sha256());
        assertThat(first.userMessage()).contains("Ticket: " + text + " {{classes}} {{text}}\n\nClass:");
    }

    @Test
    void templatesRejectMalformedPlaceholders() {
        assertThatThrownBy(() -> PromptTemplate.of("a\nb {{Name}}"))
                .hasMessage(
                        "line 2: malformed placeholder {{Name}} (write {{name}} with lower-case letters, digits and underscores)");
        PromptTemplate template = PromptTemplate.of("{{a}}-{{b}}-{{a}} {not} }}");
        assertThat(template.placeholders()).containsExactly("a", "b");
        assertThat(template.render(java.util.Map.of("a", "{{b}}", "b", "2"))).isEqualTo("{{b}}-2-{{b}} {not} }}");
    }

    private static List<String> allPromptHashes(Suite suite) {
        List<String> hashes = new ArrayList<>();
        for (TaskDefinition task : suite.tasks()) {
            for (TaskItem item : task.items()) {
                RenderedPrompt prompt = item instanceof RagItem rag
                        ? PromptBuilder.build(task, rag, PromptBuilder.goldContext(task, rag))
                        : PromptBuilder.build(task, item);
                hashes.add(prompt.sha256());
            }
        }
        return hashes;
    }

    private static TaskDefinition task(String id) {
        return builtin.task(id).orElseThrow();
    }
}
