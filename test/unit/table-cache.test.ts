import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../temp-dir.js";

// Each test loads table-cache.ts afresh (vi.resetModules), as a new process would: its tables handed
// between threads are kept per module instance.
type TableCache = typeof import("../../src/tokenizers/table-cache.js");
const freshCache = async (): Promise<TableCache> => {
  vi.resetModules();
  return import("../../src/tokenizers/table-cache.js");
};

const saved = process.env.XDG_CACHE_HOME;
afterEach(() => {
  process.env.XDG_CACHE_HOME = saved;
});

/** Points the table cache at a new directory; returns where the tables land (run from sources: "dev"). */
function useCacheDir(): string {
  const home = tempDir();
  process.env.XDG_CACHE_HOME = home;
  return join(home, "llmcost", "dev");
}

/** A "table" of a few bytes, a build that counts its calls, and a parse that checks the bytes whole. */
function fixture(bytes = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)) {
  const calls = { build: 0 };
  return {
    calls,
    build: async () => {
      calls.build++;
      return bytes;
    },
    parse: (data: Uint8Array) => {
      if (data.length !== bytes.length || data.some((byte, i) => byte !== bytes[i]))
        throw new Error("damaged");
      return Array.from(data);
    },
  };
}

describe("table cache", () => {
  it("is $XDG_CACHE_HOME/llmcost/<key>, else ~/.cache/llmcost/<key>; a relative XDG_CACHE_HOME is ignored", async () => {
    const { tableCacheDir } = await freshCache();
    expect(tableCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/me" })).toBe("/x/cache/llmcost/dev");
    expect(tableCacheDir({ HOME: "/home/me" })).toBe("/home/me/.cache/llmcost/dev");
    expect(tableCacheDir({ XDG_CACHE_HOME: "cache", HOME: "/home/me" })).toBe("/home/me/.cache/llmcost/dev");
  });

  it("cold: builds a table once and saves it, whole, by an atomic rename (no temporary file left)", async () => {
    const dir = useCacheDir();
    const { loadTable } = await freshCache();
    const table = fixture();
    expect(await loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(table.calls.build).toBe(1);
    // Asked again in the same process: the table in memory, neither built nor read again.
    expect(await loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(table.calls.build).toBe(1);
    expect(readdirSync(dir)).toEqual(["t.bin"]);
    // The bytes, then the trailer: "LLMCACHE" and their length.
    const file = readFileSync(join(dir, "t.bin"));
    expect(Array.from(file.subarray(0, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(file.subarray(8, 16).toString("latin1")).toBe("LLMCACHE");
    expect(file.readUInt32LE(16)).toBe(8);
  });

  it("warm: a later run reads the saved table and builds nothing", async () => {
    useCacheDir();
    const table = fixture();
    await (await freshCache()).loadTable("t", table.build, table.parse);
    const { loadTable, sharedTablesByName } = await freshCache();
    expect(await loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(table.calls.build).toBe(1);
    // What was read is in shared memory, to be handed to worker threads.
    expect(sharedTablesByName().t?.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("removes the tables of other versions when it makes its own directory, and nothing else", async () => {
    const dir = useCacheDir();
    const parent = join(dir, "..");
    for (const name of ["0.0.9-0123456789ab", "1.2.3-beta.1-aaaaaaaaaaaa", "token-counts", "notes"]) {
      mkdirSync(join(parent, name), { recursive: true });
      writeFileSync(join(parent, name, "x.bin"), "x");
    }
    const { saveCachedTable } = await freshCache();
    saveCachedTable("t.bin", Uint8Array.of(1));
    expect(readdirSync(parent).sort()).toEqual(["dev", "notes", "token-counts"]);
    // Its directory there already: nothing is looked at again.
    mkdirSync(join(parent, "0.0.9-0123456789ab"));
    saveCachedTable("u.bin", Uint8Array.of(1));
    expect(readdirSync(parent).sort()).toEqual(["0.0.9-0123456789ab", "dev", "notes", "token-counts"]);
  });

  it("removes temporary files a killed run left behind, not one being written now", async () => {
    const dir = useCacheDir();
    mkdirSync(dir, { recursive: true });
    const abandoned = join(dir, ".t.bin.123-0-0.tmp");
    const fresh = join(dir, ".t.bin.456-0-0.tmp");
    writeFileSync(abandoned, "half");
    writeFileSync(fresh, "half");
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(abandoned, anHourAgo, anHourAgo);
    (await freshCache()).saveCachedTable("t.bin", Uint8Array.of(1));
    expect(readdirSync(dir).sort()).toEqual([".t.bin.456-0-0.tmp", "t.bin"]);
  });

  it("a truncated or damaged cache file is detected and rebuilt", async () => {
    const dir = useCacheDir();
    const table = fixture();
    await (await freshCache()).loadTable("t", table.build, table.parse);
    const file = join(dir, "t.bin");
    const whole = readFileSync(file);
    // Cut short: the trailer's length no longer matches.
    truncateSync(file, whole.length - 3);
    expect(await (await freshCache()).loadTable("t", table.build, table.parse)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(table.calls.build).toBe(2);
    expect(readFileSync(file)).toEqual(whole);
    // Whole but wrong inside (the table's own format check fails): rebuilt too.
    const damaged = Buffer.from(whole);
    damaged[0] = 99;
    writeFileSync(file, damaged);
    expect(await (await freshCache()).loadTable("t", table.build, table.parse)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(table.calls.build).toBe(3);
    expect(readFileSync(file)).toEqual(whole);
    // Empty, or not even a trailer's length.
    writeFileSync(file, "");
    expect(await (await freshCache()).loadTable("t", table.build, table.parse)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(table.calls.build).toBe(4);
  });

  it("a file changed inside, or another table's file under its name, fails the checksum and is rebuilt", async () => {
    const dir = useCacheDir();
    // A parse that accepts any bytes: only the cache's own check can tell.
    const accepting = (data: Uint8Array) => Array.from(data);
    const first = fixture();
    await (await freshCache()).loadTable("t", first.build, accepting);
    const other = fixture(Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1));
    await (await freshCache()).loadTable("u", other.build, accepting);
    const file = join(dir, "t.bin");
    const whole = readFileSync(file);
    const changed = Buffer.from(whole);
    changed.writeUInt8(changed.readUInt8(3) ^ 0x10, 3);
    writeFileSync(file, changed);
    expect(await (await freshCache()).loadTable("t", first.build, accepting)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(first.calls.build).toBe(2);
    expect(readFileSync(file)).toEqual(whole);
    // u.bin copied over t.bin: same length, a valid trailer, but another table's.
    writeFileSync(file, readFileSync(join(dir, "u.bin")));
    expect(await (await freshCache()).loadTable("t", first.build, accepting)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(first.calls.build).toBe(3);
  });

  it.runIf(existsSync("/proc/self/fd"))(
    "a cache directory under /proc is given up at once (Node's recursive mkdir loops there)",
    async () => {
      process.env.XDG_CACHE_HOME = "/proc/self/fd";
      const table = fixture();
      const { loadTable } = await freshCache();
      expect(await loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(table.calls.build).toBe(1);
    },
    10_000,
  );

  it("an unwritable or impossible cache directory means building in memory, never an error", async () => {
    // XDG_CACHE_HOME is a file: no directory can be made under it.
    const home = tempDir();
    const notADirectory = join(home, "file");
    writeFileSync(notADirectory, "");
    process.env.XDG_CACHE_HOME = notADirectory;
    const table = fixture();
    const { loadTable, readCachedTableSync, saveCachedTable } = await freshCache();
    expect(await loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => saveCachedTable("u.bin", Uint8Array.of(1))).not.toThrow();
    expect(readCachedTableSync("u.bin")).toBeUndefined();
    expect(readdirSync(home)).toEqual(["file"]);
    // A read-only directory (root may write anyway: then only "no error" is checked).
    const readOnly = tempDir();
    chmodSync(readOnly, 0o555);
    process.env.XDG_CACHE_HOME = readOnly;
    const fresh = await freshCache();
    expect(await fresh.loadTable("t", table.build, table.parse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    chmodSync(readOnly, 0o755);
    if (process.getuid?.() !== 0) expect(readdirSync(readOnly)).toEqual([]);
  });

  it("a rank table and its backtracking data are cached and read back; damaged backtracking data is recomputed", async () => {
    const dir = useCacheDir();
    vi.resetModules();
    const cold = await import("../../src/tokenizers/rank-sources.js");
    const built = await cold.loadRankTable("r50k_base");
    expect(existsSync(join(dir, "r50k_base.bin"))).toBe(true);
    const data = built.backtrack();
    const backtrackFile = join(dir, "r50k_base.backtrack.bin");
    const saved = statSync(backtrackFile).size;
    vi.resetModules();
    const warm = await import("../../src/tokenizers/rank-sources.js");
    const read = await warm.loadRankTable("r50k_base");
    const hello = new TextEncoder().encode(" hello");
    expect(read.get(hello, 0, hello.length)).toBe(built.get(hello, 0, hello.length));
    expect(Array.from(read.backtrack().pairs)).toEqual(Array.from(data.pairs));
    truncateSync(backtrackFile, saved - 1000);
    vi.resetModules();
    const again = await import("../../src/tokenizers/rank-sources.js");
    expect(Array.from((await again.loadRankTable("r50k_base")).backtrack().shorter)).toEqual(
      Array.from(data.shorter),
    );
    expect(statSync(backtrackFile).size).toBe(saved);
  });
});
