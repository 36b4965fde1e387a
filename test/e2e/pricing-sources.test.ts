import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { differences, genaiAsLlmcost, present, SOURCES } from "./pricing-sources-helpers.js";

/**
 * `llmcost pricing check --against` run on the third-party price lists kept in ../shared/pricing-sources
 * (references, not the catalogue: see its README). Every disagreement above 0% must be in the reviewed
 * list below, with the reason it is justified; a new one fails the test, and so does a reviewed one
 * that no longer occurs (the list is kept exact). The shared folder sits beside the project for
 * developers and CI; a clone without it skips these tests, saying so.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Known, justified differences: `model field ours→theirs` and why ours stands. */
const REVIEWED_GENAI_PRICES: Record<string, string> = {
  // genai-prices prices the bare aliases at the 08-2024 models; Cohere's docs say command-r and
  // command-r-plus are aliases of the 03-2024 / 04-2024 models (docs/pricing-research-xai-cohere.md).
  "command-r-03-2024 input 0.5→0.15": "command-r is an alias of command-r-03-2024, not of 08-2024",
  "command-r-03-2024 output 1.5→0.6": "command-r is an alias of command-r-03-2024, not of 08-2024",
  "command-r-plus-04-2024 input 3→2.5": "command-r-plus is an alias of command-r-plus-04-2024",
  "command-r-plus-04-2024 output 15→10": "command-r-plus is an alias of command-r-plus-04-2024",
  // DeepSeek's 2026-08-16 change (V4.1) is five days older than the genai-prices snapshot, which lacks it.
  "deepseek-v4-flash cachedInput 0.014→0.0028":
    "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  "deepseek-v4-flash input 0.44→0.14": "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  "deepseek-v4-flash output 1.32→0.28": "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  "deepseek-v4-pro cachedInput 0.044→0.003625":
    "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  "deepseek-v4-pro input 1.32→0.435": "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  "deepseek-v4-pro output 3.96→0.87": "DeepSeek pricing page from 2026-08-16; the snapshot predates it",
  // OpenAI cut GPT-5.6 Sol to $4/$20 on 2026-08-21, the snapshot's own day.
  "gpt-5.6-sol cachedInput 0.4→0.5": "OpenAI's cut of 2026-08-21, the day of the snapshot",
  "gpt-5.6-sol input 4→5": "OpenAI's cut of 2026-08-21, the day of the snapshot",
  "gpt-5.6-sol output 20→30": "OpenAI's cut of 2026-08-21, the day of the snapshot",
  // xAI's pricing page: $1.25/$2.50 from 2026-05-06, and Grok 4.5 cache reads $0.30 from 2026-07-30;
  // genai-prices kept the launch prices.
  "grok-4.20-multi-agent-0309 input 1.25→2": "xAI cut it on 2026-05-06; genai-prices kept the launch price",
  "grok-4.20-multi-agent-0309 output 2.5→6": "xAI cut it on 2026-05-06; genai-prices kept the launch price",
  "grok-4.5 cachedInput 0.3→0.5": "xAI docs give $0.30 from 2026-07-30; genai-prices kept the launch price",
  "mistral-embed output 0→0.1":
    "an embedding model has no output tokens; genai-prices repeats the input price",
  // genai-prices' -latest entries keep Large 2.1's and Small 3.x's prices; the aliases moved to Large 3
  // (2025-12-02) and Small 4 (2026-03-16), whose own entries there agree with ours.
  "mistral-large-2512 input 0.5→2": "genai-prices' mistral-large-latest entry is Large 2.1's price",
  "mistral-large-2512 output 1.5→6": "genai-prices' mistral-large-latest entry is Large 2.1's price",
  "mistral-small-2603 input 0.15→0.1": "genai-prices' mistral-small-latest entry is Small 3.x's price",
  "mistral-small-2603 output 0.6→0.3": "genai-prices' mistral-small-latest entry is Small 3.x's price",
};

/**
 * Known, justified differences from LiteLLM's list (its Moonshot and Zhipu entries compare since the
 * kimi/glm tokenizer ids exist; docs/pricing-research-moonshot-zhipu-alibaba-minimax-openrouter.md).
 */
const MOONSHOT_PAGE = "Moonshot's own page (archived 2026-03-26, and genai-prices) lists this price";
const REVIEWED_LITELLM: Record<string, string> = {
  "glm-5.1 cachedInput 0.26→0.28":
    "Z.ai's $0.26 per models.dev and genai-prices' GLM-5.2/5.3; LiteLLM alone has $0.28",
  "kimi-k2.5 output 3→2.25": MOONSHOT_PAGE,
  "kimi-k2.6 cachedInput 0.16→0.161": MOONSHOT_PAGE,
  "kimi-k2.6 input 0.95→0.954": MOONSHOT_PAGE,
  "kimi-k2.6 output 4→3.961": MOONSHOT_PAGE,
};

// CI lays shared/ beside the clone: there a missing folder is a failure, not a skip.
it.runIf(!present && process.env.CI !== undefined)("CI has ../shared/pricing-sources", () => {
  expect(present).toBe(true);
});

describe.skipIf(!present)("pricing check against the shared third-party lists", () => {
  it("LiteLLM's list (2026-07-24): only the reviewed disagreements", async () => {
    const file = join(SOURCES, "litellm-subset", "model_prices_and_context_window.json");
    const { compared, keys } = await differences(file, "2026-07-24");
    expect(compared).toBeGreaterThan(50);
    expect(keys).toEqual(Object.keys(REVIEWED_LITELLM).sort());
  });

  it("genai-prices (2026-08-21): only the reviewed disagreements", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const found: string[] = [];
    let compared = 0;
    for (const [provider, file] of [
      ["openai", "openai.yml"],
      ["anthropic", "anthropic.yml"],
      ["google", "google.yml"],
      ["mistral", "mistral.yml"],
      ["deepseek", "deepseek.yml"],
      ["xai", "x_ai.yml"],
      ["cohere", "cohere.yml"],
    ] as const) {
      const path = join(dir, `${provider}.json`);
      writeFileSync(path, JSON.stringify(genaiAsLlmcost(provider, file)));
      const result = await differences(path, "2026-08-21");
      compared += result.compared;
      found.push(...result.keys);
    }
    expect(compared).toBeGreaterThan(50);
    expect(found.sort()).toEqual(Object.keys(REVIEWED_GENAI_PRICES).sort());
  });
});
