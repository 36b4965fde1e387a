// Issue 18, items 14, 17 and 21 (parts): what the command line gets wrong is said before any input is
// read, in the words a person typed, with exit 64 — or 65 when a file is at fault.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jobsWithin } from "../../src/count/count-in-workers.js";
import { runCli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "llmcost-checks-first-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = join(dir, "prompt.txt");
writeFileSync(text, "Hello, world.\n");
/** A path that does not exist: a run that reads its inputs before checking the rest fails with 66. */
const missing = join(dir, "not-there.txt");

describe("models, prices and dates are checked before any input is read (18.17)", () => {
  it("a model with no price in the mode is 64, not a read of the inputs first", async () => {
    const run = await runCli(["estimate", "-m", "mistral-large-2402", "--batch", missing]);
    expect(run.stderr).toBe(
      "llmcost: estimate: no selected model can be priced on 2026-11-27 (mistral-large-2402: no batch price)\n",
    );
    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
  });

  it("diff says the same before reading either side", async () => {
    const run = await runCli(["diff", "-m", "mistral-large-2402", "--batch", missing, missing]);
    expect(run.stderr).toMatch(/^llmcost: diff: no selected model can be priced on 2026-11-27 /);
    expect(run.code).toBe(64);
  });

  it("stale prices (--max-price-age) fail before the inputs are read", async () => {
    const run = await runCli(["estimate", "-m", "gpt-4o-mini", "--max-price-age", "0", missing]);
    expect(run.stderr).toMatch(
      /^llmcost: --max-price-age 0: prices checked more than 0 days ago: gpt-4o-mini/,
    );
    expect(run.code).toBe(65);
  });

  it("the default selection with requests that may name their own models still reads them", async () => {
    const payload = join(dir, "chat.json");
    writeFileSync(
      payload,
      JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    );
    const run = await runCli(["estimate", "--format", "json", payload]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).results.map((r: { model: string }) => r.model)).toContain(
      "gpt-4o-mini-2024-07-18",
    );
  });
});

describe("--jobs is capped at the cores available (18.14)", () => {
  it("caps and says so", () => {
    expect(jobsWithin(200, 2)).toEqual({ jobs: 2, capped: true });
    expect(jobsWithin(2, 2)).toEqual({ jobs: 2, capped: false });
    expect(jobsWithin(1, 8)).toEqual({ jobs: 1, capped: false });
    expect(jobsWithin(undefined, 8)).toEqual({ jobs: undefined, capped: false });
  });

  it("-j 100000 warns and counts as usual", async () => {
    const run = await runCli(["estimate", "-m", "gpt-4o-mini", "-j", "100000", "--format", "json", text]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^llmcost: --jobs 100000: more than the \d+ cores? available: \d+ threads? used$/m,
    );
    expect(JSON.parse(run.stdout).results[0].inputTokens).toBe(4);
  });
});

describe("help and small command-line slips (18.21)", () => {
  it("a command group without its subcommand prints its help (64), not '(outputHelp)'", async () => {
    const run = await runCli(["pricing"]);
    expect(run.stderr).toMatch(/^Usage: llmcost pricing /);
    expect(run.stderr).toMatch(/\bimport\b[\s\S]*\bupdate\b[\s\S]*\bcheck\b/);
    expect(run.stderr).not.toMatch(/outputHelp/);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(64);
  });

  it("help for a command that does not exist says so, as the command itself would", async () => {
    expect(await runCli(["help", "bogus"])).toEqual({
      code: 64,
      stdout: "",
      stderr: "llmcost: bogus: unknown command\n",
    });
    const close = await runCli(["help", "estimat"]);
    expect(close.stderr).toBe("llmcost: estimat: unknown command (did you mean estimate?)\n");
    const known = await runCli(["help", "pricing"]);
    expect(known.code).toBe(0);
    expect(known.stdout).toMatch(/^Usage: llmcost pricing /);
  });

  it("a --timeout beyond what a timer can hold is 64 naming the flag", async () => {
    for (const value of ["99999999999", "3601", "0", "-1", " 5", "1e3"]) {
      const run = await runCli([
        "pricing",
        "update",
        "--from",
        "https://example.com/x.json",
        "-o",
        join(dir, "o.json"),
        "--timeout",
        value,
      ]);
      expect(run).toEqual({
        code: 64,
        stdout: "",
        stderr: `llmcost: --timeout: expected 1 to 3600 seconds, got "${value}"\n`,
      });
    }
  });

  it("an empty --compare-to or --provider is 64, not a guess or the defaults", async () => {
    const compare = await runCli(["estimate", "--compare-to", "", text]);
    expect(compare).toEqual({
      code: 64,
      stdout: "",
      stderr: "llmcost: --compare-to: expected a model id or alias, got an empty name\n",
    });
    for (const value of ["", ",", " "]) {
      for (const command of [["estimate", text], ["models"]]) {
        const run = await runCli([...command, "-p", value]);
        expect(run).toEqual({
          code: 64,
          stdout: "",
          stderr: `llmcost: --provider: expected a provider name, got "${value}"\n`,
        });
      }
    }
  });

  it("--reasoning-tokens with spaces is 64, as every other number is", async () => {
    for (const value of [" 5", "5 ", " 1.5x"]) {
      const run = await runCli([
        "estimate",
        "-m",
        "o3",
        "--output-tokens",
        "10",
        "--reasoning-tokens",
        value,
        text,
      ]);
      expect(run.code).toBe(64);
      expect(run.stderr).toMatch(/^llmcost: --reasoning-tokens: /);
    }
  });

  it("a baseline naming a model the price list lacks is the file's fault (65), not --model's", async () => {
    const saved = await runCli(["estimate", "-m", "gpt-4o-mini", "--format", "json", text]);
    expect(saved.code).toBe(0);
    for (const name of ["__proto__", "no-such-model"]) {
      const report = JSON.parse(saved.stdout);
      report.results[0].model = name;
      const baseline = join(dir, `baseline-${name}.json`);
      writeFileSync(baseline, JSON.stringify(report));
      const run = await runCli(["diff", "--baseline", baseline, text]);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(new RegExp(`^llmcost: ${baseline}: names model "${name}": `));
      expect(run.code).toBe(65);
    }
  });
});

describe("an empty model name is said to be empty, never matched to the nearest id (18.21)", () => {
  it("tokenize -m '' is 64", async () => {
    for (const value of ["", " "]) {
      const run = await runCli(["tokenize", "-m", value], { input: "hi" });
      expect(run).toEqual({
        code: 64,
        stdout: "",
        stderr: "llmcost: --model: expected a model id or alias, got an empty name\n",
      });
    }
  });
});

describe("empty paths and -j 0 are usage errors naming the flag (18.21, 18.14)", () => {
  const empty = (flag: string) => `llmcost: ${flag}: expected a file path, got an empty value\n`;
  it.each([
    [["estimate", "--pricing", "", text], "--pricing"],
    [["pricing", "import", "--from", "litellm", text, "-o", ""], "--out"],
    [["pricing", "update", "--from", "https://example.com/x.json", "-o", ""], "--out"],
    [["pricing", "check", "--against", ""], "--against"],
    [["check", "--config", ""], "--config"],
    [["diff", "--baseline", "", text], "--baseline"],
    [["calibrate", "-m", "claude-sonnet-4-5", "--profile", "", text], "--profile"],
  ])("%j", async (argv, flag) => {
    expect(await runCli(argv)).toEqual({ code: 64, stdout: "", stderr: empty(flag) });
  });

  it("-j 0 is 64 (1 is none)", async () => {
    expect(await runCli(["estimate", "-j", "0", text])).toEqual({
      code: 64,
      stdout: "",
      stderr: 'llmcost: --jobs: expected 1 or more (1 = no worker threads), got "0"\n',
    });
  });
});
