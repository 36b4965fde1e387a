import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

describe("--requests without --per", () => {
  it("projects per month, and says so in the table and JSON", async () => {
    const table = await runCli(["estimate", "-m", "gpt-6-luna", "--requests", "1000"], {
      input: "hello there",
    });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Per month \(1,000 requests per month\)/);
    const json = await runCli(["estimate", "-m", "gpt-6-luna", "--requests", "1000", "-f", "json"], {
      input: "hello there",
    });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.projection).toMatchObject({ requests: 1000, per: "month" });
    // Per month is the rate times the run's cost, with no days in between.
    const total = report.results[0].totalCost as number;
    expect(report.projection.monthlyCost["gpt-6-luna"]).toBeCloseTo(total * 1000, 9);
  });

  it("gives the same projection as --per month", async () => {
    const args = ["estimate", "-m", "gpt-6-luna", "--requests", "7", "-f", "json"];
    const implicit = await runCli(args, { input: "a b c" });
    const explicit = await runCli([...args, "--per", "month"], { input: "a b c" });
    expect(JSON.parse(implicit.stdout).projection).toEqual(JSON.parse(explicit.stdout).projection);
  });

  it("still refuses --per without --requests", async () => {
    const run = await runCli(["estimate", "-m", "gpt-6-luna", "--per", "day"], { input: "x" });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--per: needs --requests N/);
  });
});
