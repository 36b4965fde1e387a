import { LlmcostError } from "../errors.js";
import { PRICE_DECIMALS, picodollarsFromUsd, scaledToDecimal } from "./money.js";
import { isCalendarDate, MAX_USD_PER_MILLION, parseProviderFile } from "./validate.js";

/** The skip reason for entries the catalogue already prices. */
export const KNOWN_REASON = "already in llmcost's catalogue";

/** Entries of LiteLLM's model_prices_and_context_window.json that llmcost can use, in llmcost's format. */
export interface LitellmImport {
  /** A pricing file (multi-provider: each model names its provider), ready for JSON.stringify. */
  file: { $schema: string; provider: string; name: string; models: Record<string, unknown>[] };
  /** Why entries were skipped, with counts. */
  skipped: Map<string, number>;
  /**
   * Entries that converted to something llmcost's format rejects (a cached price above the input
   * price, a batch price without its pair…), by LiteLLM key: skipped too, but each worth saying.
   */
  invalid: { key: string; reason: string }[];
}

/** The skip reason for entries whose conversion llmcost's format rejects. */
export const INVALID_REASON = "not a valid llmcost model once converted";
/** The skip reason for entries listing a price that is none (negative, a string, beyond any price). */
export const WRONG_PRICE_REASON = "invalid price";

const MODES: Record<string, string> = {
  chat: "chat",
  responses: "chat",
  completion: "completion",
  embedding: "embedding",
};
const PROVIDERS: Record<string, string> = {
  gemini: "google",
  "vertex_ai-language-models": "google-vertex",
  "vertex_ai-embedding-models": "google-vertex",
  "text-completion-openai": "openai",
  cohere_chat: "cohere",
  together_ai: "together",
  mistral: "mistral",
};

/**
 * Whether a parsed JSON document looks like LiteLLM's price list: an object of entries keyed by model
 * name, at least one of which carries a field only LiteLLM's entries have (its provider, or a price per
 * token). Its `sample_spec` entry alone is enough: it documents those fields.
 */
export function isLitellmList(json: unknown): boolean {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
  return Object.entries(json).some(
    ([key, value]) =>
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      (key === "sample_spec" ||
        "litellm_provider" in value ||
        Object.keys(value).some((field) => /_cost_per_token$|_token_cost$/.test(field))),
  );
}

/**
 * Converts LiteLLM's price list (USD per token) into llmcost's format (USD per 1M tokens). Entries
 * without per-token prices, of other modes (images, audio), or of families without a known tokenizer
 * are skipped and counted by reason. Every price gets `from` and `checked` set to `date`.
 */
export function convertLitellm(
  json: unknown,
  options: {
    source: string;
    /** First day of every imported price (LiteLLM's list has no dates): the import date. */
    date: string;
    /** When the list was seen showing these prices; defaults to `date`. */
    checked?: string;
    /** Names to leave out, e.g. models the catalogue already prices with their history. */
    isKnown?: (name: string) => boolean;
  },
): LitellmImport {
  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  const invalid: LitellmImport["invalid"] = [];
  const models: Record<string, unknown>[] = [];
  const ids = new Set<string>();
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { file: fileOf(models), skipped: new Map([["not a JSON object of models", 1]]), invalid };
  }
  for (const [key, value] of Object.entries(json)) {
    if (key === "sample_spec") continue;
    if (typeof value !== "object" || value === null) {
      skip("not an object");
      continue;
    }
    const entry = value as Record<string, unknown>;
    const kind = MODES[String(entry.mode)];
    if (!kind) {
      skip(`mode ${String(entry.mode ?? "missing")}`);
      continue;
    }
    const provider = providerOf(String(entry.litellm_provider ?? ""));
    // Vertex AI prices Gemini models under the same names as the Gemini API, at other prices.
    const id =
      provider === "google-vertex" && !key.includes("/")
        ? `vertex_ai/${key.toLowerCase()}`
        : key.toLowerCase();
    if (!/^[a-z0-9][a-z0-9._:/-]*$/.test(id)) {
      skip("id with characters llmcost does not allow");
      continue;
    }
    if (ids.has(id)) {
      skip("duplicate id");
      continue;
    }
    if (options.isKnown?.(id)) {
      skip(KNOWN_REASON);
      continue;
    }
    const tokenizer = tokenizerFor(provider, id);
    if (!provider || !tokenizer) {
      skip("no tokenizer known for the family");
      continue;
    }
    // A price field listed with something that is no price is the entry's error, named by its key
    // (--strict fails on it); one that is not listed at all is no price to import.
    let wrong: string | undefined;
    const price = (field: string): number | undefined => {
      const listed = priceOf(entry, field);
      if (typeof listed !== "object") return listed;
      wrong ??= listed.wrong;
      return undefined;
    };
    const input = price("input_cost_per_token");
    const output = kind === "embedding" ? 0 : (price("output_cost_per_token") ?? 0);
    const optional: [string, number | undefined][] = [
      ["cachedInput", price("cache_read_input_token_cost")],
      ["cacheWrite", price("cache_creation_input_token_cost")],
      ["cacheWrite1h", price("cache_creation_input_token_cost_above_1hr")],
      ["batchInput", price("input_cost_per_token_batches")],
      ["batchOutput", kind === "embedding" ? undefined : price("output_cost_per_token_batches")],
    ];
    const tier = tierOf(price, { input: input ?? 0, output });
    const serviceTiers = serviceTiersOf(price, { input: input ?? 0, output });
    if (wrong !== undefined) {
      skip(WRONG_PRICE_REASON);
      invalid.push({ key, reason: wrong });
      continue;
    }
    if (input === undefined) {
      skip("no per-token price");
      continue;
    }
    if (input === 0 && output === 0) {
      skip("a $0 price (free or unknown)");
      continue;
    }
    const retired =
      typeof entry.deprecation_date === "string" && isCalendarDate(entry.deprecation_date)
        ? entry.deprecation_date
        : undefined;
    if (retired !== undefined && retired <= options.date) {
      skip("past its deprecation date");
      continue;
    }
    const context = entry.max_input_tokens ?? entry.max_tokens;
    if (typeof context !== "number" || !Number.isInteger(context) || context < 1 || context > 100_000_000) {
      skip("no context window");
      continue;
    }
    const maxOutput =
      typeof entry.max_output_tokens === "number" && Number.isInteger(entry.max_output_tokens)
        ? entry.max_output_tokens
        : 0;
    const period: Record<string, unknown> = { from: options.date, input, output };
    for (const [field, usd] of optional) if (usd !== undefined) period[field] = usd;
    if (tier) period.tiers = [tier];
    if (serviceTiers) period.serviceTiers = serviceTiers;
    period.source = options.source;
    period.checked = options.checked ?? options.date;
    const model = {
      id,
      provider,
      name: key,
      kind,
      tokenizer,
      contextWindow: context,
      maxOutputTokens: kind === "embedding" ? 0 : Math.min(maxOutput, context),
      ...(entry.supports_reasoning === true ? { reasoning: true } : {}),
      ...(retired === undefined ? {} : { retired }),
      prices: [period],
    };
    // Checked one by one, so that one entry LiteLLM lists oddly costs that entry, named by its key.
    const reason = invalidity(model);
    if (reason !== undefined) {
      skip(INVALID_REASON);
      invalid.push({ key, reason });
      continue;
    }
    ids.add(id);
    models.push(model);
  }
  return { file: fileOf(models), skipped, invalid };
}

/** Why llmcost's format rejects a converted model ("prices[0].cachedInput: is higher than…"), if it does. */
function invalidity(model: Record<string, unknown>): string | undefined {
  try {
    parseProviderFile(JSON.stringify(fileOf([model])), "entry");
    return undefined;
  } catch (error) {
    if (!(error instanceof LlmcostError)) throw error;
    return error.reason.replace(/^models\[0\]\.?/, "") || error.reason;
  }
}

function fileOf(models: Record<string, unknown>[]) {
  return {
    $schema: "https://github.com/llmcost/llmcost/pricing/schema.json",
    provider: "litellm",
    name: "LiteLLM import",
    models,
  };
}

/** The highest price llmcost takes, in picodollars per token. */
const MAX_PICO_PER_TOKEN = BigInt(MAX_USD_PER_MILLION) * 10n ** BigInt(PRICE_DECIMALS);

/**
 * An entry's price field, USD per token → USD per 1M tokens rounded to llmcost's six decimals:
 * undefined when the entry does not list it (or lists null), `wrong` when what it lists is no price.
 */
/**
 * LiteLLM's `*_flex` and `*_priority` prices as service tiers (docs/billing-units.md): a tier with both
 * an input and an output price, and only in the order llmcost holds (flex ≤ standard ≤ priority).
 */
function serviceTiersOf(
  price: (field: string) => number | undefined,
  standard: { input: number; output: number },
): Record<string, Record<string, number>> | undefined {
  const tiers: Record<string, Record<string, number>> = {};
  for (const name of ["flex", "priority"] as const) {
    const input = price(`input_cost_per_token_${name}`);
    const output = price(`output_cost_per_token_${name}`);
    if (input === undefined || output === undefined) continue;
    const ordered =
      name === "flex"
        ? input <= standard.input && output <= standard.output
        : input >= standard.input && output >= standard.output;
    if (!ordered) continue;
    const cached = price(`cache_read_input_token_cost_${name}`);
    tiers[name] = {
      input,
      output,
      ...(cached !== undefined && cached <= input ? { cachedInput: cached } : {}),
    };
  }
  return Object.keys(tiers).length > 0 ? tiers : undefined;
}

function priceOf(entry: Record<string, unknown>, field: string): number | undefined | { wrong: string } {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number")
    return { wrong: `${field}: expected a number of USD per token, got ${describeValue(value)}` };
  if (value < 0) return { wrong: `${field}: ${value} is negative` };
  const pico = picodollarsFromUsd(value);
  if (pico === null || pico > MAX_PICO_PER_TOKEN)
    return {
      wrong: `${field}: ${value} USD per token is above the most llmcost takes ($${MAX_USD_PER_MILLION} per 1M tokens)`,
    };
  return Number(scaledToDecimal(pico, PRICE_DECIMALS));
}

/** A value that is no number, said briefly (a string shown, cut short; not a whole nested object). */
function describeValue(value: unknown): string {
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : String(value);
}

/**
 * The long-context tier, if the entry lists one. A tier listing only one of its prices keeps the base
 * price for the other, as LiteLLM bills it (a tier with neither is none).
 */
function tierOf(price: (field: string) => number | undefined, base: { input: number; output: number }) {
  for (const above of [128_000, 200_000, 272_000]) {
    const suffix = `_above_${above / 1000}k_tokens`;
    const listedInput = price(`input_cost_per_token${suffix}`);
    const listedOutput = price(`output_cost_per_token${suffix}`);
    if (listedInput === undefined && listedOutput === undefined) continue;
    const input = listedInput ?? base.input;
    const output = listedOutput ?? base.output;
    const cachedInput = price(`cache_read_input_token_cost${suffix}`);
    return { above, input, output, ...(cachedInput === undefined ? {} : { cachedInput }) };
  }
  return undefined;
}

function providerOf(litellm: string): string | undefined {
  const mapped = PROVIDERS[litellm] ?? litellm.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  return /^[a-z0-9][a-z0-9-]*$/.test(mapped) ? mapped : undefined;
}

/** The tokenizer a model id's family uses, as far as its name tells. */
export function tokenizerFor(provider: string | undefined, id: string): string | undefined {
  const name = id.slice(id.lastIndexOf("/") + 1);
  if (/gpt-oss/.test(name)) return "o200k_harmony";
  if (/gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-6|chatgpt|^o\d/.test(name)) return "o200k_base";
  if (/gpt-4|gpt-3\.5|text-embedding-(3|ada)/.test(name)) return "cl100k_base";
  if (/davinci-00[23]|babbage-002/.test(name)) return "cl100k_base";
  if (/claude-(2|instant)/.test(name)) return "claude-2";
  if (name.includes("claude")) return claudeGeneration(name);
  if (/gemini|gecko|text-embedding-00/.test(name)) return geminiTokenizer(name);
  if (/grok/.test(name)) return "grok";
  if (/command|embed-(english|multilingual|v4)|aya/.test(name) || provider === "cohere") return "cohere";
  if (/deepseek/.test(name)) return "deepseek-v3";
  // Qwen 2.5 and 3 share one tokenizer (docs/tokenizers.md); earlier Qwen, Kimi, GLM, MiniMax and
  // Nova names fall to the estimates for their makers.
  if (/qwen-?(2\.5|3)|qwq/.test(name)) return "qwen-3";
  if (/kimi|moonshot/.test(name) || provider === "moonshot") return "kimi";
  if (/glm-?4\.[5-9]|glm-?[5-9]/.test(name)) return "glm";
  if (/minimax/.test(name) || provider === "minimax") return "minimax";
  if (/nova-(micro|lite|pro|premier|2)/.test(name)) return "nova";
  if (/llama-?2/.test(name)) return "llama-2";
  if (/llama-?4/.test(name)) return "llama-4";
  if (/llama/.test(name)) return "llama-3";
  if (/open-mistral-7b|open-mixtral-8x7b|mistral-tiny|mistral-embed/.test(name)) return "mistral-v1";
  if (/mistral-(small|large)-2402/.test(name)) return "mistral-v2";
  // Large and Pixtral Large 2411 ship SentencePiece "v7": v3's pieces with more control tokens.
  if (/mixtral-8x22b|codestral-2405|codestral-mamba|(mistral|pixtral)-large-24(07|11)/.test(name))
    return "mistral-v3";
  if (/mistral|mixtral|codestral|ministral|magistral|pixtral|devstral/.test(name)) return "mistral-tekken";
  return undefined;
}

/**
 * Claude's tokenizer generation by model name: Opus 4.7 and every later model (Opus 4.8+, 5.x of every
 * line, Fable, Mythos) use the newer tokenizer (docs/calibration.md).
 */
function claudeGeneration(name: string): string {
  if (
    /fable|mythos|(opus|sonnet|haiku)-([5-9]|4[-.][7-9])|claude-[5-9]([-.]\d)?-(opus|sonnet|haiku)/.test(name)
  )
    return "claude-4.7";
  return "claude-3";
}

/** What Google's SDK counts a Gemini model with (docs/calibration.md): Gemma 3 for 2.0, 2.5 and 3. */
function geminiTokenizer(name: string): string {
  if (/gemini-(2\.0|2\.5|3)-/.test(name) && !/gemini-3\.\d/.test(name)) return "gemma-3";
  if (/gemini-(3\.1|3\.5-flash(?!-lite))/.test(name)) return "gemma-4";
  if (/gemini-1\.|gemini-pro/.test(name)) return "gemini-1";
  return "gemini-unmapped";
}
