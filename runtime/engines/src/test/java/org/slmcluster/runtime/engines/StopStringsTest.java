package org.slmcluster.runtime.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StopStringsTest {

    @Property(tries = 500)
    void outputIsTheTextBeforeTheFirstStopStringHoweverTheTextIsSplit(
            @ForAll @Chars({'a', 'b', 'c'}) @StringLength(max = 40) String text,
            @ForAll @Size(min = 1, max = 3) List<@Chars({'a', 'b', 'c'}) @StringLength(min = 1, max = 4) String> stops,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 40) Integer> cuts) {
        // A stop inside another could legitimately end generation earlier when pieces arrive one by one.
        for (String a : stops) {
            for (String b : stops) {
                Assume.that(a.equals(b) || !a.contains(b));
            }
        }
        int first =
                stops.stream().mapToInt(text::indexOf).filter(i -> i >= 0).min().orElse(-1);
        String expected = first < 0 ? text : text.substring(0, first);

        List<String> emitted = new ArrayList<>();
        StopStrings filter = new StopStrings(stops, emitted::add);
        List<Integer> bounds = new ArrayList<>(
                cuts.stream().map(c -> Math.min(c, text.length())).sorted().toList());
        bounds.add(text.length());
        int from = 0;
        boolean stopped = false;
        for (int to : bounds) {
            if (!stopped && to >= from) {
                stopped = filter.accept(text.substring(from, to));
                from = to;
            }
        }
        filter.finish();

        assertThat(String.join("", emitted)).isEqualTo(expected).isEqualTo(filter.text());
        assertThat(filter.stopped()).isEqualTo(first >= 0);
        assertThat(emitted).noneMatch(String::isEmpty);
    }

    @Test
    void holdsBackAPossibleStopStartUntilItIsDecided() {
        List<String> emitted = new ArrayList<>();
        StopStrings filter = new StopStrings(List.of("\n\nQ:"), emitted::add);

        assertThat(filter.accept("Paris.\n")).isFalse();
        assertThat(emitted).containsExactly("Paris.");
        assertThat(filter.accept("\nQ")).isFalse();
        assertThat(emitted).containsExactly("Paris.");
        assertThat(filter.accept("uiz")).isFalse();
        assertThat(emitted).containsExactly("Paris.", "\n\nQuiz");
        assertThat(filter.accept(" time\n\nQ: next")).isTrue();
        assertThat(filter.text()).isEqualTo("Paris.\n\nQuiz time");
        assertThat(filter.accept("more")).isTrue();
        assertThat(filter.text()).isEqualTo("Paris.\n\nQuiz time");
    }
}
