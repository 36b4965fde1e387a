import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { llmcost, ROOT, rowOf } from "./cli.js";

const DIR = join(ROOT, "test", "fixtures", "tokenizers");
const PRICING = join(DIR, "pricing.json");

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

  it("a module that cannot be loaded is bad data, named", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--tokenizer", "./no-such-module.mjs"], {
      input: "x",
    });
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/no-such-module\.mjs: cannot load tokenizer module/);
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
