// Issue 18, item 10: a long piece with no cut point (random letters without a space, CJK) is cut
// inside the piece at a token boundary every longer text keeps (src/tokenizers/long-piece-cut.ts).
import { get_encoding } from "tiktoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLongPieceStep } from "../../src/tokenizers/long-piece-cut.js";
import { loadRankTable } from "../../src/tokenizers/rank-sources.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";
import { assertStreamsAsWhole, randomText, range, streamed } from "./no-cut-point-helpers.js";

const FAMILIES = [
  "o200k_base",
  "cl100k_base",
  "llama-3",
  "qwen-3",
  "deepseek-v3",
  "mistral-tekken",
  "p50k_base",
];

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
  // With the run's table cache cold (test/table-cache-setup.ts), each family's tables and backtracking
  // data are built here (~1 s each, more on a busy machine).
}, 60_000);
afterAll(() => setLongPieceStep(256 * 1024));

/** What separates a segment from the next: nothing (one long piece), a space, a digit, a newline… */
const JOINTS = ["", "", " ", "7", "\n", "'s", "A"];

describe("a long piece with no cut point (issue 18, item 10)", () => {
  it.each(FAMILIES)(
    "%s: streaming with cuts inside long pieces counts and encodes what the whole text does",
    (id) => {
      const tokenizer = tokenizers.get(id) as Tokenizer;
      assertStreamsAsWhole(tokenizer, ALPHABETS, JOINTS, 1500);
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
  "qwen-3": [
    "'(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
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
