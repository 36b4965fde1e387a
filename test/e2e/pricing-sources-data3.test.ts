import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./cli.js";
import { differences, genaiAsLlmcost, present } from "./pricing-sources-helpers.js";

/**
 * `pricing check --against` genai-prices (2026-08-21) for the files of helper data3: the first-party
 * Moonshot, Zhipu (Z.ai), MiniMax files and the OpenRouter host file. Every disagreement must be in the
 * reviewed list with the reason ours stands (docs/pricing-research-moonshot-zhipu-alibaba-minimax-openrouter.md);
 * a new one fails, and so does a reviewed one that no longer occurs.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ours = new Set(
  (
    JSON.parse(readFileSync(join(ROOT, "pricing", "openrouter.json"), "utf8")) as { models: { id: string }[] }
  ).models.map((model) => model.id),
);

const CNY =
  "genai-prices' zhipuai.yml is bigmodel.cn's CNY tier-1 price at 7.25 CNY/USD; ours is Z.ai's USD list price";

const REVIEWED: Record<string, string> = {
  // Zhipu bills in CNY on bigmodel.cn and in USD on Z.ai; llmcost prices in USD, so zhipu.json is Z.ai's list.
  "glm-4.5-air cachedInput 0.03→0.022": CNY,
  "glm-4.5-air input 0.2→0.11": CNY,
  "glm-4.5-air output 1.1→0.276": CNY,
  "glm-4.7 cachedInput 0.11→0.055": CNY,
  "glm-4.7 input 0.6→0.276": CNY,
  "glm-4.7 output 2.2→1.103": CNY,
  "glm-4.7-flashx cachedInput 0.01→0.014": CNY,
  "glm-4.7-flashx input 0.07→0.069": CNY,
  "glm-4.7-flashx output 0.4→0.414": CNY,
  "glm-5 cachedInput 0.2→0.138": CNY,
  "glm-5 input 1→0.552": CNY,
  "glm-5 output 3.2→2.483": CNY,
  "glm-5-turbo cachedInput 0.24→0.166": CNY,
  "glm-5-turbo input 1.2→0.69": CNY,
  "glm-5-turbo output 4→3.034": CNY,
  "glm-5.1 cachedInput 0.26→0.179": CNY,
  "glm-5.1 input 1.4→0.828": CNY,
  "glm-5.1 output 4.4→3.31": CNY,
  "glm-5.2 cachedInput 0.26→0.276": CNY,
  "glm-5.2 input 1.4→1.103": CNY,
  "glm-5.2 output 4.4→3.862": CNY,
  // Two dated reads disagree: models.dev's OpenRouter entry (2026-06-27) $0.03/$0.15, genai-prices' undated
  // import $0.039/$0.18. OpenRouter's routed price for open weights moves with its cheapest provider.
  "openrouter/openai/gpt-oss-120b input 0.03→0.039": "OpenRouter's routed price; ours is the dated read",
  "openrouter/openai/gpt-oss-120b output 0.15→0.18": "OpenRouter's routed price; ours is the dated read",
};

describe.skipIf(!present)("data3's files against genai-prices (2026-08-21)", () => {
  it("only the reviewed disagreements", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const found: string[] = [];
    let compared = 0;
    for (const [provider, file, prefix] of [
      ["moonshot", "moonshotai.yml", ""],
      ["zhipu", "zhipuai.yml", ""],
      ["zai", "zai.yml", ""],
      ["minimax", "minimax.yml", ""],
      ["openrouter", "openrouter.yml", "openrouter/"],
    ] as const) {
      const path = join(dir, `${provider}.json`);
      const list = genaiAsLlmcost(provider, file, prefix);
      // OpenRouter's list (691 entries) is compared only where we list the model: its other entries would
      // otherwise meet the first-party models of the same last name (pricing check's fallback).
      const models = list.models.filter((model) => prefix === "" || ours.has(model.id));
      writeFileSync(path, JSON.stringify({ ...list, models }));
      const result = await differences(path, "2026-08-21");
      compared += result.compared;
      found.push(...result.keys);
    }
    expect(compared).toBeGreaterThan(60);
    expect(found.sort()).toEqual(Object.keys(REVIEWED).sort());
  });
});
