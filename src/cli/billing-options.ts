import { parseCachedRatio, timeOfDay } from "../api-billing.js";
import { CACHE_TTLS } from "../core/billing.js";
import { ENDPOINTS, SERVICE_TIERS } from "../core/billing-adjust.js";
import { choiceOption, inGroup, valueOption } from "./option-records.js";

/**
 * How requests are billed beyond batch and cached reads (docs/billing-units.md): cache writes and their
 * TTL, the service tier, a host's endpoint, the time of day. The library's parsers check the values, so
 * the CLI and the library say the same (their errors name the flag).
 */
export const BILLING_OPTIONS = inGroup("billing", {
  cacheWriteRatio: valueOption(
    "--cache-write-ratio <r>",
    "share of input tokens billed as cache writes, from 0 to 1 (with --cached-ratio, at most 1 in all)",
    (value) => {
      parseCachedRatio(value, "cacheWriteRatio");
      return value;
    },
  ),
  cacheTtl: choiceOption(
    "--cache-ttl <ttl>",
    "how long cache writes are kept: 5m, or 1h (Anthropic bills 1-hour writes at 2× input); needs --cache-write-ratio",
    CACHE_TTLS,
  ),
  serviceTier: choiceOption(
    "--service-tier <tier>",
    "standard, flex or priority (OpenAI, Gemini); a model without the tier's price is not priced",
    SERVICE_TIERS,
  ),
  endpoint: choiceOption(
    "--endpoint <kind>",
    "a host's endpoint: regional (the default, the dearer: in-region or geographic) or global (cross-region)",
    ENDPOINTS,
  ),
  at: valueOption(
    "--at <HH:MM>",
    "time of day the requests are sent, UTC: off-peak prices apply in their windows (default: standard hours)",
    timeOfDay,
  ),
});
