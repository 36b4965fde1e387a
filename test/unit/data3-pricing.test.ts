import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

/**
 * The shipped files of helper data3 (moonshot, zhipu, alibaba, minimax, openrouter and OpenAI's added lines):
 * how many of their models are on sale on 2026-12-06, and a few prices priced exactly (costs in USD strings
 * from costExact, so no float rounding hides a wrong figure).
 */
const TODAY = { LLMCOST_TODAY: "2026-12-06" };

async function onSale(selector: string): Promise<string[]> {
  const run = await runCli(["models", "-p", selector, "-f", "json"], { env: TODAY });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as { models: { id: string; available: boolean }[] };
  return report.models.filter((model) => model.available).map((model) => model.id);
}

async function estimate(args: string[], input = "x") {
  const run = await runCli(["estimate", ...args, "-f", "json"], { env: TODAY, input });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as {
    results: { model: string; costExact: { input: string; output: string } }[];
  };
  return report.results[0]?.costExact;
}

describe("data3's providers and host: models on sale on 2026-12-06", () => {
  it.each([
    ["moonshot", 13],
    ["zhipu", 15],
    ["minimax", 9],
    ["alibaba", 27],
    ["openrouter", 90],
  ])("-p %s lists at least %i", async (selector, least) => {
    expect((await onSale(selector)).length).toBeGreaterThanOrEqual(least);
  });

  it("OpenAI's pro and Codex lines are on sale, the retired chat-latest and older Codex ones are not", async () => {
    const ids = await onSale("openai");
    for (const id of ["gpt-5.4-pro-2026-03-05", "gpt-5.5-pro-2026-04-23", "gpt-5.3-codex"]) {
      expect(ids).toContain(id);
    }
    for (const id of ["gpt-5-codex", "gpt-5.1-codex-max", "gpt-5.2-chat-latest", "codex-mini-latest"]) {
      expect(ids).not.toContain(id);
    }
  });
});

describe("data3's prices, exactly", () => {
  it("OpenRouter passes Anthropic's Sonnet 4.6 through at $15 per 1M output tokens", async () => {
    const cost = await estimate([
      "-m",
      "openrouter/anthropic/claude-sonnet-4.6",
      "--output-tokens",
      "1000000",
    ]);
    expect(cost?.output).toBe("15");
  });

  it("gpt-5.3-codex's priority tier bills output at twice the standard $14: $28 per 1M", async () => {
    const args = ["-m", "gpt-5.3-codex", "--output-tokens", "1000000"];
    expect((await estimate(args))?.output).toBe("14");
    expect((await estimate([...args, "--service-tier", "priority"]))?.output).toBe("28");
  });

  it("kimi-k3 bills output at $15 per 1M: 1,000 tokens cost $0.015", async () => {
    expect((await estimate(["-m", "kimi-k3", "--output-tokens", "1000"]))?.output).toBe("0.015");
  });

  it("qwen3-max bills a 40,000-token prompt at its 32K–128K tier ($2.40 in, $12 out)", async () => {
    const cost = await estimate(
      ["-m", "qwen3-max", "--tokenizer", "chars:1", "--output-tokens", "1000"],
      "a".repeat(40_000),
    );
    expect(cost).toMatchObject({ input: "0.096", output: "0.012" });
  });

  it("MiniMax M3 was $2.40 per 1M output at launch and $1.20 after the 2026-06-25 cut", async () => {
    const args = ["-m", "minimax-m3", "--output-tokens", "1000000"];
    expect((await estimate([...args, "--as-of", "2026-06-10"]))?.output).toBe("2.4");
    expect((await estimate(args))?.output).toBe("1.2");
  });

  it("GLM-4.6 costs $2.20 per 1M output at Z.ai and $1.74 on OpenRouter", async () => {
    const args = ["--output-tokens", "1000000"];
    expect((await estimate(["-m", "glm-4.6", ...args]))?.output).toBe("2.2");
    expect((await estimate(["-m", "openrouter/z-ai/glm-4.6", ...args]))?.output).toBe("1.74");
  });
});
