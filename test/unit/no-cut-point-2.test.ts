// Issue 18, item 10, continued: long runs of digits (every family), DeepSeek's CJK stage and Gemma 3's
// merge-list pieces are cut while streaming (long-piece-cut.ts lastDigitGroupCut and the CJK run
// class, merge-list-cut.ts), and the streamed counts and tokens are those of the whole text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLongPieceStep } from "../../src/tokenizers/long-piece-cut.js";
import { setJunctionsAfter } from "../../src/tokenizers/merge-list-cut.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";
import { assertStreamsAsWhole, randomText, range, streamed } from "./no-cut-point-helpers.js";

const FAMILIES = ["o200k_base", "cl100k_base", "llama-3", "deepseek-v3", "mistral-tekken", "gemma-3"];

const DIGITS = range(0x30, 0x39);
const ALPHABETS = {
  digits: DIGITS,
  lower: range(0x61, 0x7a),
  // DeepSeek's CJK stage: CJK ideographs, hiragana, katakana; then characters just outside it.
  cjk: [...range(0x4e00, 0x4e00 + 300), ...range(0x3041, 0x3096), ...range(0x30a1, 0x30fa)],
  // Other \p{N} inside a run of digits (superscript, Arabic-Indic, a mathematical digit), marks.
  oddDigits: [...DIGITS, "²", "١", "𝟘", "\u0301", "½"],
  oddCjk: [
    ...range(0x4e00, 0x4e40),
    "龦",
    "𠀀",
    "ー",
    "・",
    "々",
    "a",
    "1",
    "゛",
    "゠",
    "\u3099",
    "\u3040",
    "\u3097",
  ],
  // Gemma's added tokens and the ">▁</" exception near cuts.
  tags: [...DIGITS, "<", "/", ">", "b", "</b>", "<b>", "\t", "\n\n", "▁", "<unused1>"],
};

const tokenizers = new Map<string, Tokenizer>();

beforeAll(async () => {
  const registry = createTokenizerRegistry();
  for (const id of FAMILIES) {
    const tokenizer = await registry.load(id);
    tokenizer.count(randomText(ALPHABETS.cjk, 10_000, 1));
    tokenizers.set(id, tokenizer);
  }
  setLongPieceStep(300);
  setJunctionsAfter(0);
}, 120_000);
afterAll(() => {
  setLongPieceStep(256 * 1024);
  setJunctionsAfter(1 << 16);
});

/** What separates a segment from the next: nothing (one long piece), a space, a digit, a newline… */
const JOINTS = ["", "", " ", "7", "\n", "²", "a", "的", " </"];

describe("long digit runs, DeepSeek CJK, Gemma 3 pieces without a space (issue 18, item 10)", () => {
  it.each(FAMILIES)(
    "%s: streaming with the new cuts counts and encodes what the whole text does",
    (id) => {
      const tokenizer = tokenizers.get(id) as Tokenizer;
      assertStreamsAsWhole(tokenizer, ALPHABETS, JOINTS, 1200);
    },
    120_000,
  );

  it.each(FAMILIES)("%s: 20 KB of digits without a separator is settled as it streams", (id) => {
    const tokenizer = tokenizers.get(id) as Tokenizer;
    // Also after other numerals (the groups count from where the run of \p{N} starts).
    for (const text of [randomText(DIGITS, 20_000, 7), `x²𝟘${randomText(DIGITS, 20_000, 8)}`]) {
      const result = streamed(tokenizer, text, 1000);
      // Before: nothing was settled until the end, the whole run held.
      expect(result.settledEarly).toBeGreaterThan(result.ids.length * 0.9);
      expect(result.count).toBe(tokenizer.count(text));
      expect(result.ids).toEqual(tokenizer.encode?.(text).map((token) => token.id));
    }
  });

  // Before: the piece (Gemma: the segment) was held whole until the end.
  it.each([
    ["gemma-3", "random letters without a space", ALPHABETS.lower],
    ["deepseek-v3", "random CJK and kana", ALPHABETS.cjk],
  ] as const)("%s: 30 KB of %s is settled as it streams", (id, _name, alphabet) => {
    const tokenizer = tokenizers.get(id) as Tokenizer;
    const text = randomText(alphabet, 30_000, 5);
    const result = streamed(tokenizer, text, 1024);
    expect(result.settledEarly).toBeGreaterThan(result.ids.length * 0.9);
    expect(result.count).toBe(tokenizer.count(text));
    expect(result.ids).toEqual(tokenizer.encode?.(text).map((token) => token.id));
  });
});
