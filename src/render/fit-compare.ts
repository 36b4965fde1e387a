import { shortenId, undatedId } from "./fit-ids.js";
import type { Narrowing } from "./fit-table.js";
import { displayWidth, wrapText } from "./fit-text.js";

/**
 * The reference model's id in at most `width` columns without cutting it: whole, or without its
 * date suffix ("gpt-4o-mini…"); undefined when neither fits.
 */
function referenceIn(reference: string, width: number): string | undefined {
  if (displayWidth(reference) <= width) return reference;
  const undated = undatedId(reference);
  return undated !== undefined && displayWidth(undated) <= width ? undated : undefined;
}

/**
 * One --compare-to cell (comparisonText's words) in `width` columns. "16.7× gpt-4o-mini-2024-07-18"
 * keeps its id whole or without its date, else it is the multiple alone: the column's head names
 * the reference. Other cells wrap at spaces; none cuts the id across lines.
 */
export function fitComparisonCell(cell: string, reference: string, width: number): string {
  if (displayWidth(cell) <= width) return cell;
  if (cell.endsWith(` ${reference}`)) {
    const multiple = cell.slice(0, -reference.length - 1);
    const id = referenceIn(reference, width - displayWidth(multiple) - 1);
    return id === undefined ? wrapText(multiple, width) : `${multiple} ${id}`;
  }
  // "more expensive (<reference> costs $0.00)": the id shortened, else the words before it.
  const at = cell.indexOf(`(${reference} `);
  if (at >= 0) {
    const id = referenceIn(reference, width - 1);
    if (id === undefined) return wrapText(cell.slice(0, at).trimEnd(), width);
    return wrapText(cell.replace(`(${reference} `, `(${id} `), width);
  }
  return wrapText(cell, width);
}

/** The narrowest a cell can go: its multiple alone, or its longest word. */
function narrowestOf(cell: string, reference: string): number {
  if (cell.endsWith(` ${reference}`)) return displayWidth(cell.slice(0, -reference.length - 1));
  const at = cell.indexOf(`(${reference} `);
  const words = (at >= 0 ? cell.slice(0, at) : cell).split(" ");
  return Math.max(0, ...words.map(displayWidth));
}

/**
 * How a --compare-to column narrows: its cells as fitComparisonCell writes them, its head
 * ("Cost vs <reference>") over two lines with the id whole, undated, or shortened around "…".
 */
export function compareNarrowing(
  cells: readonly string[],
  reference: string,
  step: number,
): Narrowing & { step: number } {
  const head = "Cost vs";
  return {
    step,
    min: Math.max(displayWidth(head), ...cells.map((cell) => narrowestOf(cell, reference))),
    cells: (width) => cells.map((cell) => fitComparisonCell(cell, reference, width)),
    head: (width) => `${head}\n${referenceIn(reference, width) ?? shortenId(reference, width)}`,
  };
}
