import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenSpanStream } from "../../src/core/tokenize.js";
import { setLongPieceStep } from "../../src/tokenizers/long-piece-cut.js";
import { createTokenizerRegistry, DEFAULT_TOKENIZERS } from "../../src/tokenizers/registry.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";
import { runCli } from "./helpers.js";

const registry = createTokenizerRegistry();

/** Pieces where tokenizers join characters: space runs, "▁", contractions, CJK, emoji, marks. */
const pieces = [
  ...["word", "Word", "don't", "'s", "1234", "ß", "e\u0301"],
  ...[" ", "   ", "\n", "\r\n", "\n\n", "\t", "▁", "▁▁"],
  ...["它们是日本語", "。", "🦄", "👍🏽", ".", "</", ">", "<s>", "[INST]", "<|endoftext|>"],
];

/** Tokenizers that normalize text to NFC before splitting it (their tokens spell the NFC form). */
const NFC_FIRST = new Set(["qwen-3"]);

/** Whole texts and the same cut into chunks at code-point boundaries (as a decoder gives them). */
const chunked = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).chain((parts) => {
  const whole = parts.join("");
  const points: number[] = [];
  for (const char of whole) points.push((points.at(-1) ?? 0) + char.length);
  return fc.uniqueArray(fc.constantFrom(0, ...points), { maxLength: 10 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), whole.length];
    return { whole, chunks: sorted.slice(1).map((end, i) => whole.slice(sorted[i], end)) };
  });
});

/** Everything a span stream gives for the chunks, in order. */
function streamed(tokenizer: Tokenizer, chunks: readonly string[]) {
  const stream = tokenSpanStream(tokenizer);
  return [...chunks.flatMap((chunk) => stream.write(chunk)), ...stream.end()];
}

describe("streamed tokens equal the whole text's (llmcost tokenize, issue 18.11)", () => {
  const ids = DEFAULT_TOKENIZERS.filter((spec) => spec.exact).map((spec) => spec.id);
  it.each(ids)("%s", async (id) => {
    const tokenizer = await registry.load(id);
    expect(tokenizer.encodeStream).toBeDefined();
    fc.assert(
      fc.property(chunked, ({ whole, chunks }) => {
        const spans = streamed(tokenizer, chunks);
        const tokens = tokenizer.encode?.(whole) ?? [];
        expect(spans.map((s) => s.id)).toEqual(tokens.map((t) => t.id));
        // The view's count is its number of tokens: the count estimate gives.
        expect(spans.length).toBe(tokenizer.count(whole));
        expect(spans.map((s) => [...s.bytes])).toEqual(tokens.map((t) => [...t.bytes]));
        // Offsets tile the text's UTF-8 bytes.
        expect(spans.map((s) => s.start)).toEqual(
          [0, ...spans.slice(0, -1).map((s) => s.end)].slice(0, spans.length),
        );
        // …of the text the tokenizer reads: Qwen's NFC form ("e\u0301" is read as "é").
        const read = NFC_FIRST.has(id) ? whole.normalize("NFC") : whole;
        expect(spans.at(-1)?.end ?? 0).toBe(Buffer.byteLength(read));
      }),
      { numRuns: 150 },
    );
  });

  it("settles tokens as the text comes, holding back only what follows the last cut", async () => {
    const tokenizer = await registry.load("o200k_base");
    const stream = tokenSpanStream(tokenizer);
    const settled = stream.write("The quick brown fox. ");
    expect(settled.map((s) => new TextDecoder().decode(s.bytes)).join("")).toBe("The quick brown fox");
    expect(stream.end().map((s) => s.start)).toEqual([19, 20]);
  });
});

/** Texts with no cut point for long stretches: runs of one character, long pieces of letters. */
const longRuns = fc
  .array(
    fc.oneof(
      fc.record({
        unit: fc.constantFrom("a", " ", "7", "的", "!", "\n"),
        length: fc.integer({ min: 1, max: 1200 }),
      }),
      fc.record({
        letters: fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), maxLength: 1500 }),
      }),
      fc.constantFrom(" The", "Word", "x", "日本語", " 12"),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) =>
    parts
      .map((part) =>
        typeof part === "string" ? part : "unit" in part ? part.unit.repeat(part.length) : part.letters,
      )
      .join(""),
  )
  .chain((whole) =>
    fc.uniqueArray(fc.integer({ min: 0, max: whole.length }), { maxLength: 12 }).map((cuts) => {
      // Chunks at code-point boundaries (every unit here is one UTF-16 unit).
      const sorted = [0, ...cuts.sort((a, b) => a - b), whole.length];
      return { whole, chunks: sorted.slice(1).map((end, i) => whole.slice(sorted[i], end)) };
    }),
  );

describe("streamed tokens of text with no cut point equal the whole text's (issue 18.11)", () => {
  // Cuts inside long pieces are tried every 300 characters instead of 256k, so small texts use them.
  beforeAll(() => setLongPieceStep(300));
  afterAll(() => setLongPieceStep(256 * 1024));
  const ids = DEFAULT_TOKENIZERS.filter((spec) => spec.exact && !("sameCountsAs" in spec)).map(
    (spec) => spec.id,
  );
  it.each(ids)(
    "%s: ids and offsets",
    async (id) => {
      const tokenizer = await registry.load(id);
      fc.assert(
        fc.property(longRuns, ({ whole, chunks }) => {
          const spans = streamed(tokenizer, chunks);
          const tokens = tokenizer.encode?.(whole) ?? [];
          expect(spans.map((s) => s.id)).toEqual(tokens.map((t) => t.id));
          let offset = 0;
          const expected = tokens.map((t) => {
            const start = offset;
            offset += t.bytes.length;
            return [start, offset];
          });
          expect(spans.map((s) => [s.start, s.end])).toEqual(expected);
          expect(offset).toBe(Buffer.byteLength(whole));
        }),
        { numRuns: 40 },
      );
    },
    120_000,
  );
});

describe("tokenize in process", () => {
  it("ends a run whose reader went away quietly, with exit 0", async () => {
    const { run } = await import("../../src/cli/run.js");
    const { Readable, Writable } = await import("node:stream");
    let stdout = "";
    let stderr = "";
    let writes = 0;
    let pulled = 0;
    const code = await run({
      argv: ["tokenize", "-m", "gpt-4o", "-"],
      // 1,000 chunks of ~70 KB: far more than is read once the reader has gone.
      stdin: Readable.from(
        (function* () {
          for (; pulled < 1000; pulled++) yield Buffer.from("The quick brown fox jumps. ".repeat(2600));
        })(),
      ),
      stdinKind: "pipe",
      stdout: new Writable({
        write(chunk, _encoding, done) {
          writes++;
          if (writes === 1) stdout += String(chunk).slice(0, 10);
          const error = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
          done(writes === 1 ? undefined : error);
        },
      }),
      stderr: new Writable({
        write(chunk, _encoding, done) {
          stderr += String(chunk);
          done();
        },
      }),
      env: { LLMCOST_TODAY: "2026-11-27" },
    });
    expect({ code, stderr, writes }).toEqual({ code: 0, stderr: expect.any(String), writes: 2 });
    expect(stderr).not.toMatch(/EPIPE|internal/);
    expect(stdout).toBe("The| quick");
    // Each batch waits for the reader: the text is read only a little ahead of what was written.
    expect(pulled).toBeLessThan(10);
  });

  it("keeps one text's output as it was, apart from count coming after the tokens", async () => {
    const run = await runCli(["tokenize", "-m", "gpt-4", "-f", "json"], { input: "hi" });
    expect(run.stdout).toBe(
      '{\n  "version": 1,\n  "model": "gpt-4-0613",\n  "tokenizer": "cl100k_base",\n  "countedWith": "cl100k_base",\n  "tokens": [\n    {\n      "id": 6151,\n      "text": "hi",\n      "start": 0,\n      "end": 2\n    }\n  ],\n  "count": 1,\n  "exact": true\n}\n',
    );
    const empty = await runCli(["tokenize", "-m", "gpt-4", "-f", "json"], { input: "" });
    expect(JSON.parse(empty.stdout)).toMatchObject({ tokens: [], count: 0 });
  });
});
