package org.slmcluster.runtime.rag.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationsTest {

    private static final List<String> SHOWN = List.of("station-access#1", "station-access#2", "freezer-guide#3");

    @Test
    void idsOnTheSourcesLineAreCitedInOrderOnce() {
        String answer = "From 9:00 to 15:00.\nSources: station-access#2, [station-access#1]; station-access#2.";
        assertThat(Citations.cited(answer, SHOWN)).containsExactly("station-access#2", "station-access#1");
        assertThat(Citations.withoutSources(answer)).isEqualTo("From 9:00 to 15:00.");
    }

    @Test
    void aSourcesLineIdNotShownIsStillRecordedAsWritten() {
        assertThat(Citations.cited("Yes.\n**Source:** travel-policy#9", SHOWN)).containsExactly("travel-policy#9");
    }

    @Test
    void bracketedMentionsCountOnlyForShownChunks() {
        String answer = "Report it [station-access#2] at once [sic], see [freezer-guide#3].";
        assertThat(Citations.cited(answer, SHOWN)).containsExactly("station-access#2", "freezer-guide#3");
        assertThat(Citations.withoutSources(answer)).isEqualTo(answer);
    }

    @Test
    void noCitationsGiveNoIds() {
        assertThat(Citations.cited("Once upon a time there was a cat.", SHOWN)).isEmpty();
    }
}
