package org.slmcluster.evaluators.mt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sacreBLEU's {@code TercomTokenizer} (tokenizer_ter.py), a re-implementation of Tercom's normalizer. */
final class TercomTokenizer {

    // Hiragana / Katakana runs "only when adjacent to something else", as written in tokenizer_ter.py;
    // (?d) makes '$' match before a final '\n' only, like Python's re.
    private static final Pattern[] KANA_RUNS = {
        Pattern.compile("(?d)(^|^[\\u3040-\\u309f])([\\u3040-\\u309f]+)(?=$|^[\\u3040-\\u309f])"),
        Pattern.compile("(?d)(^|^[\\u30a0-\\u30ff])([\\u30a0-\\u30ff]+)(?=$|^[\\u30a0-\\u30ff])"),
        Pattern.compile("(?d)(^|^[\\u31f0-\\u31ff])([\\u31f0-\\u31ff]+)(?=$|^[\\u31f0-\\u31ff])"),
    };
    private static final Pattern POSSESSIVE_AT_END = Pattern.compile("(?d)'s$");

    private final TerOptions options;

    TercomTokenizer(TerOptions options) {
        this.options = options;
    }

    String tokenize(String sent) {
        if (sent.isEmpty()) {
            return "";
        }
        if (!options.caseSensitive()) {
            sent = PythonText.lower(sent);
        }
        if (options.normalized()) {
            sent = normalizeGeneralAndWestern(sent);
            if (options.asianSupport()) {
                sent = normalizeAsian(sent);
            }
        }
        if (options.noPunct()) {
            sent = removePunctuation(sent);
            if (options.asianSupport()) {
                sent = removeAsianPunctuation(sent);
            }
        }
        return PythonText.collapseWhitespace(sent);
    }

    static String normalizeGeneralAndWestern(String sent) {
        sent = sent.replace("\n-", "");
        sent = sent.replace("\n", " ");
        sent = sent.replace("&quot;", "\"");
        sent = sent.replace("&amp;", "&");
        sent = sent.replace("&lt;", "<");
        sent = sent.replace("&gt;", ">");
        sent = " " + sent + " ";
        sent = MtevalPunctuation.separateSymbols(sent);
        sent = sent.replace("'s ", " 's ");
        sent = POSSESSIVE_AT_END.matcher(sent).replaceFirst(" 's");
        sent = MtevalPunctuation.separatePeriodCommaAfterNonDigit(sent);
        sent = MtevalPunctuation.separatePeriodCommaBeforeNonDigit(sent);
        return MtevalPunctuation.separateDashAfterDigit(sent);
    }

    static String normalizeAsian(String sent) {
        // Each of tokenizer_ter.py's single-character class passes, in its order.
        sent = padEach(sent, c -> (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf));
        sent = padEach(sent, c -> (c >= 0x31c0 && c <= 0x31ef) || (c >= 0x2e80 && c <= 0x2eff));
        sent = padEach(
                sent,
                c -> (c >= 0x3300 && c <= 0x33ff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f));
        sent = padEach(sent, c -> c >= 0x3200 && c <= 0x3f22);
        for (Pattern kana : KANA_RUNS) {
            Matcher m = kana.matcher(sent);
            sent = m.replaceAll("$1 $2 ");
        }
        sent = padEach(sent, TercomTokenizer::isAsianPunctuation);
        return padEach(sent, TercomTokenizer::isFullWidthPunctuation);
    }

    static String removePunctuation(String sent) {
        return removeEach(
                sent,
                c -> c == '.' || c == ',' || c == '?' || c == ':' || c == ';' || c == '!' || c == '"' || c == '('
                        || c == ')');
    }

    static String removeAsianPunctuation(String sent) {
        sent = removeEach(sent, TercomTokenizer::isAsianPunctuation);
        return removeEach(sent, TercomTokenizer::isFullWidthPunctuation);
    }

    private static boolean isAsianPunctuation(char c) {
        return c == 0x3001
                || c == 0x3002
                || (c >= 0x3008 && c <= 0x3011)
                || (c >= 0x3014 && c <= 0x301f)
                || (c >= 0xff61 && c <= 0xff65)
                || c == 0x30fb;
    }

    private static boolean isFullWidthPunctuation(char c) {
        return c == 0xff0e
                || c == 0xff0c
                || c == 0xff1f
                || c == 0xff1a
                || c == 0xff1b
                || c == 0xff01
                || c == 0xff02
                || c == 0xff08
                || c == 0xff09;
    }

    private interface CharClass {
        boolean test(char c);
    }

    /** {@code re.sub('([class])', r' \1 ', s)} for a class of BMP characters. */
    private static String padEach(String s, CharClass cls) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (cls.test(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16);
                    out.append(s, 0, i);
                }
                out.append(' ').append(c).append(' ');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code re.sub('[class]', '', s)} for a class of BMP characters. */
    private static String removeEach(String s, CharClass cls) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (cls.test(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                    out.append(s, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
