import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { comparePrices } from "../../src/core/price-list-comparison.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import {
  convertLitellm,
  INVALID_REASON,
  tokenizerFor,
  WRONG_PRICE_REASON,
} from "../../src/pricing/litellm.js";
import { parseProviderFile } from "../../src/pricing/validate.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import { testCatalog } from "./helpers.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/litellm/small.json", import.meta.url), "utf8"));
const converted = convertLitellm(fixture, { source: "https://example.com/litellm.json", date: "2026-11-27" });
const byId = (id: string) => converted.file.models.find((m) => m.id === id);

describe("convertLitellm", () => {
  it("converts per-token USD into USD per 1M tokens, with cache, batch and tiers", () => {
    expect(byId("gpt-4o")).toMatchObject({
      provider: "openai",
      tokenizer: "o200k_base",
      contextWindow: 128000,
      prices: [
        { from: "2026-11-27", input: 2.5, output: 10, cachedInput: 1.25, batchInput: 1.25, batchOutput: 5 },
      ],
    });
    expect(byId("claude-3-haiku-20240307")).toMatchObject({
      tokenizer: "claude-3",
      prices: [{ input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite: 0.3 }],
    });
    expect(byId("gemini/gemini-2.5-pro")).toMatchObject({
      provider: "google",
      tokenizer: "gemma-3",
      reasoning: true,
      prices: [{ input: 1.25, output: 10, tiers: [{ above: 200000, input: 2.5, output: 15 }] }],
    });
    expect(byId("text-embedding-3-small")).toMatchObject({
      kind: "embedding",
      maxOutputTokens: 0,
      prices: [{ output: 0 }],
    });
  });

  it("counts what it skips, by reason", () => {
    expect(Object.fromEntries(converted.skipped)).toEqual({
      "mode image_generation": 1,
      "no tokenizer known for the family": 1,
      "no per-token price": 1,
    });
  });

  it("18.20: skips an entry that converts badly, named by its LiteLLM key; keeps a tier with only an input price", () => {
    // Two entries llmcost's format rejects once converted, and three tiers (none, input only, output only).
    const list = JSON.parse(
      readFileSync(new URL("../fixtures/litellm/odd-entries.json", import.meta.url), "utf8"),
    );
    const result = convertLitellm(list, { source: "https://example.com/l.json", date: "2026-11-27" });
    expect(result.invalid).toEqual([
      { key: "gpt-5-odd-cache", reason: "prices[0].cachedInput: is higher than the input price" },
      { key: "gpt-5-half-batch", reason: "prices[0].batchOutput: batch prices come in pairs" },
    ]);
    expect(result.skipped.get(INVALID_REASON)).toBe(2);
    expect(result.file.models.map((m) => m.id)).toEqual(["gpt-5-fine", "gpt-5-long", "gpt-5-long-out"]);
    const tiers = (id: string) =>
      ((result.file.models.find((m) => m.id === id)?.prices ?? []) as { tiers?: unknown }[])[0]?.tiers;
    // Above the threshold LiteLLM bills the price it does not list at the base rate.
    expect(tiers("gpt-5-long")).toEqual([{ above: 272000, input: 2, output: 4 }]);
    expect(tiers("gpt-5-long-out")).toEqual([{ above: 200000, input: 1, output: 6 }]);
    expect(tiers("gpt-5-fine")).toBeUndefined();
    // What is kept loads.
    const file = parseProviderFile(JSON.stringify(result.file), "import.json");
    expect(buildCatalog([], () => true, [file]).models).toHaveLength(3);
  });

  it("produces a file the loader accepts", () => {
    const file = parseProviderFile(JSON.stringify(converted.file), "import.json");
    const registry = createTokenizerRegistry();
    expect(buildCatalog([], (id) => registry.has(id), [file]).models).toHaveLength(4);
  });

  it("maps model names to tokenizers", () => {
    expect(tokenizerFor("openai", "gpt-4o-mini")).toBe("o200k_base");
    expect(tokenizerFor("openai", "gpt-3.5-turbo")).toBe("cl100k_base");
    expect(tokenizerFor("openai", "o3-mini")).toBe("o200k_base");
    expect(tokenizerFor("groq", "openai/gpt-oss-120b")).toBe("o200k_harmony");
    expect(tokenizerFor("mistral", "mistral-large-2402")).toBe("mistral-v2");
    expect(tokenizerFor("mistral", "open-mixtral-8x22b")).toBe("mistral-v3");
    expect(tokenizerFor("mistral", "mistral-large-2411")).toBe("mistral-v3");
    expect(tokenizerFor("mistral", "mistral-large-2512")).toBe("mistral-tekken");
    expect(tokenizerFor("together", "meta-llama/llama-2-70b-chat-hf")).toBe("llama-2");
    expect(tokenizerFor("mistral", "mistral/open-mixtral-8x7b")).toBe("mistral-v1");
    expect(tokenizerFor("bedrock", "qwen.qwen3-32b-v1:0")).toBe("qwen-3");
    expect(tokenizerFor("together_ai", "together_ai/qwen/qwen2.5-72b-instruct-turbo")).toBe("qwen-3");
    expect(tokenizerFor("moonshot", "moonshot/kimi-k2-0905-preview")).toBe("kimi");
    expect(tokenizerFor("zai", "zai/glm-4.6")).toBe("glm");
    expect(tokenizerFor("zai", "zai/glm-4")).toBeUndefined();
    expect(tokenizerFor("minimax", "minimax/minimax-m2")).toBe("minimax");
    expect(tokenizerFor("bedrock", "amazon.nova-pro-v1:0")).toBe("nova");
    expect(tokenizerFor("acme", "mystery")).toBeUndefined();
  });

  it("18.4: an entry listing a price that is none (negative, a string, 1e300) is skipped naming its key and field", () => {
    const entry = (prices: Record<string, unknown>) => ({
      litellm_provider: "openai",
      mode: "chat",
      max_input_tokens: 400000,
      input_cost_per_token: 0.000001,
      output_cost_per_token: 0.000004,
      ...prices,
    });
    const deep = JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    const list = {
      "gpt-5-negative": entry({ input_cost_per_token: -0.000001 }),
      "gpt-5-string": entry({ output_cost_per_token: "0.000004" }),
      "gpt-5-huge": entry({ input_cost_per_token: 1e300 }),
      "gpt-5-dear": entry({ output_cost_per_token: 0.02 }),
      "gpt-5-bad-cache": entry({ cache_read_input_token_cost: -1 }),
      "gpt-5-bad-tier": entry({ input_cost_per_token_above_200k_tokens: true }),
      "gpt-5-nested": entry({ input_cost_per_token: deep }),
      "gpt-5-unpriced": entry({ input_cost_per_token: undefined, output_cost_per_token: null }),
      "gpt-5-fine": entry({ cache_read_input_token_cost: null }),
    };
    const result = convertLitellm(list, { source: "https://example.com/l.json", date: "2026-11-27" });
    expect(result.invalid).toEqual([
      { key: "gpt-5-negative", reason: "input_cost_per_token: -0.000001 is negative" },
      {
        key: "gpt-5-string",
        reason: 'output_cost_per_token: expected a number of USD per token, got the string "0.000004"',
      },
      {
        key: "gpt-5-huge",
        reason:
          "input_cost_per_token: 1e+300 USD per token is above the most llmcost takes ($10000 per 1M tokens)",
      },
      {
        key: "gpt-5-dear",
        reason:
          "output_cost_per_token: 0.02 USD per token is above the most llmcost takes ($10000 per 1M tokens)",
      },
      { key: "gpt-5-bad-cache", reason: "cache_read_input_token_cost: -1 is negative" },
      {
        key: "gpt-5-bad-tier",
        reason: "input_cost_per_token_above_200k_tokens: expected a number of USD per token, got true",
      },
      { key: "gpt-5-nested", reason: "input_cost_per_token: expected a number of USD per token, got a list" },
    ]);
    // An entry that lists no per-token price at all stays in the summarised count.
    expect(Object.fromEntries(result.skipped)).toEqual({ [WRONG_PRICE_REASON]: 7, "no per-token price": 1 });
    expect(result.file.models.map((m) => m.id)).toEqual(["gpt-5-fine"]);
  });
});

describe("user pricing files over the catalogue", () => {
  const registry = createTokenizerRegistry();
  const known = (id: string) => registry.has(id) || id === "words" || id === "guess";
  const shipped = parseProviderFile(
    JSON.stringify({
      provider: "acme",
      name: "Acme",
      models: [
        {
          id: "acme-large-2024",
          aliases: ["acme-large"],
          name: "L",
          kind: "chat",
          tokenizer: "words",
          contextWindow: 100,
          maxOutputTokens: 50,
          prices: [
            {
              from: "2024-01-01",
              input: 10,
              output: 30,
              source: "https://example.com",
              checked: "2024-01-01",
            },
          ],
        },
      ],
    }),
    "acme.json",
  );
  const user = (models: object[]) =>
    parseProviderFile(JSON.stringify({ provider: "mine", name: "Mine", models }), "mine.json");
  const entry = (id: string, extra: object = {}) => ({
    id,
    name: id,
    kind: "chat",
    tokenizer: "words",
    contextWindow: 100,
    maxOutputTokens: 50,
    prices: [
      { from: "2024-01-01", input: 1, output: 2, source: "https://example.com", checked: "2024-01-01" },
    ],
    ...extra,
  });

  it("a model named by a shipped alias replaces that model whole", () => {
    const catalog = buildCatalog([shipped], known, [user([entry("acme-large", { provider: "acme" })])]);
    expect(catalog.models.map((m) => m.id)).toEqual(["acme-large"]);
    expect(catalog.byName.get("acme-large-2024")?.id).toBe("acme-large");
    expect(catalog.byName.get("acme-large")?.providerName).toBe("Acme");
  });

  it("a new model is added under its provider", () => {
    const catalog = buildCatalog([shipped], known, [user([entry("private-1")])]);
    expect(catalog.models.map((m) => m.id)).toEqual(["acme-large-2024", "private-1"]);
    expect(catalog.providers.get("mine")).toBe("Mine");
  });

  it("a name twice in one user file is an error", () => {
    expect(() =>
      buildCatalog([shipped], known, [user([entry("x"), entry("y", { aliases: ["x"] })])]),
    ).toThrow('mine.json: models[1]: "x" is defined twice in this file');
  });

  it("a model naming several is put where the first was; the others go, their names now its", () => {
    const file = (models: object[]) =>
      parseProviderFile(JSON.stringify({ provider: "acme", name: "Acme", models }), "acme.json");
    const three = file([entry("a", { aliases: ["x"] }), entry("b"), entry("c", { aliases: ["y"] })]);
    const catalog = buildCatalog([three], known, [
      user([entry("new-1"), entry("c", { aliases: ["a"], provider: "acme" })]),
      user([entry("x", { provider: "acme" })]),
    ]);
    expect(catalog.models.map((m) => m.id)).toEqual(["x", "b", "new-1"]);
    expect(catalog.byName.get("y")?.id).toBe("x");
    expect(catalog.byName.get("c")?.id).toBe("x");
  });

  it("18.13: a big user file loads in linear time: each model's names are read a few times, not once per user model", () => {
    // The old join scanned every model per user model (16,000 user models: 14-46 s). Counted, not timed.
    let reads = 0;
    const counted = shipped.models.map((model) => {
      const copy = { ...model };
      Object.defineProperty(copy, "datedAliases", {
        get: () => {
          reads++;
          return model.datedAliases;
        },
        enumerable: true,
      });
      return copy;
    });
    const many = user(Array.from({ length: 2000 }, (_, i) => entry(`private-${i}`)));
    const catalog = buildCatalog([{ ...shipped, models: counted }], known, [many]);
    expect(catalog.models).toHaveLength(2001);
    expect(reads).toBeLessThan(10);
  });

  it("compares prices with another list", () => {
    const other = user([entry("acme-large", { provider: "acme" }), entry("unknown-1")]);
    const comparison = comparePrices(buildCatalog([shipped], known), other.models, "2025-01-01", 5);
    expect(comparison.compared).toBe(1);
    expect(comparison.unknown).toEqual(["unknown-1"]);
    expect(comparison.differences.map((d) => [d.field, Math.round(d.percent)])).toEqual([
      ["input", -90],
      ["output", -93],
    ]);
  });
});

describe("test helpers", () => {
  it("the test catalogue builds", () => expect(testCatalog().models.length).toBe(4));
});

describe("dated aliases", () => {
  const registry = createTokenizerRegistry();
  const entry = (id: string, from: string, aliases: unknown[] = []) => ({
    id,
    aliases,
    name: id,
    kind: "chat",
    tokenizer: "o200k_base",
    contextWindow: 100,
    maxOutputTokens: 50,
    prices: [{ from, input: 1, output: 2, source: "https://example.com", checked: from }],
  });
  const catalogOf = (models: unknown[]) =>
    buildCatalog(
      [parseProviderFile(JSON.stringify({ provider: "acme", name: "Acme", models }), "acme.json")],
      (id) => registry.has(id),
    );

  it("resolve to the model they named on the date", async () => {
    const { findModel } = await import("../../src/core/select-models.js");
    const catalog = catalogOf([
      entry("omni-0513", "2024-05-13", [{ name: "omni", to: "2024-10-02" }]),
      entry("omni-0806", "2024-08-06", [{ name: "omni", from: "2024-10-02" }]),
    ]);
    expect(findModel(catalog, "omni", "2024-06-01").id).toBe("omni-0513");
    expect(findModel(catalog, "omni", "2024-10-01").id).toBe("omni-0513");
    expect(findModel(catalog, "omni", "2024-10-02").id).toBe("omni-0806");
    expect(findModel(catalog, "OMNI", "2030-01-01").id).toBe("omni-0806");
    expect(findModel(catalog, "omni", "2020-01-01").id).toBe("omni-0513");
  });

  it("may not overlap, nor shadow an id", () => {
    expect(() =>
      catalogOf([
        entry("a", "2024-01-01", [{ name: "x", from: "2024-01-01", to: "2024-06-01" }]),
        entry("b", "2024-01-01", [{ name: "x", from: "2024-05-01" }]),
      ]),
    ).toThrow('acme.json: models[1]: alias "x" overlaps its dates on models[0]');
    expect(() =>
      catalogOf([entry("a", "2024-01-01"), entry("b", "2024-01-01", [{ name: "a", from: "2024-01-01" }])]),
    ).toThrow('"a" is already used by models[0]');
    expect(() => catalogOf([entry("a", "2024-01-01", [{ name: "x" }])])).toThrow(
      "a dated alias needs from or to",
    );
  });

  it("a replaced model's names keep working", () => {
    const shipped = parseProviderFile(
      JSON.stringify({
        provider: "acme",
        name: "Acme",
        models: [entry("omni-0806", "2024-08-06", ["omni"])],
      }),
      "acme.json",
    );
    const user = parseProviderFile(
      JSON.stringify({ provider: "acme", name: "Acme", models: [entry("omni", "2024-08-06")] }),
      "mine.json",
    );
    const catalog = buildCatalog([shipped], (id) => registry.has(id), [user]);
    expect(catalog.byName.get("omni-0806")?.origin.file).toBe("mine.json");
  });
});

describe("LiteLLM's billing units (docs/billing-units.md)", () => {
  it("imports flex and priority prices as service tiers, and 1-hour cache writes, in llmcost's order only", () => {
    const entry = (prices: Record<string, unknown>) => ({
      litellm_provider: "openai",
      mode: "chat",
      max_input_tokens: 400000,
      input_cost_per_token: 0.000002,
      output_cost_per_token: 0.000008,
      cache_read_input_token_cost: 0.0000005,
      ...prices,
    });
    const list = {
      "o9-tiers": entry({
        input_cost_per_token_flex: 0.000001,
        output_cost_per_token_flex: 0.000004,
        cache_read_input_token_cost_flex: 0.00000025,
        input_cost_per_token_priority: 0.0000035,
        output_cost_per_token_priority: 0.000014,
      }),
      // A "flex" dearer than standard, and a priority with no output price: neither is imported.
      "o9-odd": entry({
        input_cost_per_token_flex: 0.000003,
        output_cost_per_token_flex: 0.000004,
        input_cost_per_token_priority: 0.0000035,
      }),
      "claude-9": entry({
        litellm_provider: "anthropic",
        cache_creation_input_token_cost: 0.0000025,
        cache_creation_input_token_cost_above_1hr: 0.000004,
      }),
    };
    const result = convertLitellm(list, { source: "https://example.com/l.json", date: "2026-11-27" });
    const file = parseProviderFile(JSON.stringify(result.file), "import.json");
    const period = (id: string) => file.models.find((m) => m.id === id)?.prices[0];
    expect(period("o9-tiers")?.serviceTiers).toEqual({
      flex: { input: 1_000_000n, output: 4_000_000n, cachedInput: 250_000n },
      priority: { input: 3_500_000n, output: 14_000_000n },
    });
    expect(period("o9-odd")?.serviceTiers).toBeUndefined();
    expect(period("claude-9")).toMatchObject({ cacheWrite: 2_500_000n, cacheWrite1h: 4_000_000n });
  });
});
