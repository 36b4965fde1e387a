/**
 * Exact money. Amounts are bigint picodollars (1e-12 USD). A price of X USD per million tokens with at
 * most six decimals is then an integer number of picodollars per token, so cost = tokens × price is
 * exact and sums never drift. Rounding happens only when rendering.
 */
export type Picodollars = bigint;

export const PICO_PER_USD = 10n ** 12n;
/** Decimals allowed in a per-million price: 6 keeps the per-token price an integer in picodollars. */
export const PRICE_DECIMALS = 6;

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Whether `text` is a plain non-negative decimal ("2.5", "0.075"): digits, no sign, exponent, leading
 * zero or bare point. The one decimal grammar llmcost reads (flags, check configs, reports).
 */
export function isPlainDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** Parses a plain non-negative decimal ("2.5", "0.075") scaled by 10^scale; null if not exact at that scale. */
export function parseScaledDecimal(text: string, scale: number): bigint | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > scale) return null;
  return BigInt(whole + fraction.padEnd(scale, "0"));
}

/** USD per 1M tokens (a JSON number such as 2.5) → picodollars per token, or null if not representable. */
export function pricePerTokenFromUsdPerMillion(usdPerMillion: number): Picodollars | null {
  if (!Number.isFinite(usdPerMillion) || usdPerMillion < 0) return null;
  // String() gives the shortest decimal that round-trips, i.e. the literal as written in the JSON file.
  return parseScaledDecimal(String(usdPerMillion), PRICE_DECIMALS);
}

/** Cost of `tokens` at a per-token price: exact. */
export function costOf(tokens: number, pricePerToken: Picodollars): Picodollars {
  return BigInt(tokens) * pricePerToken;
}

/** Exact decimal string of a scaled integer, without trailing zeros: (450000000000n, 12) → "0.45". */
export function scaledToDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Exact USD decimal string of an amount: 450000000000n → "0.45". */
export function toUsdString(amount: Picodollars): string {
  return scaledToDecimal(amount, 12);
}

/** USD as a JSON-friendly number taken from the exact decimal, so 0.45 prints as 0.45. */
export function toUsdNumber(amount: Picodollars): number {
  return Number(toUsdString(amount));
}

/** USD per 1M tokens as a number, from picodollars per token. */
export function toUsdPerMillion(pricePerToken: Picodollars): number {
  return Number(scaledToDecimal(pricePerToken, PRICE_DECIMALS));
}

/** Rounds value / divisor half away from zero (inputs are non-negative here). */
export function divideRounded(value: bigint, divisor: bigint): bigint {
  return (value * 2n + divisor) / (divisor * 2n);
}

/**
 * A JavaScript number (as JSON gives it, e.g. 2.5e-7 USD per token) as exact picodollars, rounded to
 * the nearest picodollar; null if negative or not finite. Works on the number's shortest decimal form.
 */
export function picodollarsFromUsd(usd: number): Picodollars | null {
  if (!Number.isFinite(usd) || usd < 0) return null;
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(usd));
  if (!match) return null;
  const fraction = match[2] ?? "";
  const digits = BigInt((match[1] ?? "0") + fraction);
  const shift = Number(match[3] ?? 0) - fraction.length + 12;
  return shift >= 0 ? digits * 10n ** BigInt(shift) : divideRounded(digits, 10n ** BigInt(-shift));
}

/** value × numerator ÷ denominator, rounded up: a price derived in proportion never comes in under the bill. */
export function scaleUp(value: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) return value;
  return (value * numerator + denominator - 1n) / denominator;
}
