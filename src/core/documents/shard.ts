import { dataError } from "../../errors.js";
import { isCalendarDate, MAX_USD_PER_MILLION } from "../../pricing/validate.js";
import { isCount, isCountPair, isObject } from "../json-shape.js";
import { CHARACTERS_PER_TOKEN } from "../price-request.js";
import type { ModelResult, PricedInput, PricedInputs } from "../types.js";

/**
 * The shard document (`llmcost estimate --format jsonl`, read back by `llmcost merge`): a header
 * record, then one record per input. Its writer and reader live here together so that they change
 * together; render/jsonl.ts only turns the records into lines.
 */

/** Version of the jsonl records this writer writes and this reader reads. */
export const SHARD_VERSION = 2;

/** A shard's header: how its inputs were priced, and each model's result for no request. */
export type ShardHeader = Omit<PricedInputs, "inputs">;

/**
 * The header record as a JSON value. Money is in integer picodollars (10⁻¹² USD) as decimal strings,
 * so that shards add up exactly.
 */
export function shardHeaderRecord(header: ShardHeader): unknown {
  return jsonValue({ type: "header", version: SHARD_VERSION, money: "picodollars", ...header });
}

/** One input's record as a JSON value (money as picodollar strings). */
export function shardInputRecord(input: PricedInput): unknown {
  return jsonValue({ type: "input", ...input });
}

/**
 * A value as JSON.stringify would see it with bigints as decimal strings: fields that are undefined
 * dropped, so what is written is exactly what the reader gets.
 */
function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : jsonValue(item)));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = jsonValue(item);
  return copy;
}

const COSTS = ["inputCost", "outputCost", "totalCost", "reasoningCost", "lowCost", "highCost"] as const;
const PRICES = ["inputPrice", "outputPrice"] as const;
const COUNTS = [
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "largestRequestTokens",
  "reasoningTokens",
  "uncountedParts",
  "highOutputTokens",
  "requests",
] as const;
const FLAGS = ["exact", "fitsContext", "fitsMaxOutput", "longContext"] as const;
/** What a model's results say the same way in every record: the model, its limits, its price's period. */
const CONSTANT = [
  "name",
  "provider",
  "providerName",
  "host",
  "kind",
  "tokenizer",
  "contextWindow",
  "maxOutputTokens",
  "priceFrom",
  "priceSource",
  "priceChecked",
  "priceOrigin",
  "retired",
  "retires",
  "successor",
  "successorOnSale",
] as const;

/** The highest price a pricing file may set, per token. */
const MAX_PRICE = BigInt(MAX_USD_PER_MILLION) * 10n ** 6n;
/** The most any amount can be: every token a count can hold at the highest price. */
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER) * MAX_PRICE;

/** The header record of a shard, checked: `at` names the shard and line. */
export function parseHeader(record: Record<string, unknown>, at: string): ShardHeader {
  if (record.type !== "header")
    throw dataError(at, 'the first record must be the "header" (llmcost estimate --format jsonl)');
  if (record.version !== SHARD_VERSION)
    throw dataError(
      at,
      `version ${JSON.stringify(record.version)}; this llmcost reads version ${SHARD_VERSION}`,
    );
  // Amounts are added exactly as integers: any other unit would be summed as if it were picodollars.
  if (record.money !== "picodollars")
    throw dataError(at, `money: ${JSON.stringify(record.money)}; shards carry "picodollars"`);
  const { date, output, reasoning, billing, pricesChecked, unavailable, notes, empty } = record;
  // The date prices were looked up on: shown as it is, and shards of different dates do not merge.
  if (typeof date !== "string" || !isCalendarDate(date))
    throw dataError(at, "date: expected a date as YYYY-MM-DD");
  if (!isObject(output) || typeof output.kind !== "string") throw dataError(at, "output: expected an object");
  if (!isObject(billing)) throw dataError(at, "billing: expected an object");
  if (!Array.isArray(unavailable) || !Array.isArray(notes) || !notes.every((n) => typeof n === "string"))
    throw dataError(at, "unavailable, notes: expected lists");
  if (!Array.isArray(empty)) throw dataError(at, "empty: expected a list of results");
  const models = new Set<string>();
  const starts = empty.map((result, i) => {
    const start = modelResult(result, `${at}: empty[${i}]`);
    if (models.has(start.model)) throw dataError(at, `empty[${i}]: ${start.model} is listed twice`);
    models.add(start.model);
    // Totals start here: anything but prices in it would be added to every total.
    const counted = [
      ...COUNTS.filter((field) => start[field] !== 0),
      ...COSTS.filter((f) => start[f] !== 0n),
    ];
    if (counted.length > 0)
      throw dataError(at, `empty[${i}]: ${counted.join(", ")}: expected 0 in a result for no request`);
    return start;
  });
  return {
    date,
    output: output as unknown as PricedInputs["output"],
    ...(isObject(reasoning) ? { reasoning: reasoning as unknown as PricedInputs["reasoning"] } : {}),
    billing: billing as unknown as PricedInputs["billing"],
    pricesChecked: (pricesChecked ?? null) as PricedInputs["pricesChecked"],
    unavailable: unavailable as PricedInputs["unavailable"],
    notes: notes as string[],
    empty: starts,
  };
}

/** An "input" record, checked against its shard's header. */
export function parseInput(record: Record<string, unknown>, header: ShardHeader, at: string): PricedInput {
  const { empty } = header;
  if (record.type !== "input")
    throw dataError(at, `expected an "input" record, got ${JSON.stringify(record.type)}`);
  const { source, bytes, characters, results, kind, requests, skippedRequests } = record;
  if (typeof source !== "string") throw dataError(at, "source: expected a string");
  if (!isCount(bytes) || !isCount(characters))
    throw dataError(at, "bytes, characters: expected whole numbers ≥ 0");
  if (!Array.isArray(results) || results.length !== empty.length)
    throw dataError(at, `results: expected ${empty.length} results, one per model of the header`);
  if (kind !== undefined && kind !== "text" && kind !== "chat" && kind !== "batch")
    throw dataError(at, 'kind: expected "text", "chat" or "batch"');
  if (
    (requests !== undefined && !isCount(requests)) ||
    (skippedRequests !== undefined && !isCount(skippedRequests))
  )
    throw dataError(at, "requests, skippedRequests: expected whole numbers ≥ 0");
  return {
    source,
    bytes,
    characters,
    ...(kind === undefined ? {} : { kind: kind as NonNullable<PricedInput["kind"]> }),
    ...(requests === undefined ? {} : { requests }),
    ...(skippedRequests === undefined ? {} : { skippedRequests }),
    results: results.map((value, i) => {
      const result = modelResult(value, `${at}: results[${i}]`);
      const start = empty[i] as ModelResult;
      if (result.model !== start.model)
        throw dataError(at, `results[${i}] is for ${result.model}, the header says ${start.model}`);
      const wrong = contradiction(result, start, { kind, requests, batch: header.billing.batch === true });
      if (wrong) throw dataError(at, `results[${i}] (${result.model}): ${wrong}`);
      return sharing(result, start);
    }),
  };
}

/**
 * What is inconsistent in one input's result for a model, or undefined: its figures against each
 * other (a total is input + output, a cost is at most its tokens at the price shown), and against the
 * header's result for the model (the same model, limits and price; a request billed at a long-context
 * tier or a batch file's batch rate may show another price).
 */
function contradiction(
  result: ModelResult,
  start: ModelResult,
  input: { kind: unknown; requests: unknown; batch: boolean },
): string | undefined {
  const changed = CONSTANT.find((field) => result[field] !== start[field]);
  if (changed)
    return `${changed} ${JSON.stringify(result[changed])} contradicts the header's ${JSON.stringify(start[changed])}`;
  if (result.totalCost !== result.inputCost + result.outputCost)
    return `totalCost ${result.totalCost} is not inputCost + outputCost (${result.inputCost + result.outputCost})`;
  if (result.lowCost !== result.inputCost)
    return `lowCost ${result.lowCost} is not inputCost ${result.inputCost}`;
  if (result.highCost < result.lowCost)
    return `highCost ${result.highCost} is below lowCost ${result.lowCost}`;
  if (result.reasoningCost > result.outputCost) return "reasoningCost is more than outputCost";
  // For a per-character price, cached reads and writes are shares of the characters.
  const inputSize = result.unit === "character" ? (result.inputCharacters ?? 0) : result.inputTokens;
  if (result.cachedInputTokens + (result.cacheWriteTokens ?? 0) > inputSize)
    return "cachedInputTokens and cacheWriteTokens are more than the input";
  if (result.reasoningTokens > result.outputTokens) return "reasoningTokens is more than outputTokens";
  if (result.requests > (typeof input.requests === "number" ? input.requests : 1))
    return `requests ${result.requests} is more than the input's`;
  const billedOtherwise = input.kind === "batch" && !input.batch;
  if (!billedOtherwise && (result.requests === 0 || !result.longContext)) {
    for (const field of PRICES) {
      if (result[field] !== start[field])
        return `${field} ${result[field]} contradicts the header's ${start[field]}`;
    }
  } else if (!billedOtherwise && result.inputPrice < start.inputPrice)
    return `inputPrice ${result.inputPrice} is below the header's ${start.inputPrice} at a long-context tier`;
  // Prices shown are the highest any request was billed at: no cost can be more than its units at them
  // (tokens, or for a per-character price characters, CHARACTERS_PER_TOKEN an output token).
  const perCharacter = result.unit === "character";
  const outputUnits = (tokens: number) => BigInt(perCharacter ? tokens * CHARACTERS_PER_TOKEN : tokens);
  const inputUnits = BigInt(perCharacter ? (result.inputCharacters ?? 0) : result.inputTokens);
  const bounds: [string, bigint, bigint][] = [
    ["outputCost", result.outputCost, outputUnits(result.outputTokens) * result.outputPrice],
    ["highCost", result.highCost - result.lowCost, outputUnits(result.highOutputTokens) * result.outputPrice],
  ];
  // Cached reads and cache writes have prices of their own, which a shard does not carry.
  if (result.cachedInputTokens === 0 && !result.cacheWriteTokens)
    bounds.push(["inputCost", result.inputCost, inputUnits * result.inputPrice]);
  for (const [field, amount, most] of bounds) {
    // One request is billed at the price shown exactly; several may be billed at lower tiers too.
    if (result.requests === 1 ? amount !== most : amount > most)
      return `${field} does not match its tokens at the price shown (${result.inputTokens} in, ${result.outputTokens} out)`;
  }
  return undefined;
}

/**
 * The result with the header's copies of what it says the same way (the model's names, its price's
 * source, the tokenizer's method and band): a record parsed alone holds its own copy of every string,
 * which --per-file would keep once per input.
 */
function sharing(result: ModelResult, start: ModelResult): ModelResult {
  const shared = result as unknown as Record<string, unknown>;
  for (const field of [...CONSTANT, "model", "countedWith", "estimateMethod"] as const) {
    if (Object.hasOwn(result, field) && result[field] === start[field]) shared[field] = start[field];
  }
  if (result.band && JSON.stringify(result.band) === JSON.stringify(start.band)) shared.band = start.band;
  return result;
}

function modelResult(value: unknown, at: string): ModelResult {
  if (!isObject(value) || typeof value.model !== "string") throw dataError(at, "expected a model result");
  const result: Record<string, unknown> = { ...value };
  for (const field of [...COSTS, ...PRICES]) result[field] = picodollars(value[field], field, at);
  for (const field of PRICES) {
    if ((result[field] as bigint) > MAX_PRICE)
      throw dataError(
        at,
        `${field}: ${value[field]} picodollars a token is above any price (the most: ${MAX_PRICE})`,
      );
  }
  for (const field of COUNTS) {
    if (!isCount(value[field])) throw dataError(at, `${field}: expected a whole number ≥ 0`);
  }
  for (const field of FLAGS) {
    if (typeof value[field] !== "boolean") throw dataError(at, `${field}: expected true or false`);
  }
  if (typeof value.countedWith !== "string") throw dataError(at, "countedWith: expected a string");
  if (value.priceOrigin !== undefined && typeof value.priceOrigin !== "string")
    throw dataError(at, "priceOrigin: expected a pricing file's name");
  if (value.estimateMethod !== undefined && typeof value.estimateMethod !== "string")
    throw dataError(at, "estimateMethod: expected a string");
  if (value.unprovenCuts !== undefined && !isCount(value.unprovenCuts))
    throw dataError(at, "unprovenCuts: expected a whole number ≥ 0");
  if ((value.unprovenCuts ?? 0) !== 0 && value.exact === true)
    throw dataError(at, "unprovenCuts: a count cut without proof is an estimate, but exact is true");
  // An estimate's error band (core/input-range.ts): its money is picodollars too.
  const { inputTokensRange: tokens, inputCostRange: costs, bandHigh } = value;
  if (tokens !== undefined && !isCountPair(tokens))
    throw dataError(at, "inputTokensRange: expected { low, high } in whole tokens");
  if (costs !== undefined) {
    if (!isObject(costs)) throw dataError(at, "inputCostRange: expected { low, high }");
    result.inputCostRange = {
      low: picodollars(costs.low, "inputCostRange.low", at),
      high: picodollars(costs.high, "inputCostRange.high", at),
    };
  }
  if (bandHigh !== undefined) {
    if (!isObject(bandHigh) || !isCount(bandHigh.largestRequestTokens))
      throw dataError(at, "bandHigh: expected { highCost, largestRequestTokens }");
    result.bandHigh = { ...bandHigh, highCost: picodollars(bandHigh.highCost, "bandHigh.highCost", at) };
  }
  return result as unknown as ModelResult;
}

/** A decimal string of whole picodollars, no more than any count of tokens can cost. */
function picodollars(amount: unknown, field: string, at: string): bigint {
  if (typeof amount !== "string" || !/^(0|[1-9][0-9]*)$/.test(amount))
    throw dataError(at, `${field}: expected whole picodollars as a decimal string`);
  const value = amount.length > MAX_AMOUNT.toString().length + 1 ? MAX_AMOUNT + 1n : BigInt(amount);
  if (value > MAX_AMOUNT)
    throw dataError(
      at,
      `${field}: ${amount.length} digits is more than any estimate can cost (at most ${MAX_AMOUNT})`,
    );
  return value;
}
