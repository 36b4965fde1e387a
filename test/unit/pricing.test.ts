import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LlmcostError } from "../../src/errors.js";
import { buildCatalog } from "../../src/pricing/catalog.js";
import { priceAt } from "../../src/pricing/price-at.js";
import { parseProviderFile } from "../../src/pricing/validate.js";

const model = (overrides: Record<string, unknown> = {}) => ({
  id: "m-1",
  name: "M 1",
  kind: "chat",
  tokenizer: "o200k_base",
  contextWindow: 128_000,
  maxOutputTokens: 4_096,
  prices: [
    { from: "2024-01-01", input: 2.5, output: 10, source: "https://example.com/p", checked: "2024-01-02" },
  ],
  ...overrides,
});
const file = (models: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ provider: "acme", name: "Acme", models, ...extra });

function dataErrorOf(text: string): string {
  try {
    parseProviderFile(text, "pricing/acme.json");
  } catch (error) {
    expect(error).toBeInstanceOf(LlmcostError);
    expect((error as LlmcostError).kind).toBe("data");
    expect((error as LlmcostError).subject).toBe("pricing/acme.json");
    return (error as LlmcostError).reason;
  }
  throw new Error("expected a data error");
}

describe("parseProviderFile", () => {
  it("reads a valid file into models with exact per-token prices", () => {
    const parsed = parseProviderFile(file([model({ aliases: ["m"] })]), "pricing/acme.json");
    expect(parsed.provider).toBe("acme");
    expect(parsed.models[0]).toMatchObject({
      id: "m-1",
      aliases: ["m"],
      provider: "acme",
      providerName: "Acme",
    });
    expect(parsed.models[0]?.prices[0]).toMatchObject({ input: 2_500_000n, output: 10_000_000n });
    expect(parsed.models[0]?.origin).toEqual({ file: "pricing/acme.json", path: "models[0]" });
  });

  it.each([
    ["unknown field", file([model({ colour: "red" })]), "models[0].colour: unknown field"],
    ["missing field", file([model({ tokenizer: undefined })]), "models[0].tokenizer: missing"],
    [
      "__proto__ key",
      '{"provider":"acme","name":"Acme","models":[],"__proto__":{"x":1}}',
      "__proto__: unknown field",
    ],
    ["constructor key", file([], { constructor: 1 }), "constructor: unknown field"],
    [
      "negative price",
      file([model({ prices: [{ ...model().prices[0], input: -1 }] })]),
      "models[0].prices[0].input",
    ],
    [
      "string price",
      file([model({ prices: [{ ...model().prices[0], output: "1.5" }] })]),
      "models[0].prices[0].output",
    ],
    ["infinite price", file([model()]).replace('"input":2.5', '"input":1e400'), "models[0].prices[0].input"],
    [
      "absurd price",
      file([model({ prices: [{ ...model().prices[0], input: 50_000 }] })]),
      "models[0].prices[0].input",
    ],
    [
      "too precise",
      file([model({ prices: [{ ...model().prices[0], input: 0.0000001 }] })]),
      "prices[0].input",
    ],
    ["bad date", file([model({ prices: [{ ...model().prices[0], from: "2024-02-30" }] })]), "prices[0].from"],
    ["bad kind", file([model({ kind: "image" })]), "models[0].kind"],
    ["uppercase id", file([model({ id: "GPT" })]), "models[0].id"],
    ["fractional context", file([model({ contextWindow: 1.5 })]), "models[0].contextWindow"],
    ["output over context", file([model({ maxOutputTokens: 200_000 })]), "models[0].maxOutputTokens"],
    ["http source", file([model({ prices: [{ ...model().prices[0], source: "http://x" }] })]), "source"],
    ["models not array", file([]).replace('"models":[]', '"models":{}'), "models: must be an array"],
    ["root not object", "[]", "(root): must be an object"],
  ])("%s is rejected with its JSON path", (_, text, expected) => {
    expect(dataErrorOf(text)).toContain(expected);
  });

  it("names line and column of a syntax error", () => {
    expect(dataErrorOf('{\n  "provider": "acme",\n  "name": }')).toBe("3:11: invalid JSON: value expected");
  });

  it("checks that price periods follow each other", () => {
    const p = model().prices[0];
    const overlapping = [
      { ...p, from: "2024-01-01", to: "2024-06-01" },
      { ...p, from: "2024-05-01" },
    ];
    expect(dataErrorOf(file([model({ prices: overlapping })]))).toContain("models[0].prices[0].to");
    const unordered = [
      { ...p, from: "2024-06-01" },
      { ...p, from: "2024-01-01" },
    ];
    expect(dataErrorOf(file([model({ prices: unordered })]))).toContain("models[0].prices[1].from");
  });

  it("an embedding model has no output price", () => {
    const embedding = model({ kind: "embedding", maxOutputTokens: 0 });
    expect(dataErrorOf(file([embedding]))).toContain("an embedding model has no output price");
  });

  it("leaves Object.prototype alone", () => {
    dataErrorOf('{"__proto__":{"polluted":true},"provider":"acme","name":"Acme","models":[]}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts or raises a data error for any JSON value, never anything else", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseProviderFile(JSON.stringify(value), "pricing/fuzz.json");
        } catch (error) {
          expect(error).toBeInstanceOf(LlmcostError);
          expect((error as LlmcostError).kind).toBe("data");
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("buildCatalog", () => {
  const known = (id: string) => id === "o200k_base";
  const parse = (models: unknown[], name = "acme") =>
    parseProviderFile(JSON.stringify({ provider: name, name, models }), `pricing/${name}.json`);

  it("rejects duplicate ids and aliases, case-insensitively, across files", () => {
    const a = parse([model({ aliases: ["shared"] })]);
    const b = parse([model({ id: "m-2", aliases: ["shared"] })], "beta");
    expect(() => buildCatalog([a, b], known)).toThrow(
      'pricing/beta.json: models[0]: "shared" is already used by pricing/acme.json models[0]',
    );
    expect(() => buildCatalog([parse([model(), model()])], known)).toThrow("already used by models[0]");
  });

  it("rejects unknown tokenizers", () => {
    expect(() => buildCatalog([parse([model({ tokenizer: "nope" })])], known)).toThrow(
      'pricing/acme.json: models[0].tokenizer: unknown tokenizer "nope"',
    );
  });
});

describe("priceAt", () => {
  const p = model().prices[0];
  const parsed = parseProviderFile(
    file([
      model({
        prices: [
          { ...p, from: "2024-02-26", to: "2024-07-24", input: 8 },
          { ...p, from: "2024-07-24", input: 4 },
        ],
      }),
    ]),
    "pricing/acme.json",
  ).models[0];
  if (!parsed) throw new Error("fixture");

  it.each([
    ["2024-02-25", undefined],
    ["2024-02-26", 8_000_000n],
    ["2024-07-23", 8_000_000n],
    ["2024-07-24", 4_000_000n],
    ["2030-01-01", 4_000_000n],
  ])("on %s", (date, input) => {
    expect(priceAt(parsed, date)?.input).toBe(input);
  });
});

describe("pricing/schema.json", () => {
  it("lists the same fields the loader accepts", async () => {
    const { readFile } = await import("node:fs/promises");
    const { FILE_KEYS, HOST_FILE_KEYS, HOST_MODEL_KEYS, MODEL_KEYS, PERIOD_KEYS, TIER_KEYS } = await import(
      "../../src/pricing/validate.js"
    );
    const schema = JSON.parse(await readFile(new URL("../../pricing/schema.json", import.meta.url), "utf8"));
    const keys = (k: { required: string[]; optional: string[] }) => [...k.required, ...k.optional].sort();
    const model = schema.$defs.model;
    // A provider's file or a host's: `provider` or `host`, never both.
    expect(Object.keys(schema.properties).sort()).toEqual(
      [...new Set([...keys(FILE_KEYS), ...keys(HOST_FILE_KEYS)])].sort(),
    );
    expect(schema.oneOf.map((form: { required: string[] }) => form.required[0])).toEqual([
      "provider",
      "host",
    ]);
    const hostModel = schema.$defs.hostModel;
    expect(Object.keys(hostModel.properties).sort()).toEqual(keys(HOST_MODEL_KEYS));
    expect(hostModel.required).toEqual(HOST_MODEL_KEYS.required);
    expect(Object.keys(model.properties).sort()).toEqual(keys(MODEL_KEYS));
    expect(model.required.sort()).toEqual([...MODEL_KEYS.required].sort());
    expect(Object.keys(model.properties.prices.items.properties).sort()).toEqual(keys(PERIOD_KEYS));
    expect(model.properties.prices.items.required.sort()).toEqual([...PERIOD_KEYS.required].sort());
    const tier = model.properties.prices.items.properties.tiers.items;
    expect(Object.keys(tier.properties).sort()).toEqual(keys(TIER_KEYS));
  });
});

describe("parseProviderFile rejects what JSON or the prices would hide", () => {
  const withPeriod = (extra: Record<string, unknown>) =>
    file([model({ prices: [{ ...model().prices[0], ...extra }] })]);
  it.each([
    [
      "a duplicated key",
      withPeriod({}).replace('"input":2.5', '"input":2.5,"input":5000'),
      "models[0].prices[0].input: appears twice",
    ],
    [
      "cache reads dearer than input",
      withPeriod({ cachedInput: 3 }),
      "models[0].prices[0].cachedInput: is higher than the input price",
    ],
    [
      "half a batch price",
      withPeriod({ batchInput: 1 }),
      "models[0].prices[0].batchOutput: batch prices come in pairs",
    ],
    [
      "retired before its first price",
      file([model({ retired: "2023-01-01" })]),
      "models[0].retired: must be after the first price",
    ],
  ])("%s", (_, text, expected) => {
    expect(dataErrorOf(text)).toContain(expected);
  });

  it("a check date in the future", () => {
    expect(() =>
      parseProviderFile(withPeriod({ checked: "2099-01-01" }), "pricing/acme.json", { today: "2026-11-27" }),
    ).toThrow("models[0].prices[0].checked: is after today (2026-11-27)");
  });

  it("finds duplicated keys at any depth, and none in a clean file", async () => {
    const { firstDuplicateKey } = await import("../../src/pricing/json-path.js");
    expect(firstDuplicateKey('{"a":[1,{"b":1,"c":[{"d":1,"d":2}]}]}')).toEqual(["a", 1, "c", 0, "d"]);
    expect(firstDuplicateKey('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeUndefined();
  });
});
