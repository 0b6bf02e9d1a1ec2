package org.slmcluster.evaluators.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntityAnswerParserTest {

    private final EntityAnswerParser open = new EntityAnswerParser(Set.of());
    private final EntityAnswerParser typed = new EntityAnswerParser(Set.of("PERSON", "LOCATION", "ORGANIZATION"));

    private static final List<NamedEntity> OBAMA_HAWAII =
            List.of(new NamedEntity("Barack Obama", "PERSON"), new NamedEntity("Hawaii", "LOCATION"));

    @Test
    void jsonListOfObjectsIsClean() {
        ParsedAnswer p = open.parse(
                "[{\"text\": \"Barack Obama\", \"type\": \"PERSON\"}, {\"text\": \"Hawaii\", \"type\": \"LOCATION\"}]");
        assertThat(p.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(p.hasExtraContent()).isFalse();
        assertThat(p.parseFailed()).isFalse();
    }

    @Test
    void jsonObjectForms() {
        assertThat(open.parse(
                                "{\"entities\": [{\"entity\": \"Barack Obama\", \"label\": \"PERSON\"}, [\"Hawaii\", \"LOCATION\"]]}")
                        .entities())
                .isEqualTo(OBAMA_HAWAII);
        ParsedAnswer byType =
                open.parse("{\"PERSON\": [\"Barack Obama\"], \"LOCATION\": [\"Hawaii\"], \"ORGANIZATION\": []}");
        assertThat(byType.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(byType.hasExtraContent()).isFalse();
    }

    @Test
    void codeFenceAndSurroundingProseAreExtraContent() {
        ParsedAnswer fenced = open.parse(
                "```json\n[{\"text\": \"Barack Obama\", \"type\": \"PERSON\"}, {\"text\": \"Hawaii\", \"type\": \"LOCATION\"}]\n```");
        assertThat(fenced.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(fenced.hasExtraContent()).isTrue();
        ParsedAnswer prose = open.parse(
                "Sure! Here they are: [[\"Barack Obama\", \"PERSON\"], [\"Hawaii\", \"LOCATION\"]] Hope this helps.");
        assertThat(prose.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(prose.hasExtraContent()).isTrue();
    }

    @Test
    void entityParenTypeLinesWithBullets() {
        ParsedAnswer p = open.parse("1. Barack Obama (PERSON)\n2. Hawaii (LOCATION)");
        assertThat(p.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(p.hasExtraContent()).isFalse();
        assertThat(open.parse("- Barack Obama (PERSON)\n* Hawaii [LOCATION]").entities())
                .isEqualTo(OBAMA_HAWAII);
    }

    @Test
    void typeColonLinesWithSeveralEntities() {
        ParsedAnswer p = open.parse("PERSON: Barack Obama, Michelle Obama\nLOCATION: Hawaii\nORGANIZATION: none");
        assertThat(p.entities())
                .containsExactly(
                        new NamedEntity("Barack Obama", "PERSON"),
                        new NamedEntity("Michelle Obama", "PERSON"),
                        new NamedEntity("Hawaii", "LOCATION"));
        assertThat(p.hasExtraContent()).isFalse();
    }

    @Test
    void entityColonTypeWhenTheTypeIsRequested() {
        assertThat(typed.parse("Barack Obama: PERSON\nHawaii - LOCATION").entities())
                .isEqualTo(OBAMA_HAWAII);
    }

    @Test
    void pythonStyleJsonAndEntityDashTypeWithoutRequestedTypes() {
        ParsedAnswer p =
                open.parse("[{'text': 'Barack Obama', 'type': 'PERSON'}, {'text': 'Hawaii', 'type': 'LOCATION'},]");
        assertThat(p.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(p.hasExtraContent()).isFalse();
        assertThat(open.parse("Barack Obama - PERSON\nHawaii: LOCATION").entities())
                .isEqualTo(OBAMA_HAWAII);
        assertThat(open.parse("ORGANIZATION: NASA").entities())
                .containsExactly(new NamedEntity("NASA", "ORGANIZATION"));
        ParsedAnswer bold = open.parse("1. **Barack Obama** - PERSON\n2. **Hawaii** - LOCATION");
        assertThat(bold.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(bold.hasExtraContent()).isTrue();
    }

    @Test
    void headingsAndExplanationsAreExtraContent() {
        ParsedAnswer p = typed.parse("Here are the entities I found:\n- Barack Obama (PERSON)\n- Hawaii (LOCATION)\n"
                + "These are all the named entities in the text.");
        assertThat(p.entities()).isEqualTo(OBAMA_HAWAII);
        assertThat(p.hasExtraContent()).isTrue();
        assertThat(open.parse("**PERSON**: Barack Obama").hasExtraContent()).isTrue();
    }

    @Test
    void parseFailuresAreReported() {
        ParsedAnswer prose = open.parse("I am not sure which entities you mean, could you clarify?");
        assertThat(prose.parseFailed()).isTrue();
        assertThat(prose.failureReason()).contains("no entity list");
        ParsedAnswer weirdJson = open.parse("{\"count\": 3}");
        assertThat(weirdJson.parseFailed()).isTrue();
        assertThat(weirdJson.failureReason()).contains("JSON");
    }

    @Test
    void explicitNoneIsAValidEmptyAnswer() {
        for (String none : new String[] {"None", "No entities found.", "[]", "{}", ""}) {
            ParsedAnswer p = open.parse(none);
            assertThat(p.parseFailed()).as(none).isFalse();
            assertThat(p.entities()).as(none).isEmpty();
        }
    }
}
