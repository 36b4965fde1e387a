/**
 * Checks over parsed JSON shared by every document reader (baselines, shards, calibration profiles,
 * request payloads): each reader words its own errors, these only say whether a value has the shape.
 */

/** A parsed JSON object (not null, not a list). */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A whole number ≥ 0 that a JavaScript number holds exactly (a token or byte count). */
export const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** An object with both ends of a range, `{ low, high }` (their values not yet checked). */
export const isPair = (value: unknown): value is { low: unknown; high: unknown } =>
  isObject(value) && "low" in value && "high" in value;

/** `{ low, high }` in whole numbers ≥ 0. */
export const isCountPair = (value: unknown): value is { low: number; high: number } =>
  isPair(value) && isCount(value.low) && isCount(value.high);
