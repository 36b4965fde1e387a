import { overridden } from "../core/billing-adjust.js";
import type { Estimate, ModelResult } from "../core/types.js";
import { type Picodollars, toUsdPerMillion } from "../pricing/money.js";
import type { PriceOverride, PricePeriod } from "../pricing/types.js";
import { countOf, formatPricePerMillion } from "./format.js";

/** CSV columns of the billing units, named as JSON names them (empty where a row has none). */
export const BILLING_UNIT_COLUMNS = [
  "cacheWriteTokens",
  "unit",
  "inputCharacters",
  "outputCharacters",
  "serviceTier",
  "endpoint",
  "offPeak",
  "cachedInputCharacters",
  "cacheWriteCharacters",
] as const;

export function billingUnitCells(r: ModelResult): string[] {
  const text = (value: unknown) => (value === undefined ? "" : String(value));
  return [
    String(r.cacheWriteTokens ?? 0),
    r.unit ?? "token",
    text(r.inputCharacters),
    text(r.outputCharacters),
    text(r.serviceTier),
    text(r.endpoint),
    text(r.offPeak),
    // cachedInputTokens and cacheWriteTokens by their unit's name, for a per-character price.
    r.unit === "character" ? String(r.cachedInputTokens) : "",
    r.unit === "character" ? String(r.cacheWriteTokens ?? 0) : "",
  ];
}

/**
 * The table's lines on billing units: the cache writes asked for, the models billed per character,
 * and the service tier, endpoint and off-peak window each model was priced at.
 */
export function billingUnitNotes(estimate: Pick<Estimate, "billing" | "results">): string[] {
  const { billing, results } = estimate;
  const lines: string[] = [];
  if (billing.cacheWriteRatio !== undefined)
    lines.push(
      `Cache writes: ${billing.cacheWriteRatio} of input tokens billed as ${billing.cacheTtl === "1h" ? "1-hour" : "5-minute"} cache writes where a model prices them (--cache-write-ratio${billing.cacheTtl ? `, --cache-ttl ${billing.cacheTtl}` : ""})`,
    );
  for (const r of results.filter((each) => each.unit === "character")) {
    const input = countOf(r.inputCharacters ?? 0, "input character");
    const output = countOf(r.outputCharacters ?? 0, "output character");
    lines.push(
      `Per character: ${r.model} bills characters, not tokens (white space excluded): ${input}, ${output} (4 per output token); its prices are USD per 1M characters`,
    );
  }
  const groups = new Map<string, string[]>();
  const add = (label: string, model: string) => groups.set(label, [...(groups.get(label) ?? []), model]);
  for (const r of results) {
    if (r.serviceTier) add(`${r.serviceTier} service tier (--service-tier)`, r.model);
    if (r.endpoint)
      add(
        `${r.endpoint} endpoint (--endpoint${billing.endpoint ? "" : "; regional unless global is asked for"})`,
        r.model,
      );
    if (r.offPeak) add(`off-peak prices, ${r.offPeak} UTC (--at ${billing.at})`, r.model);
  }
  for (const [label, models] of groups) lines.push(`Priced at: ${label}: ${models.join(", ")}`);
  return lines;
}

const usd = (value: Picodollars | undefined) => (value === undefined ? undefined : toUsdPerMillion(value));

/** An override's prices as JSON (USD per 1M), its long-context tiers as the period's are written. */
function overrideJson(o: PriceOverride) {
  return {
    input: usd(o.input),
    output: usd(o.output),
    cachedInput: usd(o.cachedInput),
    cacheWrite: usd(o.cacheWrite),
    cacheWrite1h: usd(o.cacheWrite1h),
    batchInput: usd(o.batchInput),
    batchOutput: usd(o.batchOutput),
    tiers: o.tiers?.map((t) => ({ above: t.above, input: usd(t.input), output: usd(t.output) })),
  };
}

/** A period's billing-unit fields as `llmcost models --format json` lists them (absent when it has none). */
export function periodUnitsJson(p: PricePeriod) {
  return {
    unit: p.unit,
    cacheWrite1h: usd(p.cacheWrite1h),
    serviceTiers: p.serviceTiers && {
      flex: p.serviceTiers.flex && overrideJson(p.serviceTiers.flex),
      priority: p.serviceTiers.priority && overrideJson(p.serviceTiers.priority),
    },
    regional: p.regional && overrideJson(p.regional),
    offPeak: p.offPeak?.map((w) => ({ start: w.start, end: w.end, days: w.days, ...overrideJson(w) })),
  };
}

/** A period's billing units in words, for `llmcost models ID`: one line each. */
export function periodUnitsText(p: PricePeriod): string[] {
  const money = (value: Picodollars) => formatPricePerMillion(value);
  const pair = (o: PriceOverride) => `${money(o.input)}/${money(o.output)}`;
  const lines: string[] = [];
  if (p.unit === "character")
    lines.push("billed per character (prices per 1M characters, white space excluded)");
  if (p.cacheWrite1h !== undefined) lines.push(`1-hour cache write ${money(p.cacheWrite1h)}`);
  if (p.serviceTiers?.flex) lines.push(`flex tier ${pair(p.serviceTiers.flex)}`);
  if (p.serviceTiers?.priority) lines.push(`priority tier ${pair(p.serviceTiers.priority)}`);
  if (p.regional) lines.push(`regional endpoint ${pair(p.regional)} (the prices above: global)`);
  for (const w of p.offPeak ?? [])
    lines.push(`off-peak ${w.start}–${w.end} UTC${w.days ? ` ${w.days.join(",")}` : ""} ${pair(w)}`);
  return lines;
}

/**
 * The price `llmcost estimate` uses for a period when no billing flag is given: a host's regional
 * endpoint where it prices two (the default, the dearer), else the period's own. `llmcost models`
 * lists this, so the two agree; `endpoint` says when it is the regional price.
 */
export function defaultPrice(
  p: PricePeriod,
  namedEndpoint?: "regional" | "global",
): { price: PricePeriod; endpoint?: "regional" } {
  // A model named by an id that says its endpoint (Bedrock's global.…) is priced there.
  if (!p.regional || namedEndpoint === "global") return { price: p };
  return { price: overridden(p, p.regional), endpoint: "regional" };
}

/** Markers of the models table's price cells, and the footnotes they refer to. */
export const PER_CHARACTER_MARK = "¹";
export const REGIONAL_MARK = "²";
export const PER_CHARACTER_NOTE = `${PER_CHARACTER_MARK} USD per 1M characters (white space excluded), not tokens: billed per character`;
export const REGIONAL_NOTE = `${REGIONAL_MARK} the regional endpoint's price, which estimate uses unless --endpoint global is given (llmcost models ID lists both)`;
