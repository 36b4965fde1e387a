import { type CostDiff, increaseFailures, type ModelDiff } from "../diff.js";
import type { PricingContext } from "../types.js";

/** One side of a diff, as the reader should know it. */
export interface DiffSideLabel {
  /** "HEAD~1", "old/", "baseline.json", "working tree". */
  label: string;
  /** --base: the revision as given and the commit it named. */
  ref?: string;
  commit?: string;
  /** --baseline: the date the saved report was priced on. */
  date?: string;
}

/** Everything a renderer needs: the diff, what was compared, and how it was priced (one date, both sides). */
export interface DiffReport extends PricingContext {
  diff: CostDiff;
  base: DiffSideLabel;
  head: DiffSideLabel;
  /** --fail-on-increase: the limit in percent as written, and the models over it. */
  failOnIncrease?: { limit: string; failed: string[] };
  /** Show each file (tables, CSV rows, `files` in JSON). */
  perFile: boolean;
}

/**
 * The diff report, priced as `priced` (the head side's run), with --fail-on-increase's verdict: the
 * models whose cost grew by more than `failOnIncrease.percent` (millionths of a percent), which the
 * report names and the caller reports.
 */
export function buildDiffReport(
  diff: CostDiff,
  sides: { base: DiffSideLabel; head: DiffSideLabel },
  priced: PricingContext,
  options: { perFile: boolean; failOnIncrease?: { limit: string; percent: bigint } },
): { report: DiffReport; failed: ModelDiff[] } {
  const limit = options.failOnIncrease;
  const failed = limit ? increaseFailures(diff.results, limit.percent) : [];
  const report: DiffReport = {
    diff,
    base: sides.base,
    head: sides.head,
    date: priced.date,
    output: priced.output,
    billing: priced.billing,
    pricesChecked: priced.pricesChecked,
    unavailable: priced.unavailable,
    notes: priced.notes,
    perFile: options.perFile,
    ...(limit ? { failOnIncrease: { limit: limit.limit, failed: failed.map((m) => m.model) } } : {}),
  };
  return { report, failed };
}
