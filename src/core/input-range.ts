import { costOf } from "../pricing/money.js";
import type { PricePeriod } from "../pricing/types.js";
import type { ErrorBand } from "../tokenizers/types.js";
import { type BillingMode, billedInput } from "./billing.js";
import type { ModelResult } from "./types.js";

/** The fields of a result that an estimate's band sets; absent together for a count that is exact. */
export type RangeFields = Pick<ModelResult, "band" | "inputTokensRange" | "inputCostRange" | "bandHigh">;

const SCALE = 1_000_000n;

/** A band's ratio in millionths (to the nearest: bands are measured to a few places). */
function millionths(ratio: number): bigint {
  if (!Number.isFinite(ratio)) throw new Error(`an error band's ratio is ${ratio}, not a number`);
  return BigInt(Math.round(ratio * 1e6));
}

/**
 * An estimated count at the ends of its band: ⌊tokens × low⌋ and ⌈tokens × high⌉, in exact integer
 * arithmetic with the ratios taken to the millionth. The ratios are held to low ≤ 1 ≤ high, so the
 * range always holds the count, and low to ≥ 0.
 */
export function bandTokens(
  tokens: number,
  band: Pick<ErrorBand, "low" | "high">,
): { low: number; high: number } {
  const count = BigInt(tokens);
  const low = clamp(millionths(band.low), 0n, SCALE);
  const high = larger(millionths(band.high), SCALE);
  return { low: Number((count * low) / SCALE), high: Number((count * high + SCALE - 1n) / SCALE) };
}

/**
 * One request's range: its input at the band's ends, billed by the rule its count is billed by
 * (billedInput: the rates for that size, cached reads, batch), and — for `--budget-on high` — its
 * high cost and size with the input at the high end (a long-context tier the high count passes
 * raises the output price too). `output` is the request's expected and bound output tokens, and for a
 * model billed per character its counted characters (which the band of a token count does not move) and
 * the characters an output token is billed as.
 */
export function requestRange(
  period: PricePeriod,
  inputTokens: number,
  band: ErrorBand,
  billing: BillingMode,
  output: { expected: number; bound: number; characters?: number; perOutputToken?: number },
): Required<RangeFields> {
  const tokens = bandTokens(inputTokens, band);
  const low = billedInput(period, tokens.low, billing, output.characters ?? tokens.low);
  const high = billedInput(period, tokens.high, billing, output.characters ?? tokens.high);
  return {
    band,
    inputTokensRange: tokens,
    inputCostRange: { low: low.inputCost, high: high.inputCost },
    bandHigh: {
      highCost: high.inputCost + costOf(output.bound * (output.perOutputToken ?? 1), high.rates.output),
      largestRequestTokens: tokens.high + output.expected,
    },
  };
}

/**
 * The range of two results of one model added. A part without one was counted exactly (an API count
 * among estimates): its own figures are both its ends. None when neither part has a range.
 */
export function addRanges(total: ModelResult, part: ModelResult): RangeFields {
  // The band shown is the latest part's: a count cut without proof widens its own (withUnprovenCuts).
  const band = part.band ?? total.band;
  if (!band) return {};
  const a = rangeOf(total);
  const b = rangeOf(part);
  return {
    band,
    inputTokensRange: { low: a.tokens.low + b.tokens.low, high: a.tokens.high + b.tokens.high },
    inputCostRange: { low: a.cost.low + b.cost.low, high: a.cost.high + b.cost.high },
    bandHigh: {
      highCost: a.high.highCost + b.high.highCost,
      largestRequestTokens: Math.max(a.high.largestRequestTokens, b.high.largestRequestTokens),
    },
  };
}

function rangeOf(r: ModelResult) {
  return {
    tokens: r.inputTokensRange ?? { low: r.inputTokens, high: r.inputTokens },
    cost: r.inputCostRange ?? { low: r.inputCost, high: r.inputCost },
    high: r.bandHigh ?? { highCost: r.highCost, largestRequestTokens: r.largestRequestTokens },
  };
}

/** A result without its range: a total whose every part was counted exactly has none. */
export function withoutRange(result: ModelResult): ModelResult {
  const { band: _, inputTokensRange: __, inputCostRange: ___, bandHigh: ____, ...rest } = result;
  return rest;
}

const larger = (a: bigint, b: bigint) => (a >= b ? a : b);
const clamp = (value: bigint, min: bigint, max: bigint) => (value < min ? min : value > max ? max : value);

/**
 * The band of a request count whose texts are counted exactly but whose formatting is inferred: the
 * providers' published examples come out within 6% (Gemini's tools example 195 against 206, Anthropic's
 * 417 against 403, OpenAI's 101 and 105 exactly, Gemini's turns 11 and 25 exactly; docs/requests.md).
 */
export const FORMATTING_BAND: ErrorBand = {
  low: 0.95,
  high: 1.1,
  against: "the providers' published request examples, which the inferred formatting meets within 6%",
};
