import { describe, expect, it } from "vitest";
import { listModels } from "../../src/core/list-models.js";
import { matchModel, selectModels } from "../../src/core/select-models.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import { pricePerTokenFromUsdPerMillion } from "../../src/pricing/money.js";
import { parseProviderFile } from "../../src/pricing/validate.js";

const price = (input: number, output: number, from = "2024-01-01") => ({
  from,
  input,
  output,
  source: "https://example.com/pricing",
  checked: "2024-01-01",
});

const maker = {
  provider: "acme",
  name: "Acme",
  models: [
    {
      id: "acme-large",
      aliases: ["acme-large-latest"],
      name: "Acme Large",
      kind: "chat",
      tokenizer: "words",
      contextWindow: 1000,
      maxOutputTokens: 500,
      reasoning: true,
      deprecated: "2025-01-01",
      retired: "2025-06-01",
      successor: "acme-xl",
      lifecycleSource: "https://example.com/deprecations",
      lifecycleChecked: "2024-12-01",
      prices: [price(10, 30)],
    },
    {
      id: "acme-xl",
      name: "Acme XL",
      kind: "chat",
      tokenizer: "words",
      contextWindow: 2000,
      maxOutputTokens: 500,
      prices: [price(20, 60)],
    },
  ],
};

const host = (models: unknown[]) => ({ host: "cloudy", name: "Cloudy Cloud", models });

function catalogOf(...files: object[]) {
  return buildCatalog(
    files.map((file, i) => parseProviderFile(JSON.stringify(file), `file${i}.json`)),
    (id) => id === "words" || id === "chars",
  );
}

describe("host pricing files", () => {
  it("a host's entry inherits the served model's tokenizer, window, maker and lifecycle; prices are its own", () => {
    const catalog = catalogOf(
      maker,
      host([
        {
          id: "cloudy/acme-large",
          model: "acme-large-latest",
          aliases: ["acme.large-v1:0"],
          prices: [price(11, 33)],
        },
        { id: "cloudy/acme-xl", model: "acme-xl", contextWindow: 1500, prices: [price(22, 66)] },
      ]),
    );
    const hosted = catalog.byName.get("acme.large-v1:0");
    expect(hosted?.id).toBe("cloudy/acme-large");
    expect(hosted).toMatchObject({
      name: "Acme Large on Cloudy Cloud",
      hostName: "Cloudy Cloud",
      provider: "acme",
      providerName: "Acme",
      host: "cloudy",
      tokenizer: "words",
      contextWindow: 1000,
      maxOutputTokens: 500,
      reasoning: true,
      retired: "2025-06-01",
      // The successor is the same host's listing of the maker's successor.
      successor: "cloudy/acme-xl",
      hostListing: { model: "acme-large" },
    });
    expect(hosted?.prices[0]?.input).toBe(pricePerTokenFromUsdPerMillion(11));
    expect(catalog.byName.get("cloudy/acme-xl")?.contextWindow).toBe(1500);
    // The bare name keeps meaning the maker's own API.
    expect(catalog.byName.get("acme-large")?.host).toBeUndefined();
  });

  it("-p HOST selects the host's models; -p MAKER only the maker's own", () => {
    const catalog = catalogOf(
      maker,
      host([{ id: "cloudy/acme-xl", model: "acme-xl", prices: [price(22, 66)] }]),
    );
    const ids = (providers: string[]) =>
      selectModels(catalog, { providers }, [], "2024-06-01").map((model) => model.id);
    expect(ids(["cloudy"])).toEqual(["cloudy/acme-xl"]);
    expect(ids(["acme"])).toEqual(["acme-large", "acme-xl"]);
    const listed = listModels(catalog, { providers: ["cloudy"], date: "2024-06-01" }, () => true);
    expect(listed.map((entry) => entry.model.id)).toEqual(["cloudy/acme-xl"]);
  });

  it("another list's `HOST/x` matches the host's listing only, never the maker's own `x`", () => {
    const catalog = catalogOf(
      maker,
      host([{ id: "cloudy/acme-xl", model: "acme-xl", prices: [price(22, 66)] }]),
    );
    expect(catalog.hosts).toEqual(new Set(["cloudy"]));
    expect(matchModel(catalog, ["cloudy/acme-xl"], "2024-06-01")?.id).toBe("cloudy/acme-xl");
    expect(matchModel(catalog, ["cloudy/acme-large"], "2024-06-01")).toBeUndefined();
    // A provider's prefix (LiteLLM's "acme/…") still falls back to the bare name.
    expect(matchModel(catalog, ["acme/acme-large"], "2024-06-01")?.id).toBe("acme-large");
  });

  it("an entry without `model` describes the model in full", () => {
    const catalog = catalogOf(
      maker,
      host([
        {
          id: "cloudy/open-7b",
          provider: "openlab",
          name: "Open 7B (Cloudy)",
          kind: "chat",
          tokenizer: "chars",
          contextWindow: 4096,
          maxOutputTokens: 1024,
          prices: [price(0.1, 0.2)],
        },
      ]),
    );
    expect(catalog.byName.get("cloudy/open-7b")).toMatchObject({
      provider: "openlab",
      host: "cloudy",
      tokenizer: "chars",
    });
  });

  it("a user's name for a hosted model (an Azure deployment) inherits the host's prices", () => {
    const catalog = catalogOf(
      maker,
      host([
        { id: "cloudy/acme-xl", model: "acme-xl", prices: [price(22, 66)] },
        { id: "cloudy/prod-xl", model: "cloudy/acme-xl", aliases: ["prod-xl"] },
      ]),
    );
    const alias = catalog.byName.get("prod-xl");
    expect(alias?.id).toBe("cloudy/prod-xl");
    expect(alias?.name).toBe("Acme XL on Cloudy Cloud");
    expect(alias?.prices[0]?.input).toBe(pricePerTokenFromUsdPerMillion(22));
  });

  it("names each mistake with its file and JSON path", () => {
    const fails = (files: object[]) => () => catalogOf(...files);
    expect(fails([maker, host([{ id: "acme-xl-2", model: "acme-xl", prices: [price(1, 2)] }])])).toThrow(
      'file1.json: models[0].id: must start with "cloudy/" in the cloudy host\'s file',
    );
    expect(fails([maker, host([{ id: "cloudy/x", model: "acme-xxl", prices: [price(1, 2)] }])])).toThrow(
      'file1.json: models[0].model: "acme-xxl" is not a model id or alias in the price list',
    );
    expect(fails([maker, host([{ id: "cloudy/x", model: "acme-xl" }])])).toThrow(
      "file1.json: models[0].prices: missing (a host's prices are its own; acme-xl is priced by acme)",
    );
    expect(fails([maker, host([{ id: "cloudy/x", name: "X", prices: [price(1, 2)] }])])).toThrow(
      "file1.json: models[0].kind: missing (or name the model it serves with `model`)",
    );
    expect(
      fails([
        maker,
        host([{ id: "cloudy/x", model: "acme-xl", maxOutputTokens: 5000, prices: [price(1, 2)] }]),
      ]),
    ).toThrow("file1.json: models[0].maxOutputTokens: 5000 exceeds the context window (2000)");
    expect(
      fails([
        maker,
        host([
          { id: "cloudy/a", model: "cloudy/b" },
          { id: "cloudy/b", model: "cloudy/a" },
        ]),
      ]),
    ).toThrow("leads back to this entry");
    expect(fails([maker, { ...host([]), provider: "cloudy" }])).toThrow(
      "file1.json: provider: unknown field",
    );
  });
});
