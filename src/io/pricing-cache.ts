// The shipped price list, validated once per build and kept in the table cache's directory
// ($XDG_CACHE_HOME/llmcost/<TABLE_KEY>/pricing.bin, written and checked as the tables are: a CRC-32
// trailer, a temporary file renamed into place). Reading and validating the 22 provider files (634
// models, their periods turned into picodollars) took ~60 ms of every run, most of it the collection of
// what the checks allocate; the cached result parses in a few. The cache holds what validation gave
// for these very bytes: it is used only for the same build (CODE_KEY), the same directory and label,
// and files of the same names and contents (a CRC-32 of each, read afresh each run). Anything else — a
// change, a missing or damaged cache file, no cache directory, no zlib.crc32 (Node < 20.15) — falls
// back to validating the files, silently, and the cache is rewritten.
import { accessSync, constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as zlib from "node:zlib";
import type { ProviderFile } from "../pricing/types.js";
import { readCachedTableSync, saveCachedTable, tableCacheDir } from "../tokenizers/table-cache.js";
import { CODE_KEY } from "../tokenizers/table-key.js";
import { NAMED_FILE_CAPS } from "./read-named-file.js";

const CACHE_FILE = "pricing.bin";
/** Marks a BigInt (a price in picodollars) in the cached JSON: no string of a validated file starts so (checked before saving). */
const BIGINT_MARK = "\u0001";
const BIGINT_CODE = 1;

const crc32 = (zlib as { crc32?: (data: Uint8Array | string, value?: number) => number }).crc32;

export interface ShippedPricingCache {
  /** The provider files as validating these same bytes gave them, or undefined if not cached. */
  readonly files: ProviderFile[] | undefined;
  /** Keeps what validating these bytes gave for the next run; never fails. */
  save(files: readonly ProviderFile[]): Promise<void>;
}

/**
 * The cache of the provider files `names` in `directory`, read in name order with errors naming them
 * `label/<name>`; undefined when nothing may be cached (a build from the sources, no crc32, a file that
 * cannot be read: validating it then reports why).
 */
export async function openShippedPricingCache(
  directory: string,
  label: string,
  names: readonly string[],
  key: string = CODE_KEY,
): Promise<ShippedPricingCache | undefined> {
  if (key === "dev" || !crc32) return undefined;
  const checksum = crc32;
  const sourcesNow = async () => {
    const read = await Promise.all(names.map((name) => readProviderFile(join(directory, name))));
    if (read.some((content) => content === undefined)) return undefined;
    const contents = read as Buffer[];
    return JSON.stringify([
      key,
      directory,
      label,
      names.map((name, i) => [name, contents[i]?.length, checksum(contents[i] as Buffer)]),
    ]);
  };
  const sources = await sourcesNow();
  if (sources === undefined) return undefined;
  return {
    files: cachedFiles(sources),
    save: async (files) => {
      // Encoding and checking it take ~30 ms: not done where nothing can be saved (a read-only home).
      if (!writable()) return;
      const payload = encode(sources, files);
      // Validation read the files again: kept only if they are still the bytes checksummed (a file
      // changed meanwhile would otherwise be cached under its old contents).
      if (payload && (await sourcesNow()) === sources) saveCachedTable(CACHE_FILE, payload);
    },
  };
}

/**
 * A provider file's bytes, or undefined for anything validating it would refuse or report: not there,
 * not a regular file (opened without blocking, so a FIFO never hangs the run), over the size cap.
 */
async function readProviderFile(path: string): Promise<Buffer | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > NAMED_FILE_CAPS.pricing) return undefined;
    return await handle.readFile();
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Whether the cache directory, or the nearest directory above it that exists, may be written to. */
function writable(): boolean {
  const dir = tableCacheDir();
  if (!dir) return false;
  for (let at = dir; ; at = dirname(at)) {
    try {
      accessSync(at, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(at) === at) return false;
    }
  }
}

function cachedFiles(sources: string): ProviderFile[] | undefined {
  const payload = readCachedTableSync(CACHE_FILE);
  if (!payload) return undefined;
  try {
    const cached = JSON.parse(new TextDecoder().decode(payload)) as { sources?: unknown; files?: unknown };
    if (cached.sources !== sources || !Array.isArray(cached.files)) return undefined;
    return revive(cached.files) as ProviderFile[];
  } catch {
    return undefined;
  }
}

/** The cache file's payload, or undefined when the files would not come back from it exactly as they are. */
function encode(sources: string, files: readonly ProviderFile[]): Uint8Array | undefined {
  try {
    const text = JSON.stringify({ sources, files }, (_key, value) =>
      typeof value === "bigint" ? `${BIGINT_MARK}${value}` : value,
    );
    const back = JSON.parse(text) as { files: unknown };
    // Whatever JSON would lose or change (an undefined field, -0, a string that looks marked) is
    // caught here, once, when saving — never read back wrong.
    if (!isDeepStrictEqual(revive(back.files), files)) return undefined;
    return new TextEncoder().encode(text);
  } catch {
    return undefined;
  }
}

/**
 * Turns the marked strings of parsed JSON (objects and arrays) back into BigInts, in place. Written
 * for speed (it runs on every start): for…in and the check inline took ~3 ms where a recursive map
 * over Object.keys took ~10.
 */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string") {
        if (item.charCodeAt(0) === BIGINT_CODE) value[i] = BigInt(item.slice(1));
      } else if (typeof item === "object" && item !== null) revive(item);
    }
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (typeof item === "string") {
        if (item.charCodeAt(0) === BIGINT_CODE) record[key] = BigInt(item.slice(1));
      } else if (typeof item === "object" && item !== null) revive(item);
    }
  }
  return value;
}
