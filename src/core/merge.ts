import { dataError } from "../errors.js";
import type { ModelResult, PricedInput, PricedInputs } from "./types.js";

/** Version of the jsonl records this reader understands (render/jsonl.ts writes them). */
const VERSION = 2;
const MONEY = [
  "inputCost",
  "outputCost",
  "totalCost",
  "inputPrice",
  "outputPrice",
  "reasoningCost",
  "lowCost",
  "highCost",
] as const;
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

/**
 * Reads one shard written by `llmcost estimate --format jsonl`: a header line, then one line per input.
 * Anything malformed is an error naming the shard and line (exit 65).
 */
export function parseShard(text: string, name: string): PricedInputs {
  let shard: PricedInputs | undefined;
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const at = `${name}:${index + 1}`;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw dataError(at, "not a JSON record (expected llmcost estimate --format jsonl output)");
    }
    if (!isObject(record)) throw dataError(at, "not a JSON object");
    if (!shard) {
      shard = header(record, at);
      return;
    }
    if (record.type !== "input")
      throw dataError(at, `expected an "input" record, got ${JSON.stringify(record.type)}`);
    shard.inputs.push(input(record, shard.empty, at));
  });
  if (!shard) throw dataError(name, "empty: no header record");
  return shard;
}

/**
 * Shards priced the same way (same date, output assumption, billing and models) as one: their inputs
 * in the order given. Shards priced differently cannot be added up, and are an error.
 */
export function mergeShards(shards: readonly { name: string; shard: PricedInputs }[]): PricedInputs {
  const [first, ...rest] = shards;
  if (!first) throw new Error("mergeShards needs at least one shard");
  const key = (shard: PricedInputs) =>
    JSON.stringify(pricing(shard), (_k, v) => (typeof v === "bigint" ? `${v}` : v));
  const reference = key(first.shard);
  for (const { name, shard } of rest) {
    if (key(shard) !== reference) {
      throw dataError(
        name,
        `priced differently from ${first.name} (${difference(first.shard, shard)}); shards must come from the same command`,
      );
    }
  }
  const notes = [...new Set(shards.flatMap(({ shard }) => shard.notes))];
  return { ...first.shard, notes, inputs: shards.flatMap(({ shard }) => shard.inputs) };
}

/** What must agree for shards to add up. */
function pricing({ date, output, reasoning, billing, pricesChecked, unavailable, empty }: PricedInputs) {
  return { date, output, reasoning, billing, pricesChecked, unavailable, empty };
}

function difference(a: PricedInputs, b: PricedInputs): string {
  if (a.date !== b.date) return `prices of ${a.date} vs ${b.date}`;
  if (JSON.stringify(a.output) !== JSON.stringify(b.output)) return "a different output assumption";
  if (JSON.stringify(a.billing) !== JSON.stringify(b.billing))
    return "different billing (--batch, --cached-ratio)";
  const models = (shard: PricedInputs) => shard.empty.map((r) => r.model).join(",");
  if (models(a) !== models(b)) return "a different set of models";
  return "different prices or tokenizers";
}

function header(record: Record<string, unknown>, at: string): PricedInputs {
  if (record.type !== "header")
    throw dataError(at, 'the first record must be the "header" (llmcost estimate --format jsonl)');
  if (record.version !== VERSION)
    throw dataError(at, `version ${JSON.stringify(record.version)}; this llmcost reads version ${VERSION}`);
  const { date, output, reasoning, billing, pricesChecked, unavailable, notes, empty } = record;
  if (typeof date !== "string") throw dataError(at, "date: expected a string");
  if (!isObject(output) || typeof output.kind !== "string") throw dataError(at, "output: expected an object");
  if (!isObject(billing)) throw dataError(at, "billing: expected an object");
  if (!Array.isArray(unavailable) || !Array.isArray(notes) || !notes.every((n) => typeof n === "string"))
    throw dataError(at, "unavailable, notes: expected lists");
  if (!Array.isArray(empty)) throw dataError(at, "empty: expected a list of results");
  return {
    date,
    output: output as unknown as PricedInputs["output"],
    ...(isObject(reasoning) ? { reasoning: reasoning as unknown as PricedInputs["reasoning"] } : {}),
    billing: billing as PricedInputs["billing"],
    pricesChecked: (pricesChecked ?? null) as PricedInputs["pricesChecked"],
    unavailable: unavailable as PricedInputs["unavailable"],
    notes: notes as string[],
    empty: empty.map((result, i) => modelResult(result, `${at}: empty[${i}]`)),
    inputs: [],
  };
}

function input(record: Record<string, unknown>, empty: readonly ModelResult[], at: string) {
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
    results: results.map((result, i) => {
      const parsed = modelResult(result, `${at}: results[${i}]`);
      if (parsed.model !== empty[i]?.model)
        throw dataError(at, `results[${i}] is for ${parsed.model}, the header says ${empty[i]?.model}`);
      return parsed;
    }),
  };
}

function modelResult(value: unknown, at: string): ModelResult {
  if (!isObject(value) || typeof value.model !== "string") throw dataError(at, "expected a model result");
  const result: Record<string, unknown> = { ...value };
  for (const field of MONEY) result[field] = picodollars(value[field], field, at);
  for (const field of COUNTS) {
    if (!isCount(value[field])) throw dataError(at, `${field}: expected a whole number ≥ 0`);
  }
  // An estimate's error band (core/input-range.ts): its money is picodollars too.
  const { inputTokensRange: tokens, inputCostRange: costs, bandHigh } = value;
  if (tokens !== undefined && !(isObject(tokens) && isCount(tokens.low) && isCount(tokens.high)))
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

function picodollars(amount: unknown, field: string, at: string): bigint {
  if (typeof amount !== "string" || !/^(0|[1-9][0-9]*)$/.test(amount))
    throw dataError(at, `${field}: expected whole picodollars as a decimal string`);
  return BigInt(amount);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
