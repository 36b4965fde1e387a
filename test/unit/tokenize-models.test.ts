import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const TEXT = "The quick brown fox jumps over the lazy dog. Ünïcödé 🦄 too.";
const json = async (args: string[], input = TEXT) => {
  const run = await runCli(["tokenize", "-f", "json", ...args], { input });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe("tokenize's models", () => {
  it("defaults to the first default model", async () => {
    const implicit = await runCli(["tokenize"], { input: TEXT });
    const named = await runCli(["tokenize", "-m", DEFAULT_MODELS[0] as string], { input: TEXT });
    expect(implicit.code).toBe(0);
    expect(implicit.stdout).toBe(named.stdout);
    expect((await json([])).model).toMatch(new RegExp(`^${DEFAULT_MODELS[0]}`));
  });

  it("keeps one model's JSON as it was: no models field", async () => {
    expect(await json(["-m", "gpt-4o"])).not.toHaveProperty("models");
  });

  it("counts several models side by side, each as it counts alone, and shows the first's tokens", async () => {
    const names = ["gpt-4", "claude-sonnet-5-5", "gpt-4o", "gemini-4-hydrogen"];
    const alone = await Promise.all(names.map((name) => json(["-m", name])));
    const together = await json(["-m", "gpt-4,claude-sonnet-5-5", "-m", "gpt-4o", "-m", "gemini-4-hydrogen"]);
    // The view is the first model's, field for field.
    const { models, ...view } = together;
    expect(view).toEqual(alone[0]);
    expect(models).toEqual(
      alone.map((one) => ({
        model: one.model,
        tokenizer: one.tokenizer,
        countedWith: one.countedWith,
        count: one.count,
        exact: one.exact,
        ...(one.estimateMethod ? { estimateMethod: one.estimateMethod } : {}),
      })),
    );
    // Not all the same: the test would not see counts crossed between models otherwise.
    expect(new Set(models.map((m: { count: number }) => m.count)).size).toBeGreaterThan(1);
  });

  it("says the same model once, however it is named", async () => {
    const { models } = await json(["-m", "gpt-4o", "-m", "gpt-4o,gpt-4", "-m", "gpt-4o-2024-08-06"]);
    expect(models.map((m: { model: string }) => m.model)).toEqual(["gpt-4o-2024-08-06", "gpt-4-0613"]);
  });

  it("sums each model's counts over several files, each tokenized on its own", async () => {
    const dir = tempDir();
    const files = ["a.txt", "b.txt"].map((name, i) => {
      writeFileSync(join(dir, name), `${TEXT} ${i}`.repeat(i + 1));
      return join(dir, name);
    });
    const total = async (model: string) => (await json(["-m", model, ...files])).count as number;
    const { models, count } = await json(["-m", "gpt-4,claude-sonnet-5-5", ...files]);
    expect(count).toBe(await total("gpt-4"));
    expect(models.map((m: { count: number }) => m.count)).toEqual([
      await total("gpt-4"),
      await total("claude-sonnet-5-5"),
    ]);
  });

  it("writes the counts side by side after the text view", async () => {
    const run = await runCli(["tokenize", "-m", "gpt-4o", "-m", "claude-sonnet-5-5"], { input: TEXT });
    expect(run.code).toBe(0);
    const gpt = (await json(["-m", "gpt-4o"])).count;
    const claude = (await json(["-m", "claude-sonnet-5-5"])).count;
    const [view, side] = run.stdout.split("\nSide by side:\n");
    expect(view).toMatch(/^The\| quick/);
    expect(side?.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^  gpt-4o-2024-08-06 +${gpt} tokens  o200k_base, exact$`)),
      expect.stringMatching(new RegExp(`^  claude-sonnet-5-5 +≈${claude} tokens  ≈ estimate: `)),
      "",
    ]);
  });

  it("says an unknown model among several (64), before anything is written", async () => {
    const run = await runCli(["tokenize", "-m", "gpt-4o", "-m", "nosuch"], { input: TEXT });
    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^llmcost: --model nosuch: unknown model/);
  });
});
