import { describe, expect, it } from "vitest";
import type { CheckRule } from "../../src/core/check-config.js";
import { compareCost } from "../../src/core/cost-comparison.js";
import { buildCheckReport, pricedRuleOutcome, unpricedRuleOutcome } from "../../src/core/reports/check.js";
import { buildEstimateReport, comparisonsIn } from "../../src/core/reports/estimate.js";
import { buildModelReport, buildModelsReport } from "../../src/core/reports/models.js";
import { CHECK_RENDERERS } from "../../src/render/check.js";
import { ESTIMATE_RENDERERS } from "../../src/render/estimate.js";
import { MODELS_RENDERERS } from "../../src/render/model-reports.js";
import { estimateOf } from "./estimate-fixture.js";
import { testCatalog } from "./helpers.js";

const catalog = testCatalog();
const compareTo = { name: "acme-small", model: "acme-small" };

describe("estimate report", () => {
  it("holds each list's --compare-to comparisons (totals and every input), worked out from the costs", () => {
    const estimate = estimateOf({ "a.md": "one two three", "b.md": "four" });
    const report = buildEstimateReport(estimate, { compareTo, perFile: true });
    for (const results of [estimate.results, ...estimate.perInput.map((input) => input.results)]) {
      const reference = results.find((r) => r.model === "acme-small");
      if (!reference) throw new Error("the reference was not priced");
      const compared = comparisonsIn(report, results);
      expect([...compared.keys()].sort()).toEqual(results.map((r) => r.model).sort());
      for (const r of results)
        expect(compared.get(r.model)).toEqual(
          compareCost(r.model, r.totalCost, "acme-small", reference.totalCost, r.exact),
        );
    }
    // acme-large costs more than 10x acme-small: the reference costs under 0.1x it.
    const large = comparisonsIn(report, estimate.results).get("acme-large-2024");
    expect(large?.isReference).toBe(false);
    expect(large?.percentCheaper).toBeLessThan(0n);
    expect(comparisonsIn(report, estimate.results).get("bard-verse")?.exact).toBe(false);
  });

  it("holds no comparisons without a reference, and shows Low–high only for a budget at a band's end", () => {
    const estimate = estimateOf({ "a.md": "one two" });
    const plain = buildEstimateReport(estimate);
    expect(plain.comparisons.size).toBe(0);
    expect(plain.range).toBe(false);
    const at = (on: "low" | "expected" | "high") =>
      buildEstimateReport(estimate, { budget: { limits: {}, violations: [], monthly: new Map(), on } }).range;
    expect([at("low"), at("expected"), at("high")]).toEqual([true, false, true]);
  });

  it("is what every view shows: a comparison put in the report is the one the table, markdown and JSON print", () => {
    const estimate = estimateOf({ "a.md": "one two" });
    const report = buildEstimateReport(estimate, { compareTo });
    // A figure no renderer could compute from the costs: proof that they read the report's.
    const fake = { ...compareCost("acme-large-2024", 1n, "acme-small", 8n), ratio: 77_700n };
    const shown = {
      ...report,
      comparisons: new Map([[estimate.results, new Map([["acme-large-2024", fake]])]]),
    };
    expect(ESTIMATE_RENDERERS.table(shown, {})).toContain("87.5% cheaper");
    expect(ESTIMATE_RENDERERS.markdown(shown, {})).toContain("87.5% cheaper");
    const rows = JSON.parse(ESTIMATE_RENDERERS.json(shown, {})).results;
    const compared = rows.find((r: { model: string }) => r.model === "acme-large-2024").comparedTo;
    expect(compared).toMatchObject({ ratio: 7.77, timesReference: 0.125 });
    expect(rows.find((r: { model: string }) => r.model === "bard-verse").comparedTo).toBeUndefined();
  });
});

describe("check report", () => {
  const rule = (extra: Partial<CheckRule> = {}): CheckRule => ({
    name: "docs",
    paths: ["*.md"],
    limits: {},
    allowEmpty: false,
    ...extra,
  });

  it("fails a rule with nothing to price unless it allows that, and says why", () => {
    expect(unpricedRuleOutcome(rule(), { files: 0 })).toMatchObject({
      passed: false,
      files: 0,
      reason: "no files match *.md",
    });
    expect(unpricedRuleOutcome(rule({ allowEmpty: true }), { files: 3, allSkipped: true })).toMatchObject({
      passed: true,
      files: 3,
      reason: "no text files among the 3 matched (all skipped) (allowEmpty)",
    });
  });

  it("checks a priced rule's limits at its budgetOn, else the config's, else the expected cost", () => {
    const estimate = estimateOf({ "a.md": "one two" });
    const large = estimate.results.find((r) => r.model === "acme-large-2024");
    if (!large) throw new Error("acme-large was not priced");
    // Between acme-large's cost with no output (low) and with its 10 output tokens (expected).
    const limits = { maxCost: large.inputCost + 1n };
    const expected = pricedRuleOutcome(rule({ limits }), {}, 1, estimate);
    expect(expected.passed).toBe(false);
    // acme-small's expected cost is under the limit; bard-verse's output pushes it over too.
    expect(expected.budget?.violations.map((v) => v.model).sort()).toEqual(["acme-large-2024", "bard-verse"]);
    expect(pricedRuleOutcome(rule({ limits }), { budgetOn: "low" }, 1, estimate).passed).toBe(true);
    expect(
      pricedRuleOutcome(rule({ limits, budgetOn: "expected" }), { budgetOn: "low" }, 1, estimate).passed,
    ).toBe(false);
    const report = buildCheckReport("llmcost.config.json", "2025-01-01", [
      expected,
      unpricedRuleOutcome(rule({ allowEmpty: true }), { files: 0 }),
    ]);
    expect([report.passed, report.failed]).toEqual([false, 1]);
    expect(JSON.parse(CHECK_RENDERERS.json(report, {})).passed).toBe(false);
    expect(CHECK_RENDERERS.table(report, {})).toContain("1 of 2 rules fail");
  });
});

describe("models report", () => {
  it("lists the filtered models with their price on the date, and finds one by alias", () => {
    const list = buildModelsReport(catalog, { providers: ["acme"], date: "2025-01-01" }, () => true);
    expect(list.listings.map((l) => l.model.id)).toEqual(["acme-embed", "acme-large-2024", "acme-small"]);
    expect(MODELS_RENDERERS.csv(list, {}).split("\r\n").length).toBe(5);
    const one = buildModelReport(catalog, "acme-large", "2025-01-01", () => true);
    expect([one.listing.model.id, one.via, one.listing.price?.input]).toEqual([
      "acme-large-2024",
      undefined,
      10_000_000n,
    ]);
  });
});
