import type { BudgetReport } from "../core/budget.js";
import type { CompareTo } from "../core/cost-comparison.js";
import { estimateReport, REPORT_VERSION } from "../core/documents/estimate-report.js";
import { buildEstimateReport, comparisonsIn, type EstimateReport } from "../core/reports/estimate.js";
import type { Estimate } from "../core/types.js";
import { budgetJson } from "./budget.js";
import { comparisonJson } from "./cost-comparison.js";

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
  return jsonOfReport(buildEstimateReport(estimate, options));
}

/** The JSON document of a report: its estimate, `comparedTo` from its comparisons, its budget. */
export function jsonOfReport(report: EstimateReport) {
  const { budget } = report;
  const document = estimateReport(report.estimate, {
    perFile: report.perFile,
    skipped: report.skipped,
    annotate: (results) => {
      const compared = comparisonsIn(report, results);
      return (result) => {
        const comparison = compared.get(result.model);
        return comparison ? { comparedTo: comparisonJson(comparison) } : {};
      };
    },
  });
  return { ...document, ...(budget ? budgetJson(budget) : {}) };
}

/** The JSON document as text, with a trailing newline. */
export function renderJson(estimate: Estimate, options: JsonOptions = {}): string {
  return renderEstimateJson(buildEstimateReport(estimate, options));
}

/** `--format json` of a report. */
export function renderEstimateJson(report: EstimateReport): string {
  return `${JSON.stringify(jsonOfReport(report), null, 2)}\n`;
}
