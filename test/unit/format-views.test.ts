import { describe, expect, it } from "vitest";
import { PROFILE_VERSION } from "../../src/core/calibration-profile.js";
import { diffSides, type ModelCost, modelDiff, sideOf } from "../../src/core/diff.js";
import { computeEstimate } from "../../src/core/estimate.js";
import type { DiffReport } from "../../src/core/reports/diff.js";
import { selectModels } from "../../src/core/select-models.js";
import { renderCalibrationTable } from "../../src/render/calibration.js";
import { increaseFailure, renderDiff } from "../../src/render/diff.js";
import { renderComparison } from "../../src/render/price-list-comparison.js";
import { runCli, testCatalog, wordTokenizer } from "./helpers.js";

// The views through the one formatter (render/format.ts): what the issue found, one case each.

const models = selectModels(testCatalog(), { models: ["acme-large", "bard-verse"] }, [], "2026-11-27");
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);
const sideFrom = (files: Record<string, string>) =>
  sideOf(
    computeEstimate(
      Object.entries(files).map(([source, text]) => ({ source, text })),
      models,
      tokenizers,
      { date: "2025-01-01", output: { kind: "none" } },
    ),
  );
const reportOf = (diff: DiffReport["diff"]): DiffReport => ({
  diff,
  base: { label: "old" },
  head: { label: "new" },
  date: "2025-01-01",
  output: { kind: "none" },
  billing: { batch: false, cachedRatio: "0" },
  pricesChecked: null,
  unavailable: [],
  notes: [],
  perFile: true,
});
const cost = (tokens: number, picodollars: bigint, exact = true): ModelCost => ({
  model: "m",
  tokens,
  cost: picodollars,
  exact,
});
/** The cells of the table row that starts with `first` (trimmed). */
const cells = (table: string, first: RegExp) =>
  (table.split("\n").find((line) => first.test(line)) ?? "")
    .split("│")
    .map((cell) => cell.trim())
    .filter(Boolean);

describe("≈ only on estimated figures", () => {
  it("diff: a removed file's after side is an exact zero, its before side an estimate", () => {
    const diff = diffSides(sideFrom({ "gone.txt": "x y", "a.txt": "a" }), sideFrom({ "a.txt": "a" }));
    const table = renderDiff(reportOf(diff), "table");
    const files = table.slice(table.indexOf("Files\n"));
    // bard-verse counts with an estimating tokenizer ("guess"): its before side is ≈, its zeros are not.
    const row = cells(files, /│ removed +│ bard-verse /).slice(2);
    expect(row).toEqual(["bard-verse", "≈2", "0", "≈-2", "≈$0.000006", "$0.00", "≈-$0.000006", "↓ 100%"]);
    expect(table).not.toMatch(/≈\$0\.00 |≈0 /);
  });

  it("estimate: output tokens fixed with --output-tokens are never ≈; a ratio of an estimated count is", async () => {
    // claude-sonnet-4-5 counts with an estimator (claude-3) offline.
    const fixed = await runCli(["estimate", "-m", "claude-sonnet-4-5", "--output-tokens", "400"], {
      input: "some words of text\n",
    });
    expect(fixed.code).toBe(0);
    const row = cells(fixed.stdout, /^│ claude-sonnet-4-5/);
    expect(row[3]).toMatch(/^≈\d+$/); // in tokens: estimated
    expect(row[4]).toBe("400"); // out tokens: the user's figure
    expect(row[6]).toMatch(/^≈\$/); // the total includes an estimate
    const ratio = await runCli(["estimate", "-m", "claude-sonnet-4-5", "--output-ratio", "2"], {
      input: "some words of text\n",
    });
    expect(cells(ratio.stdout, /^│ claude-sonnet-4-5/)[4]).toMatch(/^≈\d+$/);
  });
});

describe("digits enough to tell a change apart", () => {
  it("diff --baseline's $0.00198 → $0.00198 with a +$0.0000075 delta", () => {
    // 0.0019755 and 0.001983 both read $0.00198 on their own.
    const r = modelDiff("m", cost(1, 1_975_500_000n), cost(1, 1_983_000_000n));
    const table = renderDiff(reportOf({ results: [r], onlyBefore: [], onlyAfter: [] }), "table");
    expect(cells(table, /^│ m /).slice(4)).toEqual(["$0.001976", "$0.001983", "+$0.0000075", "↑ 0.4%"]);
  });

  it("--fail-on-increase: the growth reads above the limit, money as the tables show it", () => {
    const r = modelDiff("m", cost(1, 1_000_000_000_000n), cost(1, 1_100_100_000_000n));
    expect(increaseFailure(r, 10_000_000n)).toBe(
      "cost grew by 10.01% ($1.00 → $1.10), more than --fail-on-increase 10%",
    );
    const near = modelDiff("m", cost(1, 1_000_000_000_000n), cost(1, 1_001_000_000_000n));
    expect(increaseFailure(near, 99_999n)).toBe(
      "cost grew by 0.1% ($1.000 → $1.001), more than --fail-on-increase 0.099999%",
    );
  });
});

describe("money in messages as in tables", () => {
  it("a budget over its limit on stderr groups thousands like the footer", async () => {
    const run = await runCli(
      ["estimate", "-m", "gpt-4o", "--requests", "100000", "--per", "day", "--max-monthly-cost", "300"],
      { input: "word ".repeat(400) },
    );
    expect(run.code).toBe(1);
    const monthly = /Per month \(.*\): gpt-4o-2024-08-06 (\$[\d,.]+)/.exec(run.stdout)?.[1];
    expect(monthly).toMatch(/^\$\d{1,3}(,\d{3})+\.\d\d$/);
    expect(run.stderr).toContain(`monthly cost ${monthly} is over --max-monthly-cost $300.00`);
  });

  it("a projection or a budget message resting on an estimated count reads ≈, an exact one not", async () => {
    const run = await runCli(
      ["estimate", "-m", "gpt-4o,claude-sonnet-4-6", "--requests", "1000", "--max-monthly-cost", "0.001"],
      { input: "word ".repeat(400) },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Per month \(.*\): .*gpt-4o-2024-08-06 \$[\d,.]+/);
    expect(run.stdout).toMatch(/claude-sonnet-4-6 ≈\$[\d,.]+/);
    expect(run.stderr).toMatch(/gpt-4o-2024-08-06.*monthly cost \$[\d,.]+ is over/);
    expect(run.stderr).toMatch(/claude-sonnet-4-6.*monthly cost ≈\$[\d,.]+ is over/);
  });

  it("pricing check: money as money, nouns and verbs agreeing with their counts", () => {
    const one = renderComparison(
      {
        compared: 1,
        unknown: ["other-model"],
        differences: [
          {
            model: "acme",
            otherId: "acme",
            field: "input",
            ours: 2_500_000n,
            theirs: 5_000_000n,
            percent: 100,
          },
        ],
      },
      { date: "2026-11-27", threshold: "5", json: false },
    );
    expect(one).toBe(
      "acme input: $2.50 here, $5.00 there (+100%)\n1 model compared on 2026-11-27: 1 price differs by more than 5%; 1 model of the other list is not in llmcost's\n",
    );
    const none = renderComparison(
      { compared: 2, unknown: [], differences: [] },
      { date: "2026-11-27", threshold: "5", json: false },
    );
    expect(none).toBe(
      "2 models compared on 2026-11-27: 0 prices differ by more than 5%; 0 models of the other list are not in llmcost's\n",
    );
  });
});

describe("column names mean the same in every command", () => {
  it("'In tokens' is input tokens in estimate (with or without output) and diff; check says 'In + out tokens'", async () => {
    const plain = await runCli(["estimate", "-m", "gpt-4o"], { input: "a b" });
    expect(plain.stdout).toMatch(/│ In tokens │/);
    expect(plain.stdout).not.toMatch(/│ Tokens │/);
    const withOutput = await runCli(["estimate", "-m", "gpt-4o", "--output-tokens", "5"], { input: "a b" });
    expect(withOutput.stdout).toMatch(/│ In tokens │ Out tokens │/);
    const diff = renderDiff(
      reportOf(diffSides(sideFrom({ "a.txt": "a" }), sideFrom({ "a.txt": "a b" }))),
      "table",
    );
    expect(diff).toMatch(/│ In tokens before │ In tokens after │ Δ in tokens │/);
    expect(diff).toContain("In tokens: the text's input tokens.");
  });
});

describe("calibrate's table", () => {
  it("writes errors by the one percentage rule and counts with agreeing nouns", () => {
    const summary = (mean: number, worst: number) => ({ samples: 1, mean, worst });
    const table = renderCalibrationTable(
      {
        version: PROFILE_VERSION,
        tokenizer: "claude-3",
        model: "claude-x",
        provider: "anthropic",
        created: "2026-11-27",
        samples: 1,
        bytes: 1,
        framing: 1,
        scale: 1.02,
        scales: {},
        estimatorProbe: 3,
        error: {
          method: "leave-one-out",
          before: { overall: summary(0.125, 0.2), byKind: { prose: summary(0.125, 0.2) } },
          after: { overall: summary(0.00004, 0.01), byKind: { prose: summary(0.00004, 0.01) } },
        },
      },
      "~/p.json",
    );
    expect(table).toMatch(/│ +12\.5% \/ 20% │ +<0\.1% \/ 1% │/);
    expect(table).toContain(
      "1 request of your text (1 byte), after one pair measuring the framing: 1 token per request",
    );
  });
});
