import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/render/fit-text.js";
import { llmcost } from "./in-process.js";

const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));

describe("the built CLI fits its tables to COLUMNS", () => {
  it.each([80, 100, 200])("estimate --output-tokens 400 --compare-to at %i columns", async (width) => {
    const argv = ["estimate", "--output-tokens", "400", "--compare-to", "gpt-6-sol"];
    const whole = await llmcost(argv, { input: "Summarise this in three bullet points." });
    const fitted = await llmcost(argv, {
      input: "Summarise this in three bullet points.",
      env: { COLUMNS: String(width) },
    });
    expect(fitted.code).toBe(0);
    expect(widest(whole.stdout)).toBeGreaterThan(150);
    expect(widest(fitted.stdout)).toBeLessThanOrEqual(width);
    expect(fitted.stdout).toMatch(/│ Model +│/);
    expect(fitted.stdout).toContain("reference");
  });

  it.each([80, 100])(
    "--compare-to a dated id at %i columns: the id is never cut over lines",
    async (width) => {
      const reference = "gpt-4o-mini-2024-07-18";
      const models = `gpt-4o-2024-08-06,${reference},gpt-4.1-mini-2025-04-14`;
      const argv = ["estimate", "-m", models, "--output-tokens", "400", "--compare-to", reference];
      const fitted = await llmcost([...argv, "--as-of", "2025-06-01"], {
        input: "Summarise this in three bullet points.",
        env: { COLUMNS: String(width) },
      });
      expect(fitted.code).toBe(0);
      expect(widest(fitted.stdout)).toBeLessThanOrEqual(width);
      const table = fitted.stdout.split("\n").filter((line) => line.startsWith("│"));
      expect(table.some((line) => /│ 16\.7×( gpt-4o-mini…)? +│$/.test(line))).toBe(true);
      for (const line of table) expect(line).not.toMatch(/gpt-4o-mini-\d*(-\d*)? +│$|│ \d*-?\d{2}-\d{2} +│$/);
    },
  );
});
