// BOM handling: ai-tokenizer vs js-tiktoken on o200k_base and cl100k_base
import { Tokenizer } from 'ai-tokenizer';
import * as o200 from 'ai-tokenizer/encoding/o200k_base';
import * as cl100 from 'ai-tokenizer/encoding/cl100k_base';
import { getEncoding } from 'js-tiktoken';
import { IMPLS } from './impls.mjs';
const tests = ['\uFEFFhello world', '\uFEFF# Title\n', 'a\uFEFFb', '\uFEFF', 'x \uFEFF\uFEFF y'];
for (const [n, a, b] of [['o200k', o200, 'o200k_base'], ['cl100k', cl100, 'cl100k_base']]) {
  const ai = new Tokenizer(a), jt = getEncoding(b);
  for (const t of tests) console.log(n, JSON.stringify(t), 'ai-tokenizer', ai.encode(t).join(','), ' js-tiktoken', jt.encode(t).join(','));
}
const l3ai = await IMPLS.llama3['ai-tokenizer engine(ranks)'](), l3jt = await IMPLS.llama3['js-tiktoken(ranks from lenml json)']();
for (const t of ['', ...tests]) console.log('llama3', JSON.stringify(t), l3ai(t), l3jt(t));
