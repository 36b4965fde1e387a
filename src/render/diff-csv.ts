import type { ModelDiff } from "../core/diff.js";
import type { SideRange } from "../core/diff-range.js";
import type { DiffReport } from "../core/reports/diff.js";
import { toUsdString } from "../pricing/money.js";
import { csvRows, formatPercent } from "./format.js";

const CSV_COLUMNS = [
  "model",
  "tokensBefore",
  "tokensAfter",
  "tokensDelta",
  "costBefore",
  "costAfter",
  "costDelta",
  "percent",
  "exact",
  "retired",
  "retires",
  "successor",
  // Appended (issue 20): JSON's rangeBefore and rangeAfter (an estimate's error band), empty for exact rows.
  ...["Before", "After"].flatMap((side) =>
    ["TokensLow", "TokensHigh", "CostLow", "CostHigh"].map((figure) => `range${side}${figure}`),
  ),
  "priceOrigin",
] as const;

/** RFC 4180: one row per model, or per file and model with perFile (every file, unchanged ones too). */
export function renderDiffCsv(report: DiffReport): string {
  const rows: string[][] = [];
  if (report.perFile && report.diff.files) {
    rows.push(["file", "status", ...CSV_COLUMNS]);
    for (const file of report.diff.files) {
      for (const r of file.results) rows.push([file.file, file.status, ...csvCells(r)]);
    }
  } else {
    rows.push([...CSV_COLUMNS]);
    for (const r of report.diff.results) rows.push(csvCells(r));
  }
  return csvRows(rows);
}

function csvCells(r: ModelDiff): string[] {
  return [
    r.model,
    String(r.tokensBefore),
    String(r.tokensAfter),
    String(r.tokensDelta),
    toUsdString(r.costBefore),
    toUsdString(r.costAfter),
    toUsdString(r.costDelta),
    r.percentHundredths === null ? "" : formatPercent(r.percentHundredths, 2).replace(/^\+/, ""),
    String(r.exact),
    r.retired ?? "",
    r.retires ?? "",
    r.successor ?? "",
    ...rangeCells(r.rangeBefore),
    ...rangeCells(r.rangeAfter),
    r.priceOrigin ?? "shipped",
  ];
}

function rangeCells(range: SideRange | undefined): string[] {
  if (!range) return ["", "", "", ""];
  const { tokens, cost } = range;
  return [String(tokens.low), String(tokens.high), toUsdString(cost.low), toUsdString(cost.high)];
}
