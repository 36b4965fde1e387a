import { type CompareTo, type CostComparison, RATIO_SCALE } from "../core/cost-comparison.js";
import { divideRounded } from "../pricing/money.js";
import { formatMultiple, formatPercent, formatPercentOf, formatUsd, printable } from "./format.js";

/** The column's title: it is the cost of this run that is compared, not the price list. */
export const compareHeader = (compareTo: CompareTo) => `Cost vs ${printable(compareTo.name)}`;

/** The footer line that says what the column means. */
export function compareNote(compareTo: CompareTo): string {
  const resolved = compareTo.name === compareTo.model ? "" : ` (${printable(compareTo.model)})`;
  return `Cost vs ${printable(compareTo.name)}${resolved}: what these inputs cost on each model, counted with its own tokenizer, against the reference (--compare-to)`;
}

/**
 * "16.7× gpt-4o-mini" (this model costs 16.7 times the reference), "20% cheaper", "reference",
 * "same cost". Multiples to three significant digits, percentages to 0.1% (formatMultiple,
 * formatPercentOf); "≈" first when a count on either side is an estimate.
 */
export function comparisonText(c: CostComparison, name: string): string {
  if (c.isReference) return "reference";
  return `${c.exact ? "" : "≈"}${comparisonFigure(c, printable(name))}`;
}

function comparisonFigure(c: CostComparison, reference: string): string {
  if (c.cost === c.referenceCost) return "same cost";
  if (c.referenceCost === 0n) return `more expensive (${reference} costs ${formatUsd(0n)})`;
  if (c.cost > c.referenceCost) return `${formatMultiple(c.cost, c.referenceCost)} ${reference}`;
  return `${formatPercentOf(c.referenceCost - c.cost, c.referenceCost)} cheaper`;
}

/**
 * `results[].comparedTo` in JSON: numbers from the exact figures. `timesReference` (added with the
 * "16.7×" wording) is this model's cost ÷ the reference's, the figure the table shows when dearer.
 */
export function comparisonJson(c: CostComparison) {
  return {
    model: c.reference,
    ratio: c.ratio === null ? null : Number(c.ratio) / Number(RATIO_SCALE),
    percentCheaper: c.percentCheaper === null ? null : Number(formatPercent(c.percentCheaper, 2)),
    timesReference:
      c.referenceCost === 0n
        ? null
        : Number(divideRounded(c.cost * RATIO_SCALE, c.referenceCost)) / Number(RATIO_SCALE),
    exact: c.exact,
  };
}
