import { scaleUp } from "./money.js";
import type { Model, PricePeriod, PriceTier } from "./types.js";

/**
 * A host's listing of a model whose maker bills long prompts dearer (OpenAI's gpt-5.4 above 272K input
 * tokens, Gemini Pro above 200K) but whose own recorded price has no such tier: no dated source gave
 * the host's long-context price. Priced at its base price, a 400K prompt would come out at half the
 * bill, silently. So each such period gets the served model's tiers at the host's prices, in the
 * served model's proportion (tier input ÷ base input, tier output ÷ base output, rounded up to the
 * picodollar), and says so in `tiersInferredFrom`; a run that passes such a tier prints a note.
 * A period that gives its own tiers, or says with `pricedUpTo` how far its price is known, is the
 * host's own word and is kept as written.
 */
export function withInferredTiers(listing: Model, served: Model): PricePeriod[] {
  if (!listing.prices.some(needsTiers)) return listing.prices as PricePeriod[];
  return listing.prices.flatMap((period) => (needsTiers(period) ? splitByServed(period, served) : [period]));
}

function needsTiers(period: PricePeriod): boolean {
  return period.tiers === undefined && period.pricedUpTo === undefined && period.unit !== "character";
}

/**
 * The host's period cut where the served model's prices change, each part with the tiers of the
 * served price in force then (a maker dropping its long-context premium ends the inferred tier too).
 */
function splitByServed(period: PricePeriod, served: Model): PricePeriod[] {
  const end = period.to ?? "9999-12-31";
  const parts: PricePeriod[] = [];
  for (const basis of served.prices) {
    // Dates as YYYY-MM-DD compare as strings: the later of the two starts. (Not localeCompare: the
    // collator it makes on first use cost ~10 ms of every start-up, and the order is the same here.)
    let from = period.from;
    if (basis.from > from) from = basis.from;
    const to = basis.to === undefined || basis.to > end ? end : basis.to;
    if (from >= to) continue;
    parts.push(partOf(period, from, to, basis, served.id));
  }
  // Before the served model's first price (a host that listed it earlier), the host's price as written.
  const first = parts[0];
  if (!first) return [period];
  if (first.from > period.from) parts.unshift(partOf(period, period.from, first.from));
  // Merge neighbours that came out alike (no tiers on either side of a served price change).
  const merged: PricePeriod[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && !last.tiers && !part.tiers && last.pricedUpTo === part.pricedUpTo) last.to = part.to;
    else merged.push(part);
  }
  const lastPart = merged[merged.length - 1] as PricePeriod;
  if (period.to === undefined) delete lastPart.to;
  if (merged.length === 1 && merged[0]?.tiers === undefined && merged[0]?.pricedUpTo === undefined)
    return [period];
  return merged;
}

function partOf(period: PricePeriod, from: string, to: string, basis?: PricePeriod, servedId?: string) {
  const part: PricePeriod = { ...period, from, to };
  delete part.tiers;
  if (basis?.tiers?.length && basis.unit !== "character" && servedId) {
    part.tiers = basis.tiers.map((tier) => inProportion(tier, basis, period));
    part.tiersInferredFrom = servedId;
  }
  // Where the maker's own price is known only so far, the host's in proportion is too.
  if (basis?.pricedUpTo !== undefined) part.pricedUpTo = basis.pricedUpTo;
  return part;
}

function inProportion(tier: PriceTier, basis: PricePeriod, period: PricePeriod): PriceTier {
  const result: PriceTier = {
    above: tier.above,
    input: scaleUp(period.input, tier.input, basis.input),
    output: scaleUp(period.output, tier.output, basis.output),
  };
  // A tier's cache prices the maker states follow theirs; one it leaves out follows the tier's input
  // when billed (billing.ts), for the host as for the maker.
  for (const key of ["cachedInput", "cacheWrite", "cacheWrite1h"] as const) {
    const own = period[key];
    const tierValue = tier[key];
    if (own !== undefined && tierValue !== undefined)
      result[key] = scaleUp(own, tierValue, basis[key] ?? basis.input);
  }
  return result;
}
