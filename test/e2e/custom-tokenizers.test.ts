import { rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, rowOf, tempDir } from "./cli.js";
import { escapeRegExp, expectError, mkfifo } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const DIR = join(ROOT, "test", "fixtures", "tokenizers");
const PRICING = join(DIR, "pricing.json");
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pluggable tokenizers", () => {
  it("a pricing entry may name a module (relative to the file) or a ratio spec", async () => {
    const run = await llmcost(
      ["estimate", "--pricing", PRICING, "-m", "our-llm,our-llm-rough", "-f", "json"],
      {
        input: "one two three four five",
      },
    );
    expect(run.stderr).toBe("");
    expect(rowOf(run.stdout, "our-llm")).toMatchObject({ inputTokens: 5, exact: false });
    // 23 characters / 4 → 6 tokens
    expect(rowOf(run.stdout, "our-llm-rough")).toMatchObject({
      inputTokens: 6,
      exact: false,
      tokenizer: "chars:4",
    });
  });

  it("--tokenizer overrides the tokenizer of every model for a run", async () => {
    const ratio = await llmcost(["estimate", "-m", "gpt-4o", "--tokenizer", "bytes:2", "-f", "json"], {
      input: "héllo",
    });
    expect(rowOf(ratio.stdout, "gpt-4o-2024-08-06")).toMatchObject({
      inputTokens: 3,
      exact: false,
      tokenizer: "bytes:2",
    });
    const module = await llmcost(
      ["estimate", "-m", "gpt-4o", "--tokenizer", "./test/fixtures/tokenizers/words.mjs", "-f", "json"],
      {
        input: "a b c",
      },
    );
    expect(rowOf(module.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(3);
    const unknown = await llmcost(["estimate", "-m", "gpt-4o", "--tokenizer", "o300k"], { input: "x" });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^llmcost: --tokenizer o300k: unknown tokenizer/);
  });

  it("a module that cannot be loaded is bad data, named; one that is not there is no input", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--tokenizer", "./no-such-module.mjs"], {
      input: "x",
    });
    expectError(run, 66, `${join(ROOT, "no-such-module.mjs")}: no such file`);
    const broken = join(dir, "broken.mjs");
    writeFileSync(broken, "export function count( {\n");
    const load = await llmcost(["estimate", "-m", "gpt-4o", "--tokenizer", broken], { input: "x" });
    expectError(load, 65, new RegExp(`^llmcost: ${escapeRegExp(broken)}: cannot load tokenizer module \\(`));
  });

  it("18.12: a module path is imported only when it is a regular file (a link followed) under 64 MiB, refused at once otherwise", async () => {
    const input = join(dir, "in.txt");
    writeFileSync(input, "one two three");
    const estimate = (module: string) => llmcost(["estimate", input, "-m", "gpt-4o", "--tokenizer", module]);
    const fifo = join(dir, "fifo.mjs");
    await mkfifo(fifo);
    const zero = join(dir, "zero.mjs");
    symlinkSync("/dev/zero", zero);
    const big = join(dir, "big.mjs");
    writeFileSync(big, "");
    truncateSync(big, 64 * 1024 * 1024 + 1);
    const expected = "(expected a tokenizer module)";
    expectError(
      await estimate("/dev/zero"),
      65,
      `/dev/zero: is a character device, not a regular file ${expected}`,
    );
    expectError(await estimate(fifo), 65, `${fifo}: is a pipe, not a regular file ${expected}`);
    expectError(await estimate(zero), 65, `${zero}: is a character device, not a regular file ${expected}`);
    expectError(await estimate(big), 65, `${big}: larger than 64 MiB, too large for a tokenizer module`);
    expectError(await estimate(dir), 66, `${dir}: is a directory ${expected}`);
    // A link to a module file is followed.
    const link = join(dir, "words-link.mjs");
    symlinkSync(join(DIR, "words.mjs"), link);
    const ok = await llmcost(["estimate", input, "-m", "gpt-4o", "--tokenizer", link, "-f", "json"]);
    expect(ok.stderr).toBe("");
    expect(rowOf(ok.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(3);
    // An empty value (an unset shell variable) is a usage error saying so.
    expectError(
      await estimate(""),
      64,
      "--tokenizer: expected a tokenizer id or module path, got an empty value",
    );
  });

  it("tokenize says when a tokenizer only counts", async () => {
    const run = await llmcost(["tokenize", "-m", "gpt-4o", "--tokenizer", "chars:4"], {
      input: "TechCrunch",
    });
    expect(run.stdout).toBe(
      "(this tokenizer counts tokens without splitting the text)\n≈3 tokens · gpt-4o-2024-08-06 · ≈ estimate: chars:4 estimated as chars ÷ 4\n",
    );
  });
});
