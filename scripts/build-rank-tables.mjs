// Part of `npm run build`: saves every tiktoken-style vocabulary as a binary rank table in
// dist/rank-tables/, so a run loads one in milliseconds instead of parsing base64 text (~150 ms for
// o200k_base). Runs after tsc, from the compiled sources.
import { mkdir, writeFile } from "node:fs/promises";
import { RANK_SOURCES, rankTableUrl } from "../dist/tokenizers/rank-sources.js";

const names = Object.keys(RANK_SOURCES);
await mkdir(new URL(".", rankTableUrl(names[0])), { recursive: true });
for (const name of names) {
  const table = await RANK_SOURCES[name].build();
  await writeFile(rankTableUrl(name), table.toBinary());
}
