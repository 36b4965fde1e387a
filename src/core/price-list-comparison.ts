import { namesOf } from "../pricing/catalog.js";
import type { Picodollars } from "../pricing/money.js";
import { priceAt } from "../pricing/price-at.js";
import type { Catalog, Model, PricePeriod } from "../pricing/types.js";
import { STANDARD_BILLING, unavailableReason } from "./billing.js";
import { matchModel } from "./select-models.js";

export const COMPARED_FIELDS = ["input", "output", "cachedInput", "batchInput", "batchOutput"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface PriceDifference {
  model: string;
  /** The id the other list uses, when it differs. */
  otherId: string;
  field: ComparedField;
  ours: Picodollars;
  theirs: Picodollars;
  /** (theirs − ours) / ours × 100; Infinity when ours is 0. */
  percent: number;
}

/** `pricing check --against`: how the catalogue's prices compare with another price list's. */
export interface PriceListComparison {
  compared: number;
  /** Ids in the other list that the catalogue does not know. */
  unknown: string[];
  differences: PriceDifference[];
}

/**
 * Compares the prices in force on `date` of every model of `others` that the catalogue knows (by id
 * or alias) and keeps the differences larger than `thresholdPercent`.
 */
export function comparePrices(
  catalog: Catalog,
  others: readonly Model[],
  date: string,
  thresholdPercent: number,
): PriceListComparison {
  const result: PriceListComparison = { compared: 0, unknown: [], differences: [] };
  for (const other of others) {
    const ours = matchModel(catalog, namesOf(other), date);
    if (!ours) {
      result.unknown.push(other.id);
      continue;
    }
    const a = priceAt(ours, date);
    const b = priceAt(other, date);
    // Only models on sale that day on both sides: a retired model's last price is no disagreement.
    if (
      !a ||
      !b ||
      unavailableReason(ours, a, date, STANDARD_BILLING) ||
      unavailableReason(other, b, date, STANDARD_BILLING)
    )
      continue;
    result.compared++;
    for (const field of COMPARED_FIELDS) {
      const difference = differenceOf(a, b, field);
      if (difference !== undefined && Math.abs(difference) > thresholdPercent) {
        result.differences.push({
          model: ours.id,
          otherId: other.id,
          field,
          ours: a[field] ?? 0n,
          theirs: b[field] ?? 0n,
          percent: difference,
        });
      }
    }
  }
  return result;
}

function differenceOf(a: PricePeriod, b: PricePeriod, field: ComparedField): number | undefined {
  const ours = a[field];
  const theirs = b[field];
  if (ours === undefined || theirs === undefined || ours === theirs) return undefined;
  if (ours === 0n) return Number.POSITIVE_INFINITY;
  return (Number(theirs - ours) / Number(ours)) * 100;
}
