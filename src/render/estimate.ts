import type { ChalkInstance } from "chalk";
import type { EstimateReport } from "../core/reports/estimate.js";
import { renderEstimateCsv } from "./csv.js";
import { renderEstimateReportMarkdown } from "./estimate-markdown.js";
import type { TerminalLayout } from "./fit-text.js";
import { renderEstimateJson } from "./json.js";
import { renderJsonl } from "./jsonl.js";
import { renderEstimateTable } from "./table.js";

/**
 * Views of one estimate (estimate, merge). Each format is one renderer taking the same EstimateReport,
 * as DIFF_RENDERERS does for diffs: the report holds every figure, a renderer only formats it.
 */
export type EstimateFormat = "table" | "json" | "csv" | "jsonl" | "markdown";

export interface EstimateRenderOptions {
  /** Colours for the table; plain text when omitted. */
  chalk?: ChalkInstance;
  /** The terminal's width and whether bars are drawn: the table fits it. */
  layout?: TerminalLayout;
}

type EstimateRenderer = (report: EstimateReport, options: EstimateRenderOptions) => string;

export const ESTIMATE_RENDERERS: Record<EstimateFormat, EstimateRenderer> = {
  table: (report, { chalk, layout }) => renderEstimateTable(report, { chalk, layout }),
  json: renderEstimateJson,
  csv: renderEstimateCsv,
  // The inputs priced one by one, before totals.
  jsonl: ({ priced }) => {
    if (!priced) throw new Error("a jsonl view of a report without its priced inputs");
    return renderJsonl(priced);
  },
  markdown: renderEstimateReportMarkdown,
};
