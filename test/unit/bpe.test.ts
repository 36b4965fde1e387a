import fc from "fast-check";
import { get_encoding } from "tiktoken";
import { describe, expect, it } from "vitest";
import { bytePairCount, bytePairMerge } from "../../src/tokenizers/bpe.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";

/** tiktoken's merge as written in its reference: rescan every pair, merge the lowest (leftmost on ties). */
function naiveMerge(length: number, rankOf: (start: number, end: number) => number | undefined): number[] {
  const starts = Array.from({ length }, (_, i) => i);
  for (;;) {
    let best: { rank: number; index: number } | undefined;
    for (let i = 0; i < starts.length - 1; i++) {
      const rank = rankOf(starts[i] as number, starts[i + 2] ?? length);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { rank, index: i };
    }
    if (!best) return starts;
    starts.splice(best.index + 1, 1);
  }
}

describe("bytePairMerge", () => {
  it("makes the same merges as the reference algorithm on any rank table", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }),
        fc.dictionary(
          fc.string({ unit: fc.constantFrom("0", "1", "2", "3"), minLength: 2, maxLength: 6 }),
          fc.nat(50),
        ),
        (symbols, table) => {
          const rankOf = (start: number, end: number) => table[symbols.slice(start, end).join("")];
          const merged = naiveMerge(symbols.length, rankOf);
          expect(bytePairMerge(symbols.length, rankOf)).toEqual(merged);
          expect(bytePairCount(symbols.length, rankOf)).toBe(merged.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("handles empty and one-byte pieces", () => {
    expect(bytePairMerge(0, () => 1)).toEqual([]);
    expect(bytePairMerge(1, () => 1)).toEqual([0]);
  });
});

describe("long pieces are exact and fast", () => {
  const registry = createTokenizerRegistry();

  it.each(["o200k_base", "cl100k_base"])(
    "%s: n × 'a' is ceil(n / 8) tokens, up to 300,000",
    async (encoding) => {
      const tokenizer = await registry.load(encoding);
      for (const n of [8, 9, 17, 1000, 30_000, 300_000])
        expect(tokenizer.count("a".repeat(n))).toBe(Math.ceil(n / 8));
    },
  );

  it.each(["o200k_base", "cl100k_base"])(
    "%s: long random runs without spaces match tiktoken",
    async (encoding) => {
      const tokenizer = await registry.load(encoding);
      const reference = get_encoding(encoding as "o200k_base");
      try {
        const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=─│┼日本語😀";
        fc.assert(
          fc.property(
            fc.string({ unit: fc.constantFrom(...alphabet), minLength: 500, maxLength: 5000 }),
            (text) => {
              expect(tokenizer.count(text)).toBe(reference.encode(text, [], []).length);
            },
          ),
          { numRuns: 40 },
        );
      } finally {
        reference.free();
      }
    },
  );
});
