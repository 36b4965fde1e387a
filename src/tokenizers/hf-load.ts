// `hf:PATH` tokenizers: a Hugging Face tokenizer.json named by its path, read (hf-json.ts), converted
// to the engine's tables and cached under a name made of the file's content hash (table-cache.ts), so
// the second run reads the tables in milliseconds instead of parsing the JSON again.
import type { BigIntStats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { dataError, noInputError, specialKind } from "../errors.js";
import { type HfPlan, readHfTokenizer } from "./hf-json.js";
import { type CompiledHf, createHfTokenizer } from "./hf-tokenizer.js";
import { RankTable } from "./rank-table.js";
import { loadTable, readCachedTableSync, removeCachedTable, saveCachedTable } from "./table-cache.js";
import type { Tokenizer } from "./types.js";

// node:crypto is loaded on first use: importing it (with the fifteen internal modules it loads) cost
// ~5-10 ms of every start-up, for what only some runs do.
const crypto = () => createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

const PREFIX = "hf:";

/** True for a tokenizer named `hf:PATH` (a tokenizer.json file). */
export function isHfSpec(id: string | undefined): boolean {
  return typeof id === "string" && id.startsWith(PREFIX) && id.length > PREFIX.length;
}

/** `hf:PATH` with PATH made absolute from `base` (the working directory, or a pricing file's folder). */
export function resolveHfSpec(id: string, base: string): string {
  const path = id.slice(PREFIX.length);
  return isAbsolute(path) ? id : `${PREFIX}${resolve(base, path)}`;
}

/** No tokenizer.json comes near this (the largest public ones are ~35 MB). */
const MAX_FILE_BYTES = 512n * 1024n * 1024n;

/**
 * The tokenizer of `hf:PATH`: its tables from the cache when this file (by content) was converted
 * before, else read from the JSON, converted and cached. Exact: the counts are the file's own.
 */
export async function loadHfTokenizer(id: string): Promise<Tokenizer> {
  const path = resolve(id.slice(PREFIX.length));
  const stats = await statTokenizerFile(path);
  // The content hash of a file seen before, unchanged since (same size, times and inode, as git's
  // index trusts them), is remembered, one record per path: reading and hashing a 33 MB file cost
  // ~200 ms of a warm start.
  const seenAs = `hf-seen-${sha256(path)}`;
  const stamp = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  const seen = parseSeen(readCachedTableSync(seenAs));
  let content: Uint8Array | undefined;
  let hash = seen?.stamp === stamp ? seen.hash : undefined;
  if (!hash) {
    content = await readTokenizerFile(path);
    hash = sha256(content);
  }
  const compiled = await loadTable(
    `hf-${hash}`,
    async () => {
      content ??= await readTokenizerFile(path);
      let json: unknown;
      const text = new TextDecoder().decode(content);
      try {
        json = JSON.parse(text);
      } catch (error) {
        // Node's message quotes the file's text: its control characters (which could move the cursor
        // or recolour the terminal) are shown as escapes, as render/format.ts printable() shows them
        // (tokenizers/ may not import render/).
        const message = (error as Error).message.split("\n")[0] ?? "";
        throw dataError(path, `not JSON (${message.replace(CONTROL, escapeControl)})`);
      }
      const data = readHfTokenizer(json, path);
      return toBinary(data.plan, RankTable.fromTokens(data.vocabulary, []), data.merges, bigramsOf(data));
    },
    fromBinary,
  );
  if (seen?.stamp !== stamp) {
    // Remembered only once the file converted (or its tables loaded): a file llmcost refuses leaves
    // no record behind.
    saveCachedTable(seenAs, new TextEncoder().encode(`${stamp} ${hash}`));
    // The file changed since it was converted: its old tables (~10 MB) are not kept (a copy of the
    // old file elsewhere would be converted again).
    if (seen && seen.hash !== hash) removeCachedTable(`hf-${seen.hash}.bin`);
  }
  return createHfTokenizer(id, compiled);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const escapeControl = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A record of hf-seen-*: the file's stat stamp and its content hash. */
function parseSeen(bytes: Uint8Array | undefined): { stamp: string; hash: string } | undefined {
  const match = bytes && /^(\S+) ([0-9a-f]{24})$/.exec(new TextDecoder().decode(bytes));
  return match ? { stamp: match[1] as string, hash: match[2] as string } : undefined;
}

/** The first 24 hex digits of a SHA-256. */
const sha256 = (data: Uint8Array | string) =>
  crypto().createHash("sha256").update(data).digest("hex").slice(0, 24);

async function readTokenizerFile(path: string): Promise<Uint8Array> {
  await statTokenizerFile(path);
  try {
    return await readFile(path);
  } catch (error) {
    throw noInputError(path, `cannot read (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
}

/** The file's stats, once it is known to be a regular file of a size a tokenizer.json can have. */
async function statTokenizerFile(path: string): Promise<BigIntStats> {
  let stats: BigIntStats;
  try {
    stats = await stat(path, { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw noInputError(
      path,
      code === "ENOENT" ? "no such file (expected a tokenizer.json)" : `cannot read (${code})`,
    );
  }
  if (stats.isDirectory()) throw noInputError(path, "is a directory (expected a tokenizer.json)");
  if (!stats.isFile())
    throw dataError(path, `is ${specialKind(stats)}, not a regular file (expected a tokenizer.json)`);
  if (stats.size > MAX_FILE_BYTES)
    throw dataError(path, "larger than 512 MiB, too large for a tokenizer.json");
  return stats;
}

/** Code points side by side in some token, for cutting long SentencePiece-style pieces (not byte-level). */
function bigramsOf(data: ReturnType<typeof readHfTokenizer>): Int32Array {
  if (data.plan.byteLevel) return new Int32Array(0);
  const decoder = new TextDecoder();
  const seen = new Set<number>();
  const pairs: number[] = [];
  for (const [, bytes] of data.vocabulary) {
    let previous = -1;
    for (const char of decoder.decode(bytes)) {
      const code = char.codePointAt(0) as number;
      // Each pair as one number: string keys made this ~2× slower.
      const key = previous * 0x110000 + code;
      if (previous >= 0 && !seen.has(key)) {
        seen.add(key);
        pairs.push(previous, code);
      }
      previous = code;
    }
  }
  return Int32Array.from(pairs);
}

const MAGIC = new TextEncoder().encode("LLMHFTK1");

/**
 * The cached form: "LLMHFTK1", four u32 lengths (rank table bytes, merge ints, bigram ints, plan
 * bytes), the rank table (rank-table.ts) padded to 4 bytes, the merges, the bigrams, the plan as JSON.
 */
function toBinary(plan: HfPlan, vocabulary: RankTable, merges: Int32Array, bigrams: Int32Array): Uint8Array {
  const table = vocabulary.toBinary();
  const planBytes = new TextEncoder().encode(JSON.stringify(plan));
  const tableSpace = Math.ceil(table.length / 4) * 4;
  const out = new Uint8Array(24 + tableSpace + 4 * (merges.length + bigrams.length) + planBytes.length);
  out.set(MAGIC);
  const view = new DataView(out.buffer);
  [table.length, merges.length, bigrams.length, planBytes.length].forEach((value, i) => {
    view.setUint32(8 + 4 * i, value, true);
  });
  let at = 24;
  out.set(table, at);
  at += tableSpace;
  out.set(new Uint8Array(merges.buffer, merges.byteOffset, merges.byteLength), at);
  at += merges.byteLength;
  out.set(new Uint8Array(bigrams.buffer, bigrams.byteOffset, bigrams.byteLength), at);
  at += bigrams.byteLength;
  out.set(planBytes, at);
  return out;
}

/** Reads what toBinary wrote (throws on anything else, so a damaged cache file is rebuilt). */
function fromBinary(data: Uint8Array): CompiledHf {
  const own = data.byteOffset % 4 === 0 ? data : data.slice();
  if (own.length < 24 || MAGIC.some((byte, i) => own[i] !== byte))
    throw new Error("not a converted tokenizer");
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const [tableBytes, mergeInts, bigramInts, planBytes] = [0, 1, 2, 3].map((i) =>
    view.getUint32(8 + 4 * i, true),
  ) as [number, number, number, number];
  const tableSpace = Math.ceil(tableBytes / 4) * 4;
  if (own.length !== 24 + tableSpace + 4 * (mergeInts + bigramInts) + planBytes)
    throw new Error("a truncated converted tokenizer");
  let at = own.byteOffset + 24;
  const vocabulary = RankTable.fromBinary(new Uint8Array(own.buffer, at, tableBytes));
  at += tableSpace;
  const merges = new Int32Array(own.buffer, at, mergeInts);
  at += 4 * mergeInts;
  const bigrams = new Int32Array(own.buffer, at, bigramInts);
  at += 4 * bigramInts;
  const plan = JSON.parse(new TextDecoder().decode(new Uint8Array(own.buffer, at, planBytes))) as HfPlan;
  return { plan, vocabulary, merges, bigrams };
}
