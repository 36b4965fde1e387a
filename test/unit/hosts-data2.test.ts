import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

/**
 * The hosts of pricing/vertex.json, groq.json, together.json and fireworks.json on 2026-12-06: how many
 * of their models are on sale, that a host's own API id resolves to its listing, and that a few known
 * prices (docs/pricing-research-vertex-groq-together-fireworks.md) price exactly.
 */
const TODAY = { env: { LLMCOST_TODAY: "2026-12-06" } };

interface Listed {
  id: string;
  available: boolean;
}

async function onSale(host: string, asOf?: string): Promise<string[]> {
  const run = await runCli(["models", "-p", host, "-f", "json", ...(asOf ? ["--as-of", asOf] : [])], TODAY);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const { models } = JSON.parse(run.stdout) as { models: Listed[] };
  return models.filter((m) => m.id.startsWith(`${host}/`) && m.available).map((m) => m.id);
}

/** The exact output cost (USD, as JSON writes it) of one million output tokens on `model`. */
async function millionOutputTokens(model: string): Promise<{ model: string; output: string }> {
  const run = await runCli(["estimate", "-m", model, "--output-tokens", "1000000", "-f", "json"], {
    ...TODAY,
    input: "x",
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const [result] = (JSON.parse(run.stdout) as { results: { model: string; costExact: { output: string } }[] })
    .results;
  return { model: result?.model ?? "", output: result?.costExact.output ?? "" };
}

describe("Vertex AI, Groq, Together AI and Fireworks AI", () => {
  it("sell at least 44 models between them on 2026-12-06", async () => {
    const counts = Object.fromEntries(
      await Promise.all(
        ["vertex", "groq", "together", "fireworks"].map(async (host) => [host, (await onSale(host)).length]),
      ),
    ) as Record<string, number>;
    expect(counts.vertex).toBeGreaterThanOrEqual(20);
    expect(counts.groq).toBeGreaterThanOrEqual(3);
    expect(counts.together).toBeGreaterThanOrEqual(8);
    expect(counts.fireworks).toBeGreaterThanOrEqual(8);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(44);
  });

  it("keep a retired host listing as history: Groq's Llama 3.3 70B until its shutdown", async () => {
    expect(await onSale("groq", "2026-08-15")).toContain("groq/llama-3.3-70b-versatile");
    expect(await onSale("groq")).not.toContain("groq/llama-3.3-70b-versatile");
  });

  it.each([
    // Claude on Vertex defaults to the dearer regional endpoint (docs/billing-units.md).
    ["vertex/claude-opus-5", "vertex/claude-opus-5", "27.5"],
    ["vertex/gemini-3.1-pro-preview", "vertex/gemini-3.1-pro-preview", "12"],
    [
      "meta/llama-4-maverick-17b-128e-instruct-maas",
      "vertex/llama-4-maverick-17b-128e-instruct-maas",
      "1.15",
    ],
    ["groq/gpt-oss-120b", "groq/gpt-oss-120b", "0.6"],
    ["deepseek-ai/deepseek-v4-pro", "together/deepseek-v4-pro", "4.4"],
    ["accounts/fireworks/models/kimi-k3", "fireworks/kimi-k3", "15"],
    ["accounts/fireworks/routers/kimi-k3-us", "fireworks/kimi-k3-us", "16.5"],
  ])("%s prices a million output tokens at the host's rate", async (name, id, usd) => {
    expect(await millionOutputTokens(name)).toEqual({ model: id, output: usd });
  });

  it("price Claude on Vertex's global endpoint 10% below the regional default", async () => {
    const run = await runCli(
      [
        "estimate",
        "-m",
        "vertex/claude-opus-5",
        "--endpoint",
        "global",
        "--output-tokens",
        "1000000",
        "-f",
        "json",
      ],
      { ...TODAY, input: "x" },
    );
    expect(run.stderr).toBe("");
    const [row] = (
      JSON.parse(run.stdout) as { results: { endpoint: string; costExact: { output: string } }[] }
    ).results;
    expect(row).toMatchObject({ endpoint: "global", costExact: { output: "25" } });
  });

  it("bill Gemini 1.5 Pro on Vertex by the character in 2024", async () => {
    // "hello world": 10 billable characters (white space excluded) at $1.25 per 1M characters.
    const run = await runCli(
      [
        "estimate",
        "-m",
        "vertex/gemini-1.5-pro",
        "--as-of",
        "2024-06-01",
        "--output-tokens",
        "0",
        "-f",
        "json",
      ],
      { ...TODAY, input: "hello world" },
    );
    expect(run.code).toBe(0);
    const [row] = (
      JSON.parse(run.stdout) as {
        results: { unit: string; inputCharacters: number; costExact: { input: string } }[];
      }
    ).results;
    expect(row).toMatchObject({ unit: "character", inputCharacters: 10, costExact: { input: "0.0000125" } });
  });
});
