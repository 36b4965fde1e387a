import type { ChalkInstance } from "chalk";
import { barColumn } from "./cost-bar.js";
import { type FitColumn, fitTable, idColumn } from "./fit-table.js";
import type { TerminalLayout } from "./fit-text.js";

/**
 * What a diff's figures give up on a narrow terminal, in this order: the token counts before and
 * after, the cost before, then (after the ids are shortened) the token delta and the cost delta.
 * The cost after and the change stay.
 */
const MONEY_CUTS: Record<string, number> = {
  "In tokens before": 1,
  "In tokens after": 2,
  "Cost before": 3,
  "Δ in tokens": 6,
  "Δ cost": 7,
};

/**
 * A diff's table fitted to the terminal: text columns first (model ids, file paths: `ids`, shortened
 * as needed; `status`-like columns kept as they are), then the figures under `moneyHead`.
 */
export function fitDiffTable(
  text: readonly { head: string; cells: readonly string[]; id?: boolean }[],
  moneyHead: readonly string[],
  money: readonly (readonly string[])[],
  options: {
    chalk: ChalkInstance;
    layout?: TerminalLayout;
    suffixes?: readonly string[];
    /** Each row's cost after, for bars beside it (on a colour terminal). */
    costs?: readonly bigint[];
  },
): string {
  const columns: FitColumn[] = [
    ...text.map(
      (column, i): FitColumn =>
        column.id
          ? {
              align: "left",
              ...idColumn(column.head, column.cells, i === 0 ? (options.suffixes ?? []) : [], 4 + i / 10),
            }
          : { head: column.head, align: "left", cells: [...column.cells] },
    ),
    ...moneyHead.map(
      (head, i): FitColumn => ({
        head,
        align: "right",
        cells: money.map((row) => row[i] ?? ""),
        ...(MONEY_CUTS[head] === undefined ? {} : { drop: MONEY_CUTS[head] }),
      }),
    ),
  ];
  const after = columns.findIndex((column) => column.head === "Cost after");
  if (options.layout?.bars && options.costs && after >= 0)
    columns.splice(after + 1, 0, { ...barColumn(options.costs, options.chalk, 5), drop: 8 });
  return fitTable(columns, options);
}
