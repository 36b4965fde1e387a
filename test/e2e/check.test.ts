import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

/** A repository with prompts and a budget config; `rules` replaces the config's rules. */
function repo(rules: unknown[], extra: Record<string, unknown> = {}) {
  const dir = tempDir();
  mkdirSync(join(dir, "prompts", "nested"), { recursive: true });
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "prompts", "system.md"),
    "You are a helpful assistant. Answer in three bullet points.",
  );
  writeFileSync(join(dir, "prompts", "nested", "user.md"), "TechCrunch");
  writeFileSync(join(dir, "llmcost.config.json"), JSON.stringify({ models: ["gpt-4o"], rules, ...extra }));
  return dir;
}

describe("llmcost check", () => {
  it("passes (0) with a table of every rule, found from a subdirectory", async () => {
    const dir = repo([{ name: "prompts", paths: ["prompts/**/*.md"], maxCost: 0.01, maxTokens: 100 }]);
    const run = await llmcost(["check"], { cwd: join(dir, "src") });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/prompts │\s+2 │ gpt-4o-2024-08-06 \(retiring\) │\s+14 │ \$0\.000035 │ ✓/);
    expect(run.stdout).toContain("✓ the rule passes");
  });

  it("fails (1) naming rule, model, figure and limit; JSON says which", async () => {
    const dir = repo([
      { name: "tight", paths: ["prompts/**/*.md"], maxTokens: 13 },
      { name: "per file", paths: ["prompts/**/*.md"], maxCostPerFile: 0.00001 },
      { name: "fine", paths: ["prompts/*.md"], maxCost: 1 },
    ]);
    const run = await llmcost(["check", "-f", "json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      "llmcost: tight: gpt-4o-2024-08-06: tokens 14 is over maxTokens 13",
      "llmcost: per file: prompts/system.md: gpt-4o-2024-08-06: cost per file $0.00003 is over maxCostPerFile $0.00001",
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.rules.map((rule: { passed: boolean }) => rule.passed)).toEqual([false, false, true]);
    expect(report.passed).toBe(false);
  });

  it("an empty glob fails the rule unless it says allowEmpty", async () => {
    const dir = repo([{ name: "evals", paths: ["evals/**/*.jsonl"], maxCost: 1 }]);
    const run = await llmcost(["check"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("llmcost: evals: no files match evals/**/*.jsonl\n");
    const allowed = repo([{ name: "evals", paths: ["evals/**/*.jsonl"], maxCost: 1, allowEmpty: true }]);
    expect((await llmcost(["check"], { cwd: allowed })).code).toBe(0);
  });

  it("a missing config is 66; a malformed one 65 with its place; nothing on stdout", async () => {
    const none = await llmcost(["check"], { cwd: tempDir() });
    expect(none.code).toBe(66);
    expect(none.stderr).toMatch(/^llmcost: llmcost\.config\.json: not found in /);
    const dir = repo([{ name: "x", paths: ["prompts/*.md"], maxCots: 1 }]);
    const bad = await llmcost(["check"], { cwd: dir });
    expect(bad.code).toBe(65);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("llmcost: llmcost.config.json: rules[0].maxCots: unknown key\n");
    const explicit = await llmcost(["check", "--config", join(dir, "nope.json")]);
    expect(explicit.code).toBe(66);
  });

  it("a model the config names that is unknown or not priced on the date is bad data (65), never skipped", async () => {
    const unknown = repo([{ name: "x", paths: ["prompts/*.md"], models: ["nosuch"], maxCost: 1 }]);
    const run = await llmcost(["check"], { cwd: unknown });
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/^llmcost: llmcost\.config\.json: rules\[0\]\.models: nosuch: unknown model/);
    const unpriced = repo([{ name: "x", paths: ["prompts/*.md"], maxCost: 0 }], { asOf: "2020-01-01" });
    const old = await llmcost(["check"], { cwd: unpriced });
    expect(old.code).toBe(65);
    expect(old.stdout).toBe("");
    expect(old.stderr).toMatch(
      /models: the price list has no model named gpt-4o\S* on 2020-01-01: the first it names is gpt-4o-\S+, from /,
    );
  });

  it("globs stay inside the config's directory and skip node_modules and .git", async () => {
    const dir = repo([{ name: "all", paths: ["**/*.md"], maxCost: 1 }]);
    mkdirSync(join(dir, "node_modules", "pkg"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "pkg", "README.md"), "x".repeat(1000));
    const run = await llmcost(["check", "-f", "json"], { cwd: dir });
    expect(JSON.parse(run.stdout).rules[0].files).toBe(2);
    const outside = repo([{ name: "up", paths: ["../**/*.md"], maxCost: 1 }]);
    const escaped = await llmcost(["check"], { cwd: outside });
    expect(escaped.code).toBe(65);
    expect(escaped.stderr).toMatch(
      /rules\[0\]\.paths\[0\]: globs are relative to the config file's directory/,
    );
  });

  it("a binary file a glob matches is skipped with a note; only binary files is an empty match", async () => {
    const dir = repo([{ name: "all", paths: ["prompts/**"], maxCost: 1 }]);
    writeFileSync(join(dir, "prompts", "logo.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    const run = await llmcost(["check", "-f", "json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/logo\.png: skipped: binary file/);
    const binary = repo([{ name: "png", paths: ["prompts/*.png"], maxCost: 1 }]);
    writeFileSync(join(binary, "prompts", "logo.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    const only = await llmcost(["check"], { cwd: binary });
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/png: no text files among the 1 matched/);
  });
});
