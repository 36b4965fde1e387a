import fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import { encodeUtf8 } from "../../src/tokenizers/bpe-tokenizer.js";
import { BytePieceCache } from "../../src/tokenizers/byte-piece-cache.js";
import {
  loadRankTable,
  RANK_SOURCES,
  sharedRankTables,
  useSharedRankTables,
} from "../../src/tokenizers/rank-sources.js";
import { hashBytes, RankTable } from "../../src/tokenizers/rank-table.js";
import { tempDir } from "../temp-dir.js";

describe("RankTable", () => {
  it("finds every token of a vocabulary, and nothing else, before and after a binary round trip", async () => {
    const built = await RANK_SOURCES.cl100k_base?.build();
    if (!built) throw new Error("no cl100k_base");
    const loaded = RankTable.fromBinary(built.toBinary());
    expect(loaded.size).toBe(built.size);
    expect(loaded.patterns).toEqual(built.patterns);
    // The derived tables are saved, not recomputed: the same as computing them from the tokens.
    expect(loaded.pairRanks()).toEqual(built.pairRanks());
    expect(loaded.threeByteRanks()).toEqual(built.threeByteRanks());
    expect(built.pairRanks()[(0x69 << 8) | 0x6e]).toBe(built.get(Uint8Array.of(0x69, 0x6e), 0, 2));
    let tokens = 0;
    const longestFrom = new Int32Array(256);
    built.forEach((rank, bytes) => {
      tokens++;
      expect(loaded.get(bytes, 0, bytes.length)).toBe(rank);
      expect(built.get(bytes, 0, bytes.length)).toBe(rank);
      const first = bytes[0] as number;
      longestFrom[first] = Math.max(longestFrom[first] as number, bytes.length);
    });
    expect(tokens).toBe(100_256);
    expect(built.longestTokenByFirstByte()).toEqual(longestFrom);
    expect(loaded.longestTokenByFirstByte()).toEqual(longestFrom);
    const absent = new TextEncoder().encode("qqqqqqqqzzzzzzzzxxxxxx");
    expect(loaded.get(absent, 0, absent.length)).toBe(-1);
  });

  it("reads a table from a Buffer that does not start on a 4-byte boundary", () => {
    const table = RankTable.fromTokens(
      [
        [0, Uint8Array.of(97)],
        [1, Uint8Array.of(98)],
        [2, Uint8Array.of(97, 98)],
      ],
      ["x"],
    );
    const padded = new Uint8Array(table.toBinary().length + 1);
    padded.set(table.toBinary(), 1);
    const loaded = RankTable.fromBinary(padded.subarray(1));
    expect(loaded.get(Uint8Array.of(97, 98), 0, 2)).toBe(2);
    expect(() => RankTable.fromBinary(Uint8Array.of(1, 2, 3))).toThrow(/not a rank table/);
    // A table whose size does not match its header (another version's layout) is not read shifted.
    expect(() => RankTable.fromBinary(table.toBinary().subarray(0, -4))).toThrow(/not a rank table/);
    const longer = new Uint8Array(table.toBinary().length + 4);
    longer.set(table.toBinary());
    expect(() => RankTable.fromBinary(longer)).toThrow(/not a rank table/);
  });

  it("hands the binary tables it read to other threads in shared memory, and loads from what it is handed", async () => {
    const { readdirSync } = await import("node:fs");
    // Hand over one made here, as a worker would be handed the main thread's; a cache directory of its
    // own shows that nothing is read or built for it.
    const built = await RANK_SOURCES.cl100k_base?.build();
    if (!built) throw new Error("no cl100k_base");
    const binary = new Uint8Array(new SharedArrayBuffer(built.toBinary().length));
    binary.set(built.toBinary());
    const saved = process.env.XDG_CACHE_HOME;
    const cache = tempDir();
    process.env.XDG_CACHE_HOME = cache;
    onTestFinished(() => {
      process.env.XDG_CACHE_HOME = saved;
    });
    useSharedRankTables({ cl100k_base: binary });
    const loaded = await loadRankTable("cl100k_base");
    expect(loaded.size).toBe(built.size);
    const hello = new TextEncoder().encode("hello");
    expect(loaded.get(hello, 0, hello.length)).toBe(built.get(hello, 0, hello.length));
    expect(readdirSync(cache)).toEqual([]);
    expect(sharedRankTables().cl100k_base?.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Posting it to a thread shares the memory, not a copy of it.
    const posted = structuredClone(sharedRankTables()).cl100k_base as Uint8Array;
    const last = binary.length - 1;
    const before = binary[last] as number;
    posted[last] = before ^ 0xff;
    expect(binary[last]).toBe(before ^ 0xff);
    binary[last] = before;
  });

  it("encodeUtf8 writes what TextEncoder writes, lone surrogates included", () => {
    const out = new Uint8Array(3000);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 500 }), (text) => {
        const n = encodeUtf8(text, out);
        expect(Buffer.from(out.subarray(0, n))).toEqual(Buffer.from(new TextEncoder().encode(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it("encodeUtf8 of a range writes what TextEncoder writes for that slice", () => {
    const out = new Uint8Array(3000);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.nat(), fc.nat(), (text, a, b) => {
        const [start, end] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [
          number,
          number,
        ];
        const n = encodeUtf8(text, out, start, end);
        const expected = new TextEncoder().encode(text.slice(start, end));
        expect(Buffer.from(out.subarray(0, n))).toEqual(Buffer.from(expected));
      }),
    );
  });
});

describe("BytePieceCache", () => {
  const put = (cache: BytePieceCache, key: Uint8Array, count: number) =>
    cache.set(key, key.length, hashBytes(key, 0, key.length), count);
  const get = (cache: BytePieceCache, key: Uint8Array) =>
    cache.get(key, key.length, hashBytes(key, 0, key.length));

  it("gives back what was stored, across growth, for keys that share prefixes or hashes", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uint8Array({ maxLength: 12 }), { maxLength: 3000, selector: (k) => k.join() }),
        (keys) => {
          const cache = new BytePieceCache();
          for (const [i, key] of keys.entries()) put(cache, key, i);
          for (const [i, key] of keys.entries()) expect(get(cache, key)).toBe(i);
          expect(get(cache, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13))).toBe(-1);
        },
      ),
      { numRuns: 30 },
    );
    // A key is compared byte by byte, not trusted on its hash: force every key into one hash.
    const cache = new BytePieceCache();
    const keys = Array.from({ length: 500 }, (_, i) => Uint8Array.of(i & 0xff, i >> 8));
    for (const [i, key] of keys.entries()) cache.set(key, key.length, 7, i);
    for (const [i, key] of keys.entries()) expect(cache.get(key, key.length, 7)).toBe(i);
    expect(cache.get(Uint8Array.of(9, 9, 9), 3, 7)).toBe(-1);
  });

  it("stops growing at its limit instead of evicting", () => {
    const cache = new BytePieceCache();
    const key = (i: number) => Uint8Array.of(i & 0xff, (i >> 8) & 0xff, i >> 16);
    for (let i = 0; i < 250_000; i++) put(cache, key(i), i % 1000);
    expect(cache.size).toBe(200_000);
    expect(get(cache, key(199_999))).toBe(999);
    expect(get(cache, key(200_000))).toBe(-1);
  });
});
