import {
  costOf,
  divideRounded,
  type Picodollars,
  PRICE_DECIMALS,
  scaledToDecimal,
  scaleUp,
} from "../pricing/money.js";
import { priceAt } from "../pricing/price-at.js";
import type { Model, PricePeriod, PriceTier } from "../pricing/types.js";
import { type Adjustments, adjustedPeriod, type PriceChoices } from "./billing-adjust.js";
import { type Standing, standingOn } from "./lifecycle.js";
import type { BillingHeader } from "./types.js";

/**
 * How requests are billed: standard or Batch API, what share of input is read from the cache and
 * written to it (and for how long), and the service tier, endpoint and time of day (PriceChoices).
 */
export interface BillingMode extends PriceChoices {
  batch: boolean;
  /** Share of input tokens billed as cached reads, scaled by 10^6 ("0.25" → 250000n). */
  cachedShare: bigint;
  /** Share of input tokens billed as cache writes, scaled by 10^6; absent: none. */
  cacheWriteShare?: bigint;
  /** How long cache writes are kept: Anthropic bills 1-hour writes dearer than 5-minute ones (default 5m). */
  cacheTtl?: CacheTtl;
}

export const CACHE_TTLS = ["5m", "1h"] as const;
export type CacheTtl = (typeof CACHE_TTLS)[number];

export const STANDARD_BILLING: BillingMode = { batch: false, cachedShare: 0n };
const SHARE_SCALE = 1_000_000n;

/** Per-token rates for one request, in picodollars. */
export interface Rates {
  input: Picodollars;
  output: Picodollars;
  cachedInput: Picodollars;
  /** Cache writes of the mode's TTL (the input price where the model bills none). */
  cacheWrite: Picodollars;
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
  const tier = mode.serviceTier ?? "standard";
  if (tier !== "standard" && !period.serviceTiers?.[tier]) return `no ${tier} service-tier price`;
  return undefined;
}

/** Why a period cannot bill the mode's cache writes: a 1-hour write it has no price for. */
function cacheWriteReason(period: PricePeriod, mode: BillingMode): string | undefined {
  if (!mode.cacheWriteShare || mode.cacheTtl !== "1h") return undefined;
  // A model that bills no cache writes at all bills them as input, whatever their TTL.
  if (period.cacheWrite !== undefined && period.cacheWrite1h === undefined)
    return "no 1-hour cache-write price";
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
): { period: PricePeriod; standing: Standing; adjustments: Adjustments } | { reason: string } {
  const standing = standingOn(model, date);
  const priceable = standing.kind === "on-sale" || (standing.kind === "retired" && named);
  if (!priceable) return { reason: unavailableReason(model, priceAt(model, date), date, mode) ?? "no price" };
  // A host's id that names an endpoint (Bedrock's `global.…`) is priced there, whatever --endpoint says.
  const choices = model.namedEndpoint ? { ...mode, endpoint: model.namedEndpoint } : mode;
  const adjusted = adjustedPeriod(standing.period, choices, date);
  if ("reason" in adjusted) return adjusted;
  const { period, adjustments } = adjusted;
  if (mode.batch && period.batchInput === undefined) return { reason: "no batch price" };
  const reason = cacheWriteReason(period, mode);
  if (reason) return { reason };
  return { period, standing, adjustments };
}

/**
 * The rates one request is billed at. Past a long-context threshold the whole request moves to the
 * tier's prices, as providers bill it. In batch, a tier's own batch prices apply where it has them;
 * otherwise batch scales a tier by the same discount as the base price (providers state batch as a
 * share of the standard price, tiers included), and cache prices follow the input's discount. Without
 * a cached price, cached reads are billed as ordinary input, and so are cache writes without a write
 * price: never cheaper than the provider's bill.
 */
export function ratesFor(period: PricePeriod, inputTokens: number, mode: BillingMode): Rates {
  let tier: PriceTier | undefined;
  for (const candidate of period.tiers ?? []) if (inputTokens > candidate.above) tier = candidate;
  const input = tier?.input ?? period.input;
  const output = tier?.output ?? period.output;
  const cachedInput = tier ? (tier.cachedInput ?? tier.input) : (period.cachedInput ?? period.input);
  const cacheWrite = writeRate(period, tier, mode.cacheTtl ?? "5m");
  const rates: Rates = { input, output, cachedInput, cacheWrite };
  if (tier) rates.tierAbove = tier.above;
  if (!mode.batch) return rates;
  if (tier?.batchInput !== undefined && tier.batchOutput !== undefined) {
    return {
      ...rates,
      input: tier.batchInput,
      output: tier.batchOutput,
      cachedInput: scale(cachedInput, tier.batchInput, tier.input),
      cacheWrite: scale(cacheWrite, tier.batchInput, tier.input),
    };
  }
  return {
    ...rates,
    input: scale(input, period.batchInput ?? period.input, period.input),
    output: scale(output, period.batchOutput ?? period.output, period.output),
    cachedInput: scale(cachedInput, period.batchInput ?? period.input, period.input),
    cacheWrite: scale(cacheWrite, period.batchInput ?? period.input, period.input),
  };
}

/**
 * A cache write's price for the TTL: the tier's own, else the period's in proportion to the tier's
 * input (rounded up), else — for a model that bills no writes — the input price.
 */
function writeRate(period: PricePeriod, tier: PriceTier | undefined, ttl: CacheTtl): Picodollars {
  const key = ttl === "1h" ? "cacheWrite1h" : "cacheWrite";
  const base = period[key];
  if (!tier) return base ?? period.input;
  return tier[key] ?? (base === undefined ? tier.input : scaleUp(base, tier.input, period.input));
}

/** value × numerator / denominator, rounded (exact when value is the denominator). */
function scale(value: bigint, numerator: bigint, denominator: bigint): bigint {
  return denominator === 0n ? value : divideRounded(value * numerator, denominator);
}

/** Input units billed as cached reads: the share, rounded half up. */
export function cachedTokens(inputTokens: number, mode: BillingMode): number {
  return Number(divideRounded(BigInt(inputTokens) * mode.cachedShare, SHARE_SCALE));
}

/** Input units billed as cache writes: the share, rounded half up, within what cached reads leave. */
export function cacheWriteTokens(inputTokens: number, cached: number, mode: BillingMode): number {
  const share = mode.cacheWriteShare ?? 0n;
  if (share === 0n) return 0;
  return Math.min(Number(divideRounded(BigInt(inputTokens) * share, SHARE_SCALE)), inputTokens - cached);
}

/**
 * What one request's input is billed: the rates for its size (a long-context tier past a threshold),
 * its cached share at the cached rate, its cache-write share at the write rate and the rest at the
 * input rate. The one input-cost rule, used for a request's count and for the ends of its estimate's
 * band alike. `billedUnits` is what the period bills: the tokens, or for a per-character period the
 * characters (its tiers still start at a number of tokens, as Vertex AI's did).
 */
export function billedInput(
  period: PricePeriod,
  inputTokens: number,
  mode: BillingMode,
  billedUnits = inputTokens,
) {
  const rates = ratesFor(period, inputTokens, mode);
  const cachedInputTokens = cachedTokens(billedUnits, mode);
  const writes = cacheWriteTokens(billedUnits, cachedInputTokens, mode);
  const inputCost =
    costOf(billedUnits - cachedInputTokens - writes, rates.input) +
    costOf(cachedInputTokens, rates.cachedInput) +
    costOf(writes, rates.cacheWrite);
  return { rates, cachedInputTokens, cacheWriteTokens: writes, inputCost };
}

/** The mode as a report states it: batch and the cached share always, the rest when asked for. */
export function billingHeader(mode: BillingMode): BillingHeader {
  const ratio = (share: bigint) => scaledToDecimal(share, PRICE_DECIMALS);
  return {
    batch: mode.batch,
    cachedRatio: ratio(mode.cachedShare),
    ...(mode.cacheWriteShare ? { cacheWriteRatio: ratio(mode.cacheWriteShare) } : {}),
    ...(mode.cacheTtl ? { cacheTtl: mode.cacheTtl } : {}),
    ...(mode.serviceTier ? { serviceTier: mode.serviceTier } : {}),
    ...(mode.endpoint ? { endpoint: mode.endpoint } : {}),
    ...(mode.at ? { at: mode.at } : {}),
  };
}
