import { describe, expect, it } from "vitest";
import { llmcost } from "./in-process.js";

describe("llmcost tokenize", () => {
  it("shows Tech|Crunch for GPT-4o and three tokens for GPT-4 Turbo", async () => {
    const gpt4o = await llmcost(["tokenize", "--model", "gpt-4o"], { input: "TechCrunch" });
    expect(gpt4o.stdout).toBe("Tech|Crunch\n2 tokens · gpt-4o-2024-08-06 · o200k_base, exact\n");
    const turbo = await llmcost(["tokenize", "--model", "gpt-4-turbo"], { input: "TechCrunch" });
    expect(turbo.stdout).toBe("Tech|Cr|unch\n3 tokens · gpt-4-turbo-2024-04-09 · cl100k_base, exact\n");
  });

  it("prints ids, and JSON with ids and UTF-8 byte offsets", async () => {
    const ids = await llmcost(["tokenize", "-m", "gpt-4o", "--ids"], { input: "TechCrunch" });
    expect(ids.stdout.split("\n")[0]).toMatch(/^\d+ \d+$/);
    const json = JSON.parse(
      (await llmcost(["tokenize", "-m", "gpt-4", "-f", "json"], { input: "hé🦄" })).stdout,
    );
    expect(json).toMatchObject({ model: "gpt-4-0613", exact: true });
    expect(json.count).toBe(json.tokens.length);
    // Offsets tile the 7 bytes of "hé🦄" (1 + 2 + 4) without gaps.
    expect(json.tokens[0].start).toBe(0);
    expect(json.tokens.at(-1).end).toBe(7);
    for (let i = 1; i < json.tokens.length; i++) expect(json.tokens[i].start).toBe(json.tokens[i - 1].end);
    expect(json.tokens.some((t: { partial?: boolean }) => t.partial)).toBe(true);
  });

  it("says when the tokens are an estimate's", async () => {
    const run = await llmcost(["tokenize", "-m", "claude-sonnet-4-5"], { input: "TechCrunch" });
    expect(run.stdout).toBe(
      "(this tokenizer counts tokens without splitting the text)\n≈2 tokens · claude-sonnet-4-5-20250929 · ≈ estimate: claude-3 estimated from the text's scripts (docs/calibration.md)\n",
    );
  });

  it("does not show another family's tokens for an estimate counted with a proxy", async () => {
    const run = await llmcost(["tokenize", "-m", "grok-4.3", "-f", "json"], { input: "x" });
    expect(JSON.parse(run.stdout)).toMatchObject({
      exact: false,
      tokens: null,
      estimateMethod: "counted with o200k_base (xAI publishes no tokenizer for its API models)",
    });
  });

  it("colours tokens on request, and needs a model name after -m (none given: the first default)", async () => {
    expect(
      (await llmcost(["tokenize", "-m", "gpt-4o", "--color", "always"], { input: "TechCrunch" })).stdout,
    ).toContain("\u001b[4");
    const missing = await llmcost(["tokenize", "-m"], { input: "x" });
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/^llmcost: --model: a value is required/);
    const none = await llmcost(["tokenize"], { input: "x" });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/· gpt-6-luna · /);
  });
});
