import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

/** Bedrock's inference-profile ids name their endpoint; the run prices each as its id says. */
describe("a host's id that names its endpoint", () => {
  const priceOf = async (args: string[]) => {
    const run = await runCli(["estimate", "-", "-f", "json", "--as-of", "2026-12-06", ...args], {
      input: "Summarise.",
    });
    expect(run.code, run.stderr).toBe(0);
    const [row] = JSON.parse(run.stdout).results as { inputPricePerMillion: number; endpoint: string }[];
    return [row?.inputPricePerMillion, row?.endpoint];
  };

  it.each([
    [
      ["-m", "global.anthropic.claude-sonnet-4-6"],
      [3, "global"],
    ],
    [
      ["-m", "global.anthropic.claude-sonnet-4-6", "--endpoint", "regional"],
      [3, "global"],
    ],
    [
      ["-m", "us.anthropic.claude-sonnet-4-6", "--endpoint", "global"],
      [3.3, "regional"],
    ],
    [
      ["-m", "eu.anthropic.claude-sonnet-4-6"],
      [3.3, "regional"],
    ],
    // Names that say no endpoint follow --endpoint (regional unless asked).
    [
      ["-m", "bedrock/claude-sonnet-4-6"],
      [3.3, "regional"],
    ],
    [
      ["-m", "bedrock/claude-sonnet-4-6", "--endpoint", "global"],
      [3, "global"],
    ],
    [
      ["-m", "anthropic.claude-sonnet-4-6", "--endpoint", "global"],
      [3, "global"],
    ],
  ])("%j", async (args, expected) => {
    expect(await priceOf(args)).toEqual(expected);
  });
});
