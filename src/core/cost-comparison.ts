import { divideRounded, type Picodollars } from "../pricing/money.js";
import { percentChange } from "./diff.js";

/**
 * One model's cost against a reference model's (`--compare-to`), for the same inputs: what the run
 * costs, each model counted with its own tokenizer and billed at its own prices. Exact integers.
 */
export interface CostComparison {
  /** The reference model's id. */
  reference: string;
  /** This row is the reference itself. */
  isReference: boolean;
  cost: Picodollars;
  referenceCost: Picodollars;
  /**
   * The reference's cost ÷ this model's, in ten-thousandths, rounded half up (12_500n: the reference
   * costs 1.25× this model); null when this model costs nothing.
   */
  ratio: bigint | null;
  /**
   * How much less this model costs than the reference, in hundredths of a percent of the reference's
   * cost, rounded half away from zero (2_000n = 20% cheaper; negative = more expensive); null when
   * the reference costs nothing and this model does not.
   */
  percentCheaper: bigint | null;
  /** Both counts are exact (neither model's tokenizer is an estimate). */
  exact: boolean;
}

/** `--compare-to`: the reference as the user named it, and the model id it resolved to. */
export interface CompareTo {
  name: string;
  model: string;
}

/** Ten-thousandths per unit, for `ratio`. */
export const RATIO_SCALE = 10_000n;

/** `cost` against `referenceCost`, exactly. */
export function compareCost(
  model: string,
  cost: Picodollars,
  reference: string,
  referenceCost: Picodollars,
  exact = true,
): CostComparison {
  const change = percentChange(referenceCost, cost);
  return {
    exact,
    reference,
    isReference: model === reference,
    cost,
    referenceCost,
    ratio: cost === 0n ? null : divideRounded(referenceCost * RATIO_SCALE, cost),
    percentCheaper: change === null ? null : -change,
  };
}

/**
 * Each result compared with the reference's result in the same list (a model's totals, or one
 * input's); an empty map when the reference is not in the list.
 */
export function compareResults(
  results: readonly { model: string; totalCost: Picodollars; exact?: boolean }[],
  reference: string,
): Map<string, CostComparison> {
  const compared = new Map<string, CostComparison>();
  const ref = results.find((r) => r.model === reference);
  if (!ref) return compared;
  for (const r of results) {
    const exact = (r.exact ?? true) && (ref.exact ?? true);
    compared.set(r.model, compareCost(r.model, r.totalCost, reference, ref.totalCost, exact));
  }
  return compared;
}

/** Comparisons of one list of results (totals, or one input's), by model id; none without a reference. */
export const comparisonsOf = (
  results: readonly { model: string; totalCost: Picodollars; exact?: boolean }[],
  compareTo: CompareTo | undefined,
): Map<string, CostComparison> => (compareTo ? compareResults(results, compareTo.model) : new Map());
