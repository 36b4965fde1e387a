import { divideRounded, PICO_PER_USD, type Picodollars, PRICE_DECIMALS } from "../pricing/money.js";

/**
 * The one place numbers become text for people: tables, footers, stderr messages, budgets, diff,
 * check and `pricing check` all format through here, so a figure reads the same everywhere.
 *
 * Rules (the why: a reader compares figures across lines and commands):
 * - Counts: grouped by thousands ("1,234,567"); nouns agree with them ("1 price", "2 prices").
 * - Money: cents from $1 up ("$1,234.57"), three significant digits below ("$0.45", "$0.00123"), so a
 *   non-zero cost never reads $0.00. Figures set side by side (before → after, a cost and its limit)
 *   get more decimals when the rule would show two different amounts alike.
 * - Percentages and multiples: to 0.1% ("33.3%"), multiples to three significant digits ("16.7×",
 *   "1.25×"); a non-zero figure never reads 0, a share short of the whole never reads 100%.
 * - "≈" marks an estimated figure only: never a zero, never a figure the user fixed.
 * Machine output (JSON, CSV) keeps its exact numbers and is not formatted here.
 */

/** 1234567 → "1,234,567". */
export function formatCount(value: number | bigint): string {
  return groupDigits(String(value));
}

/** The word that agrees with `count`: plural(1, "entry", "entries") → "entry"; "s" added by default. */
export function plural(count: number | bigint, one: string, many = `${one}s`): string {
  return count === 1 || count === 1n ? one : many;
}

/** A count with its noun: countOf(1, "price") → "1 price", countOf(1200, "entry", "entries") → "1,200 entries". */
export function countOf(count: number | bigint, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${plural(count, one, many)}`;
}

/** `text` marked "≈" when it is an estimate; a zero is exact whatever it was counted with. */
export function markEstimate(text: string, estimate: boolean, value: number | bigint): string {
  return estimate && value !== 0 && value !== 0n ? `≈${text}` : text;
}

/**
 * Money for people: cents from $1 up ("$1,234.57"), three significant digits below a dollar
 * ("$0.45", "$0.123", "$0.0000015"), so a non-zero cost never reads $0.00.
 */
export function formatUsd(amount: Picodollars): string {
  if (amount < 0n) return `-${formatUsd(-amount)}`;
  return usdAt(amount, usdPlaces(amount));
}

/** A signed amount of money, for a change: "+$0.0123", "-$1.50", "$0.00". */
export function formatSignedUsd(amount: Picodollars): string {
  return amount > 0n ? `+${formatUsd(amount)}` : formatUsd(amount);
}

/**
 * Two amounts shown side by side (before → after): as formatUsd, unless that shows different
 * amounts alike — then both with the fewest decimals that tell them apart (0.0019755 and 0.001983,
 * both "$0.00198" alone, read "$0.001976" and "$0.001983"). Equal amounts read alike.
 */
export function formatUsdPair(a: Picodollars, b: Picodollars): [string, string] {
  const shown: [string, string] = [formatUsd(a), formatUsd(b)];
  if (a === b || shown[0] !== shown[1]) return shown;
  let places = Math.max(usdPlaces(a), usdPlaces(b)) + 1;
  while (
    places < USD_DECIMALS &&
    roundScaled(a, USD_DECIMALS, places) === roundScaled(b, USD_DECIMALS, places)
  )
    places++;
  return [usdAt(a, places, places), usdAt(b, places, places)];
}

/** A range of amounts, "low–high"; one figure where the two are equal (a band that does not move the cost). */
export function formatUsdRange(low: Picodollars, high: Picodollars): string {
  return low === high ? formatUsd(low) : formatUsdPair(low, high).join("–");
}

/**
 * A figure over its limit, and the limit: the limit exactly as set ("$300.00", "$0.12345"), the
 * figure as formatUsd with as many more decimals as it takes to read above the limit.
 */
export function formatUsdOverLimit(actual: Picodollars, limit: Picodollars): [string, string] {
  return overLimit(actual, limit, USD_DECIMALS, usdPlaces(actual), 2, "$", "");
}

/** An amount exactly, grouped, with at least cents: "$300.00", "$0.12345", "$1,000.50". */
export function formatUsdExact(amount: Picodollars): string {
  return usdAt(amount, USD_DECIMALS);
}

/** Decimals a dollar amount is shown to on its own: 2 from $1 up, else three significant digits. */
function usdPlaces(amount: Picodollars): number {
  if (amount === 0n || amount >= PICO_PER_USD) return 2;
  const places = Math.min(USD_DECIMALS, Math.max(2, 15 - amount.toString().length));
  // Rounding 0.9996 up to a dollar: then cents, as for any dollar amount.
  return roundScaled(amount, USD_DECIMALS, places) >= 10n ** BigInt(places) ? 2 : places;
}

/** "$" and the amount rounded half up to `places`, trailing zeros trimmed down to `keep` (at least cents). */
function usdAt(amount: Picodollars, places: number, keep = 2): string {
  return `$${placesText(roundScaled(amount, USD_DECIMALS, places), places, keep)}`;
}

const USD_DECIMALS = 12;

/** A per-token price in picodollars as USD per 1M tokens: "$2.50", "$0.075". */
export function formatPricePerMillion(pricePerToken: Picodollars): string {
  return `$${placesText(pricePerToken, PRICE_DECIMALS, 2)}`;
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

/** Who makes a model and, when another company sells it, whose API: "anthropic (bedrock)". */
export function sellerText(provider: string, host: string | undefined): string {
  return host ? `${provider} (${host})` : provider;
}

/** Control characters (which could move the cursor or recolour the terminal) shown as escapes. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** RFC 4180 rows: fields quoted when they hold a comma, quote or line break; CRLF line ends. */
export function csvRows(rows: readonly (readonly string[])[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${rows.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
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

/**
 * part ÷ whole as a percentage to `places` decimals, trailing zeros trimmed: (1n, 3n) → "33.3%".
 * A non-zero share never reads 0 ("<0.1%") and one short of the whole never 100 (">99.9%").
 */
export function formatPercentOf(part: bigint, whole: bigint, places = 1): string {
  const one = 10n ** BigInt(places);
  const units = divideRounded(part * 100n * one, whole);
  const step = placesText(1n, places, 0);
  if (units === 0n && part !== 0n) return `<${step}%`;
  if (units === 100n * one && part < whole) return `>${placesText(100n * one - 1n, places, 0)}%`;
  return `${placesText(units, places, 0)}%`;
}

/** A percentage over its limit (both scaled by 10^scale): the limit exact, the figure to 0.1% or as far as it takes. */
export function formatPercentOverLimit(actual: bigint, limit: bigint, scale: number): [string, string] {
  return overLimit(actual, limit, scale, 1, 0, "", "%");
}

/**
 * Growth from `before` (> 0) to `after` as a percentage, over a limit in 10^-scale percent: the
 * limit exact, the growth to 0.1% or as far as it takes to read above the limit.
 */
export function formatGrowthOverLimit(
  before: bigint,
  after: bigint,
  limit: bigint,
  scale: number,
): [string, string] {
  const fine = scale + 6;
  // Rounded up, so a growth over the limit stays over it at any number of decimals.
  const growth = ((after - before) * 100n * 10n ** BigInt(fine) + before - 1n) / before;
  return overLimit(growth, limit * 10n ** 6n, fine, 1, 0, "", "%");
}

/** A percentage scaled by 10^scale, exactly: (512_345n, 4) → "51.2345%", (500_000n, 4) → "50%". */
export function formatPercentExact(value: bigint, scale: number): string {
  return `${placesText(value, scale, 0)}%`;
}

/**
 * How many times `whole` `part` is, to three significant digits: (50n, 3n) → "16.7×", (5n, 4n) →
 * "1.25×", (1567n, 1n) → "1,567×". Never "1×" for unequal amounts (more decimals, up to six).
 */
export function formatMultiple(part: bigint, whole: bigint): string {
  const times = part / whole;
  let places = times >= 100n ? 0 : times >= 10n ? 1 : 2;
  let units = divideRounded(part * 10n ** BigInt(places), whole);
  const alike = () => (units === 10n ** BigInt(places) && part !== whole) || (units === 0n && part !== 0n);
  while (alike() && places < 6) {
    places++;
    units = divideRounded(part * 10n ** BigInt(places), whole);
  }
  if (units === 0n && part !== 0n) return `<${placesText(1n, places, 0)}×`;
  if (alike()) return `${part > whole ? ">" : "<"}1×`;
  return `${placesText(units, places, 0)}×`;
}

/** Shared by the …OverLimit formats: the limit exact, the figure with decimals enough to read above it. */
function overLimit(
  actual: bigint,
  limit: bigint,
  scale: number,
  places: number,
  keep: number,
  prefix: string,
  suffix: string,
): [string, string] {
  let shown = Math.min(places, scale);
  const back = (p: number) => roundScaled(actual, scale, p) * 10n ** BigInt(scale - p);
  while (shown < scale && actual > limit && back(shown) <= limit) shown++;
  return [
    `${prefix}${placesText(roundScaled(actual, scale, shown), shown, keep)}${suffix}`,
    `${prefix}${placesText(limit, scale, keep)}${suffix}`,
  ];
}

/** A value scaled by 10^scale, rounded half away from zero to `places` decimals (in units of 10^-places). */
function roundScaled(value: bigint, scale: number, places: number): bigint {
  if (places >= scale) return value * 10n ** BigInt(places - scale);
  const divisor = 10n ** BigInt(scale - places);
  return value < 0n ? -divideRounded(-value, divisor) : divideRounded(value, divisor);
}

/** Units of 10^-places as a grouped decimal, trailing zeros trimmed down to `keep` decimals. */
function placesText(units: bigint, places: number, keep: number): string {
  const sign = units < 0n ? "-" : "";
  const digits = (sign ? -units : units).toString().padStart(places + 1, "0");
  const whole = groupDigits(digits.slice(0, digits.length - places));
  let fraction = digits.slice(digits.length - places);
  while (fraction.length > keep && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
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
