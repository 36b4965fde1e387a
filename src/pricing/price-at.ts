import type { AliasPeriod, Model, PricePeriod } from "./types.js";

/** The price period in force on `date` (YYYY-MM-DD), or undefined if the model had no price then. */
export function priceAt(model: Model, date: string): PricePeriod | undefined {
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const period = model.prices[i];
    if (period && period.from <= date)
      return period.to === undefined || date < period.to ? period : undefined;
  }
  return undefined;
}

/**
 * The period of a dated alias in force on a date; after the last ended, the last (the name stopped
 * with its model's retirement). Before the first, or between two periods, none: the name meant a
 * model the price list does not have (gpt-3.5-turbo was gpt-3.5-turbo-0301 before 2023-06-27), or
 * nothing yet.
 */
export function aliasPeriodOn(periods: readonly AliasPeriod[], date: string): AliasPeriod | undefined {
  const current = periods.find((p) => (p.from ?? "") <= date && (p.to === undefined || date < p.to));
  if (current) return current;
  const last = periods.at(-1);
  if (last && date >= (last.to ?? "9999-12-31")) return last;
  return undefined;
}
