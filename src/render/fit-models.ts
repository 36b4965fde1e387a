import type { ChalkInstance } from "chalk";
import { type FitCell, type FitColumn, fitTable, idColumn, wrapColumn } from "./fit-table.js";
import type { TerminalLayout } from "./fit-text.js";

/**
 * `llmcost models` on a narrow terminal: the check date, batch and cached prices, and the tokenizer
 * go first, then input and output prices share a column, then the provider; the model, its context
 * window and its prices stay.
 */
const LIST_CUTS: Record<string, Pick<FitColumn, "drop">> = {
  Checked: { drop: 1 },
  "Batch in/out": { drop: 2 },
  "Cached in": { drop: 3 },
  Tokenizer: { drop: 4 },
  Provider: { drop: 6 },
  Context: { drop: 8 },
};

/** The models list fitted to the terminal; `rows` hold the cells of `head` (the model id's cell aside). */
export function fitModelsTable(
  head: readonly string[],
  rows: readonly FitCell[][],
  ids: { ids: readonly string[]; suffixes: readonly string[] },
  options: { chalk: ChalkInstance; layout?: TerminalLayout },
): string {
  const columns: FitColumn[] = head.map((title, i) => {
    const align = i < 3 ? "left" : "right";
    if (i === 0) return { align, ...idColumn(title, ids.ids, ids.suffixes, 7) };
    // null (a cell a span covers) stays null: an empty string would draw a cell beside the span.
    const cells = rows.map((row) => (row[i] === undefined ? "" : row[i]) as FitCell);
    return { head: title, align, cells, ...LIST_CUTS[title] };
  });
  const out = columns[head.indexOf("$/1M out")];
  if (out)
    out.merge = { step: 5, into: head.indexOf("$/1M in"), head: "$/1M in/out", join: (a, b) => `${a}/${b}` };
  return fitTable(columns, options);
}

/**
 * One model's price history on a narrow terminal: rarely set prices go first, then long-context
 * tiers and sources are wrapped, then dropped; the period and its input and output prices stay.
 */
const HISTORY_CUTS: Record<string, Pick<FitColumn, "drop">> = {
  "Cache write": { drop: 1 },
  "Batch in/out": { drop: 3 },
  "Cached in": { drop: 4 },
  Checked: { drop: 6 },
  Source: { drop: 7 },
  "Long context": { drop: 8 },
};

export function fitHistoryTable(
  head: readonly string[],
  rows: readonly string[][],
  options: { chalk: ChalkInstance; layout?: TerminalLayout },
): string {
  const columns: FitColumn[] = head.map((title, i) => {
    const cells = rows.map((row) => row[i] ?? "");
    const narrow =
      title === "Long context"
        ? { narrow: wrapColumn(cells, 14, 2) }
        : title === "Source"
          ? { narrow: wrapColumn(cells, 20, 5) }
          : {};
    return { head: title, cells, ...narrow, ...HISTORY_CUTS[title] };
  });
  return fitTable(columns, options);
}
