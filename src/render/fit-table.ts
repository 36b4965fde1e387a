import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { narrowestDistinctWidth, shortenIds } from "./fit-ids.js";
import { blockWidth, type TerminalLayout, wrapText } from "./fit-text.js";

/**
 * A cell of a fitted table: text (lines split by "\n"), a text across the next `colSpan` columns, or
 * null where such a span covers it.
 */
export type FitCell = string | { content: string; colSpan: number } | null;

/** How a column narrows before the table is given up on: its cells redone for a width. */
export interface Narrowing {
  /** The narrowest it may go. */
  min: number;
  cells(width: number): FitCell[];
  /** The head redone for a width it does not fit (else wrapped at spaces). */
  head?(width: number): string;
}

/**
 * One column of a table that fits the terminal. A too-wide table gives up room one cut at a time,
 * in the order of their `step` (lowest first, across all columns) until it fits: a column dropped,
 * narrowed (its ids shortened, its text wrapped), or merged into another; the narrowed columns then
 * get back what room is left, the most important first.
 */
export interface FitColumn {
  head: string;
  align?: "left" | "right";
  cells: FitCell[];
  /** The step at which this column goes; never, if undefined. */
  drop?: number;
  narrow?: Narrowing & { step: number };
  /** Joined into another column's cells (its index in the column list), with a new head. */
  merge?: { step: number; into: number; head: string; join(target: string, mine: string): string };
}

/** A column whose cells are model ids (with `suffixes` after them, such as a lifecycle tag), shortened to fit. */
export function idColumn(
  head: string,
  ids: readonly string[],
  suffixes: readonly string[],
  step: number,
): Pick<FitColumn, "head" | "cells" | "narrow"> {
  const suffixWidths = ids.map((_, i) => blockWidth(suffixes[i] ?? ""));
  // Shortened as one column (each id to the room its suffix leaves), so no two rows read the same.
  const cells = (width: number) =>
    shortenIds(ids, width, suffixWidths).ids.map((id, i) => `${id}${suffixes[i] ?? ""}`);
  // Worked out only when the table must narrow (a long list of ids takes a few milliseconds).
  let min: number | undefined;
  const narrowest = () =>
    Math.max(narrowestDistinctWidth(ids, 12, suffixWidths), Math.min(blockWidth(head), 6));
  return {
    head,
    cells: ids.map((id, i) => `${id}${suffixes[i] ?? ""}`),
    narrow: {
      step,
      get min() {
        min ??= narrowest();
        return min;
      },
      cells,
    },
  };
}

/** A column of prose wrapped at spaces when the table needs its room, down to `min` columns; continuation lines start with `indent`. */
export function wrapColumn(
  cells: readonly FitCell[],
  min: number,
  step: number,
  indent = "",
): Narrowing & { step: number } {
  return {
    step,
    min,
    cells: (width) => cells.map((cell) => (typeof cell === "string" ? wrapText(cell, width, indent) : cell)),
  };
}

interface Shown {
  column: FitColumn;
  head: string;
  cells: FitCell[];
  dropped: boolean;
  narrowed: boolean;
}

// Every column takes its width plus a space either side and one border; the table one more border.
const tableWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w + 3, 1);

/**
 * Each column's widest line, kept while its head and cells are the same (they are replaced, never
 * changed in place): fitting asks again at every cut, and measuring `models`' 634 rows each time took
 * tens of ms.
 */
const measured = new WeakMap<Shown, { head: string; cells: readonly FitCell[]; width: number }>();

const naturalWidth = (shown: Shown) => {
  const known = measured.get(shown);
  if (known && known.head === shown.head && known.cells === shown.cells) return known.width;
  const width = Math.max(
    blockWidth(shown.head),
    ...shown.cells.map((cell) => (typeof cell === "string" ? blockWidth(cell) : 0)),
  );
  measured.set(shown, { head: shown.head, cells: shown.cells, width });
  return width;
};

const widthOf = (shown: Shown) => {
  const natural = naturalWidth(shown);
  return shown.narrowed && shown.column.narrow ? Math.min(natural, shown.column.narrow.min) : natural;
};

/** The table of `columns`, fitted to `layout.width` when known; drawn as the other tables are. */
export function fitTable(
  columns: readonly FitColumn[],
  { layout, chalk, compact = true }: { layout?: TerminalLayout; chalk: ChalkInstance; compact?: boolean },
): string {
  const state: Shown[] = columns.map((column) => ({
    column,
    head: column.head,
    cells: [...column.cells],
    dropped: false,
    narrowed: false,
  }));
  const shown = () => state.filter((s) => !s.dropped);
  const limit = layout?.width;
  if (limit !== undefined) {
    const cuts = state
      .flatMap((s, index) => [
        ...(s.column.drop === undefined ? [] : [{ step: s.column.drop, index, kind: "drop" as const }]),
        ...(s.column.narrow ? [{ step: s.column.narrow.step, index, kind: "narrow" as const }] : []),
        ...(s.column.merge ? [{ step: s.column.merge.step, index, kind: "merge" as const }] : []),
      ])
      .sort((a, b) => a.step - b.step);
    for (const cut of cuts) {
      if (tableWidth(shown().map(widthOf)) <= limit) break;
      const s = state[cut.index] as Shown;
      if (s.dropped) continue;
      if (cut.kind === "narrow") s.narrowed = true;
      else s.dropped = true;
      if (cut.kind === "merge" && s.column.merge) mergeInto(state, s, s.column.merge);
    }
    giveBack(state, limit);
  }
  return draw(state, chalk, compact, limit !== undefined);
}

function mergeInto(state: Shown[], s: Shown, merge: NonNullable<FitColumn["merge"]>) {
  const target = state[merge.into];
  if (!target || target.dropped) return;
  target.head = merge.head;
  target.cells = target.cells.map((cell, row) => {
    const mine = s.cells[row];
    return typeof cell === "string" && typeof mine === "string" ? merge.join(cell, mine) : cell;
  });
}

/** Narrowed columns take back the room the table has left, the one narrowed last (most important) first. */
function giveBack(state: Shown[], limit: number) {
  const narrowed = state.filter((s) => !s.dropped && s.narrowed && s.column.narrow);
  const widths = new Map(state.filter((s) => !s.dropped).map((s) => [s, widthOf(s)]));
  let room = limit - tableWidth([...widths.values()]);
  const order = narrowed.sort((a, b) => (b.column.narrow?.step ?? 0) - (a.column.narrow?.step ?? 0));
  for (const s of order) {
    const min = widths.get(s) ?? 0;
    const width = Math.min(naturalWidth(s), min + Math.max(0, room));
    room -= width - min;
    s.cells = s.column.narrow?.cells(width) ?? s.cells;
    if (blockWidth(s.head) > width) s.head = s.column.narrow?.head?.(width) ?? wrapText(s.head, width);
  }
}

function draw(state: readonly Shown[], chalk: ChalkInstance, compact: boolean, fitted: boolean): string {
  const shown = state.filter((s) => !s.dropped);
  const table = new Table({
    head: shown.map((s) => chalk.bold(s.head)),
    style: { head: [], border: [], compact },
    colAligns: shown.map((s) => s.column.align ?? "left"),
  });
  // Only a span's room needs the widths: measuring every cell of a long table (`models`, 634 rows)
  // for none took ~40 ms.
  let columnWidths: number[] | undefined;
  const widths = () => {
    columnWidths ??= state.map((s) => (s.dropped ? 0 : naturalWidth(s)));
    return columnWidths;
  };
  const rows = Math.max(0, ...state.map((s) => s.cells.length));
  for (let row = 0; row < rows; row++) table.push(rowCells(state, widths, row, fitted));
  return table.toString();
}

/**
 * One row's cells for cli-table3. A span counts only the columns still shown (it takes the place
 * of the first of them), its text wrapped to their room; it is gone with all of them.
 */
function rowCells(state: readonly Shown[], widths: () => readonly number[], row: number, fitted: boolean) {
  const out: (string | { content: string; colSpan: number })[] = [];
  // The columns a span takes are its own whatever their cells hold: an empty string there would
  // draw one cell too many and push the row's borders out of line.
  let spannedUntil = 0;
  state.forEach((s, i) => {
    const cell = s.cells[row];
    if (cell === null || i < spannedUntil) return;
    if (cell !== undefined && typeof cell !== "string") {
      spannedUntil = i + cell.colSpan;
      const covered = state
        .map((c, j) => ({ c, j }))
        .slice(i, i + cell.colSpan)
        .filter(({ c }) => !c.dropped);
      if (covered.length === 0) return;
      const room = covered.reduce((sum, { j }) => sum + (widths()[j] ?? 0), 0) + 3 * (covered.length - 1);
      out.push({ content: fitted ? wrapText(cell.content, room) : cell.content, colSpan: covered.length });
      return;
    }
    if (!s.dropped) out.push(cell ?? "");
  });
  return out;
}
