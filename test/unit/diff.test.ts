import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DiffSide,
  diffSides,
  exceedsIncrease,
  increaseFailures,
  type ModelCost,
  modelDiff,
  PERCENT_SCALE,
  parseBaseline,
  percentChange,
  sideOf,
} from "../../src/core/diff.js";
import { computeEstimate } from "../../src/core/estimate.js";
import type { DiffReport } from "../../src/core/reports/diff.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import { changeText, renderDiff, signedUsd } from "../../src/render/diff.js";
import { formatPercent } from "../../src/render/format.js";
import { renderJson } from "../../src/render/json.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const models = selectModels(testCatalog(), { models: ["acme-large", "bard-verse"] }, [], "2026-11-27");
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);
const estimateOf = (files: Record<string, string>, output: OutputAssumption = { kind: "none" }) =>
  computeEstimate(
    Object.entries(files).map(([source, text]) => ({ source, text })),
    models,
    tokenizers,
    { date: "2025-01-01", output },
  );
const cost = (model: string, tokens: number, picodollars: bigint, exact = true): ModelCost => ({
  model,
  tokens,
  cost: picodollars,
  exact,
});

describe("percentChange", () => {
  it("gives hundredths of a percent, rounded half away from zero", () => {
    expect(percentChange(100n, 125n)).toBe(2500n);
    expect(percentChange(3n, 4n)).toBe(3333n); // 33.333…%
    expect(percentChange(3n, 5n)).toBe(6667n); // 66.666…%
    expect(percentChange(3n, 2n)).toBe(-3333n);
    expect(percentChange(20_000n, 20_001n)).toBe(1n); // 0.005% → 0.01%
    expect(percentChange(20_000n, 19_999n)).toBe(-1n); // −0.005% → −0.01%
    expect(percentChange(5n, 0n)).toBe(-10_000n);
  });

  it("is 0 from nothing to nothing and null (new) from nothing to something", () => {
    expect(percentChange(0n, 0n)).toBe(0n);
    expect(percentChange(0n, 1n)).toBeNull();
  });
});

describe("modelDiff", () => {
  it("subtracts exactly, beyond the range of floating point", () => {
    const before = 9_007_199_254_740_993_000n; // more than 2^53 picodollars
    const diff = modelDiff("m", cost("m", 10, before), cost("m", 12, before + 7n));
    expect(diff).toMatchObject({ tokensDelta: 2, costDelta: 7n, percentHundredths: 0n, exact: true });
  });

  it("is exact only when both sides are", () => {
    expect(modelDiff("m", cost("m", 1, 1n, false), cost("m", 1, 1n)).exact).toBe(false);
    expect(modelDiff("m", undefined, cost("m", 1, 1n))).toMatchObject({
      tokensBefore: 0,
      costBefore: 0n,
      percentHundredths: null,
    });
  });
});

describe("diffSides", () => {
  it("diffs two priced estimates per model, cheapest after first", () => {
    const before = sideOf(estimateOf({ "a.txt": "one two", "gone.txt": "x y z" }));
    const after = sideOf(estimateOf({ "a.txt": "one two three four", "new.txt": "fresh" }));
    const diff = diffSides(before, after);
    expect(diff.results.map((r) => r.model)).toEqual(["bard-verse", "acme-large-2024"]);
    // acme-large: $10 per 1M input tokens = 10,000,000 picodollars a token; 5 tokens before, 5 after.
    expect(diff.results[1]).toMatchObject({
      tokensBefore: 5,
      tokensAfter: 5,
      costBefore: 50_000_000n,
      costAfter: 50_000_000n,
      costDelta: 0n,
      percentHundredths: 0n,
      exact: true,
    });
    expect(diff.results[0]?.exact).toBe(false);
    expect(diff.onlyBefore).toEqual([]);
    expect(diff.onlyAfter).toEqual([]);
  });

  it("lists files as added, removed, changed or unchanged, by name", () => {
    const before = sideOf(
      estimateOf({ "b.txt": "same", "a.txt": "one two", "gone.txt": "x", "c.txt": "ab" }),
    );
    const after = sideOf(
      estimateOf({ "a.txt": "one two three", "b.txt": "same", "new.txt": "y", "c.txt": "cd" }),
    );
    const files = diffSides(before, after).files ?? [];
    expect(files.map((f) => [f.file, f.status])).toEqual([
      ["a.txt", "changed"],
      ["b.txt", "unchanged"],
      ["c.txt", "unchanged"], // same tokens, same size: the same cost
      ["gone.txt", "removed"],
      ["new.txt", "added"],
    ]);
    const added = files.find((f) => f.file === "new.txt")?.results[1];
    expect(added).toMatchObject({ tokensBefore: 0, tokensAfter: 1, costBefore: 0n, percentHundredths: null });
    const removed = files.find((f) => f.file === "gone.txt")?.results[1];
    expect(removed).toMatchObject({ tokensAfter: 0, costAfter: 0n, percentHundredths: -10_000n });
  });

  it("calls a file whose size changed at the same cost changed", () => {
    const side = (bytes: number): DiffSide => ({
      results: [cost("m", 1, 5n)],
      files: [{ file: "f", bytes, results: [cost("m", 1, 5n)] }],
    });
    expect(diffSides(side(3), side(4)).files?.[0]?.status).toBe("changed");
    expect(diffSides(side(3), side(3)).files?.[0]?.status).toBe("unchanged");
  });

  it("adds up a file named twice on one side", () => {
    const before: DiffSide = {
      results: [cost("m", 3, 30n)],
      files: [
        { file: "f", results: [cost("m", 1, 10n)] },
        { file: "f", results: [cost("m", 2, 20n)] },
      ],
    };
    const after: DiffSide = {
      results: [cost("m", 3, 30n)],
      files: [{ file: "f", results: [cost("m", 3, 30n)] }],
    };
    expect(diffSides(before, after).files?.[0]).toMatchObject({ status: "unchanged" });
  });

  it("leaves out models priced on one side only, and files when a side has none", () => {
    const before: DiffSide = { results: [cost("a", 1, 1n), cost("b", 1, 1n)] };
    const after: DiffSide = { results: [cost("b", 2, 2n), cost("c", 1, 1n)], files: [] };
    const diff = diffSides(before, after);
    expect(diff.results.map((r) => r.model)).toEqual(["b"]);
    expect(diff.onlyBefore).toEqual(["a"]);
    expect(diff.onlyAfter).toEqual(["c"]);
    expect(diff.files).toBeUndefined();
  });
});

describe("--fail-on-increase verdict", () => {
  const pct = (percent: number) => BigInt(percent) * PERCENT_SCALE;
  const at = (before: bigint, after: bigint) => modelDiff("m", cost("m", 0, before), cost("m", 0, after));

  it("fails only above the limit: a growth equal to it passes, exactly", () => {
    expect(exceedsIncrease(at(100n, 110n), pct(10))).toBe(false);
    expect(exceedsIncrease(at(100n, 111n), pct(10))).toBe(true);
    // 1/3 more is 33.333…%: over 33.333333%, not over 33.333334%.
    expect(exceedsIncrease(at(3n, 4n), 33_333_333n)).toBe(true);
    expect(exceedsIncrease(at(3n, 4n), 33_333_334n)).toBe(false);
    // Costs too large for floating point still compare exactly.
    const big = 10n ** 30n;
    expect(exceedsIncrease(at(big, big + big / 10n), pct(10))).toBe(false);
    expect(exceedsIncrease(at(big, big + big / 10n + 1n), pct(10))).toBe(true);
  });

  it("never fails a decrease or no change; fails any growth from nothing", () => {
    expect(exceedsIncrease(at(100n, 50n), 0n)).toBe(false);
    expect(exceedsIncrease(at(100n, 100n), 0n)).toBe(false);
    expect(exceedsIncrease(at(0n, 0n), 0n)).toBe(false);
    expect(exceedsIncrease(at(0n, 1n), pct(1_000_000))).toBe(true);
    expect(exceedsIncrease(at(100n, 101n), 0n)).toBe(true);
  });

  it("is monotone in the limit: failing a limit fails every lower limit, passing passes every higher one", () => {
    const money = fc.bigInt({ min: 0n, max: 10n ** 18n });
    const limit = fc.bigInt({ min: 0n, max: 1000n * PERCENT_SCALE });
    fc.assert(
      fc.property(money, money, limit, limit, (before, after, l1, l2) => {
        const [low, high] = l1 <= l2 ? [l1, l2] : [l2, l1];
        const diff = at(before, after);
        if (exceedsIncrease(diff, high)) expect(exceedsIncrease(diff, low)).toBe(true);
        if (!exceedsIncrease(diff, low)) expect(exceedsIncrease(diff, high)).toBe(false);
      }),
    );
  });

  it("agrees with the percentage it reports", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (b, a) => {
          const diff = at(b, a);
          const hundredths = diff.percentHundredths as bigint;
          // Over the rounded figure plus a hundredth: fails below it, passes above it.
          expect(exceedsIncrease(diff, (hundredths + 1n) * (PERCENT_SCALE / 100n))).toBe(false);
          if (hundredths >= 1n)
            expect(exceedsIncrease(diff, (hundredths - 1n) * (PERCENT_SCALE / 100n))).toBe(true);
        },
      ),
    );
  });

  it("lists the models over the limit", () => {
    const results = [modelDiff("up", cost("up", 1, 10n), cost("up", 2, 20n)), at(10n, 10n)];
    expect(increaseFailures(results, pct(50)).map((r) => r.model)).toEqual(["up"]);
  });
});

describe("parseBaseline", () => {
  it("reads an estimate report back exactly, with per-file results when it has them", () => {
    const estimate = estimateOf({ "a.txt": "one two three", "b.txt": "four" }, { kind: "tokens", tokens: 7 });
    const baseline = parseBaseline(renderJson(estimate, { perFile: true }), "report.json");
    expect(baseline.date).toBe("2025-01-01");
    expect(baseline.output).toEqual({ kind: "tokens", tokens: 7 });
    expect(baseline.billing).toEqual({ batch: false, cachedRatio: "0" });
    expect(baseline.side).toEqual(sideOf(estimate));
    expect(baseline.prices.get("acme-large-2024")).toEqual({ input: 10, output: 30 });
  });

  it("reads totals only from a report made without --per-file", () => {
    const estimate = estimateOf({ "a.txt": "one two" }, { kind: "ratio", ratio: "0.25" });
    const baseline = parseBaseline(renderJson(estimate), "report.json");
    expect(baseline.side.files).toBeUndefined();
    expect(baseline.side.results).toEqual(sideOf(estimate).results);
    expect(baseline.output).toEqual({ kind: "ratio", ratio: "0.25" });
  });

  it("names the file and the field of anything malformed", () => {
    const report = JSON.parse(renderJson(estimateOf({ "a.txt": "one" }), { perFile: true }));
    const broken = (change: (r: typeof report) => void) => {
      const copy = structuredClone(report);
      change(copy);
      return () => parseBaseline(JSON.stringify(copy), "r.json");
    };
    expect(broken((r) => delete r.results[1].totalCost)).toThrow("r.json: results[1].totalCost: expected");
    expect(broken((r) => (r.inputs[0].results[0].inputTokens = 1.5))).toThrow(
      "r.json: inputs[0].results[0].inputTokens: expected a whole number",
    );
    expect(broken((r) => (r.version = 2))).toThrow("r.json: version: 2; this llmcost reads version 1");
    expect(broken((r) => (r.date = "2025-02-30"))).toThrow("r.json: date: expected a date");
    expect(broken((r) => (r.output = { assumption: "lots" }))).toThrow("r.json: output.assumption");
    expect(() => parseBaseline('{"version": 1,\n  "date": }', "r.json")).toThrow(
      /^r\.json: 2:11: invalid JSON/,
    );
    expect(() => parseBaseline("[]", "r.json")).toThrow("r.json: (root): expected a JSON object");
  });
});

describe("rendering a diff", () => {
  const report = (): DiffReport => {
    const before = sideOf(estimateOf({ "a.txt": "one two", "gone.txt": "x" }));
    const after = sideOf(estimateOf({ "a.txt": "one two three", "new.txt": "y z" }));
    return {
      diff: diffSides(before, after),
      base: { label: "old" },
      head: { label: "new" },
      date: "2025-01-01",
      output: { kind: "none" },
      billing: { batch: false, cachedRatio: "0" },
      pricesChecked: { oldest: "2024-01-01", newest: "2024-01-01" },
      unavailable: [],
      notes: [],
      perFile: true,
      failOnIncrease: { limit: "10", failed: ["acme-large-2024"] },
    };
  };

  it("formats percentages, changes and signed money", () => {
    expect(formatPercent(2500n)).toBe("+25");
    expect(formatPercent(-333n, 1)).toBe("-3.3");
    expect(formatPercent(5n, 1)).toBe("+0.1");
    expect(formatPercent(0n)).toBe("0");
    expect(changeText(modelDiff("m", cost("m", 1, 3n), cost("m", 1, 4n)))).toBe("↑ 33.3%");
    expect(changeText(modelDiff("m", cost("m", 1, 4n), cost("m", 1, 3n)))).toBe("↓ 25%");
    expect(changeText(modelDiff("m", cost("m", 1, 100_000n), cost("m", 1, 100_001n)))).toBe("↑ <0.1%");
    expect(changeText(modelDiff("m", undefined, cost("m", 1, 3n)))).toBe("↑ new");
    expect(signedUsd(-1_500_000_000_000n)).toBe("-$1.50");
    expect(signedUsd(0n)).toBe("$0.00");
  });

  it("writes the documented JSON shape", () => {
    const json = JSON.parse(renderDiff(report(), "json"));
    expect(Object.keys(json)).toEqual([
      "version",
      "date",
      "output",
      "billing",
      "pricesChecked",
      "base",
      "head",
      "results",
      "files",
      "failOnIncrease",
      "unavailable",
      "notes",
    ]);
    expect(json.results[1]).toEqual({
      model: "acme-large-2024",
      tokensBefore: 3,
      tokensAfter: 5,
      tokensDelta: 2,
      costBefore: 0.00003,
      costAfter: 0.00005,
      costDelta: 0.00002,
      percent: 66.67,
      exact: true,
      retired: null,
      retires: null,
      successor: null,
      priceOrigin: "shipped",
      rangeBefore: null,
      rangeAfter: null,
      costExact: { before: "0.00003", after: "0.00005", delta: "0.00002" },
    });
    expect(json.files.map((f: { file: string; status: string }) => `${f.file}:${f.status}`)).toEqual([
      "a.txt:changed",
      "gone.txt:removed",
      "new.txt:added",
    ]);
    expect(json.files[2].results[1].percent).toBeNull();
    expect(json.failOnIncrease).toEqual({ limit: 10, pass: false, failed: ["acme-large-2024"] });
  });

  it("writes CSV per model, or per file and model", () => {
    const perModel = renderDiff({ ...report(), perFile: false }, "csv").split("\r\n");
    expect(perModel[0]).toBe(
      "model,tokensBefore,tokensAfter,tokensDelta,costBefore,costAfter,costDelta,percent,exact,retired,retires,successor,rangeBeforeTokensLow,rangeBeforeTokensHigh,rangeBeforeCostLow,rangeBeforeCostHigh,rangeAfterTokensLow,rangeAfterTokensHigh,rangeAfterCostLow,rangeAfterCostHigh,priceOrigin",
    );
    expect(perModel[2]).toBe("acme-large-2024,3,5,2,0.00003,0.00005,0.00002,66.67,true,,,,,,,,,,,,shipped");
    const perFile = renderDiff(report(), "csv").split("\r\n");
    expect(perFile[0]?.startsWith("file,status,model,")).toBe(true);
    expect(perFile).toContain(
      "new.txt,added,acme-large-2024,0,2,2,0,0.00002,0.00002,,true,,,,,,,,,,,,shipped",
    );
  });

  it("draws a table with ↑/↓ markers, coloured only when asked", () => {
    const plain = renderDiff(report(), "table");
    expect(plain).toContain("old → new");
    expect(plain).toMatch(/acme-large-2024 .*│ +\+\$0\.00002 │ +↑ 66\.7% │/);
    expect(plain).toMatch(/gone\.txt +│ removed/);
    expect(plain).toContain("Files: 1 changed, 1 added, 1 removed");
    expect(plain).toContain("--fail-on-increase 10: fail: acme-large-2024 grew by more than 10%");
    expect(plain).not.toContain("\u001b[");
    const coloured = renderDiff(report(), "table", { chalk: new Chalk({ level: 1 }) });
    expect(coloured).toContain("\u001b[31m"); // red: an increase
  });
});
