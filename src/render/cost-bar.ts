import type { ChalkInstance } from "chalk";
import type { Narrowing } from "./fit-table.js";

// Eighths of a block, so a bar of a few columns still shows small differences.
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const FULL = "█";

/** The widest a bar is drawn, and the narrowest before its column is dropped. */
export const BAR_WIDTH = 10;
const BAR_MIN = 4;

/**
 * `cost` as a bar of up to `width` columns, full for `dearest`: a cost above zero shows at least
 * an eighth, so it is never read as free.
 */
export function costBar(cost: bigint, dearest: bigint, width: number): string {
  if (dearest <= 0n || cost <= 0n) return "";
  const eighths = Number((cost * BigInt(width * 8)) / dearest) || 1;
  return FULL.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}

/**
 * A column of bars beside the totals, each cost against the dearest row's; narrowed down to a few
 * columns before it is dropped.
 */
export function barColumn(
  costs: readonly bigint[],
  chalk: ChalkInstance,
  step: number,
): { head: string; cells: string[]; narrow: Narrowing & { step: number } } {
  let dearest = 0n;
  for (const cost of costs) if (cost > dearest) dearest = cost;
  const cells = (width: number) => costs.map((cost) => chalk.cyan(costBar(cost, dearest, width)));
  return { head: "", cells: cells(BAR_WIDTH), narrow: { step, min: BAR_MIN, cells } };
}
