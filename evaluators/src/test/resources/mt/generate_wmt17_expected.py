# Regenerates wmt17_en_de_sacrebleu.json: python generate_wmt17_expected.py <shared>/wmt17_en_de/newstest2017_en_de.json
# (writes /tmp/mtref/wmt17_ref.json; the test resource keeps its "results" object).
import json, time, sys
from sacrebleu.metrics import BLEU, CHRF, TER
d = json.load(open(sys.argv[1]))
refs = [d['reference']]
out = {}
t = {'bleu':0,'chrf':0,'chrfpp':0,'ter':0}
for name, hyps in d['systems'].items():
    r = {}
    s=time.time(); b = BLEU().corpus_score(hyps, refs); t['bleu']+=time.time()-s
    r['bleu'] = dict(score=b.score, precisions=b.precisions, bp=b.bp, sys_len=b.sys_len, ref_len=b.ref_len)
    s=time.time(); r['chrf'] = CHRF().corpus_score(hyps, refs).score; t['chrf']+=time.time()-s
    s=time.time(); r['chrfpp'] = CHRF(word_order=2).corpus_score(hyps, refs).score; t['chrfpp']+=time.time()-s
    if 'noter' not in sys.argv:
        s=time.time(); te = TER().corpus_score(hyps, refs); t['ter']+=time.time()-s
        r['ter'] = dict(score=te.score, num_edits=te.num_edits, ref_length=te.ref_length)
    out[name] = r
    print(name, repr(r), flush=True)
print(t)
json.dump({'results': out, 'seconds': t}, open('/tmp/mtref/wmt17_ref.json','w'), indent=1)
