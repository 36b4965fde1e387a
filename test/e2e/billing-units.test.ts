import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { llmcost, ROOT, tempDir } from "./cli.js";

// Per-character billing (docs/billing-units.md) through the built CLI: its counting pass runs on worker
// threads like a tokenizer's.
const UNITS = join(ROOT, "test/fixtures/user-pricing/billing-units.json");

describe("billing units on worker threads", () => {
  it("counts billable characters the same on worker threads (-j 2) as on the main thread", async () => {
    const dir = tempDir();
    const files = ["a.txt", "b.txt"].map((name, i) => {
      const path = join(dir, name);
      writeFileSync(path, `${"naïve café 😀 \t".repeat(5000 * (i + 1))}\n`);
      return path;
    });
    const characters = async (jobs: string) => {
      const result = await llmcost([
        "estimate",
        "--pricing",
        UNITS,
        "-m",
        "chars-model",
        "-f",
        "json",
        "-j",
        jobs,
        ...files,
      ]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout).results[0].inputCharacters;
    };
    // "naïve café 😀 \t" has 10 billable characters; 5,000 and 10,000 of them.
    expect(await characters("1")).toBe(10 * 15_000);
    expect(await characters("2")).toBe(10 * 15_000);
  });
});
