package org.slmcluster.evaluators.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class VerdictJsonTest {

    @Test
    void acceptsAnObjectAloneOrInAJsonCodeFence() {
        assertThat(VerdictJson.parseObject("  {\"verdict\": 1}\n")
                        .get("verdict")
                        .asInt())
                .isEqualTo(1);
        assertThat(VerdictJson.parseObject("```json\n{\"verdict\": 0}\n```")
                        .get("verdict")
                        .asInt())
                .isZero();
        assertThat(VerdictJson.parseObject("```\n{\"verdict\": 0}\n```")
                        .get("verdict")
                        .asInt())
                .isZero();
    }

    @Test
    void rejectsAnythingElse() {
        assertThatThrownBy(() -> VerdictJson.parseObject("Sure! {\"verdict\": 1}"))
                .isInstanceOf(MalformedVerdictException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> VerdictJson.parseObject("{\"verdict\": 1} I hope this helps"))
                .isInstanceOf(MalformedVerdictException.class);
        assertThatThrownBy(() -> VerdictJson.parseObject("{'verdict': 1}"))
                .isInstanceOf(MalformedVerdictException.class);
        assertThatThrownBy(() -> VerdictJson.parseObject("[1, 0]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> VerdictJson.parseObject("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> VerdictJson.parseObject(null)).hasMessageContaining("nothing");
        assertThatThrownBy(() -> VerdictJson.parseObject("```python\n{\"verdict\": 1}\n```"))
                .hasMessageContaining("not json");
        assertThatThrownBy(() -> VerdictJson.parseObject("```json\n{\"verdict\": 1}"))
                .hasMessageContaining("unterminated");
    }

    @Test
    void binaryVerdictsAreZeroOneOrBooleanOnly() {
        JsonNode ok = VerdictJson.parseObject("{\"a\": 1, \"b\": 0, \"c\": true, \"d\": \"1\", \"e\": 2, \"f\": 0.5}");
        assertThat(VerdictJson.binary(ok, "a")).isTrue();
        assertThat(VerdictJson.binary(ok, "b")).isFalse();
        assertThat(VerdictJson.binary(ok, "c")).isTrue();
        assertThatThrownBy(() -> VerdictJson.binary(ok, "d")).hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> VerdictJson.binary(ok, "e")).hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> VerdictJson.binary(ok, "f")).hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> VerdictJson.binary(ok, "missing")).hasMessageContaining("missing field");
    }
}
