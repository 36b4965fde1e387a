import { describe, expect, it } from "vitest";
import { withoutRetiring } from "../e2e/cli.js";
import { runCli } from "./helpers.js";

/** Runs the CLI in-process and returns the JSON row of the one model asked for. */
async function priceOn(model: string, date: string) {
  const { code, stdout, stderr } = await runCli(["estimate", "-m", model, "--as-of", date, "-f", "json"], {
    input: "TechCrunch",
  });
  expect(withoutRetiring(stderr)).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout).results[0];
}

// Launch prices, USD per 1M input / output tokens, as the providers announced them.
describe("every model of the core issue is priced at launch as it was billed", () => {
  it.each([
    ["mistral-large-2402", "2024-02-26", 8, 24, 32_000],
    // ... and "$4/$12 by mid-2024" (first confirmed 2024-05-31)
    ["mistral-large-2402", "2024-06-01", 4, 12, 32_000],
    ["mistral-small", "2026-03-16", 0.15, 0.6, 256_000],
    ["mistral-embed", "2024-02-26", 0.1, 0, 8_000],
    ["open-mixtral-8x7b", "2024-02-26", 0.7, 0.7, 32_000],
    ["open-mistral-7b", "2024-02-26", 0.25, 0.25, 32_000],
    ["gpt-4", "2023-06-13", 30, 60, 8_192],
    ["gpt-4-turbo", "2024-04-09", 10, 30, 128_000],
    ["gpt-3.5-turbo", "2024-02-16", 0.5, 1.5, 16_385],
    // The gpt-4o alias named the 2024-05-13 snapshot until 2024-10-02.
    ["gpt-4o", "2024-05-13", 5, 15, 128_000],
    ["gpt-4o-2024-08-06", "2024-08-06", 2.5, 10, 128_000],
    ["gpt-4o", "2024-10-02", 2.5, 10, 128_000],
    ["gpt-4o-mini", "2024-07-18", 0.15, 0.6, 128_000],
    ["claude-2.1", "2023-11-21", 8, 24, 200_000],
    ["gemini-1.0-pro", "2024-05-02", 0.5, 1.5, 30_720],
    ["llama-2-70b", "2023-07-18", 0.9, 0.9, 4_096],
  ])("%s on %s: $%s / $%s, %i context", async (model, date, input, output, context) => {
    const row = await priceOn(model, date);
    expect(row).toMatchObject({
      inputPricePerMillion: input,
      outputPricePerMillion: output,
      contextWindow: context,
    });
  });

  it("GPT-4 Turbo cost 1.25× Mistral Large at launch (20% cheaper)", async () => {
    const mistral = await priceOn("mistral-large-2402", "2024-04-09"); // before its cut to $4/$12 (2024-05-31)
    const turbo = await priceOn("gpt-4-turbo", "2024-04-09");
    expect(turbo.inputPricePerMillion / mistral.inputPricePerMillion).toBe(1.25);
    expect(turbo.outputPricePerMillion / mistral.outputPricePerMillion).toBe(1.25);
  });
});
