import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./cli.js";
import { differences, genaiAsLlmcost, present } from "./pricing-sources-helpers.js";

/**
 * `llmcost pricing check --against` run on genai-prices' lists for the hosts of pricing/vertex.json,
 * groq.json, together.json and fireworks.json (the lists in ../shared/pricing-sources; references, not
 * the catalogue). Every disagreement must be in the reviewed list below with the reason ours stands; a
 * new one fails the test, and so does a reviewed one that no longer occurs. The reasons are argued in
 * docs/pricing-research-vertex-groq-together-fireworks.md.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** genai-prices files, the id prefix their bare ids get (the host's), the host they price. */
const LISTS = [
  ["vertex", "google.yml", "vertex/"],
  ["groq", "groq.yml", "groq/"],
  ["groq-hf", "huggingface_groq.yml", "groq/"],
  ["together", "together.yml", "together/"],
  ["together-hf", "huggingface_together.yml", "together/"],
  ["fireworks", "fireworks.yml", "fireworks/"],
  ["fireworks-hf", "huggingface_fireworks-ai.yml", "fireworks/"],
] as const;

const ALIBABA = "a host's price for the open model, compared with Alibaba's own API price by the shared id";

/** Known, justified differences: `model field ours→theirs` and why ours stands. */
const REVIEWED: Record<string, string> = {
  // genai-prices matches openai/gpt-oss-safeguard-20b to its gpt-oss-120b entry; Groq sells the 20B
  // safeguard model at the 20B price (Portkey's Groq list, Sim's Groq table).
  "groq/gpt-oss-safeguard-20b input 0.075→0.15": "genai-prices prices the 20B safeguard model as the 120B",
  "groq/gpt-oss-safeguard-20b output 0.3→0.6": "genai-prices prices the 20B safeguard model as the 120B",
  // (Groq's id meta-llama/llama-4-scout-17b-16e-instruct is also Together's: it names neither listing,
  // so the lists' entry under it meets no model and is not compared.)
  // genai-prices checked Together's Llama 3.3 70B Turbo on 2025-07-03; Together raised it to $1.04 by
  // 2026-07-02 (docs/pricing-research-cerebras-perplexity-novita.md, last section).
  "llama-3.3-70b input 1.04→0.88":
    "genai-prices' price was checked 2025-07-03, before Together's rise to $1.04",
  "llama-3.3-70b output 1.04→0.88":
    "genai-prices' price was checked 2025-07-03, before Together's rise to $1.04",
  // Fireworks' and Together's ids for these Qwen models (accounts/fireworks/models/qwen3-235b-a22b,
  // qwen/qwen3-coder-480b-a35b-instruct, …) end in Alibaba's own API ids, so with no host listing of that
  // name pricing check meets alibaba.json's first-party Model Studio price (issue 21, data3).
  "qwen3-235b-a22b input 0.7→0.22": ALIBABA,
  "qwen3-235b-a22b output 2.8→0.88": ALIBABA,
  "qwen3-coder-480b-a35b-instruct input 1.5→2": ALIBABA,
  "qwen3-coder-480b-a35b-instruct output 7.5→2": ALIBABA,
  "qwen3-next-80b-a3b-instruct input 0.5→0.15": ALIBABA,
  "qwen3-next-80b-a3b-instruct output 2→1.5": ALIBABA,
};

describe.skipIf(!present)("pricing check of the Vertex, Groq, Together and Fireworks files", () => {
  it("genai-prices (2026-08-21): only the reviewed disagreements", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const found: string[] = [];
    let compared = 0;
    for (const [name, file, prefix] of LISTS) {
      const path = join(dir, `${name}.json`);
      const converted = genaiAsLlmcost(name, file, prefix);
      // These lists' ids are often the host's own API ids (`qwen/qwen3-32b`, `deepseek-ai/deepseek-r1`),
      // which llmcost keeps as aliases: match on them too. Bare ids (`deepseek-v4-flash`) are not added,
      // since they are first-party names.
      for (const model of converted.models) {
        const own = model.id.slice(prefix.length);
        if (own.includes("/") && !model.aliases.includes(own)) model.aliases.push(own);
      }
      // Hugging Face's copies carry float noise (0.18000000000000002); llmcost allows 6 decimals.
      const list = JSON.stringify(converted, (_key, value) =>
        typeof value === "number" ? Number(value.toFixed(6)) : value,
      );
      writeFileSync(path, list);
      const result = await differences(path, "2026-08-21");
      compared += result.compared;
      found.push(...result.keys);
    }
    expect(compared).toBeGreaterThan(30);
    expect([...new Set(found)].sort()).toEqual(Object.keys(REVIEWED).sort());
  });
});
