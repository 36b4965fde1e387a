import type { Estimate } from "./types.js";

/** Days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The priced models whose price was last checked more than `maxDays` before `today`. A retired
 * model's last price is history, not a price to re-check: it is never stale (else the calendar alone
 * would turn a green run red).
 */
export function stalePrices(estimate: Estimate, today: string, maxDays: number) {
  return estimate.results
    .filter((result) => result.retired === undefined && daysBetween(result.priceChecked, today) > maxDays)
    .map((result) => ({ model: result.model, checked: result.priceChecked }));
}
