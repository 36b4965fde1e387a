import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rowOf, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

// gpt-4o on 2026-11-27: $2.50 per 1M input tokens. "TechCrunch" is 2 tokens: $0.000005.
const prompts = () => {
  const dir = tempDir();
  mkdirSync(join(dir, "prompts"));
  writeFileSync(join(dir, "prompts", "a.txt"), "TechCrunch");
  writeFileSync(join(dir, "prompts", "b.txt"), "TechCrunch TechCrunch");
  return join(dir, "prompts");
};

describe("budgets on estimate", () => {
  it("passes at the limit exactly (0), and fails one picodollar under it (1), naming model, figure and limit", async () => {
    const dir = prompts();
    const json = await llmcost(["estimate", dir, "-m", "gpt-4o", "-f", "json"]);
    const cost = rowOf(json.stdout, "gpt-4o-2024-08-06").totalCost as number;
    expect(cost).toBe(0.000015); // 2 + 4 tokens
    const atLimit = await llmcost(["estimate", dir, "-m", "gpt-4o", "--max-cost", "0.000015"]);
    expect(atLimit.code).toBe(0);
    expect(atLimit.stdout).toContain("✓ within budget");
    const under = await llmcost(["estimate", dir, "-m", "gpt-4o", "--max-cost", "0.000014999999"]);
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(
      "llmcost: gpt-4o-2024-08-06: cost $0.000015 is over --max-cost $0.000014999999\n",
    );
    expect(under.stdout).toContain("✗ over budget");
  });

  it("checks tokens, each file, and a monthly projection; JSON says which limit failed", async () => {
    const dir = prompts();
    const run = await llmcost([
      "estimate",
      dir,
      "-m",
      "gpt-4o",
      "--max-tokens",
      "7",
      "--max-cost-per-file",
      "0.000005",
      "--requests",
      "1000",
      "--per",
      "day",
      "--max-monthly-cost",
      "0.45",
      "-f",
      "json",
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    // $0.000015 × 1,000 a day × 30.44 days = $0.4566
    expect(report.projection).toEqual({
      requests: 1000,
      per: "day",
      daysPerMonth: 30.44,
      monthlyCost: { "gpt-4o-2024-08-06": 0.4566 },
    });
    expect(report.budget.passed).toBe(false);
    expect(report.budget.violations).toEqual([
      { kind: "monthly cost", model: "gpt-4o-2024-08-06", source: null, actual: 0.4566, limit: 0.45 },
      {
        kind: "cost per file",
        model: "gpt-4o-2024-08-06",
        source: join(dir, "b.txt"),
        actual: 0.00001,
        limit: 0.000005,
      },
    ]);
    expect(run.stderr.trim().split("\n")).toHaveLength(2);
  });

  it("an error beats over budget: no total, the error's code", async () => {
    const run = await llmcost(["estimate", prompts(), "/no/such/file", "-m", "gpt-4o", "--max-cost", "0"]);
    expect(run.code).toBe(66);
    expect(run.stdout).toBe("");
  });

  it("an empty input is $0 and still checked", async () => {
    const run = await llmcost(["estimate", "-", "-m", "gpt-4o", "--max-cost", "0"], { input: "" });
    expect(run.code).toBe(0);
  });

  it.each([
    ["--max-cost", ""],
    ["--max-cost", "0x10"],
    ["--max-cost", "-1"],
    ["--max-cost", "1e400"],
    ["--max-cost", "abc"],
    ["--max-tokens", "1.5"],
    ["--max-context-share", "1.5"],
  ])("rejects %s %j with 64", async (flag, value) => {
    const run = await llmcost(["estimate", prompts(), "-m", "gpt-4o", flag, value]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^llmcost: ${flag}: `));
  });

  it("needs a rate for a monthly limit", async () => {
    const run = await llmcost(["estimate", prompts(), "-m", "gpt-4o", "--max-monthly-cost", "5"]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--max-monthly-cost: needs a request rate/);
  });
});
