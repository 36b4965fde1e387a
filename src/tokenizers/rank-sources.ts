import { readFileSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { RankTable } from "./rank-table.js";

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

/** Every tiktoken-style vocabulary llmcost runs; the build saves each as a binary rank table. */
export const RANK_SOURCES: Readonly<Record<string, RankSource>> = {
  // One dynamic import per encoding, so a run that needs no prebuilt table loads only its own data.
  o200k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/o200k_base")), idOffset: 0 },
  cl100k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/cl100k_base")), idOffset: 0 },
  p50k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/p50k_base")), idOffset: 0 },
  r50k_base: { build: fromJsTiktoken(() => import("js-tiktoken/ranks/r50k_base")), idOffset: 0 },
  "llama-3": { build: fromShipped("llama-3.json"), idOffset: 0 },
  "mistral-tekken": { build: fromShipped("mistral-tekken-240718.json"), idOffset: 1000 },
  "deepseek-v3": { build: fromShipped("deepseek-v3.json"), idOffset: 0 },
};

/** Where the build puts a vocabulary's binary rank table (dist/rank-tables/NAME.bin). */
export const rankTableUrl = (name: string) => new URL(`../rank-tables/${name}.bin`, import.meta.url);

/** Where the build puts the data of a vocabulary's backtracking encoder (backtrack-data.ts). */
export const backtrackDataUrl = (name: string) =>
  new URL(`../rank-tables/${name}.backtrack.bin`, import.meta.url);

/**
 * The binary rank tables this thread has read, in shared memory. A run's counting threads are handed
 * them (useSharedRankTables) rather than reading copies of their own, so every thread probes the same
 * copy: with one copy per thread, two threads each counted ~35% slower than one alone, their tables
 * crowding each other out of the cache the cores share.
 */
const sharedTables = new Map<string, Uint8Array>();

/** The binary rank tables read so far, by vocabulary, each over a SharedArrayBuffer. */
export function sharedRankTables(): Record<string, Uint8Array> {
  return Object.fromEntries(sharedTables);
}

/** Makes loadRankTable use these tables (from another thread's sharedRankTables) instead of reading. */
export function useSharedRankTables(tables: Readonly<Record<string, Uint8Array>>): void {
  for (const [name, table] of Object.entries(tables)) sharedTables.set(name, table);
}

/** A file's bytes in shared memory, or undefined if there is no such file. */
async function readShared(url: URL): Promise<Uint8Array | undefined> {
  const handle = await open(url).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const data = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(data, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${url.pathname}: file shrank while being read`);
      at += bytesRead;
    }
    return data;
  } finally {
    await handle.close();
  }
}

/**
 * A vocabulary's rank table: the binary one the build wrote, read in a few milliseconds (or handed
 * over by another thread), or — when running from the sources — built from the data (~150 ms for
 * o200k_base).
 */
export async function loadRankTable(name: string): Promise<RankTable> {
  const source = RANK_SOURCES[name];
  if (!source) throw new Error(`no rank source named ${name}`);
  let binary = sharedTables.get(name);
  if (!binary) {
    binary = await readShared(rankTableUrl(name));
    if (binary) sharedTables.set(name, binary);
  }
  const table = binary ? RankTable.fromBinary(binary) : await source.build();
  // Read synchronously, in the middle of a count, and only by a text with long pieces.
  return table.backtrackFrom(() => {
    try {
      return readFileSync(backtrackDataUrl(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  });
}
