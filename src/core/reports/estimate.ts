import type { BudgetReport } from "../budget.js";
import { type CompareTo, type CostComparison, comparisonsOf } from "../cost-comparison.js";
import type { Estimate, ModelResult, PricedInputs } from "../types.js";

/**
 * Everything an estimate's views show (estimate, merge, the library's renderers), figured out before
 * any of them runs: the estimate, what the run asked to see, the budget's verdict and the --compare-to
 * comparisons. A renderer only formats it.
 */
export interface EstimateReport {
  estimate: Estimate;
  /** The inputs priced one by one, for `--format jsonl` (merge: the header, no inputs). */
  priced?: PricedInputs;
  /** Each input on its own as well as the totals. */
  perFile: boolean;
  /** `--per-request`: a CSV row per request and model. */
  perRequest: boolean;
  /** Limits, verdict and projections. */
  budget?: BudgetReport;
  /** The --compare-to reference, when one was given. */
  compareTo?: CompareTo;
  /**
   * Each list of results compared with the reference in it: keyed by the list itself
   * (`estimate.results`, or one `estimate.perInput[i].results`); empty without --compare-to.
   */
  comparisons: ReadonlyMap<readonly ModelResult[], ReadonlyMap<string, CostComparison>>;
  /** Entries skipped inside directory walks (JSON's `skipped`). */
  skipped?: readonly { source: string; reason: string }[];
  /** The table shows the Low–high column for text inputs too: the budget is checked at a band's end. */
  range: boolean;
  /** `--show-sources`: the table lists where each model's price came from. */
  showSources?: boolean;
}

export interface EstimateReportOptions {
  priced?: PricedInputs;
  perFile?: boolean;
  perRequest?: boolean;
  budget?: BudgetReport;
  compareTo?: CompareTo;
  skipped?: readonly { source: string; reason: string }[];
  /** Show the Low–high column whatever the inputs; by default, when the budget is on the low or high cost. */
  range?: boolean;
  showSources?: boolean;
}

/** The report of one estimate, with its comparisons worked out. */
export function buildEstimateReport(estimate: Estimate, options: EstimateReportOptions = {}): EstimateReport {
  const { budget, compareTo } = options;
  const comparisons = new Map<readonly ModelResult[], ReadonlyMap<string, CostComparison>>();
  if (compareTo)
    for (const results of [estimate.results, ...estimate.perInput.map((input) => input.results)])
      comparisons.set(results, comparisonsOf(results, compareTo));
  return {
    estimate,
    ...(options.priced ? { priced: options.priced } : {}),
    perFile: options.perFile ?? false,
    perRequest: options.perRequest ?? false,
    ...(budget ? { budget } : {}),
    ...(compareTo ? { compareTo } : {}),
    comparisons,
    ...(options.skipped ? { skipped: options.skipped } : {}),
    range: options.range ?? (budget?.on !== undefined && budget.on !== "expected"),
    ...(options.showSources ? { showSources: true } : {}),
  };
}

/** The comparisons of one list of results of the report (none when it has no reference). */
export const comparisonsIn = (
  report: Pick<EstimateReport, "comparisons">,
  results: readonly ModelResult[],
): ReadonlyMap<string, CostComparison> => report.comparisons.get(results) ?? new Map();
