package org.slmcluster.evaluators.mt;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * sacreBLEU's BLEU tokenizers that need no external model: {@code 13a} (default), {@code intl}, {@code zh}
 * (sacreBLEU's default for Chinese targets), {@code char}, {@code none}.
 */
public enum BleuTokenizer {
    THIRTEEN_A("13a"),
    INTL("intl"),
    ZH("zh"),
    CHAR("char"),
    NONE("none");

    private final String sacrebleuName;

    BleuTokenizer(String sacrebleuName) {
        this.sacrebleuName = sacrebleuName;
    }

    /** The name sacreBLEU uses ({@code --tokenize} value and {@code tok:} in signatures). */
    public String sacrebleuName() {
        return sacrebleuName;
    }

    /** Tokenizes one segment; the result's tokens are separated by single spaces. */
    public String tokenize(String line) {
        return switch (this) {
            case THIRTEEN_A -> Tokenizer13a.tokenize(line);
            case INTL -> TokenizerIntl.tokenize(line);
            case ZH -> TokenizerZh.tokenize(line);
            case CHAR -> charTokenize(line);
            default -> line;
        };
    }

    /** The tokens of {@link #tokenize}: Python's {@code tokenize(line).split()}. */
    public String[] tokens(String line) {
        return switch (this) {
            case THIRTEEN_A -> Tokenizer13a.tokens(line);
            case ZH -> TokenizerZh.tokens(line);
            default -> PythonText.split(tokenize(line));
        };
    }

    /** {@code " ".join(char for char in line)}: Python iterates code points. */
    private static String charTokenize(String line) {
        StringBuilder out = new StringBuilder(line.length() * 2);
        int i = 0;
        while (i < line.length()) {
            int cp = line.codePointAt(i);
            if (i > 0) {
                out.append(' ');
            }
            out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** The tokenizer with this sacreBLEU name. */
    public static BleuTokenizer fromName(String name) {
        for (BleuTokenizer t : values()) {
            if (t.sacrebleuName.equals(name)) {
                return t;
            }
        }
        String known = Arrays.stream(values()).map(BleuTokenizer::sacrebleuName).collect(Collectors.joining(", "));
        if (name.equals("ja-mecab")
                || name.equals("ko-mecab")
                || name.equals("spm")
                || name.equals("flores101")
                || name.equals("flores200")) {
            throw new IllegalArgumentException("tokenizer '" + name + "' is not supported here: use one of " + known);
        }
        throw new IllegalArgumentException("unknown tokenizer '" + name + "': expected one of " + known);
    }
}
