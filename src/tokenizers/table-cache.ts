// The tables derived from the vocabularies (binary rank tables, backtracking data, Gemma 3's compiled
// vocabulary: ~60 MB, ~6 s to build them all) are not shipped in the package: each is built the first
// time a run needs it and kept in the user's cache directory, $XDG_CACHE_HOME/llmcost/<TABLE_KEY>/
// (else ~/.cache/llmcost/<TABLE_KEY>/), where later runs read it in a few milliseconds.
//
// Why this file reads the environment and touches files although src/io is where I/O belongs: the
// tokenizers load their vocabularies themselves, lazily, deep inside a count (the backtracking data is
// read mid-count, synchronously) and in worker threads that get no `io`; threading a cache through
// every loader would put a file-system dependency into each tokenizer's interface for what is only a
// speed-up. So all of it is here, in one small module, and nothing in it can fail a run: a missing,
// read-only or unwritable cache directory means the table is built in memory (and nothing is printed,
// so piped output stays clean); a truncated or corrupt file is detected and rebuilt.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
import { threadId } from "node:worker_threads";
import * as zlib from "node:zlib";
import { TABLE_KEY } from "./table-key.js";

/**
 * Every cache file ends in this trailer: the magic, the length of what precedes it and the CRC-32 of
 * the file's name followed by what precedes it (u32s, little endian). A file cut short (a full disk, a
 * copy interrupted), changed inside, or copied over another table's name fails the check and is
 * rebuilt, so a damaged cache can never give a wrong count marked exact. zlib's CRC-32 reads ~5 GB/s
 * (3 ms for o200k_base's two files), a small part of a warm start. Writes go through a temporary file
 * and a rename, so a crash mid-write leaves no partial file under the real name.
 */
const TRAILER_MAGIC = new TextEncoder().encode("LLMCACHE");
const TRAILER_BYTES = TRAILER_MAGIC.length + 8;
/** zlib.crc32 is in Node 20.15 and later; before that nothing is read from the cache (built in memory). */
const crc32 = (zlib as { crc32?: (data: Uint8Array | string, value?: number) => number }).crc32;
const checksumOf = (file: string, payload: Uint8Array): number | undefined =>
  crc32 ? crc32(payload, crc32(file)) >>> 0 : undefined;

/**
 * Where the tables are cached, or undefined when there is nowhere (no home directory). A relative
 * XDG_CACHE_HOME is ignored, as the XDG Base Directory specification says.
 */
export function tableCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "llmcost", TABLE_KEY);
  let home = env.HOME;
  if (!home) {
    try {
      home = homedir();
    } catch {
      return undefined;
    }
  }
  return home ? join(home, ".cache", "llmcost", TABLE_KEY) : undefined;
}

/** The payload of cache file `file`'s bytes, or undefined if its trailer does not match it. */
function payloadOf(file: string, bytes: Uint8Array): Uint8Array | undefined {
  const length = bytes.length - TRAILER_BYTES;
  if (length < 0 || TRAILER_MAGIC.some((byte, i) => bytes[length + i] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + length + TRAILER_MAGIC.length, 8);
  if (view.getUint32(0, true) !== length) return undefined;
  const payload = bytes.subarray(0, length);
  const checksum = checksumOf(file, payload);
  return checksum !== undefined && view.getUint32(4, true) === checksum ? payload : undefined;
}

/** A cached table, in shared memory (so worker threads can be handed it), or undefined. */
async function readShared(file: string): Promise<Uint8Array | undefined> {
  const dir = tableCacheDir();
  if (!dir) return undefined;
  try {
    const handle = await open(join(dir, file));
    try {
      const { size } = await handle.stat();
      const data = new Uint8Array(new SharedArrayBuffer(size));
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(data, at, size - at, at);
        if (bytesRead === 0) return undefined;
        at += bytesRead;
      }
      return payloadOf(file, data);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** A cached table read synchronously (for data first needed in the middle of a count), or undefined. */
export function readCachedTableSync(file: string): Uint8Array | undefined {
  const dir = tableCacheDir();
  if (!dir) return undefined;
  try {
    return payloadOf(file, readFileSync(join(dir, file)));
  } catch {
    return undefined;
  }
}

/** Tables read synchronously (the backtracking data), in shared memory, by path. */
const sharedSyncTables = new Map<string, Uint8Array>();
/** Where a worker thread asks for such a table before reading its own copy (askForTablesWith). */
let askAnotherThread: ((file: string) => Uint8Array | undefined) | undefined;

/**
 * Makes readSharedTableSync ask `ask` first: a worker thread asks the main thread, which hands over its
 * copy (reading it once if it had not). A copy per thread cost each ~10 MB per tokenizer and the read
 * (~50 ms for o200k_base's, in the middle of a count), and the copies crowd each other out of the cache
 * the cores share, as the rank tables did.
 */
export function askForTablesWith(ask: (file: string) => Uint8Array | undefined): void {
  askAnotherThread = ask;
}

/**
 * A cached table read synchronously (for data first needed in the middle of a count), in shared
 * memory, once per process: handed over by another thread, else read from the cache; or undefined.
 */
export function readSharedTableSync(file: string): Uint8Array | undefined {
  const dir = tableCacheDir();
  if (!dir) return undefined;
  const path = join(dir, file);
  const known = sharedSyncTables.get(path);
  if (known) return known;
  let table = askAnotherThread?.(file);
  if (!table) {
    try {
      const fd = openSync(path, "r");
      try {
        const size = fstatSync(fd).size;
        const data = new Uint8Array(new SharedArrayBuffer(size));
        for (let at = 0; at < size; ) {
          const read = readSync(fd, data, at, size - at, at);
          if (read === 0) return undefined;
          at += read;
        }
        table = payloadOf(file, data);
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }
  if (table) sharedSyncTables.set(path, table);
  return table;
}

/**
 * Makes `dir` and its missing parents one level at a time; true if `dir` itself was made. (Node's
 * recursive mkdir never returns where a file system says a child is missing after refusing to make
 * it, as /proc does: XDG_CACHE_HOME=/proc/self/fd hung a run.) Throws when a level cannot be made.
 */
function makeDirectories(dir: string): boolean {
  const missing: string[] = [];
  for (let at = dir; !isDirectory(at); at = dirname(at)) {
    if (dirname(at) === at) throw new Error(`no directory above ${dir}`);
    missing.unshift(at);
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another run made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return missing.length > 0 && missing[missing.length - 1] === dir;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

let temporaries = 0;

/**
 * Saves a table in the cache if it can, never failing: written to a temporary file of this process
 * and thread, then renamed over the real name in one step, so concurrent runs and worker threads
 * building the same table never read each other's half-written file.
 */
export function saveCachedTable(file: string, payload: Uint8Array): void {
  const dir = tableCacheDir();
  const checksum = checksumOf(file, payload);
  if (!dir || checksum === undefined) return;
  // A table saved again was rejected (or missing): a copy read before is not handed out again.
  sharedSyncTables.delete(join(dir, file));
  const temporary = join(dir, `.${file}.${process.pid}-${threadId}-${temporaries++}.tmp`);
  const trailer = new Uint8Array(TRAILER_BYTES);
  trailer.set(TRAILER_MAGIC);
  new DataView(trailer.buffer).setUint32(TRAILER_MAGIC.length, payload.length, true);
  new DataView(trailer.buffer).setUint32(TRAILER_MAGIC.length + 4, checksum, true);
  try {
    if (makeDirectories(dir)) removeOtherKeys(dir);
    const fd = openSync(temporary, "wx");
    try {
      writeFileSync(fd, payload);
      writeFileSync(fd, trailer);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(dir, file));
    removeAbandoned(dir);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or gone already.
    }
  }
}

/** Removes a cached table if it is there, never failing (another run may be reading it: it has it open). */
export function removeCachedTable(file: string): void {
  const dir = tableCacheDir();
  if (!dir) return;
  try {
    rmSync(join(dir, file), { force: true });
  } catch {
    // Not ours to remove, or gone already.
  }
}

/** How old a temporary file must be to count as abandoned (its writer killed before the rename). */
const ABANDONED_MS = 10 * 60 * 1000;

/** Removes temporary files that a killed run left behind (saves are rare: only after a build). */
function removeAbandoned(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(".") || !name.endsWith(".tmp")) continue;
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > ABANDONED_MS) rmSync(path, { force: true });
  }
}

/** A cache directory's name as the build stamps it (table-key.ts): version, "-", 12 hex digits. */
const STAMPED_KEY = /^\d+\.\d+\.\d+(?:-[\w.]+)?-[0-9a-f]{12}$/;

/**
 * When a new key's directory is made (an upgrade, a changed build), the tables of other keys are
 * removed: ~35 MB each, and no longer read by this version. Only names the build stamps are touched
 * (token-counts/ and the rest of llmcost's cache stay); a run of another version still installed
 * builds its own again.
 */
function removeOtherKeys(dir: string): void {
  const parent = dirname(dir);
  for (const name of readdirSync(parent)) {
    if (name !== basename(dir) && STAMPED_KEY.test(name))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/**
 * The tables this thread has loaded, by name, in shared memory. A run's counting threads are handed
 * them (useSharedTables) rather than reading copies of their own, so every thread probes the same copy:
 * with one copy per thread, two threads each counted ~35% slower than one alone, their tables crowding
 * each other out of the cache the cores share. Tables built in memory are shared the same way.
 */
const sharedTables = new Map<string, Uint8Array>();

/** The tables loaded so far, by name, each over a SharedArrayBuffer. */
export function sharedTablesByName(): Record<string, Uint8Array> {
  return Object.fromEntries(sharedTables);
}

/** Makes loadTable use these tables (from another thread's sharedTablesByName) instead of reading. */
export function useSharedTables(tables: Readonly<Record<string, Uint8Array>>): void {
  for (const [name, table] of Object.entries(tables)) sharedTables.set(name, table);
}

/**
 * A derived table: handed over by another thread, else read from the cache (NAME.bin), else built —
 * and then saved for the next run. `parse` throws on bytes that are not a whole table of its format,
 * which sends a damaged cache file to be rebuilt and replaced.
 */
export async function loadTable<T>(
  name: string,
  build: () => Promise<Uint8Array>,
  parse: (bytes: Uint8Array) => T,
): Promise<T> {
  const handed = sharedTables.get(name);
  if (handed) return parse(handed);
  const file = `${name}.bin`;
  const cached = await readShared(file);
  if (cached) {
    try {
      const table = parse(cached);
      sharedTables.set(name, cached);
      return table;
    } catch {
      // Damaged or of another layout: built again below.
    }
  }
  const built = await build();
  const shared = new Uint8Array(new SharedArrayBuffer(built.length));
  shared.set(built);
  const table = parse(shared);
  saveCachedTable(file, shared);
  sharedTables.set(name, shared);
  return table;
}
