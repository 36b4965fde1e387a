import fc from "fast-check";
import { expect, it } from "vitest";
import { hashUnits, Utf16PieceCache } from "../../src/tokenizers/utf16-piece-cache.js";

// Pieces from a small alphabet (so that many repeat and many share prefixes), astral characters and
// lone surrogates included, each looked up where it sits inside a longer text.
const piece = fc
  .array(fc.constantFrom("a", "b", " ", "é", "的", "😀", "\ud800", "\udc00", "ab", " the"), { maxLength: 12 })
  .map((parts) => parts.join(""));

it("gives back what was stored for the same units wherever they sit, and -1 for the rest", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(piece, fc.nat(1000), piece), { maxLength: 300 }),
      fc.boolean(),
      (entries, collide) => {
        const cache = new Utf16PieceCache();
        const reference = new Map<string, number>();
        // With `collide`, every key has the same hash: only the units tell them apart.
        const hashOf = (text: string, start: number, end: number) =>
          collide ? 7 : hashUnits(text, start, end);
        for (const [key, count, before] of entries) {
          const text = `${before}${key}${before}`;
          const [start, end] = [before.length, before.length + key.length];
          const known = cache.get(text, start, end, hashOf(text, start, end));
          expect(known).toBe(reference.get(key) ?? -1);
          if (known < 0) {
            cache.set(text, start, end, hashOf(text, start, end), count);
            reference.set(key, count);
          }
        }
        for (const [key, count] of reference)
          expect(cache.get(`x${key}`, 1, key.length + 1, hashOf(`x${key}`, 1, key.length + 1))).toBe(count);
        expect(cache.size).toBe(reference.size);
      },
    ),
    { numRuns: 300 },
  );
});

it("hashes units, not their place in the text", () => {
  expect(hashUnits("xx word", 3, 7)).toBe(hashUnits("word", 0, 4));
  expect(hashUnits("word", 0, 4)).not.toBe(hashUnits("ward", 0, 4));
});
