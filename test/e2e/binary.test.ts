// The built binary, spawned: what bin/llmcost.js adds to run(io) — the exit code it sets, the real
// stdin, stdout and stderr it hands over, the process's working directory and environment. The other
// end-to-end files run the same bundle in process (in-process.ts); the spawned cases that need a real
// process (a terminal, a closed reader, /dev/full, memory limits, worker threads) sit beside the
// behaviour they check, and in the fault-matrix files.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { llmcost, ROOT, rowOf, tempDir } from "./cli.js";

const README = join(ROOT, "README.md");

describe("the built binary", () => {
  it("estimates a file as a table without colour on a pipe, exit 0", async () => {
    const run = await llmcost(["estimate", README, "-m", "gpt-4o"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toMatch(/│ Model +│ Provider/);
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("reads piped stdin and writes JSON", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "-f", "json"], { input: "TechCrunch" });
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06")).toMatchObject({ inputTokens: 2, inputCost: 0.000005 });
  });

  it("exits 1 over a budget, the report on stdout and the verdict on stderr", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--max-cost", "0.000004"], {
      input: "TechCrunch",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ over budget");
    expect(run.stderr).toBe("llmcost: gpt-4o-2024-08-06: cost $0.000005 is over --max-cost $0.000004\n");
  });

  it("exits 64 for a usage error, one line and nothing on stdout", async () => {
    const run = await llmcost(["estimate", "--output-token", "5"]);
    expect([run.code, run.stdout]).toEqual([64, ""]);
    expect(run.stderr).toBe("llmcost: --output-token: unknown option (did you mean --output-tokens?)\n");
  });

  it("exits 65 for bad data and 66 for a missing input", async () => {
    const binary = await llmcost(["estimate", join(ROOT, "test", "fixtures", "inputs", "image.bin")]);
    expect([binary.code, binary.stdout]).toEqual([65, ""]);
    expect(binary.stderr).toMatch(/image\.bin: binary file \(NUL byte at offset 3\)\n$/);
    const missing = await llmcost(["estimate", "no-such-file.txt"]);
    expect([missing.code, missing.stdout]).toEqual([66, ""]);
    expect(missing.stderr).toBe("llmcost: no-such-file.txt: no such file or directory\n");
  });

  it("prints its version and help with 0, and help on stderr with 64 when no command is given", async () => {
    expect((await llmcost(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await llmcost(["estimate", "--help"]);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining("--output-tokens <n>")]);
    const none = await llmcost([]);
    expect([none.code, none.stdout]).toEqual([64, ""]);
    expect(none.stderr).toContain("Usage: llmcost");
  });

  it("check finds its config from the process's working directory", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "prompts", "a.md"), "TechCrunch");
    const rules = [{ name: "prompts", paths: ["prompts/*.md"], maxTokens: 1 }];
    writeFileSync(join(dir, "llmcost.config.json"), JSON.stringify({ models: ["gpt-4o"], rules }));
    const run = await llmcost(["check"], { cwd: join(dir, "src") });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("llmcost: prompts: gpt-4o-2024-08-06: tokens 2 is over maxTokens 1\n");
  });

  it("reads its environment: LLMCOST_TODAY and FORCE_COLOR", async () => {
    const then = await llmcost(["estimate", "-m", "gpt-4o", "-f", "json"], {
      input: "x",
      env: { LLMCOST_TODAY: "2024-06-01" },
    });
    expect(JSON.parse(then.stdout).results[0].model).toBe("gpt-4o-2024-05-13");
    const coloured = await llmcost(["estimate", "-m", "gpt-4o"], { input: "x", env: { FORCE_COLOR: "1" } });
    expect(coloured.stdout).toContain("\u001b[");
  });

  it("tokenize and models run through the binary too", async () => {
    const tokens = await llmcost(["tokenize", "-m", "gpt-4o", "-f", "json"], { input: "TechCrunch" });
    expect(tokens.code).toBe(0);
    expect(JSON.parse(tokens.stdout)).toMatchObject({ count: 2, exact: true });
    const models = await llmcost(["models", "-f", "json"]);
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout).models.length).toBeGreaterThan(10);
  });
});
