import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rowOf, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

// The retirement policy in every command (issue 16): a model named after its retirement is priced at
// its last price and flagged; retirement alone is never 64 or 65; --fail-on-retired makes it exit 1.
const AFTER = { LLMCOST_TODAY: "2026-12-06" };
const WARNING =
  "llmcost: gpt-4-turbo-2024-04-09: retired on 2026-10-23, priced at its last price; successor: gpt-5.6-sol; --as-of 2026-10-22 prices it on a date it was on sale\n";
const dirs: string[] = [];
const dir = () => {
  const made = tempDir();
  dirs.push(made);
  return made;
};
afterAll(() => {
  for (const made of dirs) rmSync(made, { recursive: true, force: true });
});

describe("estimate", () => {
  it("prices a retired model at its last price, flagged in JSON, with one warning naming the successor", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4-turbo,gpt-6-sol", "-f", "json"], {
      input: "TechCrunch",
      env: AFTER,
    });
    expect(run.code).toBe(0);
    expect(run.allStderr).toBe(WARNING);
    expect(rowOf(run.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({
      inputTokens: 3,
      inputPricePerMillion: 10,
      retired: "2026-10-23",
      retires: null,
      successor: "gpt-5.6-sol",
    });
    expect(rowOf(run.stdout, "gpt-6-sol")).toMatchObject({ retired: null, successor: null });
    expect(JSON.parse(run.stdout).unavailable).toEqual([]);
  });

  it("marks it in the table, markdown and CSV; -q drops the warning", async () => {
    const table = await llmcost(["estimate", "-m", "gpt-4-turbo"], {
      input: "x",
      env: { ...AFTER, NO_COLOR: "1" },
    });
    expect(table.stdout).toMatch(/│ gpt-4-turbo-2024-04-09 \(retired\) │/);
    expect(table.stdout).toContain(
      "Retired, priced at their last price: gpt-4-turbo-2024-04-09 on 2026-10-23 (successor gpt-5.6-sol)",
    );
    const markdown = await llmcost(["estimate", "-m", "gpt-4-turbo", "-f", "markdown", "-q"], {
      input: "x",
      env: AFTER,
    });
    expect(markdown.allStderr).toBe("");
    expect(markdown.stdout).toContain("| `gpt-4-turbo-2024-04-09` (retired) |");
    const csv = await llmcost(["estimate", "-m", "gpt-4-turbo", "-f", "csv"], { input: "x", env: AFTER });
    // The columns appended since (issue 20) come after these 27.
    const [head, row] = csv.stdout.split("\r\n").map((line) => line.split(",").slice(0, 27).join(","));
    expect(
      head?.endsWith(",retired,retires,successor,inputTokensLow,inputTokensHigh,inputCostLow,inputCostHigh"),
    ).toBe(true);
    // An exact count has no error band: its four range columns are empty.
    expect(row?.endsWith(",2026-10-23,,gpt-5.6-sol,,,,")).toBe(true);
  });

  it("--fail-on-retired is a failed policy check: exit 1, the report printed, one line per retired model", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4-turbo,gpt-6-sol", "--fail-on-retired", "-q"], {
      input: "x",
      env: AFTER,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("gpt-4-turbo-2024-04-09 (retired)");
    expect(run.allStderr).toBe(
      "llmcost: --fail-on-retired: gpt-4-turbo-2024-04-09 retired on 2026-10-23 (successor: gpt-5.6-sol)\n",
    );
    const fine = await llmcost(["estimate", "-m", "gpt-6-sol", "--fail-on-retired"], {
      input: "x",
      env: AFTER,
    });
    expect(fine.code).toBe(0);
  });

  it("the day before retirement it is on sale and retiring; from that day retired", async () => {
    const before = await llmcost(["estimate", "-m", "gpt-4-turbo", "--as-of", "2026-10-22", "-f", "json"], {
      input: "x",
      env: AFTER,
    });
    expect(before.allStderr).toBe(
      "llmcost: gpt-4-turbo-2024-04-09: retires on 2026-10-23; successor: gpt-5.6-sol\n",
    );
    expect(rowOf(before.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({
      retired: null,
      retires: "2026-10-23",
    });
    const on = await llmcost(["estimate", "-m", "gpt-4-turbo", "--as-of", "2026-10-23", "-f", "json"], {
      input: "x",
      env: AFTER,
    });
    expect(rowOf(on.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ retired: "2026-10-23" });
  });

  it("--all and -p leave retired models out; a chat payload naming one prices it, flagged", async () => {
    const all = await llmcost(["estimate", "-p", "openai", "-f", "json"], { input: "x", env: AFTER });
    const report = JSON.parse(all.stdout);
    expect(report.results.map((r: { model: string }) => r.model)).not.toContain("gpt-4-turbo-2024-04-09");
    expect(report.unavailable).toContainEqual({
      model: "gpt-4-turbo-2024-04-09",
      provider: "openai",
      reason: "retired on 2026-10-23",
      named: false,
    });
    const payload = JSON.stringify({ model: "gpt-4-turbo", messages: [{ role: "user", content: "Hi" }] });
    const chat = await llmcost(["estimate", "-f", "json"], { input: payload, env: AFTER });
    expect(chat.code).toBe(0);
    expect(rowOf(chat.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ retired: "2026-10-23" });
    expect(chat.allStderr).toBe(WARNING);
  });

  it("--compare-to a retired model compares with its last price, with the same warning", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-6-sol", "--compare-to", "gpt-4-turbo", "-f", "json"], {
      input: "TechCrunch",
      env: AFTER,
    });
    expect(run.code).toBe(0);
    expect(run.allStderr).toBe(WARNING);
    expect(rowOf(run.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ retired: "2026-10-23" });
    expect(rowOf(run.stdout, "gpt-6-sol").comparedTo).toMatchObject({ model: "gpt-4-turbo-2024-04-09" });
  });

  it("--compare-to a retired model already in the selection (-p) is named, so priced; defaults stay unnamed", async () => {
    const run = await llmcost(
      ["estimate", "-p", "openai", "--compare-to", "gpt-4-turbo", "-f", "json", "-q"],
      {
        input: "TechCrunch",
        env: AFTER,
      },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(rowOf(run.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ retired: "2026-10-23" });
    expect(report.results.every((r: { comparedTo: unknown }) => r.comparedTo !== null)).toBe(true);
    const defaults = await llmcost(["estimate", "--compare-to", "gpt-4-turbo"], { input: "x", env: AFTER });
    expect(defaults.code).toBe(0);
    expect(defaults.allStderr).toBe(WARNING);
  });

  it("--max-price-age never counts a retired model's last price as stale", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4-turbo", "--max-price-age", "30", "-q"], {
      input: "x",
      env: AFTER,
    });
    expect(run.code).toBe(0);
  });

  it("a provider alias before its first recorded period is an error, not the next snapshot", async () => {
    // gpt-3.5-turbo meant gpt-3.5-turbo-0301 (not in the price list) until 2023-06-27.
    const run = await llmcost(["estimate", "-m", "gpt-3.5-turbo", "--as-of", "2023-06-20"], { input: "x" });
    expect(run.code).toBe(64);
    expect(run.stderr).toBe(
      "llmcost: --model gpt-3.5-turbo: the price list has no model named gpt-3.5-turbo on 2023-06-20: the first it names is gpt-3.5-turbo-0613, from 2023-06-27\n",
    );
    const defaults = await llmcost(["estimate", "--as-of", "2024-03-01", "-f", "json"], { input: "x" });
    expect(defaults.code).toBe(0);
    expect(JSON.parse(defaults.stdout).results.length).toBeGreaterThan(0);
  });

  it("only a name that never existed, or a date before launch, is an error", async () => {
    const early = await llmcost(["estimate", "-m", "gpt-4-turbo-2024-04-09", "--as-of", "2024-04-08"], {
      input: "x",
    });
    expect(early.code).toBe(64);
    expect(early.stderr).toBe(
      "llmcost: --model gpt-4-turbo-2024-04-09: gpt-4-turbo-2024-04-09 was not on sale on 2024-04-08: first priced on 2024-04-09\n",
    );
    const provider = await llmcost(["estimate", "-m", "mistral"], { input: "x" });
    expect(provider.code).toBe(64);
    expect(provider.stderr).toMatch(
      /^llmcost: --model mistral: "mistral" is a provider, not a model: -p mistral/,
    );
  });
});

describe("diff, merge and check", () => {
  it("diff prices a retired model on both sides, warns, and fails only with --fail-on-retired", async () => {
    const root = dir();
    writeFileSync(join(root, "old.txt"), "Hello");
    writeFileSync(join(root, "new.txt"), "Hello there");
    const run = await llmcost(
      ["diff", join(root, "old.txt"), join(root, "new.txt"), "-m", "gpt-4-turbo", "-f", "json"],
      {
        env: AFTER,
      },
    );
    expect(run.code).toBe(0);
    expect(run.allStderr).toBe(WARNING);
    expect(JSON.parse(run.stdout).results[0]).toMatchObject({
      model: "gpt-4-turbo-2024-04-09",
      retired: "2026-10-23",
      successor: "gpt-5.6-sol",
    });
    const table = await llmcost(
      ["diff", join(root, "old.txt"), join(root, "new.txt"), "-m", "gpt-4-turbo", "-q"],
      {
        env: { ...AFTER, NO_COLOR: "1" },
      },
    );
    expect(table.stdout).toMatch(/│ gpt-4-turbo-2024-04-09 \(retired\) │/);
    expect(table.stdout).toContain(
      "Retired, priced at their last price: gpt-4-turbo-2024-04-09 on 2026-10-23",
    );
    const failing = await llmcost(
      ["diff", join(root, "old.txt"), join(root, "new.txt"), "-m", "gpt-4-turbo", "--fail-on-retired", "-q"],
      { env: AFTER },
    );
    expect(failing.code).toBe(1);
    expect(failing.allStderr).toContain(
      "llmcost: --fail-on-retired: gpt-4-turbo-2024-04-09 retired on 2026-10-23",
    );
  });

  it("merge adds up shards with a retired model, warns once, and fails only with --fail-on-retired", async () => {
    const shard = await llmcost(["estimate", "-m", "gpt-4-turbo", "-f", "jsonl", "-q"], {
      input: "x",
      env: AFTER,
    });
    const root = dir();
    writeFileSync(join(root, "a.jsonl"), shard.stdout);
    const merged = await llmcost(["merge", join(root, "a.jsonl"), "-f", "json"], { env: AFTER });
    expect(merged.code).toBe(0);
    expect(merged.allStderr).toBe(WARNING);
    expect(rowOf(merged.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ retired: "2026-10-23" });
    const failing = await llmcost(["merge", join(root, "a.jsonl"), "--fail-on-retired"], { env: AFTER });
    expect(failing.code).toBe(1);
  });

  it("check passes the README's sample config of 2026-11 (claude-sonnet-4-5, retired 2026-11-30) with a warning", async () => {
    const root = dir();
    mkdirSync(join(root, "prompts"));
    writeFileSync(join(root, "prompts", "system.md"), "You are a helpful assistant.");
    const config = (extra: object) =>
      writeFileSync(
        join(root, "llmcost.config.json"),
        JSON.stringify({
          models: ["gpt-4o", "claude-sonnet-4-5"],
          outputTokens: 500,
          rules: [{ name: "system prompts", paths: ["prompts/**/*.md"], maxCost: 0.5, maxTokens: 20000 }],
          ...extra,
        }),
      );
    config({});
    const run = await llmcost(["check"], { cwd: root, env: AFTER });
    expect(run.code).toBe(0);
    expect(run.allStderr).toContain(
      "llmcost: claude-sonnet-4-5-20250929: retired on 2026-11-30, priced at its last price; successor: claude-sonnet-5-5",
    );
    expect(run.stdout).toContain("✓ the rule passes");
    expect(run.stdout).toMatch(/claude-sonnet-4-5-20250929 \(retired\)/);
    const json = await llmcost(["check", "-f", "json"], { cwd: root, env: AFTER });
    expect(JSON.parse(json.stdout).rules[0].results).toContainEqual(
      expect.objectContaining({
        model: "claude-sonnet-4-5-20250929",
        retired: "2026-11-30",
        successor: "claude-sonnet-5-5",
      }),
    );
    expect((await llmcost(["check", "--fail-on-retired"], { cwd: root, env: AFTER })).code).toBe(1);
    config({ failOnRetired: true });
    const strict = await llmcost(["check"], { cwd: root, env: AFTER });
    expect(strict.code).toBe(1);
    expect(strict.allStderr).toContain(
      "llmcost: --fail-on-retired: claude-sonnet-4-5-20250929 retired on 2026-11-30",
    );
    config({ failOnRetired: "yes" });
    expect((await llmcost(["check"], { cwd: root, env: AFTER })).code).toBe(65);
  });
});

describe("tokenize and models", () => {
  it("tokenize counts with a retired model's tokenizer; models shows it retired with its successor", async () => {
    const tokens = await llmcost(["tokenize", "--model", "gpt-4-turbo"], { input: "TechCrunch", env: AFTER });
    expect(tokens.code).toBe(0);
    expect(tokens.stdout).toContain("3 tokens · gpt-4-turbo-2024-04-09 · cl100k_base, exact");
    const shown = await llmcost(["models", "gpt-4-turbo"], { env: { ...AFTER, NO_COLOR: "1" } });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("Retired: 2026-10-23");
    expect(shown.stdout).toContain("Successor: gpt-5.6-sol");
    expect(shown.stdout).toContain("named, it is priced at its last price (from 2024-04-15)");
    const json = JSON.parse((await llmcost(["models", "gpt-4-turbo", "-f", "json"], { env: AFTER })).stdout);
    expect(json.model).toMatchObject({
      available: false,
      price: null,
      lastPrice: { from: "2024-04-15", input: 10 },
    });
  });
});

describe("models", () => {
  it("-f jsonl prints one JSON object per model", async () => {
    const run = await llmcost(["models", "-p", "mistral", "-f", "jsonl"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    const models = lines.map((line) => JSON.parse(line) as { id: string; provider: string; date: string });
    expect(models.length).toBeGreaterThan(10);
    expect(new Set(models.map((m) => m.provider))).toEqual(new Set(["mistral"]));
    expect(models[0]?.date).toBe("2026-11-27");
  });

  it("a model's dated aliases, with periods and sources; a family name says what it names on the date", async () => {
    const snapshot = JSON.parse((await llmcost(["models", "gpt-4o-2024-08-06", "-f", "json"])).stdout).model;
    expect(snapshot.aliases).toEqual(["gpt-4o"]);
    expect(snapshot.aliasPeriods).toEqual([
      {
        name: "gpt-4o",
        from: "2024-10-02",
        to: null,
        current: true,
        source: "https://platform.openai.com/docs/models",
        checked: "2024-10-22",
      },
    ]);
    const family = await llmcost(["models", "gpt-4-turbo", "--as-of", "2024-02-26", "-f", "json"]);
    const report = JSON.parse(family.stdout);
    expect(report.model.id).toBe("gpt-4-0125-preview");
    expect(report.resolved).toMatchObject({ name: "gpt-4-turbo", from: "2024-01-25", to: "2024-04-09" });
    const table = await llmcost(["models", "gpt-4-turbo", "--as-of", "2024-02-26"]);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^"gpt-4-turbo" names gpt-4-0125-preview on 2024-02-26 \(from 2024-01-25 until 2024-04-09\); source: https:/,
    );
  });
});
