import { priceAt } from "../pricing/price-at.js";
import type { Model, PricePeriod } from "../pricing/types.js";

/**
 * Where a model stands on a date. One policy for every command and the library: a model named
 * explicitly is priced on sale or retired (at its last price, flagged); only a date before its first
 * price is an error. Models taken in by --all, --provider or the default set are priced only on sale.
 */
export type Standing =
  | { kind: "on-sale"; period: PricePeriod; retires?: string }
  | { kind: "retired"; period: PricePeriod; retired: string }
  | { kind: "not-launched"; launch: string }
  /** A date between two recorded price periods (a gap in the record). */
  | { kind: "no-price" };

export function standingOn(model: Model, date: string): Standing {
  const first = model.prices[0];
  if (!first || date < first.from) return { kind: "not-launched", launch: first?.from ?? date };
  if (model.retired !== undefined && date >= model.retired) {
    // The last price billed: the one in force the day before retirement.
    const period = priceAt(model, dayBefore(model.retired));
    return period ? { kind: "retired", period, retired: model.retired } : { kind: "no-price" };
  }
  const period = priceAt(model, date);
  if (!period) return { kind: "no-price" };
  // A retirement is announced from its deprecation date (when one is recorded): a run as of an
  // earlier date is not told of it.
  const announced =
    model.retired !== undefined && (model.deprecated === undefined || model.deprecated <= date);
  return announced ? { kind: "on-sale", period, retires: model.retired } : { kind: "on-sale", period };
}

/** Whether the model is on sale on the date (launched, not retired, with a price). */
export const onSaleOn = (model: Model, date: string) => standingOn(model, date).kind === "on-sale";

/** What a priced result says of the model's life: retired (priced at its last price) or retiring. */
export interface LifecycleMark {
  /** Retired on this date, before the run's date: priced at its last price. */
  retired?: string;
  /** An announced retirement after the run's date. */
  retires?: string;
  /** The replacement the provider names. */
  successor?: string;
  /** When that replacement has retired too: the first model on sale along the chain of successors. */
  successorOnSale?: string;
}

export function lifecycleMark(model: Model, standing: Standing, onSale?: string): LifecycleMark {
  const mark: LifecycleMark = {};
  if (standing.kind === "retired") mark.retired = standing.retired;
  if (standing.kind === "on-sale" && standing.retires !== undefined) mark.retires = standing.retires;
  if ((mark.retired ?? mark.retires) !== undefined && model.successor !== undefined) {
    mark.successor = model.successor;
    if (onSale !== undefined && onSale !== model.successor) mark.successorOnSale = onSale;
  }
  return mark;
}

/** One line for stderr about a retired or retiring model that was named, or undefined. */
export function lifecycleWarning(mark: LifecycleMark): string | undefined {
  const now = mark.successorOnSale ? ` (retired too; on sale: ${mark.successorOnSale})` : "";
  const successor = mark.successor ? `; successor: ${mark.successor}${now}` : "";
  if (mark.retired !== undefined)
    return `retired on ${mark.retired}, priced at its last price${successor}; --as-of ${dayBefore(mark.retired)} prices it on a date it was on sale`;
  if (mark.retires !== undefined) return `retires on ${mark.retires}${successor}`;
  return undefined;
}

/** The calendar day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * For a date after today: the models whose prices past today are not recorded (no announced period
 * starts after today), so the run prices them at today's price. Announced changes that are recorded
 * as dated periods are used as they are.
 */
export function withoutAnnouncedPrices(models: readonly Model[], today: string): Model[] {
  return models.filter((model) => !model.prices.some((period) => period.from > today));
}
