import { scaleUp } from "../pricing/money.js";
import { minutesOf, windowAt } from "../pricing/off-peak.js";
import type { PriceOverride, PricePeriod, PriceTier } from "../pricing/types.js";

/** The service tiers a request can be sent on (OpenAI's and Gemini's `service_tier`). */
export const SERVICE_TIERS = ["standard", "flex", "priority"] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];
/** A host's endpoints: in-region / geographic, or global cross-region (Amazon Bedrock). */
export const ENDPOINTS = ["regional", "global"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** How the mode moved a model's prices off its period's own: what a result says it was priced at. */
export interface Adjustments {
  /** A service tier other than standard, with its own prices. */
  serviceTier?: Exclude<ServiceTier, "standard">;
  /** The endpoint priced, for a period that prices the two differently. */
  endpoint?: Endpoint;
  /** The off-peak window the time of day fell in, "16:30–00:30" (UTC), with its days if it has them ("00:00–24:00 sat,sun"). */
  offPeak?: string;
}

/** What a mode asks of prices beyond batch and cache (see BillingMode). */
export interface PriceChoices {
  serviceTier?: ServiceTier;
  endpoint?: Endpoint;
  /** Time of day, UTC, "HH:MM": off-peak windows covering it apply; absent: standard hours. */
  at?: string;
}

/**
 * A period as billed under a mode's choices: a service tier's prices, a host's regional prices, an
 * off-peak window's prices, in that order, each laid over the period (overridden). `date` is the day the
 * time of day falls on (off-peak windows may name weekdays). A service tier the period does not price
 * is a reason, never the standard price.
 */
export function adjustedPeriod(
  period: PricePeriod,
  choices: PriceChoices,
  date: string,
): { period: PricePeriod; adjustments: Adjustments } | { reason: string } {
  let adjusted = period;
  const adjustments: Adjustments = {};
  const tier = choices.serviceTier ?? "standard";
  if (tier !== "standard") {
    const prices = period.serviceTiers?.[tier];
    if (!prices) return { reason: `no ${tier} service-tier price` };
    adjusted = overridden(adjusted, prices);
    adjustments.serviceTier = tier;
  }
  if (period.regional) {
    // Regional unless told otherwise: the dearer endpoint, so an estimate never comes in under the bill.
    const endpoint = choices.endpoint ?? "regional";
    if (endpoint === "regional") adjusted = overridden(adjusted, period.regional);
    adjustments.endpoint = endpoint;
  }
  if (choices.at !== undefined) {
    const window = windowAt(period.offPeak, date, minutesOf(choices.at));
    if (window) {
      adjusted = overridden(adjusted, window);
      adjustments.offPeak = `${window.start}–${window.end}${window.days ? ` ${window.days.join(",")}` : ""}`;
    }
  }
  return { period: adjusted, adjustments };
}

/**
 * A period with `prices` laid over it. A price the override leaves out follows the period's in
 * proportion: input-side prices (cached reads, cache writes, batch input, tiers' input) by the ratio of
 * the inputs, output-side by the ratio of the outputs — rounded up to the picodollar, so a derived
 * price never comes in under the provider's.
 */
export function overridden(period: PricePeriod, prices: PriceOverride): PricePeriod {
  const inRatio = (value: bigint) => scaleUp(value, prices.input, period.input);
  const outRatio = (value: bigint) => scaleUp(value, prices.output, period.output);
  const result: PricePeriod = { ...period, input: prices.input, output: prices.output };
  const follow = <K extends "cachedInput" | "cacheWrite" | "cacheWrite1h" | "batchInput">(key: K) => {
    const own = prices[key] ?? (period[key] === undefined ? undefined : inRatio(period[key]));
    if (own === undefined) delete result[key];
    else result[key] = own;
  };
  follow("cachedInput");
  follow("cacheWrite");
  follow("cacheWrite1h");
  follow("batchInput");
  const batchOutput =
    prices.batchOutput ?? (period.batchOutput === undefined ? undefined : outRatio(period.batchOutput));
  if (batchOutput === undefined) delete result.batchOutput;
  else result.batchOutput = batchOutput;
  const tiers = prices.tiers ?? period.tiers?.map((tier) => scaledTier(tier, inRatio, outRatio));
  if (tiers === undefined) delete result.tiers;
  else result.tiers = tiers;
  return result;
}

function scaledTier(tier: PriceTier, inRatio: (v: bigint) => bigint, outRatio: (v: bigint) => bigint) {
  const scaled: PriceTier = { above: tier.above, input: inRatio(tier.input), output: outRatio(tier.output) };
  for (const key of ["cachedInput", "cacheWrite", "cacheWrite1h", "batchInput"] as const) {
    const value = tier[key];
    if (value !== undefined) scaled[key] = inRatio(value);
  }
  if (tier.batchOutput !== undefined) scaled.batchOutput = outRatio(tier.batchOutput);
  return scaled;
}

/** Adjustments as the words a table note uses: "flex tier", "regional endpoint", "off-peak 16:30–00:30 UTC". */
export function describeAdjustments(adjustments: Adjustments): string[] {
  const words: string[] = [];
  if (adjustments.serviceTier) words.push(`${adjustments.serviceTier} tier`);
  if (adjustments.endpoint) words.push(`${adjustments.endpoint} endpoint`);
  if (adjustments.offPeak) words.push(`off-peak ${adjustments.offPeak} UTC`);
  return words;
}
