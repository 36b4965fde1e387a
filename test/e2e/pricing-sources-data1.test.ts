import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { differences, genaiAsLlmcost, present } from "./pricing-sources-helpers.js";

/**
 * `pricing check --against` for the host files pricing/bedrock.json and pricing/azure.json, run on
 * genai-prices' aws.yml and azure.yml (2026-08-21; references, not the catalogue: see
 * ../shared/pricing-sources/README.md). Every difference must be in the reviewed list with the reason
 * ours stands; the list is kept exact. Research notes: docs/pricing-research-bedrock-azure.md.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * genai-prices ids that are not Bedrock's own ids (its global entries add a "-v1:0" Bedrock does not
 * use for these models), mapped to our listings. Its `regional.*` entries are not ids at all: they
 * hold the in-region (+10%) prices, which are not the listings' standard (global) prices, so they
 * stay unmatched.
 */
const GENAI_AWS_IDS: Record<string, string> = {
  "global.anthropic.claude-opus-4-5-v1:0": "bedrock/claude-opus-4-5",
  "global.anthropic.claude-opus-4-6-v1:0": "bedrock/claude-opus-4-6",
  "global.anthropic.claude-opus-4-7-v1:0": "bedrock/claude-opus-4-7",
  "global.anthropic.claude-opus-4-8-v1:0": "bedrock/claude-opus-4-8",
  "global.anthropic.claude-fable-5-v1:0": "bedrock/claude-fable-5",
  "global.anthropic.claude-sonnet-4-6-v1:0": "bedrock/claude-sonnet-4-6",
  "global.anthropic.claude-sonnet-5-v1:0": "bedrock/claude-sonnet-5",
};

/** Known, justified differences: `model field ours→theirs` and why ours stands. */
const REVIEWED: Record<string, string> = {
  // LiteLLM's Azure entries (2025-04-18 to 2026-07-24) give 0.275, OpenAI's own rate, which Azure's
  // Global deployments match; 0.28 is the pricing page's two-decimal display.
  "azure/o4-mini-2025-04-16 cachedInput 0.275→0.28":
    "Azure bills OpenAI's 0.275 (LiteLLM's Azure entries); genai-prices has the page's rounding",
};

describe.skipIf(!present)("Bedrock and Azure against genai-prices (2026-08-21)", () => {
  it("only the reviewed disagreements", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const found: string[] = [];
    let compared = 0;
    // genai-prices' AWS ids are Bedrock's own ids, which are our listings' aliases: no prefix.
    const aws = genaiAsLlmcost("aws", "aws.yml");
    for (const model of aws.models) model.id = GENAI_AWS_IDS[model.id] ?? model.id;
    const azure = genaiAsLlmcost("azure", "azure.yml", "azure/");
    for (const [name, list] of [
      ["aws", aws],
      ["azure", azure],
    ] as const) {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(list));
      const result = await differences(path, "2026-08-21");
      compared += result.compared;
      found.push(...result.keys);
    }
    expect(compared).toBeGreaterThan(40);
    expect(found.sort()).toEqual(Object.keys(REVIEWED).sort());
  });
});
