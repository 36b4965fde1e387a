import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./cli.js";

const CONSUMER = join(ROOT, "test", "fixtures", "consumer");

describe("llmcost as a library", () => {
  it('import { estimate } from "llmcost" works at run time', () => {
    const script = `import { estimate } from "llmcost";
      const r = await estimate(["TechCrunch", "TechCrunch"], { models: ["gpt-4o", "gpt-4-turbo"], date: "2024-10-15" });
      console.log(JSON.stringify(r.results.map((x) => [x.model, x.inputTokens, String(x.totalCost)])));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    // 4 o200k tokens × 2,500,000 pico$ and 6 cl100k tokens × 10,000,000 pico$
    expect(JSON.parse(out)).toEqual([
      ["gpt-4o-2024-08-06", 4, "10000000"],
      ["gpt-4-turbo-2024-04-09", 6, "60000000"],
    ]);
  });

  it("its types check in a strict consumer", () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    expect(() =>
      execFileSync(process.execPath, [tsc, "-p", CONSUMER], { cwd: ROOT, encoding: "utf8" }),
    ).not.toThrow();
  });
});
