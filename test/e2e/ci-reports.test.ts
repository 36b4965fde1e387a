import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rowOf, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const GPT4O = "gpt-4o-2024-08-06";

describe("estimate --compare-to", () => {
  const seed = ["estimate", "-m", "mistral-large-2402,gpt-4-turbo", "--as-of", "2024-04-09"];

  it("reads the seed comparison at launch-day prices: 20% cheaper than gpt-4-turbo", async () => {
    // "text\n" is 2 tokens for both mistral-v2 and cl100k_base, so the cost ratio is the price ratio.
    const run = await llmcost([...seed, "--compare-to", "gpt-4-turbo"], { input: "text\n" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ Cost vs gpt-4-turbo +│/);
    expect(run.stdout).toMatch(/│ mistral-large-2402 .*│ 20% cheaper +│/);
    expect(run.stdout).toMatch(/│ gpt-4-turbo-2024-04-09 .*│ reference +│/);
    expect(run.stdout).toContain("Cost vs gpt-4-turbo (gpt-4-turbo-2024-04-09): what these inputs cost");
    const json = await llmcost([...seed, "--compare-to", "gpt-4-turbo", "-f", "json"], { input: "text\n" });
    expect(rowOf(json.stdout, "mistral-large-2402").comparedTo).toEqual({
      model: "gpt-4-turbo-2024-04-09",
      ratio: 1.25,
      percentCheaper: 20,
      timesReference: 0.8,
      exact: true,
    });
    expect(rowOf(json.stdout, "gpt-4-turbo-2024-04-09").comparedTo).toMatchObject({
      ratio: 1,
      percentCheaper: 0,
      timesReference: 1,
    });
  });

  it("adds a reference that is not selected; the other way round it costs 1.25× the reference", async () => {
    const run = await llmcost(
      ["estimate", "-m", "gpt-4-turbo", "--as-of", "2024-04-09", "--compare-to", "mistral-large-2402"],
      {
        input: "text\n",
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ gpt-4-turbo-2024-04-09 .*│ 1\.25× mistral-large-2402 +│/);
    expect(run.stdout).toMatch(/│ mistral-large-2402 .*│ reference +│/);
  });

  it("fails with 64 before reading input: unknown reference, one not priced then, or --format jsonl", async () => {
    const unknown = await llmcost(["estimate", "/no/such/file", "--compare-to", "gpt-4-turbp"]);
    expect(unknown).toMatchObject({ code: 64, stdout: "" });
    expect(unknown.stderr).toMatch(/^llmcost: --compare-to gpt-4-turbp: unknown model/);
    const early = await llmcost([
      "estimate",
      "/no/such/file",
      "--as-of",
      "2023-01-01",
      "--compare-to",
      "gpt-4o",
    ]);
    expect(early).toMatchObject({ code: 64, stdout: "" });
    expect(early.stderr).toBe(
      "llmcost: --compare-to gpt-4o: the price list has no model named gpt-4o on 2023-01-01: the first it names is gpt-4o-2024-05-13, from 2024-05-13\n",
    );
    const jsonl = await llmcost(["estimate", "-", "--compare-to", "gpt-4o", "-f", "jsonl"], { input: "x" });
    expect(jsonl).toMatchObject({ code: 64, stdout: "" });
  });
});

describe("estimate on GitHub Actions", () => {
  const setup = () => {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    writeFileSync(join(dir, "prompts", "a.txt"), "TechCrunch");
    writeFileSync(join(dir, "prompts", "b, c: d.txt"), "TechCrunch TechCrunch");
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "before\n");
    return { dir, summary };
  };
  const args = ["estimate", "prompts", "-m", "gpt-4o", "--max-cost-per-file", "0.000005", "--max-cost", "1"];

  it("prints ::error lines on stderr (at the file for a per-file limit) and appends the summary", async () => {
    const { dir, summary } = setup();
    const run = await llmcost([...args, "-f", "json"], {
      cwd: dir,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(run.code).toBe(1);
    JSON.parse(run.stdout); // stdout is still the report, untouched
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `llmcost: prompts/b, c: d.txt: ${GPT4O}: cost per file $0.00001 is over --max-cost-per-file $0.000005`,
      `::error file=prompts/b%2C c%3A d.txt,title=llmcost budget::${GPT4O}: cost per file $0.00001 is over --max-cost-per-file $0.000005`,
    ]);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("before\n\n### llmcost estimate\n")).toBe(true);
    expect(text).toContain(
      "**❌ Over budget:** 1 limit exceeded (--max-cost \\$1.00, --max-cost-per-file \\$0.000005)",
    );
    expect(text).toContain(
      `- \`prompts/b, c: d.txt\`: \`${GPT4O}\`: cost per file \\$0.00001 is over --max-cost-per-file \\$0.000005`,
    );
  });

  it("--annotations github works anywhere; --annotations none turns it off on GitHub", async () => {
    const { dir, summary } = setup();
    const forced = await llmcost([...args, "--annotations", "github"], { cwd: dir });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain("::error file=prompts/b%2C c%3A d.txt,title=llmcost budget::");
    const off = await llmcost([...args, "--annotations", "none"], {
      cwd: dir,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(off.code).toBe(1);
    expect(off.stderr).not.toContain("::error");
    expect(readFileSync(summary, "utf8")).toBe("before\n");
  });

  it("an error beats the verdict: no annotation, no summary, the error's code", async () => {
    const { dir, summary } = setup();
    const run = await llmcost([...args, "missing.txt"], {
      cwd: dir,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(run).toMatchObject({ code: 66, stdout: "" });
    expect(run.stderr).not.toContain("::error");
    expect(readFileSync(summary, "utf8")).toBe("before\n");
  });

  it("writes no summary without limits, and none when $GITHUB_STEP_SUMMARY is unset", async () => {
    const { dir, summary } = setup();
    const plain = await llmcost(["estimate", "prompts", "-m", "gpt-4o"], {
      cwd: dir,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(plain).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(summary, "utf8")).toBe("before\n");
    const unset = await llmcost([...args], { cwd: dir, env: { GITHUB_ACTIONS: "true" } });
    expect(unset.code).toBe(1);
    expect(existsSync(join(dir, "undefined"))).toBe(false);
  });
});

describe("--format markdown", () => {
  it("estimate: a GFM table per input with names as code spans, stable", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a|b.md"), "TechCrunch");
    const run = await llmcost(["estimate", "a|b.md", "-m", "gpt-4o", "--per-file", "-f", "markdown"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "### llmcost estimate",
        "",
        "#### `a|b.md`",
        "",
        "| Model | Provider | Tokenizer | In tokens | \\$/1M in | Cost | Context |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
        `| \`${GPT4O}\` (retiring) | openai | o200k\\_base | 2 | \\$2.50 | \\$0.000005 | \\<1% of 128k |`,
        "",
        "#### All inputs",
        "",
        "| Model | Provider | Tokenizer | In tokens | \\$/1M in | Cost | Context |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
        `| \`${GPT4O}\` (retiring) | openai | o200k\\_base | 2 | \\$2.50 | \\$0.000005 | \\<1% of 128k |`,
        "",
        "- 1 input: 10 bytes, 10 characters",
        "- Output: input only (add --output-tokens N or --output-ratio R to price responses)",
        "- Prices: USD per 1M tokens, in force on 2026-11-27, checked 2026-09-22; where each came from: --show-sources",
        `- Retiring: ${GPT4O} on 2027-01-14 (successor gpt-6-luna)`,
        "",
      ].join("\n"),
    );
  });
});
