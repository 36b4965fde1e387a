import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetReport, checkBudgets, contextShare, monthlyCost } from "../../src/core/budget.js";
import { computeEstimate } from "../../src/core/estimate.js";
import { selectModels } from "../../src/core/select-models.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const models = selectModels(testCatalog(), { all: true }, [], "2026-11-27");
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);
const estimateOf = (texts: string[]) =>
  computeEstimate(
    texts.map((text, i) => ({ source: `in-${i}`, text })),
    models,
    tokenizers,
    { date: "2025-01-01", output: { kind: "tokens", tokens: 10 } },
  );

describe("budgets", () => {
  const estimate = estimateOf(["one two three four", "five six"]);
  const priciest = estimate.results.at(-1);
  if (!priciest) throw new Error("no results");

  it("a cost equal to the limit passes; one picodollar less fails", () => {
    expect(checkBudgets(estimate, { maxCost: priciest.totalCost })).toEqual([]);
    expect(checkBudgets(estimate, { maxCost: priciest.totalCost - 1n })).toEqual([
      { kind: "cost", model: priciest.model, actual: priciest.totalCost, limit: priciest.totalCost - 1n },
    ]);
  });

  it("checks tokens (input + output) and each input on its own", () => {
    const tokens = priciest.inputTokens + priciest.outputTokens;
    expect(checkBudgets(estimate, { maxTokens: tokens }).filter((v) => v.model === priciest.model)).toEqual(
      [],
    );
    const perFile = checkBudgets(estimate, { maxCostPerFile: 1n });
    expect(new Set(perFile.map((v) => v.source))).toEqual(new Set(["in-0", "in-1"]));
    expect(perFile.every((v) => v.kind === "cost per file")).toBe(true);
  });

  it("the verdict is monotone in the limit", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const failsHigh = checkBudgets(estimate, { maxCost: high }).length;
          const failsLow = checkBudgets(estimate, { maxCost: low }).length;
          expect(failsLow).toBeGreaterThanOrEqual(failsHigh);
        },
      ),
    );
  });

  it("projects a month as 30.44 days, exactly, rounded to the picodollar", () => {
    expect(monthlyCost(1_000_000n, { requests: 3, per: "day" })).toBe(91_320_000n);
    expect(monthlyCost(1n, { requests: 1, per: "day" })).toBe(30n);
    expect(monthlyCost(7n, { requests: 2, per: "month" })).toBe(14n);
    const report = budgetReport(estimate, { maxMonthlyCost: 0n }, { requests: 1000, per: "day" });
    expect(report.monthly.get(priciest.model)).toBe(
      monthlyCost(priciest.totalCost, { requests: 1000, per: "day" }),
    );
    expect(report.violations.filter((v) => v.kind === "monthly cost")).toHaveLength(estimate.results.length);
  });

  it("measures context share in millionths, rounded up so a limit holds exactly", () => {
    expect(contextShare({ largestRequestTokens: 50, contextWindow: 100 })).toBe(500_000n);
    expect(contextShare({ largestRequestTokens: 1, contextWindow: 3 })).toBe(333_334n);
  });
});
