import { type BillingMode, CACHE_TTLS } from "./core/billing.js";
import { ENDPOINTS, SERVICE_TIERS } from "./core/billing-adjust.js";
import { optionError } from "./errors.js";
import { isPlainDecimal, PRICE_DECIMALS, parseScaledDecimal, scaledToDecimal } from "./pricing/money.js";

/** The billing options of an estimate request (EstimateRequest's, in api.ts). */
export interface BillingOptions {
  batch?: boolean;
  cachedRatio?: string | number;
  cacheWriteRatio?: string | number;
  cacheTtl?: string;
  serviceTier?: string;
  endpoint?: string;
  at?: string;
}

const ONE = 1_000_000n;

/**
 * The billing mode a request asks for, checked (an option a reason names is in backquotes: the CLI says
 * it as its flag): each value, and the combinations that cannot be billed
 * (cache reads and writes over the whole input; a TTL without writes; a service tier in batch).
 */
export function billingMode(request: BillingOptions): BillingMode {
  const mode: BillingMode = {
    batch: request.batch ?? false,
    cachedShare: request.cachedRatio === undefined ? 0n : parseCachedRatio(request.cachedRatio),
  };
  if (request.cacheWriteRatio !== undefined) {
    mode.cacheWriteShare = parseCachedRatio(request.cacheWriteRatio, "cacheWriteRatio");
    if (mode.cachedShare + mode.cacheWriteShare > ONE)
      throw optionError(
        "cacheWriteRatio",
        `with \`cachedRatio\` ${request.cachedRatio}, at most ${share(ONE - mode.cachedShare)} of input is left to write to the cache (reads and writes are shares of the same input)`,
      );
  }
  if (request.cacheTtl !== undefined) {
    mode.cacheTtl = oneOf("cacheTtl", request.cacheTtl, CACHE_TTLS);
    if (request.cacheWriteRatio === undefined)
      throw optionError("cacheTtl", "needs `cacheWriteRatio`: the share of input written to the cache");
  }
  if (request.serviceTier !== undefined) {
    mode.serviceTier = oneOf("serviceTier", request.serviceTier, SERVICE_TIERS);
    if (mode.batch && mode.serviceTier !== "standard")
      throw optionError(
        "serviceTier",
        `cannot be combined with \`batch\`: Batch API requests have no ${mode.serviceTier} tier`,
      );
  }
  if (request.endpoint !== undefined) mode.endpoint = oneOf("endpoint", request.endpoint, ENDPOINTS);
  if (request.at !== undefined) mode.at = timeOfDay(request.at);
  return mode;
}

/**
 * The share of input tokens billed as cached reads ("0.8"), as exact millionths: the one parser of
 * `cachedRatio` and `cacheWriteRatio`, the CLI's `--cached-ratio` included.
 */
export function parseCachedRatio(
  ratio: string | number,
  option: "cachedRatio" | "cacheWriteRatio" = "cachedRatio",
): bigint {
  const text = String(ratio);
  const parsed = parseScaledDecimal(text, PRICE_DECIMALS);
  // A plain decimal with more places than a share keeps is told apart from one that is no share at all.
  if (parsed === null && isPlainDecimal(text) && Number(text) <= 1)
    throw optionError(option, `expected a share from 0 to 1, got "${ratio}"`);
  if (parsed === null || parsed > ONE)
    throw optionError(option, `expected a decimal number from 0 to 1, got "${ratio}"`);
  return parsed;
}

/** A time of day, UTC, "HH:MM" from 00:00 to 23:59: the one parser of `at` (the CLI's `--at`). */
export function timeOfDay(text: string): string {
  if (typeof text !== "string" || !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(text))
    throw optionError("at", `expected a time of day, UTC, as HH:MM from 00:00 to 23:59, got "${text}"`);
  return text;
}

function oneOf<const C extends readonly string[]>(option: string, value: string, choices: C): C[number] {
  if (!(choices as readonly string[]).includes(value))
    throw optionError(option, `expected ${choices.join(", ")}, got "${value}"`);
  return value as C[number];
}

const share = (millionths: bigint) => scaledToDecimal(millionths, PRICE_DECIMALS);
