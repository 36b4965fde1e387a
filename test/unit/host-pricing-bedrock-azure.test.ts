import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

/**
 * pricing/bedrock.json and pricing/azure.json as users meet them: how many listings each host has on
 * sale, and a few prices (with their history) priced exactly through `estimate`. Prices and their
 * sources: docs/pricing-research-bedrock-azure.md.
 */
const TODAY = { LLMCOST_TODAY: "2026-12-06" };

async function onSale(host: string): Promise<string[]> {
  const run = await runCli(["models", "-p", host, "--format", "json"], { env: TODAY });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const { models } = JSON.parse(run.stdout) as { models: { id: string; host: string; available: boolean }[] };
  expect(models.every((m) => m.host === host && m.id.startsWith(`${host}/`))).toBe(true);
  return models.filter((m) => m.available).map((m) => m.id);
}

/**
 * The exact output cost (USD, as text) of `tokens` output tokens of `model` on `date`, at the regional
 * endpoint (llmcost's default, the dearer) unless `endpoint` says global.
 */
async function outputCost(model: string, tokens: number, date = "2026-12-06", endpoint = "regional") {
  const run = await runCli(
    [
      "estimate",
      "-m",
      model,
      "--output-tokens",
      String(tokens),
      "--as-of",
      date,
      "--endpoint",
      endpoint,
      "-f",
      "json",
    ],
    { input: "x", env: TODAY },
  );
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const result = (JSON.parse(run.stdout) as { results: { model: string; costExact: { output: string } }[] })
    .results[0];
  return { model: result?.model, output: result?.costExact.output };
}

describe("Amazon Bedrock and Azure OpenAI listings", () => {
  it("-p bedrock lists at least 69 models on sale, -p azure at least 26", async () => {
    const bedrock = await onSale("bedrock");
    const azure = await onSale("azure");
    expect(bedrock.length).toBeGreaterThanOrEqual(69);
    expect(azure.length).toBeGreaterThanOrEqual(26);
    expect(bedrock).toEqual(expect.arrayContaining(["bedrock/claude-sonnet-4-6", "bedrock/nova-pro"]));
    // Bedrock's own lifecycle, not Anthropic's: Sonnet 4.5 is Legacy there until 2027-04-08 (Anthropic's
    // API retired it on 2026-11-30); Llama 3.2 reached end of life on Bedrock on 2026-07-07.
    expect(bedrock).toContain("bedrock/claude-sonnet-4-5");
    expect(bedrock).not.toContain("bedrock/llama-3.2-90b");
    // Azure retired GPT-4o and GPT-4.1 (Global Standard) on 2026-10-01 and 2026-10-14.
    expect(azure).not.toContain("azure/gpt-4o-2024-08-06");
    expect(azure).toContain("azure/gpt-5.1-2025-11-13");
  });

  it("prices Bedrock's own ids (inference profiles) at the host's price, regional 10% above global", async () => {
    expect(await outputCost("us.anthropic.claude-sonnet-4-6", 1_000_000)).toEqual({
      model: "bedrock/claude-sonnet-4-6",
      output: "16.5",
    });
    expect(
      (await outputCost("global.anthropic.claude-sonnet-4-6", 1_000_000, undefined, "global")).output,
    ).toBe("15");
    expect(await outputCost("amazon.nova-micro-v1:0", 1_000_000)).toEqual({
      model: "bedrock/nova-micro",
      output: "0.14",
    });
  });

  it("keeps history: GPT-5.6 Luna on Bedrock before and after AWS's cut of 2026-07-30", async () => {
    expect((await outputCost("bedrock/gpt-5.6-luna", 1_000_000, "2026-07-20")).output).toBe("6.6");
    expect((await outputCost("bedrock/gpt-5.6-luna", 1_000_000)).output).toBe("1.32");
    // Claude Sonnet 5's launch price on Bedrock ended on 2026-09-01.
    expect((await outputCost("bedrock/claude-sonnet-5", 1_000, "2026-08-01", "global")).output).toBe("0.01");
    expect((await outputCost("bedrock/claude-sonnet-5", 1_000, undefined, "global")).output).toBe("0.015");
    expect((await outputCost("bedrock/claude-sonnet-5", 1_000)).output).toBe("0.0165");
  });

  it("prices Azure's listings, not OpenAI's, under azure/ names", async () => {
    // Global Standard, and Data Zone (10% more, the regional endpoint).
    expect(await outputCost("azure/gpt-5.4", 1_000_000, undefined, "global")).toEqual({
      model: "azure/gpt-5.4-2026-03-05",
      output: "15",
    });
    expect((await outputCost("azure/gpt-5.4", 1_000_000)).output).toBe("16.5");
    // OpenAI cut GPT-5.6 Sol to $20 output on 2026-08-21; Azure's last known price is $30.
    expect((await outputCost("azure/gpt-5.6", 1_000_000, undefined, "global")).output).toBe("30");
    expect((await outputCost("gpt-5.6", 1_000_000)).output).toBe("20");
  });

  it("an Azure deployment name is a user alias: the recipe in docs/pricing-research-bedrock-azure.md", async () => {
    const file = join(tempDir(), "our-azure.json");
    const price = { from: "2026-03-05", input: 2.75, output: 16.5, cachedInput: 0.275 };
    const source = "https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/";
    const deployment = { id: "azure/contoso-chat-prod", model: "gpt-5.4", aliases: ["contoso-chat-prod"] };
    const models = [{ ...deployment, prices: [{ ...price, source, checked: "2026-07-24" }] }];
    writeFileSync(file, JSON.stringify({ host: "azure", name: "Azure OpenAI (Contoso)", models }));
    const run = await runCli(
      [
        "estimate",
        "--pricing",
        file,
        "-m",
        "contoso-chat-prod",
        "--output-tokens",
        "1000000",
        "--format",
        "json",
      ],
      { input: "x", env: TODAY },
    );
    expect(run.stderr).toBe("");
    const [result] = (JSON.parse(run.stdout) as { results: Record<string, unknown>[] }).results;
    expect(result).toMatchObject({
      model: "azure/contoso-chat-prod",
      host: "azure",
      tokenizer: "o200k_base",
    });
    expect(result?.costExact).toMatchObject({ output: "16.5" });
  });
});
