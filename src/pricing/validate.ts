import { dataError } from "../errors.js";
import { describeJsonSyntaxError, firstDuplicateKey, jsonPath } from "./json-path.js";
import { type Picodollars, PRICE_DECIMALS, pricePerTokenFromUsdPerMillion } from "./money.js";
import type { DatedAlias, Model, ModelKind, PricePeriod, PriceTier, ProviderFile } from "./types.js";
import { readUnitFields, UNIT_PERIOD_KEYS } from "./validate-units.js";

type Path = readonly (string | number)[];
type JsonObject = Record<string, unknown>;

/** A price above this (USD per 1M tokens) is taken for a typo; the dearest model listed costs $600. */
export const MAX_USD_PER_MILLION = 10_000;
const MAX_TOKENS = 100_000_000;
const KINDS: readonly ModelKind[] = ["chat", "completion", "embedding"];
const NAME = /^[a-z0-9][a-z0-9._:/-]*$/;
const PROVIDER = /^[a-z0-9][a-z0-9-]*$/;

export const FILE_KEYS = { required: ["provider", "name", "models"], optional: ["$schema"] };
/** A host's file (Amazon Bedrock, OpenRouter, …): `host` in place of `provider`. */
export const HOST_FILE_KEYS = { required: ["host", "name", "models"], optional: ["$schema"] };
export const MODEL_KEYS = {
  required: ["id", "name", "kind", "tokenizer", "contextWindow", "maxOutputTokens", "prices"],
  optional: [
    "aliases",
    "provider",
    "host",
    "deprecated",
    "retired",
    "successor",
    "lifecycleSource",
    "lifecycleChecked",
    "reasoning",
  ],
};
/** The fields a host's entry may leave to the model it serves (`model`), which are then inherited. */
export const INHERITED_KEYS = [
  "name",
  "kind",
  "tokenizer",
  "contextWindow",
  "maxOutputTokens",
  "provider",
  "deprecated",
  "retired",
  "successor",
  "lifecycleSource",
  "lifecycleChecked",
  "reasoning",
  "prices",
] as const;
export const HOST_MODEL_KEYS = {
  required: ["id"],
  optional: [...INHERITED_KEYS, "model", "aliases"],
};
export const PERIOD_KEYS = {
  required: ["from", "input", "output", "source", "checked"],
  optional: [
    "to",
    "cachedInput",
    "cacheWrite",
    "batchInput",
    "batchOutput",
    "tiers",
    "pricedUpTo",
    ...UNIT_PERIOD_KEYS,
  ],
};
export const ALIAS_KEYS = { required: ["name"], optional: ["from", "to", "source", "checked"] };
export const TIER_KEYS = {
  required: ["above", "input", "output"],
  optional: ["cachedInput", "cacheWrite", "cacheWrite1h", "batchInput", "batchOutput"],
};

/**
 * Parses and validates one provider's pricing file. Every problem is a data error naming the file and
 * the JSON path, e.g. `pricing/openai.json: models[3].prices[0].input: …`.
 */
export function parseProviderFile(
  content: string,
  file: string,
  options: {
    today?: string;
    /**
     * Look for keys that appear twice (one linear scan of the text, a few ms over the shipped files).
     * Off only for the files shipped in the package, which the tests parse with it on.
     */
    duplicateKeys?: boolean;
  } = {},
): ProviderFile {
  // Editors on Windows may save JSON with a BOM; it is not part of the document.
  const text = content.startsWith("\uFEFF") ? content.slice(1) : content;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw dataError(file, describeJsonSyntaxError(text));
  }
  const fail = (path: Path, reason: string) => dataError(file, `${jsonPath(path)}: ${reason}`);
  const duplicate = options.duplicateKeys === false ? undefined : firstDuplicateKey(text);
  if (duplicate) throw fail(duplicate, "appears twice in the same object (JSON keeps only the last)");

  const isHost = typeof json === "object" && json !== null && Object.hasOwn(json, "host");
  const root = object(json, [], fail, isHost ? HOST_FILE_KEYS : FILE_KEYS);
  const provider = isHost
    ? pattern(root.host, ["host"], fail, PROVIDER, "a lowercase host id")
    : pattern(root.provider, ["provider"], fail, PROVIDER, "a lowercase provider id");
  const name = nonEmpty(root.name, ["name"], fail);
  if (!Array.isArray(root.models)) throw fail(["models"], "must be an array");
  const models = root.models.map((entry, index): Model => {
    const at: Path = ["models", index];
    const listed = isHost ? hostEntry(entry, at, fail, provider) : undefined;
    const m = listed?.entry ?? object(entry, at, fail, MODEL_KEYS);
    const kind = m.kind;
    if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
      throw fail([...at, "kind"], `must be one of ${KINDS.join(", ")}`);
    }
    const aliasEntries = m.aliases === undefined ? [] : m.aliases;
    if (!Array.isArray(aliasEntries)) throw fail([...at, "aliases"], "must be an array of names");
    const aliases: string[] = [];
    const datedAliases: DatedAlias[] = [];
    aliasEntries.forEach((entry, i) => {
      if (typeof entry === "string")
        aliases.push(pattern(entry, [...at, "aliases", i], fail, NAME, "a lowercase name"));
      else datedAliases.push(aliasRange(entry, [...at, "aliases", i], fail, options.today));
    });
    const contextWindow = integer(m.contextWindow, [...at, "contextWindow"], fail, 1);
    const maxOutputTokens = integer(m.maxOutputTokens, [...at, "maxOutputTokens"], fail, 0);
    // A host's entry may inherit one of the two: compared once the catalogue has both (catalog.ts).
    if (maxOutputTokens > contextWindow && !listed?.inherits) {
      throw fail(
        [...at, "maxOutputTokens"],
        `${maxOutputTokens} exceeds the context window (${contextWindow})`,
      );
    }
    const model: Model = {
      id: pattern(m.id, [...at, "id"], fail, NAME, "a lowercase model id"),
      aliases,
      datedAliases,
      provider,
      providerName: name,
      name: nonEmpty(m.name, [...at, "name"], fail),
      kind: kind as ModelKind,
      tokenizer: nonEmpty(m.tokenizer, [...at, "tokenizer"], fail),
      contextWindow,
      maxOutputTokens,
      prices:
        m.prices === undefined && listed
          ? []
          : periods(m.prices, [...at, "prices"], fail, kind === "embedding", options.today),
      origin: { file, path: jsonPath(at) },
    };
    if (listed) {
      model.host = provider;
      model.hostListing = listed.listing;
    }
    if (m.provider !== undefined) {
      // A model of another provider than the file's (as in an import of a multi-provider list).
      model.provider = pattern(m.provider, [...at, "provider"], fail, PROVIDER, "a lowercase provider id");
      if (model.provider !== provider) model.providerName = model.provider;
    } else if (listed) model.provider = "";
    if (m.host !== undefined) model.host = nonEmpty(m.host, [...at, "host"], fail);
    if (m.deprecated !== undefined) model.deprecated = date(m.deprecated, [...at, "deprecated"], fail);
    if (m.retired !== undefined) {
      model.retired = date(m.retired, [...at, "retired"], fail);
      const first = model.prices[0]?.from ?? "";
      if (model.prices.length > 0 && model.retired <= first)
        throw fail([...at, "retired"], `must be after the first price (${first})`);
    }
    if (m.successor !== undefined)
      model.successor = pattern(m.successor, [...at, "successor"], fail, NAME, "a lowercase model name");
    if ((m.lifecycleSource === undefined) !== (m.lifecycleChecked === undefined))
      throw fail(
        [...at, m.lifecycleSource === undefined ? "lifecycleSource" : "lifecycleChecked"],
        "lifecycleSource and lifecycleChecked come in pairs",
      );
    if (m.lifecycleSource !== undefined)
      model.lifecycle = {
        source: url(m.lifecycleSource, [...at, "lifecycleSource"], fail),
        checked: checkedDate(m.lifecycleChecked, [...at, "lifecycleChecked"], fail, options.today),
      };
    if (m.reasoning !== undefined) {
      if (typeof m.reasoning !== "boolean") throw fail([...at, "reasoning"], "must be true or false");
      model.reasoning = m.reasoning;
    }
    return model;
  });
  return { file, provider, name, models, ...(isHost ? { host: true } : {}) };
}

/** Stand-ins for the fields a host's entry inherits, replaced when the catalogue is built (catalog.ts). */
const INHERITED_PLACEHOLDERS: JsonObject = {
  name: "-",
  kind: "chat",
  tokenizer: "-",
  contextWindow: MAX_TOKENS,
  maxOutputTokens: 0,
};

/**
 * One entry of a host's file: its id is `<host>/…`; with `model` it names the catalogue model it
 * serves and may leave the model's own fields out (they are filled in when the catalogue is built);
 * without `model` it describes the model in full, as a provider's file does.
 */
function hostEntry(value: unknown, at: Path, fail: Fail, host: string) {
  const m = object(value, at, fail, HOST_MODEL_KEYS);
  const id = pattern(m.id, [...at, "id"], fail, NAME, "a lowercase model id");
  if (!id.startsWith(`${host}/`))
    throw fail([...at, "id"], `must start with "${host}/" in the ${host} host's file`);
  if (m.model === undefined) {
    for (const key of ["name", "kind", "tokenizer", "contextWindow", "maxOutputTokens", "provider", "prices"])
      if (!Object.hasOwn(m, key))
        throw fail([...at, key], "missing (or name the model it serves with `model`)");
    return { entry: m, listing: { given: Object.keys(m) }, inherits: false };
  }
  const served = pattern(m.model, [...at, "model"], fail, NAME, "a model id or alias in the price list");
  const given = INHERITED_KEYS.filter((key) => Object.hasOwn(m, key));
  const entry: JsonObject = { ...INHERITED_PLACEHOLDERS, ...m };
  return { entry, listing: { model: served, given }, inherits: true };
}

type Fail = (path: Path, reason: string) => Error;

function object(value: unknown, path: Path, fail: Fail, keys: { required: string[]; optional: string[] }) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw fail(path, "must be an object");
  const record = value as JsonObject;
  for (const key of Object.keys(record)) {
    if (!keys.required.includes(key) && !keys.optional.includes(key))
      throw fail([...path, key], "unknown field");
  }
  for (const key of keys.required) {
    if (!Object.hasOwn(record, key)) throw fail([...path, key], "missing");
  }
  return record;
}

function nonEmpty(value: unknown, path: Path, fail: Fail): string {
  if (typeof value !== "string" || value.trim() === "") throw fail(path, "must be a non-empty string");
  return value;
}

function pattern(value: unknown, path: Path, fail: Fail, re: RegExp, what: string): string {
  if (typeof value !== "string" || !re.test(value)) throw fail(path, `must be ${what} (${re.source})`);
  return value;
}

function integer(value: unknown, path: Path, fail: Fail, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_TOKENS) {
    throw fail(path, `must be a whole number of tokens from ${min} to ${MAX_TOKENS}`);
  }
  return value;
}

function date(value: unknown, path: Path, fail: Fail): string {
  if (typeof value !== "string" || !isCalendarDate(value)) throw fail(path, "must be a date, YYYY-MM-DD");
  return value;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

function url(value: unknown, path: Path, fail: Fail): string {
  const text = nonEmpty(value, path, fail);
  if (!/^https:\/\/\S+$/.test(text)) throw fail(path, "must be an https:// URL");
  return text;
}

/** A `checked` date: when a source was seen, so never after today. */
function checkedDate(value: unknown, path: Path, fail: Fail, today?: string): string {
  const checked = date(value, path, fail);
  if (today !== undefined && checked > today) throw fail(path, `is after today (${today})`);
  return checked;
}

function price(value: unknown, path: Path, fail: Fail): Picodollars {
  const perToken = typeof value === "number" ? pricePerTokenFromUsdPerMillion(value) : null;
  if (perToken === null || (value as number) > MAX_USD_PER_MILLION) {
    throw fail(
      path,
      `must be a number of USD per 1M tokens from 0 to ${MAX_USD_PER_MILLION} with at most ${PRICE_DECIMALS} decimals`,
    );
  }
  return perToken;
}

function periods(value: unknown, path: Path, fail: Fail, embedding: boolean, today?: string): PricePeriod[] {
  if (!Array.isArray(value) || value.length === 0)
    throw fail(path, "must be a non-empty array of price periods");
  const result = value.map((entry, index): PricePeriod => {
    const at = [...path, index];
    const p = object(entry, at, fail, PERIOD_KEYS);
    const source = url(p.source, [...at, "source"], fail);
    const period: PricePeriod = {
      from: date(p.from, [...at, "from"], fail),
      input: price(p.input, [...at, "input"], fail),
      output: price(p.output, [...at, "output"], fail),
      source,
      checked: checkedDate(p.checked, [...at, "checked"], fail, today),
    };
    for (const key of ["cachedInput", "cacheWrite", "batchInput", "batchOutput"] as const) {
      if (p[key] !== undefined) period[key] = price(p[key], [...at, key], fail);
    }
    if (p.tiers !== undefined) period.tiers = tiers(p.tiers, [...at, "tiers"], fail);
    if (p.pricedUpTo !== undefined) {
      period.pricedUpTo = integer(p.pricedUpTo, [...at, "pricedUpTo"], fail, 1);
      const top = period.tiers?.[period.tiers.length - 1]?.above;
      if (top !== undefined && period.pricedUpTo <= top)
        throw fail([...at, "pricedUpTo"], `must be above the last tier's threshold (${top})`);
    }
    readUnitFields(p, period, at, fail, { object, price, tiers });
    if (period.cachedInput !== undefined && period.cachedInput > period.input) {
      throw fail([...at, "cachedInput"], "is higher than the input price");
    }
    if (!embedding && (period.batchInput === undefined) !== (period.batchOutput === undefined)) {
      throw fail(
        [...at, period.batchInput === undefined ? "batchInput" : "batchOutput"],
        "batch prices come in pairs",
      );
    }
    if (embedding && (period.output !== 0n || (period.batchOutput ?? 0n) !== 0n))
      throw fail([...at, "output"], "an embedding model has no output price");
    if (p.to !== undefined) {
      period.to = date(p.to, [...at, "to"], fail);
      if (period.to <= period.from) throw fail([...at, "to"], `must be after from (${period.from})`);
    }
    return period;
  });
  result.forEach((period, index) => {
    const next = result[index + 1];
    if (!next) return;
    if (next.from <= period.from) throw fail([...path, index + 1, "from"], "periods must be in date order");
    if (period.to === undefined || period.to > next.from) {
      throw fail([...path, index, "to"], `must be set and not after the next period's from (${next.from})`);
    }
  });
  return result;
}

function tiers(value: unknown, path: Path, fail: Fail): PriceTier[] {
  if (!Array.isArray(value) || value.length === 0) throw fail(path, "must be a non-empty array of tiers");
  const result = value.map((entry, index): PriceTier => {
    const at = [...path, index];
    const t = object(entry, at, fail, TIER_KEYS);
    const tier: PriceTier = {
      above: integer(t.above, [...at, "above"], fail, 1),
      input: price(t.input, [...at, "input"], fail),
      output: price(t.output, [...at, "output"], fail),
    };
    for (const key of ["cachedInput", "cacheWrite", "cacheWrite1h", "batchInput", "batchOutput"] as const) {
      if (t[key] !== undefined) tier[key] = price(t[key], [...at, key], fail);
    }
    if ((tier.batchInput === undefined) !== (tier.batchOutput === undefined))
      throw fail(
        [...at, tier.batchInput === undefined ? "batchInput" : "batchOutput"],
        "batch prices come in pairs",
      );
    return tier;
  });
  result.forEach((tier, index) => {
    const previous = result[index - 1];
    if (previous && tier.above <= previous.above)
      throw fail([...path, index, "above"], "tiers must be in rising order");
  });
  return result;
}

/** An alias object: a name that pointed to the model from `from` until `to` (either may be open). */
function aliasRange(value: unknown, path: Path, fail: Fail, today?: string): DatedAlias {
  const a = object(value, path, fail, ALIAS_KEYS);
  const alias: DatedAlias = { name: pattern(a.name, [...path, "name"], fail, NAME, "a lowercase name") };
  if (a.from !== undefined) alias.from = date(a.from, [...path, "from"], fail);
  if (a.to !== undefined) alias.to = date(a.to, [...path, "to"], fail);
  if (alias.from === undefined && alias.to === undefined) {
    throw fail(path, "a dated alias needs from or to (or use a plain string)");
  }
  if (alias.from !== undefined && alias.to !== undefined && alias.to <= alias.from) {
    throw fail([...path, "to"], "must be after from");
  }
  if ((a.source === undefined) !== (a.checked === undefined))
    throw fail([...path, a.source === undefined ? "source" : "checked"], "source and checked come in pairs");
  if (a.source !== undefined) {
    alias.source = url(a.source, [...path, "source"], fail);
    alias.checked = checkedDate(a.checked, [...path, "checked"], fail, today);
  }
  return alias;
}
