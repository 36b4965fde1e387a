import { Chalk } from "chalk";
import { type BudgetReport, hasLimits } from "../core/budget.js";
import type { CompareTo, CostComparison } from "../core/cost-comparison.js";
import { buildEstimateReport, comparisonsIn, type EstimateReport } from "../core/reports/estimate.js";
import type { Estimate, ModelResult } from "../core/types.js";
import { limitList, projectionText, violationText } from "./budget.js";
import { countOf, printable } from "./format.js";
import { lifecycleTag } from "./lifecycle.js";
import { type MdAlign, mdCode, mdDocument, mdList, mdTable, mdText } from "./markdown.js";
import { priceSourceText } from "./price-sources.js";
import { estimateFooter, modelColumns, modelRow } from "./table.js";

export interface EstimateMarkdownOptions {
  perFile?: boolean;
  budget?: BudgetReport;
  compareTo?: CompareTo;
}

const PLAIN = new Chalk({ level: 0 });

/** `estimate --format markdown` of an estimate: see renderEstimateReportMarkdown. */
export function renderEstimateMarkdown(estimate: Estimate, options: EstimateMarkdownOptions = {}): string {
  return renderEstimateReportMarkdown(buildEstimateReport(estimate, options));
}

/**
 * `estimate --format markdown`: the table as GFM, the footer as a list, then the limits and a
 * one-line verdict when budgets are set. Ready to post as a pull-request comment.
 */
export function renderEstimateReportMarkdown(report: EstimateReport): string {
  const { estimate, compareTo, budget } = report;
  const table = (results: readonly ModelResult[]) =>
    modelTable(estimate, results, comparisonsIn(report, results), compareTo);
  const sections = ["### llmcost estimate"];
  if (report.perFile) {
    for (const input of estimate.perInput)
      sections.push(`#### ${mdCode(input.source, false)}`, table(input.results));
    const all =
      estimate.inputs.length === 1 ? "All inputs" : `All ${countOf(estimate.inputs.length, "input")}`;
    sections.push(`#### ${all}`, table(estimate.results));
  } else {
    sections.push(table(estimate.results));
  }
  const notes = estimateFooter(estimate, PLAIN, compareTo, report.showSources);
  if (report.showSources)
    for (const r of estimate.results) notes.push(`Price of ${printable(r.model)}: ${priceSourceText(r)}`);
  const projection = budget ? projectionText(budget) : undefined;
  if (projection) notes.push(projection);
  sections.push(mdList(notes.map(mdText)));
  if (budget && hasLimits(budget.limits)) sections.push(budgetMarkdown(budget));
  return mdDocument(sections);
}

function modelTable(
  estimate: Estimate,
  results: readonly ModelResult[],
  compared: ReadonlyMap<string, CostComparison>,
  compareTo?: CompareTo,
): string {
  const head = modelColumns(estimate, compareTo);
  const align: MdAlign[] = head.map((_, i) =>
    i < 3 || (compareTo && i === head.length - 1) ? "left" : "right",
  );
  const rows = results.map((r) => {
    const [, ...rest] = modelRow(estimate, r, PLAIN, compareTo, compared.get(r.model));
    return [`${mdCode(r.model)}${mdText(lifecycleTag(r))}`, ...rest.map(mdText)];
  });
  return mdTable(head.map(mdText), align, rows);
}

/** The limits, a one-line verdict, and each limit exceeded. */
export function budgetMarkdown(budget: BudgetReport): string {
  const limits = limitList(budget.limits).map(mdText).join(", ");
  const count = budget.violations.length;
  if (count === 0) return `**✅ Within budget** (${limits})`;
  const verdict = `**❌ Over budget:** ${countOf(count, "limit")} exceeded (${limits})`;
  const lines = budget.violations.map((violation) => {
    const where = violation.source === undefined ? "" : `${mdCode(violation.source, false)}: `;
    return `${where}${mdCode(violation.model, false)}: ${mdText(violationText(violation))}`;
  });
  return `${verdict}\n\n${mdList(lines)}`;
}
