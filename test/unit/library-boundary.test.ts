import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type EstimateWarning, estimate, parseCachedRatio, today } from "../../src/api.js";
import { inFlagTerms, reasonInFlagTerms } from "../../src/cli/flag-names.js";
import { LlmcostError, optionError } from "../../src/errors.js";
import { resolveRef } from "../../src/io/git-files.js";
import { runCli } from "./helpers.js";

/** What a promise rejects with, as the library's error. */
async function failure(promise: Promise<unknown>): Promise<LlmcostError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LlmcostError);
  return error as LlmcostError;
}

describe("the library names its options, the CLI its flags", () => {
  it("a bad date, output or tokenizer is named as the request names it", async () => {
    const date = await failure(estimate("x", { models: ["gpt-4o"], date: "2024-13-45" }));
    expect([date.kind, date.subject]).toEqual(["usage", "date"]);
    const both = await failure(estimate("x", { models: ["gpt-4o"], outputTokens: 5, outputRatio: "0.5" }));
    expect(both.message).toBe("outputTokens: cannot be combined with `outputRatio`");
    const tokenizer = await failure(estimate("x", { models: ["gpt-4o"], tokenizer: "nope" }));
    expect(tokenizer.subject).toBe("tokenizer nope");
    const model = await failure(estimate("x", { models: ["gpt-4o-nope"] }));
    expect(model.subject).toBe("models gpt-4o-nope");
    expect(model.message).not.toMatch(/--model/);
    // A ratio that is no decimal: found where it is parsed (core), named as the request names it.
    for (const [request, option] of [
      [{ outputRatio: "abc" }, "outputRatio"],
      [{ outputRatio: "-1" }, "outputRatio"],
      [{ outputTokens: 10, reasoningTokens: "1.1234567x" }, "reasoningTokens"],
    ] as const) {
      const ratio = await failure(estimate("x", { models: ["gpt-4o"], ...request }));
      expect([ratio.kind, ratio.subject]).toEqual(["usage", option]);
      expect(ratio.message).not.toMatch(/--/);
    }
  });

  it("inFlagTerms says an option's error with its flag, and leaves other errors alone", () => {
    const said = inFlagTerms(optionError("models", "name some in `models` or use `all`", "gpt-5x"));
    expect([said.subject, said.reason]).toEqual(["--model gpt-5x", "name some in --model or use --all"]);
    // A file named like an option is not one: only errors made as an option's are mapped.
    const file = new LlmcostError("no-input", "models", "no such file `models`");
    expect(inFlagTerms(file)).toBe(file);
    // Reading and counting name their options too; the CLI says them as the flags.
    expect(
      inFlagTerms(new LlmcostError("data", "a.txt", "invalid UTF-8 at byte offset 2 (`strictUtf8`)")).reason,
    ).toBe("invalid UTF-8 at byte offset 2 (--strict-utf8)");
    expect(reasonInFlagTerms("2 invalid lines skipped (`skipInvalid`); `models` stays")).toBe(
      "2 invalid lines skipped (--skip-invalid); `models` stays",
    );
  });

  it("the CLI's messages are as before", async () => {
    const reasoning = await runCli(["estimate", "-m", "gpt-4o", "--reasoning-tokens", "1.5x"], {
      input: "x",
    });
    expect([reasoning.code, reasoning.stderr]).toEqual([
      64,
      "llmcost: --reasoning-tokens 1.5x: a multiple of the visible output needs --output-tokens or --output-ratio (or give a number of tokens)\n",
    ]);
    const date = await runCli(["estimate", "-m", "gpt-4o", "--tokenizer", "nope"], { input: "x" });
    expect(date.stderr).toMatch(/^llmcost: --tokenizer nope: unknown tokenizer;/);
    const model = await runCli(["estimate", "-m", "gpt-4o-nope"], { input: "x" });
    expect([model.code, model.stderr]).toEqual([
      64,
      expect.stringMatching(/^llmcost: --model gpt-4o-nope: unknown model/),
    ]);
    expect(model.stdout).toBe("");
  });
});

describe("the library checks its arguments where they come in", () => {
  it("inputs of the wrong shape name the argument, not a TypeError from the tokenizer", async () => {
    const wrapped = await failure(estimate({ inputs: ["a"] } as never, { models: ["gpt-4o"] }));
    expect(wrapped.subject).toBe("inputs");
    expect(wrapped.reason).toMatch(/expected a text, \{ source, text \}.*; got an object with keys inputs$/);
    const number = await failure(estimate(["a", 5] as never, { models: ["gpt-4o"] }));
    expect([number.kind, number.subject, number.reason]).toEqual([
      "usage",
      "inputs[1]",
      expect.stringMatching(/got a number$/),
    ]);
    const untitled = await failure(estimate([{ text: "a" }] as never));
    expect(untitled.subject).toBe("inputs[0]");
  });

  it("options of the wrong type, unknown options and a request that is no object are named", async () => {
    const models = await failure(estimate("x", { models: "gpt-4o" } as never));
    expect(models.message).toBe(
      'models: expected a list of model ids or aliases, such as ["gpt-4o"], got a string',
    );
    const set = await failure(estimate("x", { models: new Set(["gpt-4o"]) } as never));
    expect(set.reason).toMatch(/got a Set$/);
    const typo = await failure(estimate("x", { model: ["gpt-4o"] } as never));
    expect(typo.message).toBe("model: not an option of an estimate (did you mean models?)");
    const tokens = await failure(estimate("x", { models: ["gpt-4o"], outputTokens: "100" } as never));
    expect(tokens.message).toBe("outputTokens: expected a whole number of tokens, got a string");
    const request = await failure(estimate("x", "gpt-4o" as never));
    expect(request.subject).toBe("request");
  });

  it("inputs named or counted already pass", async () => {
    const result = await estimate([{ source: "a.txt", text: "hello" }, "world"], { models: ["gpt-4o"] });
    expect(result.inputs.map((input) => input.source)).toEqual(["a.txt", "input-2"]);
  });
});

describe("a default model left out is told of", () => {
  // On 2024-06-01 several of today's default models had not launched.
  const date = "2024-06-01";
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is in unavailable (not named) and, by default, a process warning", async () => {
    const emitted = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const result = await estimate("hello", { date });
    const leftOut = result.unavailable.filter((each) => !each.named);
    expect(leftOut.length).toBeGreaterThan(0);
    expect(result.results.map((r) => r.model)).not.toContain(leftOut[0]?.model);
    expect(emitted).toHaveBeenCalledTimes(leftOut.length);
    expect(emitted.mock.calls[0]?.[0]).toMatch(
      new RegExp(`^${leftOut[0]?.model}: left out: not on sale on ${date}`),
    );
  });

  it("goes to onWarning when given, and nowhere with onWarning: false", async () => {
    const emitted = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const warnings: EstimateWarning[] = [];
    const told = await estimate("hello", { date, onWarning: (warning) => warnings.push(warning) });
    expect(warnings.map((w) => w.subject)).toEqual(
      told.unavailable.filter((u) => !u.named).map((u) => u.model),
    );
    const quiet = await estimate("hello", { date, onWarning: false });
    expect(quiet.unavailable.filter((u) => !u.named).length).toBeGreaterThan(0);
    expect(emitted).not.toHaveBeenCalled();
  });

  it("the CLI still leaves it out quietly", async () => {
    const run = await runCli(["estimate", "--as-of", date, "-f", "json"], { input: "hello" });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).unavailable).toEqual([]);
  });
});

describe("one parser of the cached ratio", () => {
  it("parses a share to millionths, and names cachedRatio when it is none", () => {
    expect(parseCachedRatio("0.5")).toBe(500_000n);
    expect(parseCachedRatio(1)).toBe(1_000_000n);
    expect(() => parseCachedRatio("2")).toThrow(
      'cachedRatio: expected a decimal number from 0 to 1, got "2"',
    );
    expect(() => parseCachedRatio("0.1234567")).toThrow(
      'cachedRatio: expected a share from 0 to 1, got "0.1234567"',
    );
  });

  it("the CLI's --cached-ratio goes through it, with the messages it had", async () => {
    const high = await runCli(["estimate", "-m", "gpt-4o", "--cached-ratio", "2"], { input: "x" });
    expect([high.code, high.stderr]).toEqual([
      64,
      'llmcost: --cached-ratio: expected a decimal number from 0 to 1, got "2"\n',
    ]);
    const fine = await runCli(["estimate", "-m", "gpt-4o", "--cached-ratio", "0.1234567"], { input: "x" });
    expect(fine.stderr).toBe('llmcost: --cached-ratio: expected a share from 0 to 1, got "0.1234567"\n');
  });
});

describe("clock, environment and working directory come from the caller", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmcost-unit-boundary-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("today reads the clock it is given", () => {
    expect(today(() => new Date("2030-01-02T23:59:59Z"))).toBe("2030-01-02");
  });

  it("a user pricing file's checked date is held to LLMCOST_TODAY, not the system clock", async () => {
    const file = join(dir, "acme.json");
    const price = {
      from: "2024-01-01",
      input: 1,
      output: 1,
      source: "https://a.example",
      checked: "2090-01-01",
    };
    const model = {
      id: "acme-1",
      name: "A",
      kind: "chat",
      tokenizer: "o200k_base",
      contextWindow: 10,
      maxOutputTokens: 5,
    };
    writeFileSync(
      file,
      JSON.stringify({ provider: "acme", name: "Acme", models: [{ ...model, prices: [price] }] }),
    );
    const args = ["estimate", "--pricing", file, "-m", "acme-1", "-f", "json"];
    const later = await runCli(args, { input: "x", env: { LLMCOST_TODAY: "2099-01-01" } });
    expect([later.stderr, later.code]).toEqual(["", 0]);
    const before = await runCli(args, { input: "x", env: { LLMCOST_TODAY: "2089-01-01" } });
    expect([before.code, before.stderr]).toEqual([
      65,
      expect.stringMatching(/checked: is after today \(2089-01-01\)/),
    ]);
  });

  it("git runs with the environment it is given", async () => {
    const cwd = process.cwd();
    await expect(resolveRef("HEAD", { cwd, env: process.env })).resolves.toMatchObject({ ref: "HEAD" });
    const elsewhere = await failure(
      resolveRef("HEAD", { cwd, env: { ...process.env, GIT_DIR: join(dir, "none") } }),
    );
    expect(elsewhere.kind).toBe("no-input");
  });
});

describe("core reads no clock, environment or working directory", () => {
  it("has no new Date(), Date.now(), process.env, process.cwd() in src/core (they come through io or the caller)", () => {
    const root = fileURLToPath(new URL("../../src/core/", import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(20);
    const reads = files.flatMap((file) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\/\/|\*)/.test(line))
        .filter((line) => /new Date\(\)|Date\.now\(|process\.(env|cwd)/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(reads).toEqual([]);
  });
});
