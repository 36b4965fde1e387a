import { type CompareTo, type CostComparison, RATIO_SCALE } from "../core/cost-comparison.js";
import { formatPercent, printable } from "./format.js";

/** The column's title: it is the cost of this run that is compared, not the price list. */
export const compareHeader = (compareTo: CompareTo) => `Cost vs ${printable(compareTo.name)}`;

/** The footer line that says what the column means. */
export function compareNote(compareTo: CompareTo): string {
  const resolved = compareTo.name === compareTo.model ? "" : ` (${printable(compareTo.model)})`;
  return `Cost vs ${printable(compareTo.name)}${resolved}: what these inputs cost on each model, counted with its own tokenizer, against the reference (--compare-to)`;
}

/**
 * "20% cheaper (gpt-4-turbo costs 1.25×)", "25% more expensive (mistral-large costs 0.8×)",
 * "reference", "same cost (gpt-4o costs 1×)". Percent to 0.1%, ratio to 0.01, both trimmed; "≈"
 * first when a count on either side is an estimate.
 */
export function comparisonText(c: CostComparison, name: string): string {
  if (c.isReference) return "reference";
  return `${c.exact ? "" : "≈ "}${comparisonFigure(c, printable(name))}`;
}

function comparisonFigure(c: CostComparison, reference: string): string {
  if (c.cost === c.referenceCost)
    return c.cost === 0n ? "same cost ($0)" : `same cost (${reference} costs 1×)`;
  if (c.percentCheaper === null) return `more expensive (${reference} costs $0)`;
  if (c.ratio === null) return "100% cheaper (costs $0)";
  const cheaper = c.percentCheaper > 0n || (c.percentCheaper === 0n && c.cost < c.referenceCost);
  const magnitude = c.percentCheaper < 0n ? -c.percentCheaper : c.percentCheaper;
  const shown = formatPercent(magnitude, 1).replace(/^\+/, "");
  const percent = shown === "0" ? "<0.1" : shown;
  return `${percent}% ${cheaper ? "cheaper" : "more expensive"} (${reference} costs ${ratioText(c.ratio)}×)`;
}

/** Ten-thousandths to 0.01, half up, trailing zeros trimmed: 12_500n → "1.25", 8_000n → "0.8". */
export function ratioText(tenThousandths: bigint): string {
  const hundredths = (tenThousandths + 50n) / 100n;
  if (hundredths === 0n) return tenThousandths === 0n ? "0" : "<0.01";
  const whole = (hundredths / 100n).toString().replace(/\B(?=(\d{3})+$)/g, ",");
  const fraction = (hundredths % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** `results[].comparedTo` in JSON: numbers from the exact figures. */
export function comparisonJson(c: CostComparison) {
  return {
    model: c.reference,
    ratio: c.ratio === null ? null : Number(c.ratio) / Number(RATIO_SCALE),
    percentCheaper: c.percentCheaper === null ? null : Number(formatPercent(c.percentCheaper, 2)),
    exact: c.exact,
  };
}
