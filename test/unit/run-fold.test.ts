import fc from "fast-check";
import { get_encoding } from "tiktoken";
import { afterAll, describe, expect, it } from "vitest";
import { countStream, cutCountStream } from "../../src/tokenizers/count-stream.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import { measureRunPeriod } from "../../src/tokenizers/run-period.js";

// Issue 18, item 10: a long run of one character is folded (whole periods taken out, their tokens
// counted at once) instead of being held and merged whole. The count must stay the engine's own.

const registry = createTokenizerRegistry();
const EXACT = [
  "o200k_base",
  "cl100k_base",
  "llama-3",
  "deepseek-v3",
  "mistral-tekken",
  "mistral-v2",
  "llama-2",
  "gemma-3",
] as const;
const UNITS = ["a", " ", "0", "的", "\n", "=", "😀", "\t", "Z", "é", "▁", ".", "ab"[1] as string];

/** Text around a run: short, and often made of the run's own character or of spaces and newlines. */
const around = (unit: string) =>
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc
      .array(fc.constantFrom(unit, " ", "\n", "x", "的", "0", "<", "'s", "\ud83d"), { maxLength: 8 })
      .map((parts) => parts.join("")),
  );

/** A run of `unit` with text around it, cut into chunks at random places (inside surrogate pairs too). */
const runOf = (unit: string, maxLength: number, maxCut: number) =>
  fc
    .record({
      before: around(unit),
      after: around(unit),
      length: fc.integer({ min: 0, max: maxLength }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: maxCut }), { maxLength: 8 }),
    })
    .map(({ before, after, length, cuts }) => {
      const whole = before + unit.repeat(length) + after;
      const points = [0, ...cuts.filter((c) => c < whole.length).sort((a, b) => a - b), whole.length];
      return { whole, chunks: points.slice(1).map((end, i) => whole.slice(points[i], end)) };
    });

const runText = fc.constantFrom(...UNITS).chain((unit) => runOf(unit, 1500, 4000));

/** With no cut at all, every token of a run goes through the fold: the count must be the whole's. */
async function foldedEqualsWhole(
  id: string,
  texts: fc.Arbitrary<{ whole: string; chunks: string[] }>,
  numRuns: number,
) {
  const tokenizer = await registry.load(id);
  fc.assert(
    fc.property(texts, ({ whole, chunks }) => {
      const stream = cutCountStream(
        (text) => tokenizer.count(text),
        () => -1,
        { foldAt: 400 },
      );
      for (const chunk of chunks) stream.write(chunk);
      expect(stream.end()).toBe(tokenizer.count(whole));
    }),
    { numRuns },
  );
}

describe("a long run of one character is folded to the engine's exact count", () => {
  it.each(EXACT)("18.10: %s, folded from 400 characters, equals the count of the whole", (id) =>
    foldedEqualsWhole(id, runText, 40),
  );

  it.each(EXACT)("18.10: %s streams 100k-character runs exactly, in bounded parts", async (id) => {
    const tokenizer = await registry.load(id);
    for (const [before, unit, after] of [
      ["", "a", ""],
      ["Hello ", " ", "world"],
      ["x", "0", "y"],
      ["<p>", "的", "。"],
      ["", "\n", "end"],
    ] as const) {
      const whole = before + unit.repeat(100_000) + after;
      const stream = countStream(tokenizer);
      for (let at = 0; at < whole.length; at += 65_536) stream.write(whole.slice(at, at + 65_536));
      expect(stream.end(), `${JSON.stringify(unit)} × 100000`).toBe(tokenizer.count(whole));
    }
  });

  const tiktoken = get_encoding("cl100k_base");
  afterAll(() => tiktoken.free());
  it("18.10: cl100k_base's folded counts equal tiktoken's (the Rust reference)", async () => {
    const tokenizer = await registry.load("cl100k_base");
    // tiktoken merges a run in quadratic time, so the runs are short and folded from 400 characters.
    for (const unit of ["a", " ", "=", "0", "的"])
      for (const length of [1_000, 1_001, 2_007, 3_013]) {
        const whole = `a ${unit.repeat(length)} b`;
        const stream = cutCountStream(tokenizer.count, () => -1, { foldAt: 400 });
        for (let at = 0; at < whole.length; at += 500) stream.write(whole.slice(at, at + 500));
        expect(stream.end(), `${JSON.stringify(unit)} × ${length}`).toBe(tiktoken.encode(whole).length);
      }
  });

  it("measures a run's period with the engine: o200k_base puts 8 a's, 3 digits in a token", async () => {
    const tokenizer = await registry.load("o200k_base");
    expect(measureRunPeriod(tokenizer.count, "a")).toEqual({ period: 8, tokens: 1 });
    expect(measureRunPeriod(tokenizer.count, "0")).toEqual({ period: 3, tokens: 1 });
    // A count that is not periodic in the run's length is not folded.
    expect(measureRunPeriod((text) => Math.round(Math.sqrt(text.length)), "a")).toBeUndefined();
  });
});

describe("a long run of a unit of several characters is folded too", () => {
  const UNIT_CHARS = ["a", "b", " ", "\n", "\r", "的", "0", "x", "▁", "😀"];
  /** A unit of 2 to 8 code units, a run of it, text around it, cut into chunks anywhere. */
  const unitRunText = fc
    .array(fc.constantFrom(...UNIT_CHARS), { minLength: 2, maxLength: 4 })
    .map((chars) => chars.join("").slice(0, 8))
    .filter((unit) => unit.length >= 2)
    .chain((unit) => runOf(unit, 900, 8000));

  it.each(EXACT)("18.10: %s, a unit's run folded from 400 characters, equals the count of the whole", (id) =>
    foldedEqualsWhole(id, unitRunText, 25),
  );

  it.each(["mistral-v2", "gemma-3"] as const)(
    '18.10: %s streams 200k characters of "ab" and of "\\r\\n" exactly, holding little',
    async (id) => {
      const tokenizer = await registry.load(id);
      for (const unit of ["ab", "\r\n", "abc "]) {
        const whole = `x${unit.repeat(Math.ceil(200_000 / unit.length))}y`;
        const stream = countStream(tokenizer);
        for (let at = 0; at < whole.length; at += 65_536) stream.write(whole.slice(at, at + 65_536));
        expect(stream.end(), JSON.stringify(unit)).toBe(tokenizer.count(whole));
      }
    },
  );
});
