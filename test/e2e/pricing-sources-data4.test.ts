import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { differences, genaiAsLlmcost, present } from "./pricing-sources-helpers.js";

/**
 * `llmcost pricing check --against` run on genai-prices' lists for pricing/cerebras.json, novita.json and
 * perplexity.json (the lists in ../shared/pricing-sources; references, not the catalogue). Every
 * disagreement must be in the reviewed list below with the reason ours stands; a new one fails the test,
 * and so does a reviewed one that no longer occurs. The reasons are argued in
 * docs/pricing-research-cerebras-perplexity-novita.md.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Hugging Face's router names Novita's and Cerebras' models by their Hugging Face repositories
 * (`Qwen/Qwen3-32B`), and Novita's own ids are mostly those names lowercased, which other hosts use too
 * (Groq's `qwen/qwen3-32b`), so llmcost keeps few of them as aliases: every Novita list is renamed to the
 * llmcost listing each entry prices, and entries llmcost does not list are dropped.
 */
const RENAMES: Record<string, Record<string, string>> = {
  "novita.yml": {
    "deepseek/deepseek-r1-distill-llama-70b": "novita/deepseek-r1-distill-llama-70b",
    "meta-llama/llama-3-70b-instruct": "novita/llama-3-70b-instruct",
    "meta-llama/llama-3-8b-instruct": "novita/llama-3-8b-instruct",
    "meta-llama/llama-3.1-8b-instruct": "novita/llama-3.1-8b-instruct",
    "meta-llama/llama-3.3-70b-instruct": "novita/llama-3.3-70b-instruct",
    "nousresearch/hermes-2-pro-llama-3-8b": "novita/hermes-2-pro-llama-3-8b",
    "qwen/qwen-2.5-72b-instruct": "novita/qwen-2.5-72b-instruct",
    "sao10k/l3-70b-euryale-v2.1": "novita/l3-70b-euryale-v2.1",
    "sao10k/l3-8b-lunaris": "novita/l3-8b-lunaris",
    "sao10k/l3-8b-stheno-v3.2": "novita/l3-8b-stheno-v3.2",
  },
  "huggingface_cerebras.yml": { "meta-llama/llama-3.1-8b-instruct": "cerebras/llama3.1-8b" },
  "huggingface_novita.yml": {
    "minimaxai/minimax-m1-80k": "novita/minimax-m1-80k",
    "minimaxai/minimax-m2": "novita/minimax-m2",
    "nousresearch/hermes-2-pro-llama-3-8b": "novita/hermes-2-pro-llama-3-8b",
    "qwen/qwen2.5-72b-instruct": "novita/qwen-2.5-72b-instruct",
    "qwen/qwen3-235b-a22b": "novita/qwen3-235b-a22b",
    "qwen/qwen3-235b-a22b-instruct-2507": "novita/qwen3-235b-a22b-instruct-2507",
    "qwen/qwen3-235b-a22b-thinking-2507": "novita/qwen3-235b-a22b-thinking-2507",
    "qwen/qwen3-30b-a3b": "novita/qwen3-30b-a3b",
    "qwen/qwen3-32b": "novita/qwen3-32b",
    "qwen/qwen3-coder-480b-a35b-instruct": "novita/qwen3-coder-480b-a35b-instruct",
    "qwen/qwen3-coder-next": "novita/qwen3-coder-next",
    "qwen/qwen3-next-80b-a3b-instruct": "novita/qwen3-next-80b-a3b-instruct",
    "qwen/qwen3-next-80b-a3b-thinking": "novita/qwen3-next-80b-a3b-thinking",
    "qwen/qwen3-vl-235b-a22b-instruct": "novita/qwen3-vl-235b-a22b-instruct",
    "qwen/qwen3-vl-235b-a22b-thinking": "novita/qwen3-vl-235b-a22b-thinking",
    "qwen/qwen3-vl-30b-a3b-instruct": "novita/qwen3-vl-30b-a3b-instruct",
    "qwen/qwen3-vl-30b-a3b-thinking": "novita/qwen3-vl-30b-a3b-thinking",
    "qwen/qwen3-vl-8b-instruct": "novita/qwen3-vl-8b-instruct",
    "qwen/qwen3.5-122b-a10b": "novita/qwen3.5-122b-a10b",
    "qwen/qwen3.5-27b": "novita/qwen3.5-27b",
    "qwen/qwen3.5-35b-a3b": "novita/qwen3.5-35b-a3b",
    "qwen/qwen3.5-397b-a17b": "novita/qwen3.5-397b-a17b",
    "sao10k/l3-70b-euryale-v2.1": "novita/l3-70b-euryale-v2.1",
    "sao10k/l3-8b-lunaris-v1": "novita/l3-8b-lunaris",
    "sao10k/l3-8b-stheno-v3.2": "novita/l3-8b-stheno-v3.2",
    "deepseek-ai/deepseek-prover-v2-671b": "novita/deepseek-prover-v2-671b",
    "deepseek-ai/deepseek-r1": "novita/deepseek-r1",
    "deepseek-ai/deepseek-r1-distill-llama-70b": "novita/deepseek-r1-distill-llama-70b",
    "deepseek-ai/deepseek-v3": "novita/deepseek-v3-turbo",
    "deepseek-ai/deepseek-v3-0324": "novita/deepseek-v3-0324",
    "deepseek-ai/deepseek-v3.1": "novita/deepseek-v3.1",
    "deepseek-ai/deepseek-v3.2": "novita/deepseek-v3.2",
    "deepseek-ai/deepseek-v3.2-exp": "novita/deepseek-v3.2-exp",
    "meta-llama/llama-3.1-8b-instruct": "novita/llama-3.1-8b-instruct",
    "meta-llama/llama-3.3-70b-instruct": "novita/llama-3.3-70b-instruct",
    "meta-llama/llama-4-maverick-17b-128e-instruct-fp8": "novita/llama-4-maverick-17b-128e-instruct-fp8",
    "meta-llama/llama-4-scout-17b-16e-instruct": "novita/llama-4-scout-17b-16e-instruct",
    "meta-llama/meta-llama-3-70b-instruct": "novita/llama-3-70b-instruct",
    "meta-llama/meta-llama-3-8b-instruct": "novita/llama-3-8b-instruct",
    "moonshotai/kimi-k2-instruct": "novita/kimi-k2-instruct",
    "moonshotai/kimi-k2-instruct-0905": "novita/kimi-k2-0905",
    "moonshotai/kimi-k2-thinking": "novita/kimi-k2-thinking",
    "moonshotai/kimi-k2.5": "novita/kimi-k2.5",
    "openai/gpt-oss-120b": "novita/gpt-oss-120b",
    "openai/gpt-oss-20b": "novita/gpt-oss-20b",
    "zai-org/glm-4-32b-0414": "novita/glm-4-32b-0414",
    "zai-org/glm-4.5": "novita/glm-4.5",
    "zai-org/glm-4.5-air": "novita/glm-4.5-air",
    "zai-org/glm-4.5v": "novita/glm-4.5v",
    "zai-org/glm-4.6": "novita/glm-4.6",
    "zai-org/glm-4.7": "novita/glm-4.7",
    "zai-org/glm-4.7-flash": "novita/glm-4.7-flash",
    "zai-org/glm-5": "novita/glm-5",
  },
};

/**
 * genai-prices files, the id prefix their ids get (the host's; Perplexity is first-party), the date the
 * check prices ours on (the list's prices_checked, when the models it lists were all on sale: Cerebras
 * retired three of its four in 2026, Perplexity Sonar Reasoning in 2025), and how many models must meet.
 */
const LISTS = [
  ["cerebras", "cerebras.yml", "cerebras/", "2025-11-07", 4],
  ["cerebras-hf", "huggingface_cerebras.yml", "", "2025-11-07", 1],
  ["perplexity", "perplexity.yml", "", "2025-07-03", 5],
  ["novita", "novita.yml", "", "2026-08-21", 10],
  ["novita-hf", "huggingface_novita.yml", "", "2026-08-21", 53],
] as const;

const OLD_NOVITA =
  "genai-prices' novita.yml is an undated 2024 list; Novita's later prices (Hugging Face's router list of 2026-08-21) are ours";

/** Known, justified differences: `model field ours→theirs` and why ours stands. */
const REVIEWED: Record<string, string> = {
  "novita/llama-3.1-8b-instruct input 0.02→0.05": OLD_NOVITA,
  "novita/llama-3.3-70b-instruct input 0.135→0.39": OLD_NOVITA,
  "novita/llama-3.3-70b-instruct output 0.4→0.39": OLD_NOVITA,
};

describe.skipIf(!present)("pricing check of the Cerebras, Perplexity and Novita files", () => {
  it("genai-prices (snapshot of 2026-08-21): only the reviewed disagreements", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const found: string[] = [];
    const compared: Record<string, number> = {};
    for (const [name, file, prefix, date] of LISTS) {
      const path = join(dir, `${name}.json`);
      const converted = genaiAsLlmcost(name, file, prefix);
      const renames = RENAMES[file];
      if (renames) {
        converted.models = converted.models.flatMap((model) => {
          const ours = renames[model.id];
          return ours ? [{ ...model, id: ours, aliases: [] }] : [];
        });
      }
      const list = JSON.stringify(converted, (_key, value) =>
        typeof value === "number" ? Number(value.toFixed(6)) : value,
      );
      writeFileSync(path, list);
      const result = await differences(path, date);
      compared[name] = result.compared;
      found.push(...result.keys);
    }
    expect(compared).toEqual(Object.fromEntries(LISTS.map(([name, , , , count]) => [name, count])));
    expect([...new Set(found)].sort()).toEqual(Object.keys(REVIEWED).sort());
  });
});
