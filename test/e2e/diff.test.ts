import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const GPT4O = "gpt-4o-2024-08-06";
const ANSI = "\u001b[";

interface DiffRow {
  model: string;
  tokensBefore: number;
  tokensAfter: number;
  tokensDelta: number;
  costBefore: number;
  costAfter: number;
  costDelta: number;
  percent: number | null;
  exact: boolean;
  costExact: { before: string; after: string; delta: string };
}
interface DiffJson {
  version: number;
  date: string;
  base: { label: string; ref?: string; commit?: string; date?: string };
  head: { label: string };
  results: DiffRow[];
  files?: { file: string; status: string; results: DiffRow[] }[];
  failOnIncrease?: { limit: number; pass: boolean; failed: string[] };
}

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};
const statuses = (json: DiffJson) => Object.fromEntries((json.files ?? []).map((f) => [f.file, f.status]));

/** Tokens and total cost of one model for some paths, as `llmcost estimate` prints them. */
async function estimateOf(args: string[], cwd?: string) {
  const run = await llmcost(["estimate", "-m", "gpt-4o", "-f", "json", ...args], cwd ? { cwd } : {});
  expect(run.code, run.stderr).toBe(0);
  const row = (JSON.parse(run.stdout) as { results: { inputTokens: number; totalCost: number }[] })
    .results[0];
  return { tokens: row?.inputTokens, cost: row?.totalCost };
}

describe("llmcost diff OLD NEW", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    write(join(dir, "old", "prompt.txt"), "Summarise the report in three bullet points.\n");
    write(
      join(dir, "new", "prompt.txt"),
      "Summarise the attached quarterly report in three bullet points for the board.\n",
    );
    write(join(dir, "old", "gone.txt"), "An example that was removed.\n");
    write(join(dir, "new", "sub", "added.txt"), "A brand new few-shot example, added in a subdirectory.\n");
    write(join(dir, "old", "same.txt"), "Unchanged.\n");
    write(join(dir, "new", "same.txt"), "Unchanged.\n");
  });

  it("compares two directories per model, with the same prices on both sides", async () => {
    const run = await llmcost(["diff", join(dir, "old"), join(dir, "new"), "-m", "gpt-4o", "-f", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as DiffJson;
    const before = await estimateOf([join(dir, "old")]);
    const after = await estimateOf([join(dir, "new")]);
    expect(json.version).toBe(1);
    expect(json.base.label).toBe(join(dir, "old"));
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({
      model: GPT4O,
      tokensBefore: before.tokens,
      tokensAfter: after.tokens,
      tokensDelta: (after.tokens ?? 0) - (before.tokens ?? 0),
      costBefore: before.cost,
      costAfter: after.cost,
      exact: true,
    });
    expect(json.files).toBeUndefined();
  });

  it("matches files by path inside each directory with --per-file", async () => {
    const run = await llmcost([
      "diff",
      join(dir, "old"),
      join(dir, "new"),
      "-m",
      "gpt-4o",
      "-f",
      "json",
      "--per-file",
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as DiffJson;
    expect(statuses(json)).toEqual({
      "gone.txt": "removed",
      "prompt.txt": "changed",
      "same.txt": "unchanged",
      "sub/added.txt": "added",
    });
    const added = json.files?.find((f) => f.file === "sub/added.txt")?.results[0];
    expect(added).toMatchObject({ tokensBefore: 0, costBefore: 0, percent: null });
  });

  it("prints a table with ↑/↓ markers and no colour in a pipe", async () => {
    const run = await llmcost(["diff", join(dir, "old"), join(dir, "new"), "-m", "gpt-4o", "--per-file"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(dir, "old")} → ${join(dir, "new")}`);
    expect(run.stdout).toMatch(
      /│ Model +│ In tokens before │ In tokens after │ Δ in tokens │ Cost before │ Cost after │ +Δ cost │ +Change │/,
    );
    expect(run.stdout).toMatch(/sub\/added\.txt +│ added +│.*↑ new/);
    expect(run.stdout).toMatch(/gone\.txt +│ removed +│.*↓ 100%/);
    expect(run.stdout).not.toMatch(/same\.txt/); // unchanged files are counted, not listed
    expect(run.stdout).toContain("Files: 1 changed, 1 added, 1 removed, 1 unchanged");
    expect(run.stdout).not.toContain(ANSI);
    const coloured = await llmcost([
      "diff",
      join(dir, "old"),
      join(dir, "new"),
      "-m",
      "gpt-4o",
      "--color",
      "always",
    ]);
    expect(coloured.stdout).toContain(ANSI);
  });

  it("compares two files, and writes CSV", async () => {
    const run = await llmcost([
      "diff",
      join(dir, "old", "prompt.txt"),
      join(dir, "new", "prompt.txt"),
      "-m",
      "gpt-4o",
      "-f",
      "csv",
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\r\n");
    expect(lines[0]).toBe(
      "model,tokensBefore,tokensAfter,tokensDelta,costBefore,costAfter,costDelta,percent,exact,retired,retires,successor,rangeBeforeTokensLow,rangeBeforeTokensHigh,rangeBeforeCostLow,rangeBeforeCostHigh,rangeAfterTokensLow,rangeAfterTokensHigh,rangeAfterCostLow,rangeAfterCostHigh,priceOrigin",
    );
    // An exact count has no error band: the eight range columns appended since (issue 20) are empty;
    // the price is the shipped list's.
    expect(lines[1]).toMatch(
      new RegExp(
        `^${GPT4O},\\d+,\\d+,\\d+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,true,,2027-01-14,gpt-6-luna,{8},shipped$`,
      ),
    );
  });

  it("exits 1 above --fail-on-increase, naming the model, the figure and the limit; 0 at or below it", async () => {
    // 10 tokens → 15 tokens, input only: exactly +50%.
    write(join(dir, "ten.txt"), "one two three four five six seven eight nine ten");
    write(
      join(dir, "fifteen.txt"),
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
    );
    const args = ["diff", join(dir, "ten.txt"), join(dir, "fifteen.txt"), "-m", "gpt-4o", "-f", "json"];
    const over = await llmcost([...args, "--fail-on-increase", "49.999999"]);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe(
      `llmcost: ${GPT4O}: cost grew by 50% ($0.000025 → $0.0000375), more than --fail-on-increase 49.999999%\n`,
    );
    expect((JSON.parse(over.stdout) as DiffJson).failOnIncrease).toEqual({
      limit: 49.999999,
      pass: false,
      failed: [GPT4O],
    });
    const equal = await llmcost([...args, "--fail-on-increase", "50"]);
    expect(equal.code).toBe(0);
    expect(equal.stderr).toBe("");
    expect((JSON.parse(equal.stdout) as DiffJson).results[0]?.percent).toBe(50);
    const decrease = await llmcost([
      "diff",
      join(dir, "fifteen.txt"),
      join(dir, "ten.txt"),
      "-m",
      "gpt-4o",
      "--fail-on-increase",
      "0",
    ]);
    expect(decrease.code).toBe(0);
  });

  it("fails with one line and nothing on stdout: missing path 66, bad usage 64", async () => {
    const missing = await llmcost(["diff", join(dir, "old"), join(dir, "nope"), "-m", "gpt-4o"]);
    expect(missing).toMatchObject({ code: 66, stdout: "" });
    expect(missing.stderr).toBe(`llmcost: ${join(dir, "nope")}: no such file or directory\n`);
    const one = await llmcost(["diff", join(dir, "old")]);
    expect(one).toMatchObject({ code: 64, stdout: "" });
    expect(one.stderr).toMatch(/^llmcost: diff: expected two paths, OLD and NEW/);
    const mixed = await llmcost(["diff", join(dir, "old"), join(dir, "ten.txt")]);
    expect(mixed).toMatchObject({ code: 64, stdout: "" });
    const badLimit = await llmcost(["diff", join(dir, "old"), join(dir, "new"), "--fail-on-increase", "-5"]);
    expect(badLimit).toMatchObject({ code: 64, stdout: "" });
    const both = await llmcost(["diff", "--base", "HEAD", "--baseline", "r.json"]);
    expect(both).toMatchObject({ code: 64, stdout: "" });
  });
});

describe("llmcost diff --base REF", () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
      {
        cwd: repo,
        stdio: "pipe",
      },
    );
  beforeAll(() => {
    repo = tempDir();
    git("init", "-q");
    write(join(repo, "prompts", "system prompt.txt"), "You are a helpful assistant.\n");
    write(join(repo, "prompts", 'it\'s "quoted".txt'), "Answer in one sentence.\n");
    write(join(repo, "prompts", "removed.txt"), "This file goes away in the second commit.\n");
    write(join(repo, "notes.md"), "Outside the prompts directory.\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    write(
      join(repo, "prompts", "system prompt.txt"),
      "You are a helpful assistant who answers politely and at length.\n",
    );
    rmSync(join(repo, "prompts", "removed.txt"));
    write(join(repo, "prompts", "new example.txt"), "Q: What is 2 + 2?\nA: 4\n");
    git("add", "-A");
    git("commit", "-q", "-m", "head");
    // Untracked files count (they would be committed); ignored ones do not.
    write(join(repo, ".gitignore"), "*.log\n");
    write(join(repo, "prompts", "debug.log"), "ignored ignored ignored\n");
  });

  it("compares the working tree with a revision, reading its files through git", async () => {
    const run = await llmcost(
      ["diff", "--base", "HEAD~1", "prompts", "-m", "gpt-4o", "-f", "json", "--per-file"],
      {
        cwd: repo,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as DiffJson;
    expect(json.base).toMatchObject({ label: "HEAD~1", ref: "HEAD~1" });
    expect(json.base.commit).toBe(git("rev-parse", "HEAD~1").toString().trim());
    expect(json.head).toEqual({ label: "working tree" });
    expect(statuses(json)).toEqual({
      'prompts/it\'s "quoted".txt': "unchanged",
      "prompts/new example.txt": "added",
      "prompts/removed.txt": "removed",
      "prompts/system prompt.txt": "changed",
    });
    // The "after" side is what estimate counts in the working tree (no ignored file there).
    rmSync(join(repo, "prompts", "debug.log"));
    const now = await estimateOf(["prompts"], repo);
    write(join(repo, "prompts", "debug.log"), "ignored ignored ignored\n");
    expect(json.results[0]).toMatchObject({ tokensAfter: now.tokens, costAfter: now.cost });
    expect(json.results[0]?.tokensDelta).toBeGreaterThan(0);
  });

  it("compares HEAD~1 with the whole working tree by default, from a subdirectory too", async () => {
    const whole = await llmcost(["diff", "--base", "HEAD~1", "-m", "gpt-4o", "-f", "json", "--per-file"], {
      cwd: repo,
    });
    expect(whole.code).toBe(0);
    expect(statuses(JSON.parse(whole.stdout) as DiffJson)).toMatchObject({
      ".gitignore": "added",
      "notes.md": "unchanged",
    });
    const inside = await llmcost(["diff", "--base", "HEAD~1", "-m", "gpt-4o", "-f", "json", "--per-file"], {
      cwd: join(repo, "prompts"),
    });
    expect(inside.code).toBe(0);
    expect(Object.keys(statuses(JSON.parse(inside.stdout) as DiffJson))).toEqual([
      'it\'s "quoted".txt',
      "new example.txt",
      "removed.txt",
      "system prompt.txt",
    ]);
  });

  it("reads a path deleted from the working tree at the revision", async () => {
    const run = await llmcost(
      ["diff", "--base", "HEAD~1", "prompts/removed.txt", "-m", "gpt-4o", "-f", "json"],
      {
        cwd: repo,
      },
    );
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as DiffJson).results[0]).toMatchObject({
      tokensAfter: 0,
      costAfter: 0,
      percent: -100,
    });
  });

  it("fails on an unknown revision (64), outside a repository and on a missing path (66)", async () => {
    const unknown = await llmcost(["diff", "--base", "no-such-branch", "-m", "gpt-4o"], { cwd: repo });
    expect(unknown).toMatchObject({ code: 64, stdout: "" });
    expect(unknown.stderr).toBe(
      "llmcost: --base no-such-branch: unknown git revision: no branch, tag or commit of that name here\n",
    );
    const option = await llmcost(["diff", "--base=--output=x", "-m", "gpt-4o"], { cwd: repo });
    expect(option).toMatchObject({ code: 64, stdout: "" });
    const outside = await llmcost(["diff", "--base", "HEAD", "-m", "gpt-4o"], { cwd: tempDir() });
    expect(outside).toMatchObject({ code: 66, stdout: "" });
    expect(outside.stderr).toBe(
      "llmcost: --base HEAD: not in a git repository (--base reads files from git)\n",
    );
    const missing = await llmcost(["diff", "--base", "HEAD~1", "nowhere", "-m", "gpt-4o"], { cwd: repo });
    expect(missing).toMatchObject({ code: 66, stdout: "" });
    expect(missing.stderr).toBe(
      "llmcost: nowhere: no such file or directory, in the working tree or at HEAD~1\n",
    );
  });
});

describe("llmcost diff --baseline REPORT", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    write(join(dir, "prompts", "a.txt"), "Summarise the report in three bullet points.\n");
    write(join(dir, "prompts", "b.txt"), "Translate the text into French.\n");
  });

  it("compares the paths now with a report saved by estimate --format json --per-file", async () => {
    const saved = await llmcost(
      [
        "estimate",
        "prompts",
        "-m",
        "gpt-4o,claude-sonnet-4-5",
        "--output-tokens",
        "100",
        "--per-file",
        "-f",
        "json",
      ],
      { cwd: dir },
    );
    expect(saved.code).toBe(0);
    writeFileSync(join(dir, "baseline.json"), saved.stdout);
    write(
      join(dir, "prompts", "a.txt"),
      "Summarise the attached quarterly report in three bullet points for the board.\n",
    );
    rmSync(join(dir, "prompts", "b.txt"));
    write(join(dir, "prompts", "c.txt"), "A new prompt.\n");

    // Models, output assumption and date come from the baseline.
    const run = await llmcost(
      ["diff", "--baseline", "baseline.json", "prompts", "-f", "json", "--per-file"],
      { cwd: dir },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as DiffJson;
    const report = JSON.parse(saved.stdout) as {
      results: { model: string; inputTokens: number; totalCost: number }[];
    };
    expect(json.base).toEqual({ label: "baseline.json", date: JSON.parse(saved.stdout).date });
    expect(json.results.map((r) => r.model).sort()).toEqual(report.results.map((r) => r.model).sort());
    for (const row of json.results) {
      const old = report.results.find((r) => r.model === row.model);
      expect(row).toMatchObject({ tokensBefore: old?.inputTokens, costBefore: old?.totalCost });
    }
    const now = await llmcost(
      ["estimate", "prompts", "-m", "gpt-4o,claude-sonnet-4-5", "--output-tokens", "100", "-f", "json"],
      { cwd: dir },
    );
    const current = JSON.parse(now.stdout) as { results: { model: string; totalCost: number }[] };
    for (const row of json.results)
      expect(row.costAfter).toBe(current.results.find((r) => r.model === row.model)?.totalCost);
    expect(statuses(json)).toEqual({
      "prompts/a.txt": "changed",
      "prompts/b.txt": "removed",
      "prompts/c.txt": "added",
    });
  });

  it("diffs totals with a baseline saved without --per-file", async () => {
    const saved = await llmcost(["estimate", "prompts", "-m", "gpt-4o", "-f", "json"], { cwd: dir });
    writeFileSync(join(dir, "totals.json"), saved.stdout);
    const run = await llmcost(["diff", "--baseline", "totals.json", "prompts", "--per-file", "-f", "json"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "llmcost: totals.json: has no per-file results (saved without --per-file): totals only\n",
    );
    const json = JSON.parse(run.stdout) as DiffJson;
    expect(json.files).toBeUndefined();
    expect(json.results[0]).toMatchObject({ model: GPT4O, tokensDelta: 0, costDelta: 0, percent: 0 });
  });

  it("reads a report written by an earlier version, which lacks later fields", async () => {
    // The fields of the first published report only: no notes, unavailable, pricesChecked, price, …
    const old = {
      version: 1,
      date: "2026-11-27",
      output: { assumption: "none" },
      billing: { batch: false, cachedRatio: 0 },
      inputs: [
        {
          source: "prompts/a.txt",
          bytes: 10,
          characters: 10,
          results: [{ model: GPT4O, inputTokens: 4, totalCost: 0.00001, exact: true }],
        },
      ],
      results: [{ model: GPT4O, inputTokens: 4, totalCost: 0.00001, exact: true }],
    };
    writeFileSync(join(dir, "old.json"), JSON.stringify(old));
    const run = await llmcost(
      ["diff", "--baseline", "old.json", "prompts/a.txt", "-f", "json", "--per-file"],
      { cwd: dir },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as DiffJson;
    expect(json.results[0]).toMatchObject({ model: GPT4O, tokensBefore: 4, costBefore: 0.00001 });
    expect(statuses(json)).toEqual({ "prompts/a.txt": "changed" });
  });

  it("fails with 65 on a malformed baseline, naming the file and the field; 66 when it is missing", async () => {
    const report = JSON.parse(readFileSync(join(dir, "totals.json"), "utf8"));
    report.results[0].totalCost = "a lot";
    writeFileSync(join(dir, "broken.json"), JSON.stringify(report));
    const broken = await llmcost(["diff", "--baseline", "broken.json", "prompts"], { cwd: dir });
    expect(broken).toMatchObject({ code: 65, stdout: "" });
    expect(broken.stderr).toBe(
      "llmcost: broken.json: results[0].totalCost: expected a number of USD ≥ 0 (an llmcost estimate --format json report)\n",
    );
    writeFileSync(join(dir, "truncated.json"), '{"version": 1,\n"date": "2026-11-27",\n');
    const truncated = await llmcost(["diff", "--baseline", "truncated.json", "prompts"], { cwd: dir });
    expect(truncated).toMatchObject({ code: 65, stdout: "" });
    expect(truncated.stderr).toMatch(/^llmcost: truncated\.json: 3:1: invalid JSON: [a-z ]+\n$/);
    const missing = await llmcost(["diff", "--baseline", "nope.json", "prompts"], { cwd: dir });
    expect(missing).toMatchObject({ code: 66, stdout: "", stderr: "llmcost: nope.json: no such file\n" });
  });
});
