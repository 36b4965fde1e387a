import type { ModelResult } from "../core/types.js";
import { formatCount, formatUsdRange, printable } from "./format.js";

/** Above this (vendor ÷ estimate), the footnote says outright how much higher the real count may be. */
const PLAIN_ABOVE = 1.05;

/**
 * Footnotes for estimated rows whose tokenizer has an error band, one line per band and token range
 * (models counted alike share a line): "≈ estimated: claude-sonnet-5-5 could be 1,180–1,420 input tokens
 * (input $0.0035–$0.0043), band from …". A cost tool must not quietly under-report: past +5%
 * the line says how much higher the real count may be.
 */
export function errorBandNotes(results: readonly ModelResult[]): string[] {
  const groups = new Map<string, ModelResult[]>();
  for (const r of results) {
    if (!r.band || !r.inputTokensRange || r.inputTokensRange.high === 0) continue;
    const { low, high, against } = r.band;
    const key = JSON.stringify([low, high, against, r.inputTokensRange.low, r.inputTokensRange.high]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rows) => {
    const [first] = rows as [ModelResult, ...ModelResult[]];
    const band = first.band as NonNullable<ModelResult["band"]>;
    const tokens = first.inputTokensRange as NonNullable<ModelResult["inputTokensRange"]>;
    const costs = rows
      .map((r) => {
        const cost = r.inputCostRange ?? { low: r.inputCost, high: r.inputCost };
        const range = formatUsdRange(cost.low, cost.high);
        return rows.length === 1 ? range : `${printable(r.model)} ${range}`;
      })
      .join(", ");
    const models = rows.map((r) => printable(r.model)).join(", ");
    const higher =
      band.high > PLAIN_ABOVE ? `; the real count may be up to ${percentAbove(band.high)}% higher` : "";
    return `≈ estimated: ${models} could be ${formatCount(tokens.low)}–${formatCount(tokens.high)} input tokens (input ${costs}), band from ${printable(band.against)}${higher}`;
  });
}

/** How far above 1 a ratio is, in whole percent rounded up (1.183 → 19): never shown lower than it is. */
function percentAbove(ratio: number): number {
  return Math.ceil(Math.round((ratio - 1) * 1e6) / 1e4);
}
