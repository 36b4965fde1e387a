import { costOf, divideRounded, type Picodollars } from "../pricing/money.js";
import { priceAt } from "../pricing/price-at.js";
import type { Model, PricePeriod } from "../pricing/types.js";
import { type Standing, standingOn } from "./lifecycle.js";

/** How requests are billed: standard or Batch API, and what share of input is read from the cache. */
export interface BillingMode {
  batch: boolean;
  /** Share of input tokens billed as cached reads, scaled by 10^6 ("0.25" → 250000n). */
  cachedShare: bigint;
}

export const STANDARD_BILLING: BillingMode = { batch: false, cachedShare: 0n };
const SHARE_SCALE = 1_000_000n;

/** Per-token rates for one request, in picodollars. */
export interface Rates {
  input: Picodollars;
  output: Picodollars;
  cachedInput: Picodollars;
  /** The long-context threshold the request passed, if any. */
  tierAbove?: number;
}

/** Why a model cannot be priced on a date or in a mode; undefined when it can. */
export function unavailableReason(
  model: Model,
  period: PricePeriod | undefined,
  date: string,
  mode: BillingMode,
) {
  if (model.retired !== undefined && date >= model.retired) return `retired on ${model.retired}`;
  const first = model.prices[0];
  // The first price's date is the release where known, else the first date a price was recorded.
  if (first && date < first.from) return `no price before ${first.from}`;
  if (!period) return `no price on ${date}`;
  if (mode.batch && period.batchInput === undefined) return "no batch price";
  return undefined;
}

/**
 * The price a model is billed at on a date, in a mode: its price on sale, or — for a model named
 * explicitly — its last price once retired (the retirement policy); else why it cannot be priced.
 */
export function billedPeriod(
  model: Model,
  date: string,
  mode: BillingMode,
  named: boolean,
): { period: PricePeriod; standing: Standing } | { reason: string } {
  const standing = standingOn(model, date);
  const priceable = standing.kind === "on-sale" || (standing.kind === "retired" && named);
  if (!priceable) return { reason: unavailableReason(model, priceAt(model, date), date, mode) ?? "no price" };
  if (mode.batch && standing.period.batchInput === undefined) return { reason: "no batch price" };
  return { period: standing.period, standing };
}

/**
 * The rates one request is billed at. Past a long-context threshold the whole request moves to the
 * tier's prices, as providers bill it. Batch prices scale a tier by the same discount as the base
 * price (providers state batch as a share of the standard price, tiers included). Without a cached
 * price, cached reads are billed as ordinary input: never cheaper than the provider's bill.
 */
export function ratesFor(period: PricePeriod, inputTokens: number, mode: BillingMode): Rates {
  let tier: NonNullable<PricePeriod["tiers"]>[number] | undefined;
  for (const candidate of period.tiers ?? []) if (inputTokens > candidate.above) tier = candidate;
  const input = tier?.input ?? period.input;
  const output = tier?.output ?? period.output;
  const cachedInput = tier ? (tier.cachedInput ?? tier.input) : (period.cachedInput ?? period.input);
  const rates: Rates = { input, output, cachedInput };
  if (tier) rates.tierAbove = tier.above;
  if (!mode.batch) return rates;
  return {
    ...rates,
    input: scale(input, period.batchInput ?? period.input, period.input),
    output: scale(output, period.batchOutput ?? period.output, period.output),
    cachedInput: scale(cachedInput, period.batchInput ?? period.input, period.input),
  };
}

/** value × numerator / denominator, rounded (exact when value is the denominator). */
function scale(value: bigint, numerator: bigint, denominator: bigint): bigint {
  return denominator === 0n ? value : divideRounded(value * numerator, denominator);
}

/** Input tokens billed as cached reads: the share, rounded half up. */
export function cachedTokens(inputTokens: number, mode: BillingMode): number {
  return Number(divideRounded(BigInt(inputTokens) * mode.cachedShare, SHARE_SCALE));
}

/**
 * What one request's input is billed: the rates for its size (a long-context tier past a threshold),
 * its cached share at the cached rate and the rest at the input rate. The one input-cost rule, used for
 * a request's count and for the ends of its estimate's band alike.
 */
export function billedInput(period: PricePeriod, inputTokens: number, mode: BillingMode) {
  const rates = ratesFor(period, inputTokens, mode);
  const cachedInputTokens = cachedTokens(inputTokens, mode);
  const inputCost =
    costOf(inputTokens - cachedInputTokens, rates.input) + costOf(cachedInputTokens, rates.cachedInput);
  return { rates, cachedInputTokens, inputCost };
}
