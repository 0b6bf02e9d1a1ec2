"""Regenerates sacrebleu_cases.json: inputs with tricky text and option combinations, scored by sacreBLEU.

Run with sacreBLEU 2.6.0 installed:  python generate_sacrebleu_cases.py > sacrebleu_cases.json
The Java tests (SacrebleuGoldenCasesTest) assert our metrics reproduce every number to 1e-9.
"""
import json
import random

from sacrebleu.metrics import BLEU, CHRF, TER

rng = random.Random(20171)

TRICKY = [
    "Hello, world! It's 3,000.5 km -- or 1-2 days (maybe).",
    "The U.S. economy grew 2.5% in Q3; analysts' forecasts: 2,4%.",
    "&quot;Quoted&quot; &amp; escaped &lt;tags&gt; <skipped> here",
    "Ünïcödé “smart quotes” — em-dash… ellipsis «guillemets» ¿qué? ¡sí!",
    "Emoji 😀 and symbols € £ ¥ © ® ™ ± × ÷ √ ∞ ≠ ≤ ≥ → ⇒ 𝄞 𝔘𝔫𝔦",
    "ΣΊΣΥΦΟΣ ΟΔΥΣΣΕΥΣ İstanbul DİYARBAKIR Straße ǅemal",
    "日本語のテキスト、句読点。中文标点，还有全角！？（括号）",
    "  leading and trailing spaces\u3000\u2003 ",
    "tabs\tand\u00a0non-breaking\u202fspaces\u2009here",
    "numbers 1.000,50 12-15 3.14 -7 +8 1/2 ½ ² Ⅻ ٣",
    "possessive John's dog's bone isn't theirs 's",
    "hyphen-\nated line\nbreaks",
    "\ufeffBOM at start",
    "combining e\u0301 a\u0308 and zero\u200bwidth",
    "",
    "a",
    "...,,,;;;!!!???",
    "x.y,z 5.x x.5 5,x x,5 a-5 5-a 5-5",
]

WORDS = ("the a of to in and is was that for on with as by at from it this an be are "
         "Haus Katze Hund schnell langsam gestern heute Regierung sagte Mittwoch").split()


def random_sentence(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def variants(base):
    words = base.split()
    shuffled = words[:]
    rng.shuffle(shuffled)
    dropped = [w for w in words if rng.random() > 0.3]
    return [" ".join(shuffled), " ".join(dropped), base.upper(), base + " extra tail words here"]


hyps, refs_a, refs_b = [], [], []
for text in TRICKY:
    hyps.append(text)
    refs_a.append(rng.choice(TRICKY))
    refs_b.append(text[::-1] if text else "b")
for n in (1, 3, 8, 20, 45, 70):
    base = random_sentence(n)
    for v in variants(base):
        hyps.append(v)
        refs_a.append(base)
        refs_b.append(random_sentence(max(1, n // 2)))
# extreme length ratio: beam widening in TER
hyps.append("word")
refs_a.append(random_sentence(130))
refs_b.append("word " + random_sentence(60))
hyps.append(random_sentence(130))
refs_a.append("the")
refs_b.append(random_sentence(3))

cases = []


def bleu_case(kwargs, refs, sentence=False):
    metric = BLEU(**kwargs)
    if sentence:
        out = []
        for i, h in enumerate(hyps):
            s = metric.sentence_score(h, [r[i] for r in refs])
            out.append(dict(score=s.score, precisions=s.precisions, bp=s.bp, sys_len=s.sys_len, ref_len=s.ref_len))
        return out
    s = metric.corpus_score(hyps, refs)
    return dict(score=s.score, precisions=s.precisions, bp=s.bp, sys_len=s.sys_len, ref_len=s.ref_len)


for tok in ("13a", "intl", "zh", "char", "none"):
    for lc in (False, True):
        for refs_name, refs in (("a", [refs_a]), ("ab", [refs_a, refs_b])):
            cases.append(dict(metric="bleu", options=dict(tokenize=tok, lowercase=lc), refs=refs_name,
                              expected=bleu_case(dict(tokenize=tok, lowercase=lc), refs)))
for method, value in (("exp", None), ("floor", None), ("floor", 0.3), ("add-k", None), ("add-k", 2.0), ("none", None)):
    for order in (2, 4, 6):
        kw = dict(smooth_method=method, smooth_value=value, max_ngram_order=order, effective_order=True)
        cases.append(dict(metric="bleu", options=kw, refs="a", sentence=True,
                          expected=bleu_case(kw, [refs_a], sentence=True)))
        kw2 = dict(smooth_method=method, smooth_value=value, max_ngram_order=order)
        cases.append(dict(metric="bleu", options=kw2, refs="ab", expected=bleu_case(kw2, [refs_a, refs_b])))

for cw in (0, 2):
    for ws in (False, True):
        for eps in (False, True):
            for lc in (False, True):
                for beta in (1, 2, 3):
                    kw = dict(word_order=cw, whitespace=ws, eps_smoothing=eps, lowercase=lc, beta=beta)
                    for refs_name, refs in (("a", [refs_a]), ("ab", [refs_a, refs_b])):
                        metric = CHRF(**kw)
                        cases.append(dict(metric="chrf", options=kw, refs=refs_name,
                                          expected=dict(score=metric.corpus_score(hyps, refs).score)))
                    if beta == 2 and not lc:
                        metric = CHRF(**kw)
                        cases.append(dict(metric="chrf", options=kw, refs="ab", sentence=True,
                                          expected=[dict(score=metric.sentence_score(h, [refs_a[i], refs_b[i]]).score)
                                                    for i, h in enumerate(hyps)]))
for cc in (1, 3):
    kw = dict(char_order=cc, word_order=1)
    cases.append(dict(metric="chrf", options=kw, refs="a",
                      expected=dict(score=CHRF(**kw).corpus_score(hyps, [refs_a]).score)))

for norm in (False, True):
    for nopunct in (False, True):
        for asian in (False, True):
            for cs in (False, True):
                kw = dict(normalized=norm, no_punct=nopunct, asian_support=asian, case_sensitive=cs)
                metric = TER(**kw)
                for refs_name, refs in (("a", [refs_a]), ("ab", [refs_a, refs_b])):
                    s = metric.corpus_score(hyps, refs)
                    cases.append(dict(metric="ter", options=kw, refs=refs_name,
                                      expected=dict(score=s.score, num_edits=s.num_edits, ref_length=s.ref_length)))
                if not nopunct and not asian and not cs:
                    out = []
                    for i, h in enumerate(hyps):
                        s = metric.sentence_score(h, [refs_a[i], refs_b[i]])
                        out.append(dict(score=s.score, num_edits=s.num_edits, ref_length=s.ref_length))
                    cases.append(dict(metric="ter", options=kw, refs="ab", sentence=True, expected=out))

print(json.dumps(dict(generator="sacreBLEU 2.6.0, generate_sacrebleu_cases.py", hyps=hyps, refs_a=refs_a,
                      refs_b=refs_b, cases=cases), ensure_ascii=False, indent=0))
