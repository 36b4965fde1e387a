// Part of `npm run build`: saves every tiktoken-style vocabulary as a binary rank table in
// dist/rank-tables/, so a run loads one in milliseconds instead of parsing base64 text (~150 ms for
// o200k_base), and the data of each one's backtracking encoder (~1 s to compute for o200k_base). Runs
// after tsc, from the compiled sources.
import { mkdir, writeFile } from "node:fs/promises";
import { backtrackDataToBinary } from "../dist/tokenizers/backtrack-data.js";
import { compileMergeList, mergeListToBinary } from "../dist/tokenizers/merge-list-data.js";
import { backtrackDataUrl, RANK_SOURCES, rankTableUrl } from "../dist/tokenizers/rank-sources.js";
import { gemma3BinaryUrl, readGemma3Json } from "../dist/tokenizers/sentencepiece-families.js";

const names = Object.keys(RANK_SOURCES);
const LEGACY = new Set(["p50k_base", "r50k_base"]);
await mkdir(new URL(".", rankTableUrl(names[0])), { recursive: true });
for (const name of names) {
  const table = await RANK_SOURCES[name].build();
  await writeFile(rankTableUrl(name), table.toBinary());
  // The legacy GPT-3 encodings (no priced model uses them) compute theirs when first needed instead.
  if (!LEGACY.has(name)) await writeFile(backtrackDataUrl(name), backtrackDataToBinary(table.backtrack()));
}
// Gemma 3's vocabulary (a merge-list SentencePiece BPE): ~9 MB of JSON to parse, ~20 ms as binary.
await writeFile(gemma3BinaryUrl, mergeListToBinary(compileMergeList(await readGemma3Json())));
