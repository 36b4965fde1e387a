import type { Picodollars } from "./money.js";
import { clockOf, minutesOf, windowCovers } from "./off-peak.js";
import type { OffPeakWindow, PriceOverride, PricePeriod, PriceTier, Weekday } from "./types.js";
import { WEEKDAYS } from "./types.js";

/**
 * The price-period fields of billing units other than plain tokens (docs/billing-units.md): per-character
 * billing, 1-hour cache writes, service tiers, regional endpoints and off-peak windows. Read here so
 * that validate.ts keeps to the fields every period has.
 */
export const UNIT_PERIOD_KEYS = ["unit", "cacheWrite1h", "serviceTiers", "regional", "offPeak"];

type Path = readonly (string | number)[];
type JsonObject = Record<string, unknown>;
type Fail = (path: Path, reason: string) => Error;

/** validate.ts's readers, passed in (validate.ts imports this file). */
export interface Readers {
  object(
    value: unknown,
    path: Path,
    fail: Fail,
    keys: { required: string[]; optional: string[] },
  ): JsonObject;
  price(value: unknown, path: Path, fail: Fail): Picodollars;
  tiers(value: unknown, path: Path, fail: Fail): PriceTier[];
}

const OVERRIDE_PRICES = ["cachedInput", "cacheWrite", "cacheWrite1h", "batchInput", "batchOutput"] as const;
const TIER_NAMES = ["flex", "priority"] as const;
const TIME = /^(?:([01][0-9]|2[0-3]):([0-5][0-9])|24:00)$/;
const MINUTES_PER_DAY = 24 * 60;

/** Reads the unit fields of one period's JSON object `p` into `period` (checked at `at`). */
export function readUnitFields(
  p: JsonObject,
  period: PricePeriod,
  at: Path,
  fail: Fail,
  readers: Readers,
): void {
  const { object } = readers;
  if (p.unit !== undefined) {
    if (p.unit !== "character") throw fail([...at, "unit"], 'must be "character" (leave it out for tokens)');
    period.unit = "character";
  }
  if (p.cacheWrite1h !== undefined)
    period.cacheWrite1h = readers.price(p.cacheWrite1h, [...at, "cacheWrite1h"], fail);
  checkWrites(period, at, fail);
  period.tiers?.forEach((tier, index) => {
    if (tier.batchInput !== undefined && period.batchInput === undefined)
      throw fail(
        [...at, "tiers", index, "batchInput"],
        "a tier's batch price needs the period's batch prices",
      );
    checkBatch(tier, [...at, "tiers", index], fail);
    checkWrites(tier, [...at, "tiers", index], fail);
  });
  if (p.serviceTiers !== undefined) {
    const path = [...at, "serviceTiers"];
    const record = object(p.serviceTiers, path, fail, { required: [], optional: [...TIER_NAMES] });
    const serviceTiers: NonNullable<PricePeriod["serviceTiers"]> = {};
    for (const name of TIER_NAMES) {
      if (record[name] === undefined) continue;
      serviceTiers[name] = override(record[name], [...path, name], fail, ["tiers"], readers);
    }
    if (Object.keys(serviceTiers).length === 0) throw fail(path, "names no tier (flex, priority)");
    // flex ≤ standard ≤ priority: a tier out of that order is a typo, and the estimate's laws rest on it.
    for (const key of ["input", "output"] as const) {
      if (serviceTiers.flex && serviceTiers.flex[key] > period[key])
        throw fail([...path, "flex", key], `is higher than the standard price`);
      if (serviceTiers.priority && serviceTiers.priority[key] < period[key])
        throw fail([...path, "priority", key], `is lower than the standard price`);
    }
    period.serviceTiers = serviceTiers;
  }
  if (p.regional !== undefined) {
    const path = [...at, "regional"];
    period.regional = override(p.regional, path, fail, ["batchInput", "batchOutput"], readers);
    // The regional endpoint is the dearer (Bedrock's in-region uplift): the default, so never under.
    for (const key of ["input", "output"] as const)
      if (period.regional[key] < period[key])
        throw fail([...path, key], "is lower than the global price (the period's own)");
  }
  if (p.offPeak !== undefined) {
    const path = [...at, "offPeak"];
    period.offPeak = offPeak(p.offPeak, path, fail, readers);
    // Off-peak is a discount: a window dearer than standard hours is a typo.
    period.offPeak.forEach((window, index) => {
      for (const key of ["input", "output"] as const)
        if (window[key] > period[key])
          throw fail([...path, index, key], "is higher than the standard-hours price");
    });
  }
}

/** A batch price above the standard one it discounts is a typo (a tier's, or an override's). */
function checkBatch(prices: PriceOverride | PriceTier, at: Path, fail: Fail): void {
  if (prices.batchInput !== undefined && prices.batchInput > prices.input)
    throw fail([...at, "batchInput"], "is higher than the input price");
  if (prices.batchOutput !== undefined && prices.batchOutput > prices.output)
    throw fail([...at, "batchOutput"], "is higher than the output price");
}

/** 1-hour cache writes cost at least 5-minute ones (Anthropic's 2× against 1.25× input). */
function checkWrites(prices: Pick<PricePeriod, "cacheWrite" | "cacheWrite1h">, at: Path, fail: Fail): void {
  if (
    prices.cacheWrite1h !== undefined &&
    prices.cacheWrite !== undefined &&
    prices.cacheWrite1h < prices.cacheWrite
  )
    throw fail([...at, "cacheWrite1h"], "is lower than the 5-minute cache-write price (cacheWrite)");
}

/** A block of prices that replaces a period's: input and output, and any of `extra` besides the cache prices. */
function override(
  value: unknown,
  path: Path,
  fail: Fail,
  extra: readonly string[],
  readers: Readers,
): PriceOverride {
  const optional = ["cachedInput", "cacheWrite", "cacheWrite1h", ...extra];
  const record = readers.object(value, path, fail, { required: ["input", "output"], optional });
  return readOverride(record, path, fail, readers);
}

function readOverride(record: JsonObject, path: Path, fail: Fail, readers: Readers): PriceOverride {
  const { price, tiers } = readers;
  const result: PriceOverride = {
    input: price(record.input, [...path, "input"], fail),
    output: price(record.output, [...path, "output"], fail),
  };
  for (const key of OVERRIDE_PRICES) {
    if (record[key] !== undefined) result[key] = price(record[key], [...path, key], fail);
  }
  if ((result.batchInput === undefined) !== (result.batchOutput === undefined))
    throw fail(
      [...path, result.batchInput === undefined ? "batchInput" : "batchOutput"],
      "batch prices come in pairs",
    );
  if (result.cachedInput !== undefined && result.cachedInput > result.input)
    throw fail([...path, "cachedInput"], "is higher than the input price");
  checkBatch(result, path, fail);
  checkWrites(result, path, fail);
  if (record.tiers !== undefined) result.tiers = tiers(record.tiers, [...path, "tiers"], fail);
  result.tiers?.forEach((tier, index) => {
    checkBatch(tier, [...path, "tiers", index], fail);
    checkWrites(tier, [...path, "tiers", index], fail);
  });
  return result;
}

function offPeak(value: unknown, path: Path, fail: Fail, readers: Readers): OffPeakWindow[] {
  if (!Array.isArray(value) || value.length === 0)
    throw fail(path, "must be a non-empty array of time windows");
  const windows = value.map((entry, index): OffPeakWindow => {
    const at = [...path, index];
    const record = readers.object(entry, at, fail, {
      required: ["start", "end", "input", "output"],
      optional: ["days", "cachedInput", "cacheWrite", "cacheWrite1h"],
    });
    const start = time(record.start, [...at, "start"], fail);
    const end = time(record.end, [...at, "end"], fail);
    if (start === "24:00") throw fail([...at, "start"], "must be a time from 00:00 to 23:59");
    if (start === end) throw fail([...at, "end"], "must differ from start");
    const window: OffPeakWindow = { start, end, ...readOverride(record, at, fail, readers) };
    if (record.days !== undefined) window.days = days(record.days, [...at, "days"], fail);
    return window;
  });
  // Every minute of the week falls in at most one window: which price applies is never a matter of order.
  // Windows are intervals on the week, and two intervals share a minute only if one starts inside the
  // other: checking each window's starts finds the first shared minute without walking all 10,080
  // (which cost ~60 ms of every run's start-up); `test/unit/off-peak-overlap.test.ts` checks it against the walk.
  // A shared stretch that wraps past Saturday midnight is first met at Sunday 00:00.
  let first = windows.filter((window) => windowCovers(window, 0, 0)).length > 1 ? 0 : undefined;
  windows.forEach((window, index) => {
    const start = minutesOf(window.start);
    for (let day = 0; day < 7; day++) {
      const others = windows.filter((other, j) => j !== index && windowCovers(other, day, start));
      const startsHere = windowCovers(window, day, start);
      if (startsHere && others.length > 0) first = Math.min(first ?? Infinity, day * MINUTES_PER_DAY + start);
    }
  });
  if (first !== undefined) {
    const day = Math.floor(first / MINUTES_PER_DAY);
    throw fail(
      path,
      `windows overlap (${WEEKDAYS[day]} ${clockOf(first % MINUTES_PER_DAY)} UTC falls in two)`,
    );
  }
  return windows;
}

function time(value: unknown, path: Path, fail: Fail): string {
  if (typeof value !== "string" || !TIME.test(value))
    throw fail(path, 'must be a time of day, UTC, as "HH:MM" (00:00 to 24:00)');
  return value;
}

function days(value: unknown, path: Path, fail: Fail): Weekday[] {
  if (!Array.isArray(value) || value.length === 0)
    throw fail(path, `must be a non-empty array of ${WEEKDAYS.join(", ")}`);
  return value.map((day, index) => {
    if (typeof day !== "string" || !(WEEKDAYS as readonly string[]).includes(day))
      throw fail([...path, index], `must be one of ${WEEKDAYS.join(", ")}`);
    if (value.indexOf(day) !== index) throw fail([...path, index], "appears twice");
    return day as Weekday;
  });
}
