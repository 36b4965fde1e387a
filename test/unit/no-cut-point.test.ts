// Issue 18, item 10: a long piece with no cut point (random letters without a space, CJK) is cut
// inside the piece at a token boundary every longer text keeps (src/tokenizers/long-piece-cut.ts).
import fc from "fast-check";
import { get_encoding } from "tiktoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLongPieceStep } from "../../src/tokenizers/long-piece-cut.js";
import { loadRankTable } from "../../src/tokenizers/rank-sources.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";

const FAMILIES = ["o200k_base", "cl100k_base", "llama-3", "deepseek-v3", "mistral-tekken", "p50k_base"];

/** A seeded generator of characters from an alphabet. */
function randomText(alphabet: readonly string[], length: number, seed: number): string {
  let state = seed >>> 0 || 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 8) % alphabet.length];
  }
  return out;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const LOWER = range(0x61, 0x7a);
const UPPER = range(0x41, 0x5a);
const ALPHABETS = {
  lower: LOWER,
  mixed: [...LOWER, ...UPPER],
  base64: [...UPPER, ...LOWER, ...range(0x30, 0x39), "+", "/"],
  cjk: range(0x4e00, 0x4e00 + 400),
  digits: range(0x30, 0x39),
  // Rarer characters inside a run: accents, a mark, an apostrophe, a title-case letter, CJK ext-B.
  odd: [...LOWER, "é", "\u0301", "'", "ǅ", "ʰ", "𠀀", "的"],
};

const tokenizers = new Map<string, Tokenizer>();

beforeAll(async () => {
  const registry = createTokenizerRegistry();
  for (const id of FAMILIES) {
    const tokenizer = await registry.load(id);
    // One long piece loads the backtracking encoder, as a large file would, so small texts are cut too.
    tokenizer.count(randomText(LOWER, 10_000, 1));
    tokenizers.set(id, tokenizer);
  }
  setLongPieceStep(300);
});
afterAll(() => setLongPieceStep(256 * 1024));

/** The count stream's and the token stream's results over `text` written in `chunks`-sized parts. */
function streamed(tokenizer: Tokenizer, text: string, chunks: number) {
  const counter = tokenizer.stream?.();
  const encoder = tokenizer.encodeStream?.();
  if (!counter || !encoder) throw new Error("no stream");
  const ids: number[] = [];
  let settledEarly = 0;
  for (let at = 0; at < text.length; at += chunks) {
    counter.write(text.slice(at, at + chunks));
    const tokens = encoder.write(text.slice(at, at + chunks));
    settledEarly += tokens.length;
    for (const token of tokens) ids.push(token.id);
  }
  for (const token of encoder.end()) ids.push(token.id);
  return { count: counter.end(), ids, settledEarly };
}

const segment = fc.record({
  alphabet: fc.constantFrom(...(Object.keys(ALPHABETS) as (keyof typeof ALPHABETS)[])),
  length: fc.integer({ min: 0, max: 1500 }),
  seed: fc.integer(),
  // What separates it from the next segment: nothing (one long piece), a space, a digit, a newline.
  joint: fc.constantFrom("", "", " ", "7", "\n", "'s", "A"),
});

describe("a long piece with no cut point (issue 18, item 10)", () => {
  it.each(FAMILIES)(
    "%s: streaming with cuts inside long pieces counts and encodes what the whole text does",
    (id) => {
      const tokenizer = tokenizers.get(id) as Tokenizer;
      fc.assert(
        fc.property(
          fc.array(segment, { minLength: 1, maxLength: 5 }),
          fc.integer({ min: 1, max: 700 }),
          (segments, chunks) => {
            const text = segments
              .map((part) => randomText(ALPHABETS[part.alphabet], part.length, part.seed) + part.joint)
              .join("");
            const result = streamed(tokenizer, text, chunks);
            expect(result.count).toBe(tokenizer.count(text));
            expect(result.ids).toEqual(tokenizer.encode?.(text).map((token) => token.id));
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it.each(["o200k_base", "cl100k_base"] as const)(
    "%s: 30 KB of random letters (or CJK) without a space is settled as it streams, and counts as tiktoken does",
    (id) => {
      const tokenizer = tokenizers.get(id) as Tokenizer;
      const tiktoken = get_encoding(id);
      try {
        for (const [name, alphabet] of Object.entries({ lower: LOWER, cjk: ALPHABETS.cjk })) {
          const text = randomText(alphabet, 30_000, name.length);
          const result = streamed(tokenizer, text, 1024);
          // (tiktoken itself takes time quadratic in one piece's length: 200 KB took minutes.)
          const reference = Array.from(tiktoken.encode(text));
          // Before the cut: nothing was settled until the end, the whole piece held.
          expect(result.settledEarly, name).toBeGreaterThan(result.ids.length * 0.9);
          expect(result.count, name).toBe(reference.length);
          expect(result.ids, name).toEqual(reference);
        }
      } finally {
        tiktoken.free();
      }
    },
  );

  it("the patterns the cut's proof rests on are those the families ship", async () => {
    // long-piece-cut.ts argues from exactly these patterns: a vocabulary whose pattern changes must be
    // argued again before its long pieces are cut.
    for (const [id, patterns] of Object.entries(PINNED_PATTERNS))
      expect((await loadRankTable(id)).patterns, id).toEqual(patterns);
  });
});

const PINNED_PATTERNS: Record<string, string[]> = {
  o200k_base: [
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  ],
  cl100k_base: [
    "('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  ],
  p50k_base: ["'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"],
  r50k_base: ["'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"],
  "llama-3": [
    "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  ],
  "mistral-tekken": [
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  ],
  "deepseek-v3": [
    "\\p{N}{1,3}",
    "[一-龥぀-ゟ゠-ヿ]+",
    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
  ],
};
