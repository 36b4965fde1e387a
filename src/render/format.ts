import {
  divideRounded,
  PICO_PER_USD,
  type Picodollars,
  PRICE_DECIMALS,
  scaledToDecimal,
} from "../pricing/money.js";

/** 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return groupDigits(String(value));
}

/**
 * Money for people: cents from $1 up ("$1,234.57"), three significant digits below a dollar
 * ("$0.45", "$0.123", "$0.0000015"), so a non-zero cost never reads $0.00.
 */
export function formatUsd(amount: Picodollars): string {
  if (amount >= PICO_PER_USD) {
    const cents = divideRounded(amount, PICO_PER_USD / 100n);
    const whole = cents / 100n;
    return `$${groupDigits(whole.toString())}.${(cents % 100n).toString().padStart(2, "0")}`;
  }
  const digits = amount.toString().length;
  const rounded =
    digits > 3 ? divideRounded(amount, 10n ** BigInt(digits - 3)) * 10n ** BigInt(digits - 3) : amount;
  if (rounded >= PICO_PER_USD) return formatUsd(rounded);
  return `$${atLeastTwoDecimals(scaledToDecimal(rounded, 12))}`;
}

/** A per-token price in picodollars as USD per 1M tokens: "$2.50", "$0.075". */
export function formatPricePerMillion(pricePerToken: Picodollars): string {
  return `$${atLeastTwoDecimals(scaledToDecimal(pricePerToken, PRICE_DECIMALS))}`;
}

function atLeastTwoDecimals(decimal: string): string {
  const [whole, fraction = ""] = decimal.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

/** Context sizes as providers quote them: 128000 → "128k", 32768 → "32k", 1048576 → "1M". */
export function formatTokenSize(tokens: number): string {
  const scaled = (unit: number, binary: number) =>
    Number((tokens / (tokens % unit === 0 ? unit : binary)).toFixed(1));
  if (tokens >= 1_000_000) return `${scaled(1_000_000, 1_048_576)}M`;
  if (tokens >= 1_000) return `${Math.round(scaled(1_000, tokens % 1_024 === 0 ? 1_024 : 1_000))}k`;
  return String(tokens);
}

// C0 and C1 control characters: matching them is the point.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters (which could move the cursor or recolour the terminal) shown as escapes. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** RFC 4180 rows: fields quoted when they hold a comma, quote or line break; CRLF line ends. */
export function csvRows(rows: readonly (readonly string[])[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${rows.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}

/**
 * "1234567" → "1,234,567" (a sign and digits only). Written out rather than with Intl.NumberFormat,
 * whose first use costs ~15 ms of start-up for one comma rule.
 */
function groupDigits(digits: string): string {
  const sign = digits.startsWith("-") ? "-" : "";
  const body = sign ? digits.slice(1) : digits;
  return sign + body.replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Percent with its sign, from hundredths, to `places` decimals: (2500n, 1) → "+25", (-333n, 1) → "-3.3". */
export function formatPercent(hundredths: bigint, places: 0 | 1 | 2 = 2): string {
  const divisor = 10n ** BigInt(2 - places);
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  const text = decimal(rounded, places);
  return hundredths < 0n ? `-${text}` : hundredths > 0n ? `+${text}` : text;
}

function decimal(value: bigint, places: number): string {
  if (places === 0) return value.toString();
  const digits = value.toString().padStart(places + 1, "0");
  const fraction = digits.slice(-places).replace(/0+$/, "");
  return `${digits.slice(0, -places)}${fraction ? `.${fraction}` : ""}`;
}
