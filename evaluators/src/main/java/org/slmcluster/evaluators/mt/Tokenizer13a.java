package org.slmcluster.evaluators.mt;

/** sacreBLEU's {@code 13a} tokenizer (mteval-v13a, the WMT standard): tokenizer_13a.py + tokenizer_re.py. */
final class Tokenizer13a {

    private Tokenizer13a() {
    }

    static String tokenize(String line) {
        line = line.replace("<skipped>", "");
        line = line.replace("-\n", "");
        line = line.replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"");
            line = line.replace("&amp;", "&");
            line = line.replace("&lt;", "<");
            line = line.replace("&gt;", ">");
        }
        String s = " " + line + " ";
        s = MtevalPunctuation.separateSymbols(s);
        s = MtevalPunctuation.separatePeriodCommaAfterNonDigit(s);
        s = MtevalPunctuation.separatePeriodCommaBeforeNonDigit(s);
        s = MtevalPunctuation.separateDashAfterDigit(s);
        return PythonText.collapseWhitespace(s);
    }
}
