import { usageError } from "../errors.js";
import { isPlainDecimal, parseScaledDecimal } from "../pricing/money.js";

// Strict grammars: Number("") is 0 and Number("0x10") is 16, so flag values are matched first.
const WHOLE = /^(0|[1-9][0-9]*)$/;

/** A whole number ≥ 0 written in decimal digits. */
export function parseWholeNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!WHOLE.test(value) || !Number.isSafeInteger(number)) {
    throw usageError(flag, `expected a whole number ≥ 0, got "${value}"`);
  }
  return number;
}

/** A whole number from `min` to `max` (a `unit` such as " seconds" is said after the range). */
export function parseWholeInRange(flag: string, value: string, min: number, max: number, unit = ""): number {
  const number = WHOLE.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max))
    throw usageError(flag, `expected ${min} to ${max}${unit}, got "${value}"`);
  return number;
}

/** A plain decimal ≥ 0 (no sign, exponent or hex), returned as written so it stays exact. */
export function parseDecimal(flag: string, value: string, max: number): string {
  if (!isPlainDecimal(value) || Number(value) > max) {
    throw usageError(flag, `expected a decimal number from 0 to ${max}, got "${value}"`);
  }
  return value;
}

/** An amount of US dollars (a plain decimal, at most 12 places) as exact picodollars. */
export function parseUsd(flag: string, value: string): bigint {
  const amount = parseScaledDecimal(value, 12);
  if (amount === null)
    throw usageError(flag, `expected an amount of US dollars such as 0.50, got "${value}"`);
  return amount;
}

/** A share from 0 to 1 (e.g. 0.5), as exact millionths. */
export function parseShare(flag: string, value: string): bigint {
  const share = parseScaledDecimal(value, 6);
  if (share === null || share > 1_000_000n)
    throw usageError(flag, `expected a share from 0 to 1 with at most 6 decimals, got "${value}"`);
  return share;
}

/**
 * A file path as given. An empty one (often an unset shell variable) is a usage error naming the
 * flag, not "no such file" about a file with no name.
 */
export function parsePath(flag: string): (value: string) => string {
  return (value) => {
    if (value === "") throw usageError(flag, "expected a file path, got an empty value");
    return value;
  };
}

/** Comma-separated names, added to those of earlier uses of the same flag. */
export function parseList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  ];
}
