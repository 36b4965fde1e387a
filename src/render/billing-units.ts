import type { Estimate, ModelResult } from "../core/types.js";
import { countOf } from "./format.js";

/** CSV columns of the billing units, named as JSON names them (empty where a row has none). */
export const BILLING_UNIT_COLUMNS = [
  "cacheWriteTokens",
  "unit",
  "inputCharacters",
  "outputCharacters",
  "serviceTier",
  "endpoint",
  "offPeak",
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
      `Cache writes: ${billing.cacheWriteRatio} of input tokens billed as ${billing.cacheTtl === "1h" ? "1-hour" : "5-minute"} cache writes (--cache-write-ratio${billing.cacheTtl ? `, --cache-ttl ${billing.cacheTtl}` : ""})`,
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
