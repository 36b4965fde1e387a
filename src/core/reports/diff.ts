import type { CostDiff } from "../diff.js";
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
