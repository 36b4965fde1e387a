import type { Model, PricePeriod } from "./types.js";

/** The price period in force on `date` (YYYY-MM-DD), or undefined if the model had no price then. */
export function priceAt(model: Model, date: string): PricePeriod | undefined {
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const period = model.prices[i];
    if (period && period.from <= date)
      return period.to === undefined || date < period.to ? period : undefined;
  }
  return undefined;
}
