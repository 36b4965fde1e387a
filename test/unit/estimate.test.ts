import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countCodePoints } from "../../src/core/count.js";
import { computeEstimate } from "../../src/core/estimate.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const catalog = testCatalog();
const models = selectModels(catalog, { all: true }, [], "2026-11-27");
const run = (texts: string[], output: OutputAssumption = { kind: "none" }) => {
  const words = wordTokenizer();
  const guess = wordTokenizer("guess", false);
  const tokenizers = new Map([
    ["words", words],
    ["guess", guess],
  ]);
  const inputs = texts.map((text, i) => ({ source: `in-${i}`, text }));
  return {
    estimate: computeEstimate(inputs, models, tokenizers, { date: "2025-01-01", output }),
    words,
    guess,
  };
};
const row = (estimate: ReturnType<typeof run>["estimate"], model: string) =>
  estimate.results.find((result) => result.model === model);

describe("computeEstimate", () => {
  it("prices input tokens exactly and sorts cheapest first", () => {
    const { estimate } = run(["one two three four"]);
    expect(estimate.results.map((r) => r.model)).toEqual([
      "acme-embed",
      "acme-small",
      "bard-verse",
      "acme-large-2024",
    ]);
    // 4 tokens × $10 per 1M = $0.00004 = 40,000,000 picodollars
    expect(row(estimate, "acme-large-2024")).toMatchObject({
      inputTokens: 4,
      inputCost: 40_000_000n,
      outputCost: 0n,
    });
  });

  it("counts each input once per encoding, however many models and estimators share it", () => {
    // Three models on "words" and one estimate ("guess") whose count is also made with "words".
    const { words, guess } = run(["a b", "c d e"]);
    expect(words.calls).toEqual(["a b", "c d e"]);
    expect(guess.calls).toEqual([]);
  });

  it("marks estimates", () => {
    const { estimate } = run(["a"]);
    expect(row(estimate, "bard-verse")?.exact).toBe(false);
    expect(row(estimate, "acme-small")?.exact).toBe(true);
  });

  it("adds fixed output tokens per request, never to embeddings", () => {
    const { estimate } = run(["a b", "c"], { kind: "tokens", tokens: 10 });
    expect(row(estimate, "acme-large-2024")).toMatchObject({
      inputTokens: 3,
      outputTokens: 20,
      outputCost: 600_000_000n,
    });
    expect(row(estimate, "acme-embed")).toMatchObject({ outputTokens: 0, outputCost: 0n });
  });

  it("derives output from a ratio, rounded half up", () => {
    const { estimate } = run(["a b c", "d"], { kind: "ratio", ratio: "0.5" });
    // round(3 × 0.5) + round(1 × 0.5) = 2 + 1
    expect(row(estimate, "acme-small")?.outputTokens).toBe(3);
  });

  it("flags a request that does not fit the context window", () => {
    const big = Array.from({ length: 90 }, () => "w").join(" ");
    const { estimate } = run([big, "small"], { kind: "tokens", tokens: 20 });
    expect(row(estimate, "acme-small")).toMatchObject({ fitsContext: false, largestRequestTokens: 110 });
    expect(estimate.perInput[1]?.results.find((r) => r.model === "acme-small")?.fitsContext).toBe(true);
  });

  it("flags output above the model's maximum", () => {
    const { estimate } = run(["a"], { kind: "tokens", tokens: 60 });
    expect(row(estimate, "acme-small")?.fitsMaxOutput).toBe(false);
  });

  it("an empty input costs nothing", () => {
    const { estimate } = run([""], { kind: "tokens", tokens: 0 });
    for (const result of estimate.results) expect(result.totalCost).toBe(0n);
  });

  it("per-input results add up exactly to the totals", () => {
    const word = fc.constantFrom("a", "bb", "ccc");
    const text = fc.array(word, { maxLength: 40 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.nat(100), (texts, tokens) => {
        const { estimate } = run(texts, { kind: "tokens", tokens });
        for (const total of estimate.results) {
          const parts = estimate.perInput.map((input) => input.results.find((r) => r.model === total.model));
          expect(parts.reduce((sum, part) => sum + (part?.totalCost ?? 0n), 0n)).toBe(total.totalCost);
          expect(parts.reduce((sum, part) => sum + (part?.inputTokens ?? 0), 0)).toBe(total.inputTokens);
        }
      }),
    );
  });
});

describe("countCodePoints", () => {
  it("counts astral characters once and lone surrogates once", () => {
    expect(countCodePoints("a🦄b")).toBe(3);
    expect(countCodePoints("\uD800x")).toBe(2);
    expect(countCodePoints("日本")).toBe(2);
  });
});
