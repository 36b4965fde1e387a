import { PRICE_DECIMALS, parseScaledDecimal } from "../../pricing/money.js";
import { CACHE_TTLS, type CacheTtl } from "../billing.js";
import { ENDPOINTS, type Endpoint, SERVICE_TIERS, type ServiceTier } from "../billing-adjust.js";
import type { JsonObject } from "../json-shape.js";

/** How a saved report was billed, as a diff against it reads it back (its `billing` object). */
export interface BaselineBilling {
  batch: boolean;
  cachedRatio: string;
  cacheWriteRatio?: string;
  cacheTtl?: CacheTtl;
  serviceTier?: ServiceTier;
  endpoint?: Endpoint;
  at?: string;
}

/** The billing units beyond batch and cached reads, each present in a report when the run asked for it. */
export const BASELINE_UNITS = ["cacheWriteRatio", "cacheTtl", "serviceTier", "endpoint", "at"] as const;

type Bad = (path: (string | number)[], expected: string) => Error;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * A report's billing units (docs/billing-units.md), checked: a diff prices its new side with them, so
 * that both sides are billed alike. Absent fields are the defaults (a report before these units has none).
 */
export function baselineUnits(billing: JsonObject, bad: Bad): Omit<BaselineBilling, "batch" | "cachedRatio"> {
  const units: Omit<BaselineBilling, "batch" | "cachedRatio"> = {};
  if (billing.cacheWriteRatio !== undefined) {
    const ratio = typeof billing.cacheWriteRatio === "number" ? String(billing.cacheWriteRatio) : "";
    const millionths = parseScaledDecimal(ratio, PRICE_DECIMALS);
    if (millionths === null || millionths > 1_000_000n)
      throw bad(["billing", "cacheWriteRatio"], "a share from 0 to 1");
    units.cacheWriteRatio = ratio;
  }
  const oneOf = <C extends readonly string[]>(key: string, choices: C): C[number] | undefined => {
    const value = billing[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !choices.includes(value))
      throw bad(["billing", key], choices.map((choice) => `"${choice}"`).join(", "));
    return value;
  };
  const ttl = oneOf("cacheTtl", CACHE_TTLS);
  if (ttl) units.cacheTtl = ttl;
  const tier = oneOf("serviceTier", SERVICE_TIERS);
  if (tier) units.serviceTier = tier;
  const endpoint = oneOf("endpoint", ENDPOINTS);
  if (endpoint) units.endpoint = endpoint;
  if (billing.at !== undefined) {
    if (typeof billing.at !== "string" || !TIME.test(billing.at))
      throw bad(["billing", "at"], 'a time of day, UTC, "HH:MM"');
    units.at = billing.at;
  }
  return units;
}
