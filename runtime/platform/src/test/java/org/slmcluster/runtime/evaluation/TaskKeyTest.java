package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TaskKeyTest {

    @Property
    void anIdParsesBackToItsKey(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 12) String suite,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String task,
            @ForAll @StringLength(min = 1, max = 20) String item,
            @ForAll long seed) {
        TaskKey key = new TaskKey(suite, task, item, seed);
        assertThat(TaskKey.parse(key.id())).contains(key);
    }

    @Test
    void itemIdsMayHoldSlashesAndAts() {
        assertThat(TaskKey.parse("builtin/rag/doc/7@home@42"))
                .contains(new TaskKey("builtin", "rag", "doc/7@home", 42));
    }

    @Test
    void whatIsNotAnIdIsEmpty() {
        assertThat(TaskKey.parse("builtin/rag@7")).isEmpty();
        assertThat(TaskKey.parse("builtin/rag/item@")).isEmpty();
        assertThat(TaskKey.parse("builtin/rag/item@x")).isEmpty();
        assertThat(TaskKey.parse("/rag/item@1")).isEmpty();
        assertThat(TaskKey.parse("builtin//item@1")).isEmpty();
        assertThat(TaskKey.parse("builtin/rag/@1")).isEmpty();
    }
}
