import type { BillingHeader } from "./types.js";

/** The flag that sets each field of a report's `billing` object. */
export const BILLING_FLAGS: Record<keyof BillingHeader, string> = {
  batch: "--batch",
  cachedRatio: "--cached-ratio",
  cacheWriteRatio: "--cache-write-ratio",
  cacheTtl: "--cache-ttl",
  serviceTier: "--service-tier",
  endpoint: "--endpoint",
  at: "--at",
};

/**
 * A billing as it prices: a choice stated at its default (standard tier, regional endpoint, 5-minute
 * writes, no writes) bills as the choice left out, so the two compare equal; ratios compare as numbers.
 */
export function effectiveBilling(billing: BillingHeader): Record<keyof BillingHeader, string> {
  return {
    batch: String(billing.batch),
    cachedRatio: String(Number(billing.cachedRatio)),
    cacheWriteRatio: String(Number(billing.cacheWriteRatio ?? 0)),
    cacheTtl: billing.cacheWriteRatio === undefined ? "5m" : (billing.cacheTtl ?? "5m"),
    serviceTier: billing.serviceTier ?? "standard",
    endpoint: billing.endpoint ?? "regional",
    at: billing.at ?? "",
  };
}

/** The flags whose values bill `a` and `b` differently, e.g. ["--endpoint"]; empty when they bill alike. */
export function billingDifferences(a: BillingHeader, b: BillingHeader): string[] {
  const [x, y] = [effectiveBilling(a), effectiveBilling(b)];
  return (Object.keys(BILLING_FLAGS) as (keyof BillingHeader)[])
    .filter((key) => x[key] !== y[key])
    .map((key) => BILLING_FLAGS[key]);
}
