import { describe, expect, it } from "vitest";
import { llmcost as spawned, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

describe("in-process runs of the built CLI", () => {
  it("give what the spawned binary gives: code, stdout, stderr and the retirement lines apart", async () => {
    const args = ["estimate", "-m", "gpt-4o,gpt-4-turbo", "-f", "json", "--max-cost", "0.00001"];
    const here = await llmcost(args, { input: "TechCrunch" });
    const there = await spawned(args, { input: "TechCrunch" });
    expect(here).toEqual(there);
    expect(here.code).toBe(1);
    expect(here.allStderr).toBe(there.allStderr);
  });

  it("run in the working directory given, and leave the process's as they found it", async () => {
    const before = process.cwd();
    const dir = tempDir();
    const run = await llmcost(["estimate", "no-such.txt"], { cwd: dir });
    expect(run.stderr).toBe("llmcost: no-such.txt: no such file or directory\n");
    expect(process.cwd()).toBe(before);
    // A check's config is looked for from the working directory up.
    const none = await llmcost(["check"], { cwd: dir });
    expect(none.stderr).toContain(`llmcost: llmcost.config.json: not found in ${dir}`);
  });

  it("refuse to run at once in two directories (they share the process's)", async () => {
    const first = llmcost(["estimate", "-m", "gpt-4o"], { input: "x", cwd: tempDir() });
    await expect(llmcost(["estimate", "-m", "gpt-4o"], { input: "x", cwd: tempDir() })).rejects.toThrow(
      /in-process runs at once in two directories/,
    );
    expect((await first).code).toBe(0);
  });
});
