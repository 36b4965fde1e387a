import type { ChalkInstance } from "chalk";
import type { ModelResult } from "../core/types.js";
import { barColumn } from "./cost-bar.js";
import { compareNarrowing } from "./fit-compare.js";
import { type FitColumn, fitTable, idColumn, wrapColumn } from "./fit-table.js";
import type { TerminalLayout } from "./fit-text.js";
import { printable } from "./format.js";
import { lifecycleTag } from "./lifecycle.js";

/**
 * What an estimate's table gives up when the terminal is narrow, in this order: the tokenizer and
 * the provider (said by the model id, and in --format json), then input and output tokens in one
 * column, then narrower --compare-to text and bars, the context share (unless a request does not
 * fit), shorter model ids, then prices and the rest. The model and its total
 * (and the --compare-to figure, what was asked for) stay.
 */
const CUTS: Record<string, Pick<FitColumn, "drop">> = {
  Tokenizer: { drop: 1 },
  Provider: { drop: 2 },
  Context: { drop: 6 },
  "$/1M in/out": { drop: 8 },
  "$/1M in": { drop: 8 },
  Reasoning: { drop: 10 },
  "Low–high": { drop: 11 },
  "In tokens": { drop: 12 },
  Tokens: { drop: 12 },
};
const COMPARE_NARROW = 4;
const BAR_NARROW = 5;
const MODEL_NARROW = 7;
const BAR_DROP = 9;

/**
 * The model table of an estimate fitted to the terminal: `head` and `rows` as modelColumns and
 * modelRow give them (the model first, a --compare-to column last when `compared`).
 */
export function fitModelTable(
  head: readonly string[],
  rows: readonly string[][],
  results: readonly ModelResult[],
  options: {
    chalk: ChalkInstance;
    layout?: TerminalLayout;
    compared: boolean;
    /** The --compare-to model as its column's cells name it: shortened, never cut, when narrow. */
    reference?: string;
  },
): string {
  const { chalk, layout } = options;
  const columnOf = (i: number) => rows.map((row) => row[i] ?? "");
  const compareAt = options.compared ? head.length - 1 : -1;
  const tooBig = results.some((r) => !r.fitsContext);
  const columns: FitColumn[] = head.map((title, i) => {
    const align = i < 3 || i === compareAt ? "left" : "right";
    if (i === 0) {
      const tags = results.map((r) => {
        const tag = lifecycleTag(r);
        return tag ? chalk.yellow(tag) : "";
      });
      return {
        align,
        ...idColumn(
          title,
          results.map((r) => printable(r.model)),
          tags,
          MODEL_NARROW,
        ),
      };
    }
    const cells = columnOf(i);
    if (i === compareAt) {
      const narrow =
        options.reference === undefined
          ? wrapColumn(cells, 12, COMPARE_NARROW)
          : compareNarrowing(cells, options.reference, COMPARE_NARROW);
      return { head: title, align, cells, narrow };
    }
    // A request too big for a model's window is the one thing Context says that nothing else does.
    if (title === "Context" && tooBig) return { head: title, align, cells, drop: 10.5 };
    return { head: title, align, cells, ...CUTS[title] };
  });
  const outAt = head.indexOf("Out tokens");
  const inAt = head.indexOf("In tokens");
  const outColumn = columns[outAt];
  if (outColumn && inAt >= 0)
    outColumn.merge = { step: 3, into: inAt, head: "In/out tokens", join: (a, b) => `${a}/${b}` };
  if (layout?.bars) {
    const totalAt = head.findIndex((title) => title === "Total" || title === "Cost");
    const bars = barColumn(
      results.map((r) => r.totalCost),
      chalk,
      BAR_NARROW,
    );
    columns.splice(totalAt + 1, 0, { ...bars, drop: BAR_DROP });
    // Merging into a column after the bar: its index moved.
    if (outColumn?.merge && inAt > totalAt) outColumn.merge.into += 1;
  }
  return fitTable(columns, { layout, chalk });
}

/**
 * --per-request's table fitted to the terminal: the line number and the output bound go first,
 * then ids are shortened; the request, model and cost stay. `rows` have the cells of `head`:
 * Request, Line, Model, In tokens, Out tokens, Max out, Cost, High.
 */
export function fitRequestTable(
  head: readonly string[],
  rows: readonly string[][],
  options: { chalk: ChalkInstance; layout?: TerminalLayout },
): string {
  const cuts: Record<string, Pick<FitColumn, "drop">> = {
    Line: { drop: 1 },
    "Max out": { drop: 2 },
    High: { drop: 6 },
    "In tokens": { drop: 7 },
  };
  const columns: FitColumn[] = head.map((title, i) => {
    const cells = rows.map((row) => row[i] ?? "");
    if (i === 0 || i === 2) {
      const ids = idColumn(title, cells, [], i === 0 ? 4 : 5);
      return { align: "left", ...ids };
    }
    return { head: title, align: "right", cells, ...cuts[title] };
  });
  const out = columns[head.indexOf("Out tokens")];
  if (out)
    out.merge = {
      step: 3,
      into: head.indexOf("In tokens"),
      head: "In/out tokens",
      join: (a, b) => `${a}/${b}`,
    };
  return fitTable(columns, options);
}
