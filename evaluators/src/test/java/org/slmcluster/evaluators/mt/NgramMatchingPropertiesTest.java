package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast n-gram matching (corpus-wide trie ids for BLEU, segment-local packed keys for chrF, with its
 * string-key fallback for large alphabets times orders) against a direct transcription of sacreBLEU's
 * Counter arithmetic on strings, on random text with shared vocabulary, supplementary characters and
 * several references.
 */
class NgramMatchingPropertiesTest {

    private static final String[] SYMBOLS = {
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z", "ä", "ß", "é", "😀", "𝄞", "中", ".", ",", "!", "(", ")", "-", "'", "1", "2",
    };

    @Provide
    Arbitrary<List<String>> segments() {
        Arbitrary<String> word =
                Arbitraries.of(SYMBOLS).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
        Arbitrary<String> segment = word.list().ofMinSize(0).ofMaxSize(12).map(l -> String.join(" ", l));
        return segment.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 150)
    void chrfMatchesCounterArithmetic(
            @ForAll("segments") List<String> hyps,
            @ForAll("segments") List<String> refsA,
            @ForAll @IntRange(min = 1, max = 14) int charOrder,
            @ForAll @IntRange(min = 0, max = 3) int wordOrder,
            @ForAll boolean whitespace,
            @ForAll boolean eps) {
        int n = Math.min(hyps.size(), refsA.size());
        List<String> h = hyps.subList(0, n);
        List<String> a = refsA.subList(0, n);
        List<String> b = new ArrayList<>();
        for (String s : a) {
            b.add(new StringBuilder(s)
                    .reverse()
                    .toString()
                    .replace("\uDE00\uD83D", "\uD83D\uDE00")
                    .replace("\uDD1E\uD834", "\uD834\uDD1E"));
        }
        ChrfOptions options = new ChrfOptions(charOrder, wordOrder, 2, false, whitespace, eps);
        Chrf chrf = new Chrf(options);
        double fast = chrf.corpusScore(h, List.of(a, b)).score();
        long[] sum = new long[3 * (charOrder + wordOrder)];
        for (int i = 0; i < n; i++) {
            long[] best = null;
            double bestF = -1;
            for (String ref : List.of(a.get(i), b.get(i))) {
                long[] stats = naiveChrfStats(h.get(i), ref, options);
                double f = chrf.fScore(stats);
                if (f > bestF) {
                    bestF = f;
                    best = stats;
                }
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += best[k];
            }
        }
        assertThat(fast).isCloseTo(chrf.fScore(sum), within(1e-12));
    }

    private static long[] naiveChrfStats(String hyp, String ref, ChrfOptions o) {
        List<Map<String, Integer>> hn = new ArrayList<>();
        List<Map<String, Integer>> rn = new ArrayList<>();
        String hc = o.whitespace() ? hyp : PythonText.removeWhitespace(hyp);
        String rc = o.whitespace() ? ref : PythonText.removeWhitespace(ref);
        for (int n = 1; n <= o.charOrder(); n++) {
            hn.add(charNgrams(hc, n));
            rn.add(charNgrams(rc, n));
        }
        for (int n = 1; n <= o.wordOrder(); n++) {
            hn.add(wordNgrams(Chrf.words(hyp), n));
            rn.add(wordNgrams(Chrf.words(ref), n));
        }
        long[] stats = new long[3 * hn.size()];
        for (int k = 0; k < hn.size(); k++) {
            long hypCount = 0;
            long match = 0;
            for (Map.Entry<String, Integer> e : hn.get(k).entrySet()) {
                hypCount += e.getValue();
                Integer r = rn.get(k).get(e.getKey());
                if (r != null) {
                    match += Math.min(e.getValue(), r);
                }
            }
            long refCount =
                    rn.get(k).values().stream().mapToLong(Integer::longValue).sum();
            stats[3 * k] = rn.get(k).isEmpty() ? 0 : hypCount;
            stats[3 * k + 1] = refCount;
            stats[3 * k + 2] = match;
        }
        return stats;
    }

    private static Map<String, Integer> charNgrams(String s, int n) {
        int[] cps = s.codePoints().toArray();
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) {
            map.merge(new String(cps, i, n), 1, Integer::sum);
        }
        return map;
    }

    private static Map<String, Integer> wordNgrams(String[] words, int n) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i + n <= words.length; i++) {
            map.merge(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + n)), 1, Integer::sum);
        }
        return map;
    }

    @Property(tries = 150)
    void bleuStatisticsMatchCounterArithmetic(
            @ForAll("segments") List<String> hyps,
            @ForAll("segments") List<String> refs,
            @ForAll @IntRange(min = 1, max = 6) int order) {
        int n = Math.min(hyps.size(), refs.size());
        List<String> h = hyps.subList(0, n);
        List<String> a = refs.subList(0, n);
        List<String> b = new ArrayList<>();
        for (String s : a) {
            b.add(s.isEmpty() ? "a" : s.substring(0, s.length() / 2) + " a b");
        }
        assertBleuMatchesCounterArithmetic(h, a, b, order);
    }

    /**
     * More distinct words than packed n-gram keys hold (16 bits a word): BLEU falls back to the trie
     * dictionary and still counts exactly.
     */
    @Example
    void bleuWithAVocabularyBeyondPackedKeysMatchesCounterArithmetic() {
        List<String> h = new ArrayList<>();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        int word = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder ref = new StringBuilder();
            StringBuilder hyp = new StringBuilder();
            for (int t = 0; t < 24; t++) {
                String w = "w" + (word++);
                ref.append(w).append(' ');
                hyp.append(random.nextInt(4) == 0 ? "x" + t : w).append(' ');
            }
            a.add(ref.toString().strip());
            h.add(hyp.toString().strip());
            b.add("w" + random.nextInt(word) + " common words");
        }
        assertThat(word).isGreaterThan(PackedNgrams.MAX_VOCABULARY);
        assertBleuMatchesCounterArithmetic(h, a, b, 4);
    }

    private static void assertBleuMatchesCounterArithmetic(List<String> h, List<String> a, List<String> b, int order) {
        int n = h.size();
        BleuOptions options =
                BleuOptions.defaults().withTokenizer(BleuTokenizer.NONE).withMaxNgramOrder(order);
        BleuScore fast = new Bleu(options).corpusScore(h, List.of(a, b));
        long[] correct = new long[order];
        long[] total = new long[order];
        long sysLen = 0;
        long refLen = 0;
        for (int i = 0; i < n; i++) {
            String[] hw = PythonText.split(h.get(i));
            Map<String, Integer> refMax = new HashMap<>();
            int[] lens = new int[2];
            int r = 0;
            for (String ref : List.of(a.get(i), b.get(i))) {
                String[] rw = PythonText.split(ref);
                lens[r++] = rw.length;
                for (int k = 1; k <= order; k++) {
                    String prefix = k + "|";
                    wordNgrams(rw, k).forEach((g, c) -> refMax.merge(prefix + g, c, Math::max));
                }
            }
            for (int k = 1; k <= order; k++) {
                for (Map.Entry<String, Integer> e : wordNgrams(hw, k).entrySet()) {
                    total[k - 1] += e.getValue();
                    correct[k - 1] += Math.min(e.getValue(), refMax.getOrDefault(k + "|" + e.getKey(), 0));
                }
            }
            sysLen += hw.length;
            refLen += Bleu.closestReferenceLength(hw.length, lens);
        }
        assertThat(fast.counts()).containsExactly(correct);
        assertThat(fast.totals()).containsExactly(total);
        assertThat(fast.sysLen()).isEqualTo(sysLen);
        assertThat(fast.refLen()).isEqualTo(refLen);
    }

    @Property(tries = 200)
    void performShiftKeepsEveryWordOnce(
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 0, max = 11) int start,
            @ForAll @IntRange(min = 1, max = 10) int length,
            @ForAll @IntRange(min = 0, max = 12) int target) {
        if (start >= n || start + length > n || target > n) {
            return;
        }
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = i;
        }
        int[] shifted = TranslationEditRate.performShift(words, start, length, target);
        assertThat(shifted).hasSize(n);
        assertThat(java.util.Arrays.stream(shifted).sorted().toArray()).containsExactly(words);
    }
}
