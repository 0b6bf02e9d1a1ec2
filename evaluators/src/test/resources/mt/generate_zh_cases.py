"""Regenerates zh_tokenizer_cases.json: sacreBLEU's zh tokenizer on tricky lines, including the code points
at the edges of its _UCODE_RANGES (two of which Python compares as two-character strings).

Run with sacreBLEU 2.6.0 installed:  python generate_zh_cases.py > zh_tokenizer_cases.json
TokenizerZhTest asserts our tokenizer reproduces every line exactly.
"""
import json

from sacrebleu.tokenizers.tokenizer_zh import TokenizerZh

LINES = [
    "我们今天去北京。",
    "中文标点，还有全角！？（括号）",
    "日本語のテキスト、句読点。",
    "他说：“这是2024年的3.5%增长，比去年高1,200点。”",
    "Mixed 中文 and English, with numbers 1.000,50 and 12-15.",
    "  leading and trailing spaces\u3000\u2003 ",
    "\u3000全角空格\u3000在中间\u3000",
    "Emoji 😀 and symbols € £ ¥ © ® ™ ± × ÷ √ ∞ ≠ ≤ ≥ → ⇒ 𝄞",
    "&quot;不是实体&quot; <skipped> hyphen-\nated",
    "edges \u2000 \u2001x\u2a6dy\u2a6e \u2f80 \u2f81z\u2fa1w\u2fa2",
    "outside BMP \U00020000\U0002A6D6 \U0002F800",
    "ranges \u33ff\u3400\u4db5\u4db6\u9fbb\u9fbc\uf900\ufad9\uffef\ufff0 \u2600\u27bf\u2e80",
    "ＡＢＣ１２３ half-width ｶﾀｶﾅ 한국어",
    "...,,,;;;!!!???。。。",
    "a.b,c 5.x x.5 5,x x,5 a-5 5-a 5-5 中.文,字-5",
    "",
    "单",
]

tokenizer = TokenizerZh()
print(json.dumps(dict(generator="sacreBLEU 2.6.0, generate_zh_cases.py",
                      cases=[dict(line=line, tokenized=tokenizer(line)) for line in LINES]),
                 ensure_ascii=False, indent=0))
