import type { BudgetReport } from "../core/budget.js";
import { estimateReport, REPORT_VERSION } from "../core/documents/estimate-report.js";
import type { Estimate } from "../core/types.js";
import { budgetJson } from "./budget.js";
import { type CompareTo, comparisonJson, comparisonsOf } from "./cost-comparison.js";

export interface JsonOptions {
  perFile?: boolean;
  budget?: BudgetReport;
  /** --compare-to: `comparedTo` on every result. */
  compareTo?: CompareTo;
  /** Entries skipped inside directory walks: `skipped` (an empty list when none, or not known). */
  skipped?: readonly { source: string; reason: string }[];
}

/** Version of the JSON document; bumped only if a field is ever removed or changes meaning. */
export const JSON_REPORT_VERSION = REPORT_VERSION;

/**
 * The `--format json` document: core/documents/estimate-report.ts's report (which `diff --baseline`
 * reads back), with what only a run shows: `comparedTo` on each result and the budget's fields.
 */
export function toJsonReport(estimate: Estimate, options: JsonOptions = {}) {
  const { compareTo, budget } = options;
  const report = estimateReport(estimate, {
    perFile: options.perFile,
    skipped: options.skipped,
    annotate: (results) => {
      const compared = comparisonsOf(results, compareTo);
      return (result) => {
        const comparison = compared.get(result.model);
        return comparison ? { comparedTo: comparisonJson(comparison) } : {};
      };
    },
  });
  return { ...report, ...(budget ? budgetJson(budget) : {}) };
}

/** The JSON document as text, with a trailing newline. */
export function renderJson(estimate: Estimate, options: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonReport(estimate, options), null, 2)}\n`;
}
