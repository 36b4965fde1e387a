import type { ChalkInstance } from "chalk";
import { type FitCell, type FitColumn, fitTable, idColumn, wrapColumn } from "./fit-table.js";
import type { TerminalLayout } from "./fit-text.js";

/** A rule and model's line of `check`'s table, with one result line per failure. */
export interface CheckTableRow {
  rule: string;
  files: string;
  /** "–" for a rule with no estimate. */
  model: string;
  /** " (retired)" or " (retiring)", coloured. */
  tag: string;
  tokens: string;
  cost: string;
  /** "✓", or one "✗ file: what" per failure, coloured. */
  results: readonly string[];
}

/**
 * `check`'s table fitted to the terminal, a row per failure (the rule and model said on the first).
 * A narrow terminal loses the file count and tokens first, then wraps the results and shortens ids;
 * the rule, model, cost and result stay.
 */
export function fitCheckTable(
  rows: readonly CheckTableRow[],
  options: { chalk: ChalkInstance; layout?: TerminalLayout; tokensHead: string },
): string {
  const lines = rows.flatMap((row) =>
    (row.results.length > 0 ? row.results : [""]).map((result, i) => ({ row, result, first: i === 0 })),
  );
  const cell = (pick: (row: CheckTableRow) => string) =>
    lines.map(({ row, first }): FitCell => (first ? pick(row) : ""));
  // Rule names and model ids are shortened like ids; continuation lines keep their cells empty.
  const ids = (pick: (row: CheckTableRow) => string, tag: (row: CheckTableRow) => string, step: number) => {
    const column = idColumn(
      "",
      lines.map(({ row, first }) => (first ? pick(row) : "")),
      lines.map(({ row, first }) => (first ? tag(row) : "")),
      step,
    );
    return { cells: column.cells, ...(column.narrow ? { narrow: column.narrow } : {}) };
  };
  const results = lines.map(({ result }) => result);
  const columns: FitColumn[] = [
    {
      head: "Rule",
      ...ids(
        (row) => row.rule,
        () => "",
        5,
      ),
    },
    { head: "Files", align: "right", cells: cell((row) => row.files), drop: 1 },
    {
      head: "Model",
      ...ids(
        (row) => row.model,
        (row) => row.tag,
        4,
      ),
    },
    { head: options.tokensHead, align: "right", cells: cell((row) => row.tokens), drop: 2 },
    { head: "Cost", align: "right", cells: cell((row) => row.cost), drop: 6 },
    { head: "Result", cells: results, narrow: wrapColumn(results, 20, 3, "  ") },
  ];
  // A rule and model with several failures: lines between rows, so each failure (wrapped over a few
  // lines on a narrow terminal) reads as a row of its own rather than one tall cell.
  const compact = rows.every((row) => row.results.length <= 1);
  return fitTable(columns, { ...options, compact });
}
