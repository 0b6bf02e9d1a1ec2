package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * sacreBLEU 2.6.0's {@code zh} tokenizer, line by line: Chinese and full-width text, Python-only whitespace
 * (U+3000 is both whitespace and "Chinese"), the code points at the edges of its ranges (two of which Python
 * compares as two-character strings), characters outside the BMP. Expected strings come from sacreBLEU
 * itself (src/test/resources/mt/generate_zh_cases.py); BLEU with {@code tokenize="zh"} is in
 * {@link SacrebleuGoldenCasesTest}.
 */
class TokenizerZhTest {

    @TestFactory
    Stream<DynamicTest> everyLineTokenizesAsSacrebleu() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/mt/zh_tokenizer_cases.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String line = c.get("line").asText();
            String expected = c.get("tokenized").asText();
            tests.add(DynamicTest.dynamicTest(
                    line.isEmpty() ? "(empty)" : line,
                    () -> assertThat(BleuTokenizer.fromName("zh").tokenize(line))
                            .isEqualTo(expected)));
        }
        assertThat(tests).hasSizeGreaterThan(10);
        return tests.stream();
    }

    @Test
    void theQuirkyRangesAreWhatPythonsStringComparisonMakesThem() {
        // u'\u20000' <= c <= u'\u2a6d6' holds for U+2001..U+2A6D, not for U+2000 (nor U+20000).
        assertThat(TokenizerZh.isChinese(0x2A6D)).isTrue();
        assertThat(TokenizerZh.isChinese(0x2A6E)).isFalse();
        assertThat(TokenizerZh.isChinese(0x2000)).isFalse();
        assertThat(TokenizerZh.isChinese(0x20000)).isFalse();
        assertThat(BleuTokenizer.fromName("zh").tokens("中文abc")).containsExactly("中", "文", "abc");
    }
}
