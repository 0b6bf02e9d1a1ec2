package org.slmcluster.evaluators.rouge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

    private final PorterStemmer stemmer = new PorterStemmer();

    /** NLTK's nltk/test/stem.doctest ("Unit tests for the Porter stemmer"). */
    @Test
    void nltkDoctestPlurals() {
        String[] plurals = {
            "caresses",
            "flies",
            "dies",
            "mules",
            "denied",
            "died",
            "agreed",
            "owned",
            "humbled",
            "sized",
            "meeting",
            "stating",
            "siezing",
            "itemization",
            "sensational",
            "traditional",
            "reference",
            "colonizer",
            "plotted"
        };
        List<String> singles = new ArrayList<>();
        for (String p : plurals) {
            singles.add(stemmer.stem(p));
        }
        assertThat(String.join(" ", singles))
                .isEqualTo(
                        "caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot");
    }

    /** NLTK's nltk/test/unit/test_stem.py: test_oed_bug and test_lowercase_option; stem.doctest's "generously". */
    @Test
    void nltkUnitTestCases() {
        assertThat(stemmer.stem("oed")).isEqualTo("o");
        assertThat(stemmer.stem("On")).isEqualTo("on");
        assertThat(stemmer.stem("I")).isEqualTo("i");
        assertThat(stemmer.stem("Github")).isEqualTo("github");
        assertThat(stemmer.stem("generously")).isEqualTo("gener");
    }

    @Test
    void irregularFormsOfTheNltkExtensions() {
        assertThat(stemmer.stem("dying")).isEqualTo("die");
        assertThat(stemmer.stem("skies")).isEqualTo("sky");
        assertThat(stemmer.stem("succeed")).isEqualTo("succeed");
        assertThat(stemmer.stem("innings")).isEqualTo("inning");
    }

    /**
     * 17k words stemmed by the real NLTK 3.8 {@code PorterStemmer()} (NLTK_EXTENSIONS); NLTK's own vocabulary
     * test (porter_test/porter_nltk_output.txt) lives in nltk_data, which is not obtainable here.
     */
    @Test
    void agreesWithNltkOnAVocabulary() throws IOException {
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("porter_nltk_extensions.tsv")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                String actual = stemmer.stem(parts[0]);
                if (!actual.equals(parts[1])) {
                    mismatches.add(parts[0] + " -> " + actual + " (NLTK: " + parts[1] + ")");
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(17000);
        assertThat(mismatches).isEmpty();
    }
}
