import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./cli.js";
import { llmcost } from "./in-process.js";

// The table as a person sees it, pinned: a price list written for the test, a fixed date, no colour.
const env = { LLMCOST_PRICING_DIR: join(ROOT, "test", "fixtures", "pricing"), NO_COLOR: "1" };

describe("the table, as printed", () => {
  it("estimate with output tokens and an estimate row", async () => {
    const run = await llmcost(["estimate", "--all", "--as-of", "2025-01-01", "--output-tokens", "100"], {
      input: "TechCrunch is 2 tokens for GPT-4o.",
      env,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot("__snapshots__/estimate-table.txt");
  });

  it("models", async () => {
    const run = await llmcost(["models", "--as-of", "2025-01-01"], { env });
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot("__snapshots__/models-table.txt");
  });
});
