import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { onSaleOn } from "../../src/core/lifecycle.js";
import { selectModels } from "../../src/core/select-models.js";
import { BUNDLED_PRICING_DIR, loadPricing } from "../../src/io/load-pricing.js";
import { parseProviderFile } from "../../src/pricing/validate.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";

const files = readdirSync(BUNDLED_PRICING_DIR).filter(
  (name) => name.endsWith(".json") && name !== "schema.json",
);
const registry = createTokenizerRegistry();

describe("the shipped catalogue", () => {
  it.each(files)("%s is valid and points editors at the schema", (name) => {
    const text = readFileSync(`${BUNDLED_PRICING_DIR}${name}`, "utf8");
    expect(JSON.parse(text).$schema).toBe("./schema.json");
    const file = parseProviderFile(text, `pricing/${name}`);
    for (const model of file.models) {
      // A host's listing of a catalogue model inherits its tokenizer when the catalogue is built (below).
      const inherited = model.hostListing !== undefined && !model.hostListing.given.includes("tokenizer");
      if (!inherited)
        expect(registry.has(model.tokenizer), `${model.id}: tokenizer ${model.tokenizer}`).toBe(true);
      for (const period of model.prices) expect(period.checked >= "2023-01-01").toBe(true);
    }
  });

  it("names tokenizers that load and count", async () => {
    const catalog = await loadPricing({}, (id) => registry.has(id));
    const ids = new Set([...catalog.models.values()].map((model) => model.tokenizer));
    expect(ids.size).toBeGreaterThan(10);
    for (const id of ids) expect((await registry.load(id)).count("Hello, world"), id).toBeGreaterThan(0);
  });

  it("covers the providers the issue names, with at least 100 models", async () => {
    const catalog = await loadPricing({}, (id) => registry.has(id));
    expect([...catalog.providers.keys()].sort()).toEqual(
      expect.arrayContaining([
        "anthropic",
        "cohere",
        "deepseek",
        "google",
        "meta",
        "mistral",
        "openai",
        "xai",
      ]),
    );
    expect(catalog.models.length).toBeGreaterThanOrEqual(100);
    for (const name of DEFAULT_MODELS)
      expect(catalog.byName.has(name) || catalog.byDatedAlias.has(name), name).toBe(true);
  });

  it("sells at least 300 models on 2026-12-06 through at least 18 providers and hosts, each host by -p", async () => {
    const catalog = await loadPricing({}, (id) => registry.has(id));
    const day = "2026-12-06";
    const onSale = catalog.models.filter((model) => onSaleOn(model, day));
    const sellers = new Set(onSale.map((model) => (model.hostListing ? model.host : model.provider)));
    expect(onSale.length).toBeGreaterThanOrEqual(300);
    expect(sellers.size).toBeGreaterThanOrEqual(18);
    const hosts = ["bedrock", "vertex", "azure", "groq", "together", "fireworks", "openrouter"];
    expect([...catalog.hosts]).toEqual(expect.arrayContaining(hosts));
    for (const provider of ["moonshot", "zhipu", "alibaba", "minimax"]) expect(sellers).toContain(provider);
    for (const host of hosts) {
      const selected = selectModels(catalog, { providers: [host] }, [], day);
      expect(selected.length, host).toBeGreaterThan(0);
      expect(
        selected.every(
          (model) => (model.host === host && model.id.startsWith(`${host}/`)) || !model.hostListing,
        ),
        host,
      ).toBe(true);
    }
  });
});

describe("pricing/schema.json", () => {
  it("accepts every shipped file and the test fixtures, and rejects what the loader rejects", async () => {
    const { default: Ajv2020 } = await import("ajv/dist/2020.js");
    // multipleOfPrecision: 0.075 / 0.000001 is not an integer in floating point, and 8.8 / 0.000001 is off by
    // 2e-9; a 7th decimal would be off by at least 0.1, so a 1e-6 tolerance still rejects it.
    const ajv = new Ajv2020({ allErrors: true, multipleOfPrecision: 6 });
    const validate = ajv.compile(JSON.parse(readFileSync(`${BUNDLED_PRICING_DIR}schema.json`, "utf8")));
    const fixture = new URL("../fixtures/user-pricing/private.json", import.meta.url);
    for (const path of [...files.map((name) => `${BUNDLED_PRICING_DIR}${name}`), fixture]) {
      const ok = validate(JSON.parse(readFileSync(path, "utf8")));
      expect(ok, `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    const bad = {
      provider: "x",
      name: "X",
      models: [
        {
          id: "y",
          name: "Y",
          kind: "chat",
          tokenizer: "t",
          contextWindow: 1,
          maxOutputTokens: 0,
          prices: [],
          extra: 1,
        },
      ],
    };
    expect(validate(bad)).toBe(false);
    const hosted = (entry: object) => ({ host: "cloudy", name: "Cloudy", models: [entry] });
    const prices = [
      { from: "2024-01-01", input: 1, output: 2, source: "https://example.com", checked: "2024-01-01" },
    ];
    expect(validate(hosted({ id: "cloudy/y", model: "y", prices }))).toBe(true);
    // Without `model`, a host's entry describes the model in full.
    expect(validate(hosted({ id: "cloudy/y", prices }))).toBe(false);
    expect(validate({ ...hosted({ id: "cloudy/y", model: "y", prices }), provider: "x" })).toBe(false);
  });
});

describe("OpenAI models map to the encoding OpenAI documents for them", () => {
  // tiktoken's model table: GPT-4o, GPT-4.1/4.5, the o-series and GPT-5 on use o200k_base; GPT-4, GPT-4 Turbo,
  // GPT-3.5 Turbo and the text-embedding models use cl100k_base. codex-mini-latest is a version of o4-mini.
  const expected = (id: string) =>
    /^(gpt-4o|gpt-4\.1|gpt-4\.5|o\d|gpt-5|gpt-6|codex-mini)/.test(id)
      ? "o200k_base"
      : /^(gpt-4|gpt-3\.5-turbo|text-embedding-(3|ada-002))/.test(id)
        ? "cl100k_base"
        : "unknown";
  const openai = parseProviderFile(
    readFileSync(`${BUNDLED_PRICING_DIR}openai.json`, "utf8"),
    "pricing/openai.json",
  );
  it.each(openai.models.map((model) => [model.id, model.tokenizer]))("%s uses %s", (id, tokenizer) => {
    expect(tokenizer).toBe(expected(id));
  });
});
