import type { Picodollars } from "../pricing/money.js";
import type { ModelCost } from "./diff.js";
import type { ModelResult } from "./types.js";

/**
 * One side of a diff, for an estimate with an error band: input tokens at the band's ends, and the
 * side's cost (input and output) with the input cost at them. Each side has its own: the band of a
 * difference is not the difference of the bands (both sides' errors run the same way), so no delta has one.
 */
export interface SideRange {
  tokens: { low: number; high: number };
  cost: { low: Picodollars; high: Picodollars };
}

/** A result's range as its diff side shows it (none for an exact count). */
export function sideRange(r: ModelResult): { range?: SideRange } {
  if (!r.inputTokensRange || !r.inputCostRange) return {};
  const output = r.totalCost - r.inputCost;
  return {
    range: {
      tokens: r.inputTokensRange,
      cost: { low: r.inputCostRange.low + output, high: r.inputCostRange.high + output },
    },
  };
}

/** Two parts of one side added (a file named twice); a part without a range is its own figure at both ends. */
export function addSideRanges(a: ModelCost, b: ModelCost): { range?: SideRange } {
  if (!a.range && !b.range) return {};
  const ends = (c: ModelCost) =>
    c.range ?? { tokens: { low: c.tokens, high: c.tokens }, cost: { low: c.cost, high: c.cost } };
  const [x, y] = [ends(a), ends(b)];
  return {
    range: {
      tokens: { low: x.tokens.low + y.tokens.low, high: x.tokens.high + y.tokens.high },
      cost: { low: x.cost.low + y.cost.low, high: x.cost.high + y.cost.high },
    },
  };
}
