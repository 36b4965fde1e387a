import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billedInput, STANDARD_BILLING } from "../../src/core/billing.js";
import { budgetReport } from "../../src/core/budget.js";
import { atCostBound } from "../../src/core/cost-bounds.js";
import { diffSides, parseBaseline, sideOf } from "../../src/core/diff.js";
import { computeEstimate, priceInputs, totalEstimate } from "../../src/core/estimate.js";
import { bandTokens, requestRange } from "../../src/core/input-range.js";
import { mergeShardTexts } from "../../src/core/merge.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import type { PricePeriod } from "../../src/pricing/types.js";
import { violationText } from "../../src/render/budget.js";
import { renderCsv } from "../../src/render/csv.js";
import { errorBandNotes } from "../../src/render/error-bands.js";
import { renderJson, toJsonReport } from "../../src/render/json.js";
import { renderJsonl } from "../../src/render/jsonl.js";
import { renderTable } from "../../src/render/table.js";
import type { ErrorBand } from "../../src/tokenizers/types.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const BAND: ErrorBand = { low: 0.9, high: 1.25, against: "12 test samples" };
const models = selectModels(testCatalog(), { models: ["acme-small", "bard-verse"] }, [], "2026-11-27");
/** "guess" (bard-verse's tokenizer) is an estimate with a band; "words" counts exactly. */
const tokenizers = (band: ErrorBand = BAND) =>
  new Map([
    ["words", wordTokenizer()],
    ["guess", { ...wordTokenizer("guess", false), band }],
  ]);
const words = (n: number) => Array.from({ length: n }, () => "w").join(" ");
const inputs = (texts: string[]) => texts.map((text, i) => ({ source: `in-${i}`, text }));
const estimateOf = (texts: string[], output: OutputAssumption = { kind: "none" }, band = BAND) =>
  computeEstimate(inputs(texts), models, tokenizers(band), { date: "2025-01-01", output });
const row = (estimate: ReturnType<typeof estimateOf>, model: string) => {
  const found = estimate.results.find((r) => r.model === model);
  if (!found) throw new Error(`no ${model}`);
  return found;
};

/** $3/M in, $15/M out, cache reads $0.30, batch half; past 1,000 input tokens $6/M and $22.50/M. */
const PERIOD: PricePeriod = {
  from: "2025-01-01",
  input: 3_000_000n,
  output: 15_000_000n,
  cachedInput: 300_000n,
  batchInput: 1_500_000n,
  batchOutput: 7_500_000n,
  tiers: [{ above: 1000, input: 6_000_000n, output: 22_500_000n, cachedInput: 600_000n }],
  source: "https://example.com",
  checked: "2025-01-01",
};

describe("bandTokens", () => {
  it("rounds the low end down and the high end up, in exact arithmetic", () => {
    expect(bandTokens(1000, { low: 0.93, high: 1.18 })).toEqual({ low: 930, high: 1180 });
    expect(bandTokens(7, { low: 0.9, high: 1.1 })).toEqual({ low: 6, high: 8 });
    expect(bandTokens(0, BAND)).toEqual({ low: 0, high: 0 });
  });

  it("always holds the count: ratios are kept to low ≤ 1 ≤ high, and low to ≥ 0", () => {
    expect(bandTokens(100, { low: 1.2, high: 0.8 })).toEqual({ low: 100, high: 100 });
    expect(bandTokens(100, { low: -0.5, high: 1 })).toEqual({ low: 0, high: 100 });
  });
});

describe("requestRange", () => {
  it("prices the ends as the count is priced: a high end past a long-context threshold bills the tier", () => {
    const range = requestRange(PERIOD, 900, { ...BAND, high: 1.2 }, STANDARD_BILLING, {
      expected: 10,
      bound: 100,
    });
    expect(range.inputTokensRange).toEqual({ low: 810, high: 1080 });
    expect(range.inputCostRange).toEqual({ low: 810n * 3_000_000n, high: 1080n * 6_000_000n });
    // The whole request moves to the tier: the output bound at $22.50/M, not $15/M.
    expect(range.bandHigh).toEqual({
      highCost: 1080n * 6_000_000n + 100n * 22_500_000n,
      largestRequestTokens: 1090,
    });
  });

  it("property: low ≤ tokens ≤ high and low cost ≤ input cost ≤ high cost, for any band with low ≤ 1 ≤ high", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.boolean(),
        (tokens, low, high, cachedShare, batch) => {
          const billing = { batch, cachedShare };
          const range = requestRange(PERIOD, tokens, { low, high, against: "x" }, billing, {
            expected: 0,
            bound: 0,
          });
          const { inputCost } = billedInput(PERIOD, tokens, billing);
          expect(range.inputTokensRange.low).toBeLessThanOrEqual(tokens);
          expect(range.inputTokensRange.high).toBeGreaterThanOrEqual(tokens);
          expect(range.inputTokensRange.low).toBeGreaterThanOrEqual(0);
          expect(range.inputCostRange.low <= inputCost).toBe(true);
          expect(inputCost <= range.inputCostRange.high).toBe(true);
        },
      ),
    );
  });
});

describe("ranges in the estimate", () => {
  it("an estimate with a band carries its range; an exact count carries none", () => {
    const estimate = estimateOf([words(100)]);
    expect(row(estimate, "bard-verse")).toMatchObject({
      exact: false,
      inputTokens: 100,
      band: BAND,
      inputTokensRange: { low: 90, high: 125 },
      // bard-verse: $3 per 1M input tokens.
      inputCostRange: { low: 270_000_000n, high: 375_000_000n },
    });
    expect(row(estimate, "acme-small")).not.toHaveProperty("inputTokensRange");
    expect(row(estimate, "acme-small")).not.toHaveProperty("band");
  });

  it("per-input ranges add up to the total's (each request rounded on its own)", () => {
    const estimate = estimateOf([words(7), words(3)]);
    const parts = estimate.perInput.map((input) => input.results.find((r) => r.model === "bard-verse"));
    expect(parts.map((r) => r?.inputTokensRange)).toEqual([
      { low: 6, high: 9 },
      { low: 2, high: 4 },
    ]);
    expect(row(estimate, "bard-verse").inputTokensRange).toEqual({ low: 8, high: 13 });
  });

  it("an API count makes a row exact and drops its range; a mix keeps the exact part's own figures at both ends", () => {
    const counted = (counts: (number | undefined)[]) =>
      computeEstimate(inputs([words(10), words(20)]), models, tokenizers(), {
        date: "2025-01-01",
        output: { kind: "none" },
        counted: new Map([["bard-verse", { countedWith: "api", counts }]]),
      });
    const all = row(counted([11, 22]), "bard-verse");
    expect(all.exact).toBe(true);
    expect(all).not.toHaveProperty("inputTokensRange");
    const mixed = row(counted([11, undefined]), "bard-verse");
    expect(mixed.exact).toBe(false);
    expect(mixed.inputTokensRange).toEqual({ low: 11 + 18, high: 11 + 25 });
  });

  it("property: every total holds its count and cost within its range", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 300 }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (sizes, low, high) => {
          const r = row(
            estimateOf(sizes.map(words), { kind: "none" }, { low, high, against: "x" }),
            "bard-verse",
          );
          const tokens = r.inputTokensRange ?? { low: -1, high: -1 };
          const cost = r.inputCostRange ?? { low: -1n, high: -1n };
          expect(tokens.low <= r.inputTokens && r.inputTokens <= tokens.high).toBe(true);
          expect(cost.low <= r.inputCost && r.inputCost <= cost.high).toBe(true);
        },
      ),
    );
  });

  it("jsonl shards carry the ranges, and merge adds them exactly", () => {
    const price = (texts: string[], from: number) => {
      const priced = priceInputs(inputs(texts), models, tokenizers(), {
        date: "2025-01-01",
        output: { kind: "tokens", tokens: 5 },
      });
      priced.inputs.forEach((input, i) => {
        input.source = `in-${from + i}`;
      });
      return priced;
    };
    const texts = [words(7), words(30), words(3)];
    const merged = mergeShardTexts([
      { name: "a", text: renderJsonl(price(texts.slice(0, 1), 0)) },
      { name: "b", text: renderJsonl(price(texts.slice(1), 1)) },
    ]).estimate;
    expect(merged).toEqual(totalEstimate(price(texts, 0)));
    expect(row(merged, "bard-verse").inputCostRange?.high).toBeTypeOf("bigint");
  });
});

describe("budgets at a bound", () => {
  const estimate = estimateOf([words(100)], { kind: "tokens", tokens: 10 });

  it("high: the band's high end with every output bound; low: the band's low end with no output", () => {
    const high = row(atCostBound(estimate, "high"), "bard-verse");
    // bard-verse: $3/M in, $15/M out, 50 tokens of maximum output.
    expect(high).toMatchObject({ inputTokens: 125, outputTokens: 50, inputCost: 375_000_000n });
    expect(high.totalCost).toBe(375_000_000n + 50n * 15_000_000n);
    expect(high.largestRequestTokens).toBe(135);
    const low = row(atCostBound(estimate, "low"), "bard-verse");
    expect(low).toMatchObject({
      inputTokens: 90,
      outputTokens: 0,
      inputCost: 270_000_000n,
      totalCost: 270_000_000n,
    });
    // An exact count is its own figure at every bound.
    expect(row(atCostBound(estimate, "high"), "acme-small").inputTokens).toBe(100);
  });

  it("a limit the expected cost meets fails at high because of the band, and the message says so", () => {
    const limit = row(estimate, "bard-verse").highCost; // the high cost without the band: passes
    const expected = budgetReport(estimate, { maxCost: limit }, undefined, "expected");
    expect(expected.violations).toEqual([]);
    const high = budgetReport(atCostBound(estimate, "high"), { maxCost: limit }, undefined, "high");
    expect(high.violations).toMatchObject([{ model: "bard-verse", on: "high", banded: true }]);
    expect(violationText(high.violations[0] as (typeof high.violations)[number])).toBe(
      "high cost $0.00113 is over --max-cost $0.00105 (input at the high end of the estimate's error band)",
    );
  });
});

describe("rendering ranges", () => {
  const estimate = estimateOf([words(1000)]);

  it("JSON: inputTokensRange, inputCostRange (USD) and errorBand on estimates, null on exact rows", () => {
    const results = toJsonReport(estimate).results;
    expect(results.find((r) => r.model === "bard-verse")).toMatchObject({
      inputTokensRange: { low: 900, high: 1250 },
      inputCostRange: { low: 0.0027, high: 0.00375 },
      errorBand: { low: 0.9, high: 1.25, against: "12 test samples" },
    });
    expect(results.find((r) => r.model === "acme-small")).toMatchObject({
      inputTokensRange: null,
      inputCostRange: null,
      errorBand: null,
    });
  });

  it("CSV: four columns at the end, empty for exact rows", () => {
    // The columns appended since (issue 20) come after these 27.
    const [head, ...rows] = renderCsv(estimate)
      .split("\r\n")
      .map((line) => line.split(",").slice(0, 27).join(","));
    expect(head?.endsWith(",inputTokensLow,inputTokensHigh,inputCostLow,inputCostHigh")).toBe(true);
    expect(rows.find((r) => r.startsWith("bard-verse,"))?.endsWith(",900,1250,0.0027,0.00375")).toBe(true);
    expect(rows.find((r) => r.startsWith("acme-small,"))?.endsWith(",,,,")).toBe(true);
  });

  it("table: a footnote per band, saying plainly how much higher the count may be", () => {
    const text = renderTable(estimate, { chalk: new Chalk({ level: 0 }) });
    expect(text).toContain(
      "≈ estimated: bard-verse could be 900–1,250 input tokens (input $0.0027–$0.00375), band from 12 test samples; the real count may be up to 25% higher",
    );
    const narrow = estimateOf([words(1000)], { kind: "none" }, { low: 0.98, high: 1.04, against: "y" });
    expect(errorBandNotes(narrow.results)).toEqual([
      "≈ estimated: bard-verse could be 980–1,040 input tokens (input $0.00294–$0.00312), band from y",
    ]);
    expect(
      errorBandNotes(estimateOf([words(1000)], { kind: "none" }).results.filter((r) => r.exact)),
    ).toEqual([]);
  });

  it("table: the Low–high column runs from the band's low end, no output, to its high end with every output bound", () => {
    // bard-verse: 900 tokens at $3/M; 1,250 at $3/M plus 50 output tokens at $15/M.
    const text = renderTable(estimate, { chalk: new Chalk({ level: 0 }), range: true });
    expect(text).toContain("≈$0.0027–$0.0045");
  });
});

describe("ranges in diff", () => {
  it("each side carries its own range, read back alike from a saved JSON report", () => {
    const before = estimateOf([words(100)], { kind: "tokens", tokens: 10 });
    const after = estimateOf([words(200)], { kind: "tokens", tokens: 10 });
    const diff = diffSides(sideOf(before), sideOf(after));
    const verse = diff.results.find((r) => r.model === "bard-verse");
    // Input at the band's ends, output (10 tokens at $15/M = 150,000,000 pico) as expected.
    expect(verse?.rangeBefore).toEqual({
      tokens: { low: 90, high: 125 },
      cost: { low: 270_000_000n + 150_000_000n, high: 375_000_000n + 150_000_000n },
    });
    expect(verse?.rangeAfter?.tokens).toEqual({ low: 180, high: 250 });
    expect(diff.results.find((r) => r.model === "acme-small")).not.toHaveProperty("rangeBefore");
    const saved = parseBaseline(renderJson(before, { perFile: true }), "before.json");
    expect(saved.side).toEqual(sideOf(before));
  });
});

describe("a request whose formatting is inferred", () => {
  // Texts counted exactly (Gemma 3), turns inferred: still an estimate, so it carries a range.
  it("carries a range even on an exact tokenizer (Gemini's per-turn token)", async () => {
    const { runCli } = await import("./helpers.js");
    const payload = JSON.stringify({
      model: "gemini-2.5-flash",
      contents: [{ role: "user", parts: [{ text: "The quick brown fox jumps over the lazy dog." }] }],
    });
    const run = await runCli(["estimate", "-", "-m", "gemini-2.5-flash", "-f", "json"], {
      input: payload,
      env: { LLMCOST_TODAY: "2026-11-27" },
    });
    const row = JSON.parse(run.stdout).results[0];
    expect(row).toMatchObject({ inputTokens: 11, exact: false });
    expect(row.inputTokensRange).toEqual({ low: 10, high: 13 });
    expect(row.errorBand.against).toMatch(/published request examples/);
  });
});
