import { readFile } from "node:fs/promises";
import { RankTable } from "./rank-table.js";
import {
  loadTable,
  readSharedTableSync,
  saveCachedTable,
  sharedTablesByName,
  useSharedTables,
} from "./table-cache.js";

/** Where each tiktoken-style vocabulary comes from, and its id offset (special tokens first). */
interface RankSource {
  build: () => Promise<RankTable>;
  idOffset: number;
}

const fromJsTiktoken = (load: () => Promise<{ default: unknown }>) => async () => {
  const data = (await load()).default as { pat_str: string; bpe_ranks: string };
  return RankTable.fromBpeRanks(data.bpe_ranks, [data.pat_str]);
};

/** A vocabulary file in the package's tokenizers/ folder (see tokenizers/README.md for sources). */
const fromShipped = (file: string) => async () => {
  // src/tokenizers and dist/tokenizers are both two levels below the package root.
  const url = new URL(`../../tokenizers/${file}`, import.meta.url);
  const data = JSON.parse(await readFile(url, "utf8")) as { patterns: string[]; bpe_ranks: string };
  return RankTable.fromBpeRanks(data.bpe_ranks, data.patterns);
};

/** Every tiktoken-style vocabulary llmcost runs; each is cached as a binary rank table on first use. */
export const RANK_SOURCES: Readonly<Record<string, RankSource>> = {
  // One dynamic import per encoding, so a run that builds a table loads only its own data.
  o200k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/o200k_base")), idOffset: 0 },
  cl100k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/cl100k_base")), idOffset: 0 },
  p50k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/p50k_base")), idOffset: 0 },
  r50k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/r50k_base")), idOffset: 0 },
  "llama-3": { build: fromShipped("llama-3.json"), idOffset: 0 },
  "mistral-tekken": { build: fromShipped("mistral-tekken-240718.json"), idOffset: 1000 },
  "deepseek-v3": { build: fromShipped("deepseek-v3.json"), idOffset: 0 },
  // Its text is normalized to NFC before splitting (registry.ts: withNfc); the ranks are plain.
  "qwen-3": { build: fromShipped("qwen-3.json"), idOffset: 0 },
};

/** The binary rank tables loaded so far, for handing to worker threads (see table-cache.ts). */
export const sharedRankTables = sharedTablesByName;

/** Makes loadRankTable use these tables (from another thread's sharedRankTables) instead of reading. */
export const useSharedRankTables = useSharedTables;

/**
 * A vocabulary's rank table: handed over by another thread, or read from the cache in a few
 * milliseconds, or — on first use — built from the vocabulary (~150 ms for o200k_base) and cached.
 */
export async function loadRankTable(name: string): Promise<RankTable> {
  const source = RANK_SOURCES[name];
  if (!source) throw new Error(`no rank source named ${name}`);
  const table = await loadTable(name, async () => (await source.build()).toBinary(), RankTable.fromBinary);
  // The backtracking data is read synchronously, in the middle of a count, and only by a text with
  // long pieces; computed (~1 s for o200k_base) and cached the first time one needs it.
  const file = `${name}.backtrack.bin`;
  return table.backtrackFrom(
    () => readSharedTableSync(file),
    (data) => saveCachedTable(file, data),
  );
}
