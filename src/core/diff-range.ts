import { type Picodollars, picodollarsFromUsd } from "../pricing/money.js";
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

/**
 * The range of a row of a saved JSON report (`inputTokensRange`, `inputCostRange`, in USD); none when
 * the row has none (an exact count, or a report written before error bands). `bad` names a malformed one.
 */
export function baselineRange(
  row: Record<string, unknown>,
  cost: Picodollars,
  bad: (field: string, expected: string) => Error,
): { range?: SideRange } {
  const { inputTokensRange: tokens, inputCostRange: costs } = row;
  if (tokens === undefined || tokens === null) return {};
  const pair = (value: unknown): value is { low: unknown; high: unknown } =>
    typeof value === "object" && value !== null && "low" in value && "high" in value;
  const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
  if (!pair(tokens) || !count(tokens.low) || !count(tokens.high))
    throw bad("inputTokensRange", "{ low, high } in whole tokens");
  const usd = (value: unknown) => (typeof value === "number" ? picodollarsFromUsd(value) : null);
  const input = usd(row.inputCost);
  const low = pair(costs) ? usd(costs.low) : null;
  const high = pair(costs) ? usd(costs.high) : null;
  if (input === null || low === null || high === null)
    throw bad("inputCostRange", "{ low, high } in USD, with inputCost");
  const output = cost - input;
  return {
    range: {
      tokens: { low: tokens.low, high: tokens.high },
      cost: { low: low + output, high: high + output },
    },
  };
}
