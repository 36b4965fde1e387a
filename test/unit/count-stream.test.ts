import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countStream } from "../../src/tokenizers/count-stream.js";
import { lastLetterBoundary } from "../../src/tokenizers/letter-boundary.js";
import { createTokenizerRegistry, DEFAULT_TOKENIZERS } from "../../src/tokenizers/registry.js";

const registry = createTokenizerRegistry();

/** Text that stresses cut points: words and spaces, CRLF, CJK, emoji, marks, apostrophes, lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        "word",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\n\n",
        "\t",
        "它们是",
        "。",
        "日本語",
        "🦄",
        "👍🏽",
        "e\u0301",
        "don't",
        "'s",
        "123",
        "4567",
        "<|endoftext|>",
        "[INST]",
        "\ud800",
        "\udc00",
        "▁",
        "A",
        "ß",
        "\u0085",
        "\uFEFF",
        ".",
        "/",
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join("")),
);

/** The text cut at random places, including inside surrogate pairs. */
const chunked = text.chain((whole) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, whole.length - 1) }), { maxLength: 12 })
    .map((cuts) => {
      const points = [0, ...cuts.filter((c) => c < whole.length).sort((a, b) => a - b), whole.length];
      return { whole, chunks: points.slice(1).map((end, i) => whole.slice(points[i], end)) };
    }),
);

describe("streamed counts equal whole-text counts", () => {
  const ids = [...DEFAULT_TOKENIZERS.map((spec) => spec.id), "chars:3.6", "bytes:4"];
  it.each(ids)("%s", async (id) => {
    const tokenizer = await registry.load(id);
    fc.assert(
      fc.property(chunked, ({ whole, chunks }) => {
        const stream = countStream(tokenizer);
        for (const chunk of chunks) stream.write(chunk);
        expect(stream.end()).toBe(tokenizer.count(whole));
      }),
      { numRuns: 300 },
    );
  });

  it("cuts a long text into parts as it goes, holding back little", async () => {
    const tokenizer = await registry.load("o200k_base");
    expect(tokenizer.stream).toBeDefined();
    const line = "The quick brown fox jumps over the lazy dog. 它们是日本語。\n";
    expect(lastLetterBoundary(line, 1)).toBe(line.indexOf("。"));
    expect(lastLetterBoundary("aaaa", 1)).toBe(-1);
    expect(lastLetterBoundary("don't", 1)).toBe(-1);
    const stream = countStream(tokenizer);
    for (let i = 0; i < 1000; i++) stream.write(line);
    expect(stream.end()).toBe(tokenizer.count(line.repeat(1000)));
  });
});
