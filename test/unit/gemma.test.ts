import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import type { Tokenizer } from "../../src/tokenizers/types.js";

/**
 * Ids Hugging Face `tokenizers` 0.23.2 gives on Gemma 3's tokenizer.json for 565 fuzz strings of every
 * script, emoji, whitespace runs, digits, HTML tags and long runs (docs/research/issue-17/gemma3_fuzz.mjs;
 * on all 4,006 strings llmcost and Hugging Face agree token for token).
 */
const reference = JSON.parse(
  readFileSync(new URL("../fixtures/tokenizers/gemma-3-reference.json", import.meta.url), "utf8"),
) as { samples: { text: string; ids: number[] }[] };

const registry = createTokenizerRegistry();
let gemma: Tokenizer;
beforeAll(async () => {
  gemma = await registry.load("gemma-3");
});

describe("Gemma 3's tokenizer (Gemini 2.0 to 3), exact", () => {
  it("is exact and counted with itself", () => {
    expect(gemma).toMatchObject({ id: "gemma-3", exact: true, countedWith: "gemma-3" });
    expect(gemma.band).toBeUndefined();
  });

  it("gives Hugging Face's ids, token for token", () => {
    expect(reference.samples.length).toBeGreaterThan(500);
    for (const { text, ids } of reference.samples) {
      expect([text, gemma.encode?.(text).map((token) => token.id)]).toEqual([text, ids]);
      expect([text, gemma.count(text)]).toEqual([text, ids.length]);
    }
  });

  // ai.google.dev/api/tokens, google-gemini api-examples and generative-ai-python samples, Vertex AI's
  // "List and count tokens" (docs/calibration.md).
  it.each([
    ["The quick brown fox jumps over the lazy dog.", 10],
    ["What is your name?", 5],
    ["Why is the sky blue?", 6],
    ["You are a cat. Your name is Neko.", 11],
    ["I have 57 cats, each owns 44 mittens, how many mittens is that in total?", 22],
    ["Please give a short summary of this file.", 9],
    ["hello world", 2],
    ["what's the weather today", 6],
  ])("counts Google's published example %j as %i", (text, count) => {
    expect(gemma.count(text)).toBe(count);
  });

  it("gives Google's published ids for a Vertex AI example", () => {
    expect(
      gemma.encode?.("What's the longest word in the English language?").map((token) => token.id),
    ).toEqual([3689, 236789, 236751, 506, 27801, 3658, 528, 506, 5422, 5192, 236881]);
  });

  it("reads text that spells a control token as ordinary text, as the API bills it", () => {
    expect(gemma.count("<start_of_turn>")).toBeGreaterThan(1);
    expect(gemma.count("<bos>")).toBeGreaterThan(1);
    // Added tokens that are not control tokens are single pieces, as Gemma matches them.
    expect(gemma.count("<table>")).toBe(1);
    expect(gemma.count("\n".repeat(31))).toBe(1);
    expect(gemma.count("\n".repeat(32))).toBe(2);
  });

  it("counts a lone surrogate as U+FFFD, as a UTF-8 request carries it", () => {
    expect(gemma.count("x\ud800y")).toBe(gemma.count("x\ufffdy"));
  });

  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 100 }),
    fc
      .array(
        fc.constantFrom(
          " ",
          "  ",
          "\n",
          "\n\n",
          "\t",
          "▁",
          "<b>",
          "</td>",
          ">",
          " </",
          "日本語",
          "🦄",
          "12345",
          "don't",
          "a",
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join("")),
  );

  it("counts a stream cut anywhere as the whole text", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (sample, cuts) => {
        const stream = gemma.stream?.();
        if (!stream) throw new Error("no stream");
        let from = 0;
        for (const cut of [...cuts.map((c) => c % (sample.length + 1))].sort((a, b) => a - b)) {
          stream.write(sample.slice(from, cut));
          from = cut;
        }
        stream.write(sample.slice(from));
        expect(stream.end()).toBe(gemma.count(sample));
      }),
      { numRuns: 500 },
    );
  });

  it("encodes into tokens whose bytes are the text's, as many as it counts", () => {
    fc.assert(
      fc.property(text, (sample) => {
        const tokens = gemma.encode?.(sample) ?? [];
        expect(tokens).toHaveLength(gemma.count(sample));
        expect(Buffer.concat(tokens.map((token) => token.bytes))).toEqual(Buffer.from(sample, "utf8"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("Gemini models the SDK counts with other tokenizers", () => {
  it.each(["gemma-4", "gemini-1", "gemini-unmapped"])(
    "%s is an estimate counted with Gemma 3, saying why",
    async (id) => {
      const tokenizer = await registry.load(id);
      expect(tokenizer).toMatchObject({ exact: false, countedWith: "gemma-3" });
      expect(tokenizer.method).toMatch(/counted with gemma-3 \(.+\)/);
      expect(tokenizer.count("The quick brown fox jumps over the lazy dog.")).toBe(10);
    },
  );

  it("keeps the old id gemini as Gemma 3, exact", async () => {
    const gemini = await registry.load("gemini");
    expect(gemini).toMatchObject({ id: "gemini", exact: true, countedWith: "gemma-3" });
  });
});
