import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

/** A config pricing gpt-4o (retiring: a warning on every run) for one file, with a loose limit. */
function project(config: object = { models: ["gpt-4o"], rules: [{ paths: ["a.md"], maxCost: 1 }] }) {
  const dir = tempDir();
  writeFileSync(join(dir, "a.md"), "hello world, some text here");
  const path = join(dir, "llmcost.config.json");
  writeFileSync(path, JSON.stringify(config));
  return (...args: string[]) => runCli(["check", "-c", path, ...args]);
}
const modelsOf = (stdout: string) =>
  (JSON.parse(stdout).rules as { results: { model: string }[] }[]).flatMap((rule) =>
    rule.results.map((result) => result.model),
  );

describe("check -q", () => {
  it("leaves out warnings and keeps the report", async () => {
    const check = project();
    const loud = await check();
    expect(loud.stderr).toMatch(/gpt-4o-2024-08-06: retires on 2027-01-14/);
    const quiet = await check("-q");
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it("still says the verdict: a failed rule and a retired model with --fail-on-retired", async () => {
    const check = project({
      models: ["claude-3-haiku-20240307"],
      rules: [{ paths: ["a.md"], maxCost: 1e-9 }],
    });
    const run = await check("--quiet", "--fail-on-retired");
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^llmcost: --fail-on-retired: claude-3-haiku-20240307 retired on /),
      expect.stringMatching(/^llmcost: a\.md: claude-3-haiku-20240307: cost .* is over maxCost/),
    ]);
  });
});

describe("check --as-of", () => {
  it("prices on the date given, over the config's asOf", async () => {
    const check = project({
      asOf: "2026-11-27",
      models: ["gpt-4o"],
      rules: [{ paths: ["a.md"], maxCost: 1 }],
    });
    const then = await check("--as-of", "2024-06-01", "-f", "json");
    expect(then.code).toBe(0);
    expect(JSON.parse(then.stdout).date).toBe("2024-06-01");
    // gpt-4o named the 2024-05-13 snapshot then, at another price than the later one.
    expect(modelsOf(then.stdout)).toEqual(["gpt-4o-2024-05-13"]);
    expect(JSON.parse((await check("-f", "json")).stdout).date).toBe("2026-11-27");
  });

  it("refuses a date that is none (64)", async () => {
    const run = await project()("--as-of", "2024-13-01");
    expect(run.code).toBe(64);
    expect(run.stderr).toBe('llmcost: --as-of: expected a date as YYYY-MM-DD, got "2024-13-01"\n');
  });
});

describe("check -m", () => {
  it("prices every rule for the models given instead of the config's (repeatable, comma-separated)", async () => {
    const check = project({
      models: ["gpt-4o"],
      rules: [
        { paths: ["a.md"], maxCost: 1 },
        { name: "own models", paths: ["a.md"], models: ["claude-3-haiku-20240307"], maxCost: 1 },
      ],
    });
    const run = await check("-m", "gpt-6-luna,gpt-6-sol", "-m", "mistral-large", "-f", "json");
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout).rules as { results: { model: string }[] }[];
    for (const rule of rules)
      expect(rule.results.map((r) => r.model).sort()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^gpt-6-luna/), expect.stringMatching(/^gpt-6-sol/)]),
      );
    expect(rules.every((rule) => rule.results.length === 3)).toBe(true);
    expect(modelsOf(run.stdout).some((model) => model.startsWith("gpt-4o"))).toBe(false);
  });

  it("with --pricing: each row's priceOrigin says which price came from the user file", async () => {
    const PRIVATE = new URL("../fixtures/user-pricing/private.json", import.meta.url).pathname;
    const run = await project()("-m", "our-finetune,gpt-6-luna", "--pricing", PRIVATE, "-f", "json");
    expect(run.code).toBe(0);
    const [rule] = JSON.parse(run.stdout).rules as { results: { model: string; priceOrigin: string }[] }[];
    expect(Object.fromEntries((rule?.results ?? []).map((r) => [r.model, r.priceOrigin]))).toEqual({
      "our-finetune": PRIVATE,
      "gpt-6-luna": "shipped",
    });
  });

  it("says a bad model as a bad flag (64), not as the config's data (65)", async () => {
    const check = project();
    const unknown = await check("-m", "nosuch");
    expect(unknown.code).toBe(64);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/^llmcost: --model nosuch: unknown model/);
    const early = await check("-m", "gpt-6-luna", "--as-of", "2020-01-01");
    expect(early.code).toBe(64);
    expect(early.stderr).toMatch(/^llmcost: --model gpt-6-luna: gpt-6-luna was not on sale on 2020-01-01/);
  });
});

describe("merge -q", () => {
  it("leaves out warnings and keeps the report; --fail-on-retired still says why it failed", async () => {
    const shard = await runCli(["estimate", "-m", "gpt-4o", "-f", "jsonl"], { input: "some text" });
    expect(shard.code).toBe(0);
    // A directory of shards with a file that is none: skipped, with a warning.
    const dir = tempDir();
    writeFileSync(join(dir, "part-1.jsonl"), shard.stdout);
    writeFileSync(join(dir, "notes.txt"), "not a shard");
    const loud = await runCli(["merge", dir, "-f", "json"]);
    expect(loud.stderr).toMatch(/notes\.txt: /);
    const quiet = await runCli(["merge", dir, "-q", "-f", "json"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(loud.stdout);
    const retired = await runCli(["estimate", "-m", "claude-3-haiku-20240307", "-f", "jsonl"], {
      input: "some text",
    });
    const failed = await runCli(["merge", "--quiet", "--fail-on-retired"], { input: retired.stdout });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^llmcost: --fail-on-retired: claude-3-haiku-20240307 retired on [\d-]+.*\n$/,
    );
  });
});
