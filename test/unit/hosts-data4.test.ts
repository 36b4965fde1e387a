import { describe, expect, it } from "vitest";
import { parseScaledDecimal } from "../../src/pricing/money.js";
import { runCli } from "./helpers.js";

/**
 * pricing/cerebras.json, novita.json (hosts) and perplexity.json (a first-party provider) on 2026-12-06:
 * how many of their models are on sale, that retired listings keep their history, that a host's own API
 * id resolves to its listing, and that known prices (docs/pricing-research-cerebras-perplexity-novita.md)
 * price to the picodollar.
 */
const TODAY = { env: { LLMCOST_TODAY: "2026-12-06" } };

interface Listed {
  id: string;
  available: boolean;
  host: string | null;
  provider: string;
}

async function onSale(provider: string, asOf?: string): Promise<string[]> {
  const run = await runCli(
    ["models", "-p", provider, "-f", "json", ...(asOf ? ["--as-of", asOf] : [])],
    TODAY,
  );
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const { models } = JSON.parse(run.stdout) as { models: Listed[] };
  return models.filter((m) => m.available).map((m) => m.id);
}

/** What `tokens` output tokens of `model` cost, in picodollars, read from the exact JSON cost. */
async function outputCost(
  model: string,
  tokens: number,
  asOf?: string,
): Promise<{ model: string; picodollars: bigint | null; warning: string }> {
  const run = await runCli(
    [
      "estimate",
      "-m",
      model,
      "--output-tokens",
      String(tokens),
      "-f",
      "json",
      ...(asOf ? ["--as-of", asOf] : []),
    ],
    { ...TODAY, input: "x" },
  );
  expect(run.code).toBe(0);
  const [result] = (JSON.parse(run.stdout) as { results: { model: string; costExact: { output: string } }[] })
    .results;
  return {
    model: result?.model ?? "",
    picodollars: parseScaledDecimal(result?.costExact.output ?? "", 12),
    warning: run.stderr,
  };
}

describe("Cerebras, Novita AI and Perplexity", () => {
  it("sell at least 55 models between them on 2026-12-06", async () => {
    const cerebras = await onSale("cerebras");
    const novita = await onSale("novita");
    const perplexity = await onSale("perplexity");
    expect(cerebras).toEqual(["cerebras/gpt-oss-120b", "cerebras/qwen-3.8-27b"]);
    expect(novita.length).toBeGreaterThanOrEqual(50);
    expect(novita.every((id) => id.startsWith("novita/"))).toBe(true);
    expect([...perplexity].sort()).toEqual([
      "sonar",
      "sonar-deep-research",
      "sonar-pro",
      "sonar-reasoning-pro",
    ]);
    expect(cerebras.length + novita.length + perplexity.length).toBeGreaterThanOrEqual(55);
  });

  it("keep retired listings as history: Cerebras' Llama, Qwen, GLM and Gemma, Perplexity's Sonar Reasoning", async () => {
    const cerebrasThen = await onSale("cerebras", "2026-01-15");
    expect([...cerebrasThen].sort()).toEqual([
      "cerebras/gpt-oss-120b",
      "cerebras/llama-3.3-70b",
      "cerebras/llama3.1-8b",
      "cerebras/qwen-3-32b",
      "cerebras/zai-glm-4.7",
    ]);
    expect(await onSale("cerebras", "2026-03-01")).toEqual([
      "cerebras/gpt-oss-120b",
      "cerebras/llama3.1-8b",
      "cerebras/zai-glm-4.7",
    ]);
    // Gemma 4 31B sold from (at the latest) 2026-07-18 until Qwen 3.8 27B replaced it on 2026-09-03.
    expect(await onSale("cerebras", "2026-08-01")).toEqual([
      "cerebras/gemma-4-31b",
      "cerebras/gpt-oss-120b",
      "cerebras/zai-glm-4.7",
    ]);
    expect(await onSale("perplexity", "2025-12-01")).toContain("sonar-reasoning");
    expect(await onSale("perplexity")).not.toContain("sonar-reasoning");
  });

  it.each([
    // name asked for, listing it resolves to, output tokens, picodollars ($ per 1M × tokens × 10^6)
    ["cerebras/gpt-oss-120b", "cerebras/gpt-oss-120b", 1_000_000, 750_000_000_000n],
    ["qwen-3.8-27b", "cerebras/qwen-3.8-27b", 2_000_000, 2_980_000_000_000n],
    ["sonar-pro", "sonar-pro", 1_000_000, 15_000_000_000_000n],
    ["sonar", "sonar", 123_457, 123_457_000_000n],
    ["novita/glm-4.6", "novita/glm-4.6", 1_000_000, 2_200_000_000_000n],
    ["novita/deepseek-v3.2", "novita/deepseek-v3.2", 1_234_567, 493_826_800_000n],
    // Novita's own ids where they are Novita's alone: the -fp8 Qwen 3 ids, DeepSeek V3 Turbo.
    ["qwen/qwen3-32b-fp8", "novita/qwen3-32b", 1_000_000, 450_000_000_000n],
    ["deepseek/deepseek-v3-turbo", "novita/deepseek-v3-turbo", 10, 13_000_000n],
    ["novita/qwen3-vl-235b-a22b-thinking", "novita/qwen3-vl-235b-a22b-thinking", 3, 11_850_000n],
    // Together's Llama 3.3 70B: $1.04 since 2026-07-02 (was $0.88).
    ["llama-3.3-70b", "llama-3.3-70b", 1_000_000, 1_040_000_000_000n],
  ])("%s prices output at the seller's rate", async (name, id, tokens, picodollars) => {
    expect(await outputCost(name, tokens)).toEqual({ model: id, picodollars, warning: "" });
  });

  it("prices a retired listing on a date it was sold, and Together's Llama 3.3 70B before its rise", async () => {
    expect(await outputCost("llama3.1-8b", 1_000_000, "2026-01-15")).toEqual({
      model: "cerebras/llama3.1-8b",
      picodollars: 100_000_000_000n,
      warning: "llmcost: cerebras/llama3.1-8b: retires on 2026-05-27\n",
    });
    expect(await outputCost("llama-3.3-70b", 1_000_000, "2026-06-01")).toEqual({
      model: "llama-3.3-70b",
      picodollars: 880_000_000_000n,
      warning: "",
    });
  });
});
