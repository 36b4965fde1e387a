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
});
