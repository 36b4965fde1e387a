import type { Picodollars } from "../pricing/money.js";
import { addSideRanges, type SideRange, sideRange } from "./diff-range.js";
import type { Estimate, ModelResult } from "./types.js";

// The baseline is the estimate report read back: its reader lives beside its writer.
export { type Baseline, parseBaseline } from "./documents/estimate-report.js";

/** What one model costs on one side of a diff: input tokens (the text's) and total cost. */
export interface ModelCost {
  model: string;
  tokens: number;
  cost: Picodollars;
  exact: boolean;
  /** An estimate with an error band: its tokens and cost at the band's ends. */
  range?: SideRange;
}

/** One input on one side, keyed so that the same file on both sides has the same key. */
export interface SideFile {
  file: string;
  /** Size in bytes, when known: a file whose size changed is "changed" even at the same cost. */
  bytes?: number;
  results: ModelCost[];
}

/** One side of a diff: totals per model and, when known, each file's. */
export interface DiffSide {
  results: ModelCost[];
  /** Absent when the side has no per-file data (a baseline report made without --per-file). */
  files?: SideFile[];
}

/** One model, before and after. Money in exact picodollars; `percentHundredths` is the cost change. */
export interface ModelDiff {
  model: string;
  tokensBefore: number;
  tokensAfter: number;
  tokensDelta: number;
  costBefore: Picodollars;
  costAfter: Picodollars;
  costDelta: Picodollars;
  /**
   * Cost change in hundredths of a percent, rounded half away from zero (2500n = +25%); null when
   * the cost grew from nothing ("new").
   */
  percentHundredths: bigint | null;
  /** Both sides' counts are exact (no tokenizer estimate on either). */
  exact: boolean;
  /** Each side's tokens and cost at its estimate's error band, when it has one. */
  rangeBefore?: SideRange;
  rangeAfter?: SideRange;
  /** The model retired before the date (priced at its last price), or retires after it; its successor. */
  retired?: string;
  retires?: string;
  successor?: string;
  /** The user pricing file (as named) this model's price came from; absent: the shipped list. */
  priceOrigin?: string;
}

export type FileStatus = "added" | "removed" | "changed" | "unchanged";

export interface FileDiff {
  file: string;
  status: FileStatus;
  results: ModelDiff[];
}

/** Per model (and per file when both sides have files): before, after, delta. */
export interface CostDiff {
  /** Models priced on both sides, sorted by cost after, cheapest first. */
  results: ModelDiff[];
  /** Files by name (code-point order); absent unless both sides have per-file data. */
  files?: FileDiff[];
  /** Models found on one side only (a baseline priced other models): left out of the diff. */
  onlyBefore: string[];
  onlyAfter: string[];
}

/** An estimate as one side of a diff; `keyOf` names each input so both sides' files line up. */
export function sideOf(estimate: Estimate, keyOf: (source: string) => string = (s) => s): DiffSide {
  const costs = (results: Estimate["results"]): ModelCost[] =>
    results.map((r) => ({
      model: r.model,
      tokens: r.inputTokens,
      cost: r.totalCost,
      exact: r.exact,
      ...sideRange(r),
    }));
  return {
    results: costs(estimate.results),
    files: estimate.perInput.map((input, index) => ({
      file: keyOf(input.source),
      bytes: estimate.inputs[index]?.bytes,
      results: costs(input.results),
    })),
  };
}

/** Compares two sides exactly. Pure. */
export function diffSides(before: DiffSide, after: DiffSide): CostDiff {
  const beforeModels = new Map(before.results.map((r) => [r.model, r]));
  const afterModels = new Map(after.results.map((r) => [r.model, r]));
  const common = after.results.map((r) => r.model).filter((model) => beforeModels.has(model));
  const results = common
    .map((model) => modelDiff(model, beforeModels.get(model), afterModels.get(model)))
    .sort(byCostAfter);
  const order = results.map((r) => r.model);
  return {
    results,
    ...(before.files && after.files ? { files: diffFiles(before.files, after.files, order) } : {}),
    onlyBefore: before.results.map((r) => r.model).filter((model) => !afterModels.has(model)),
    onlyAfter: after.results.map((r) => r.model).filter((model) => !beforeModels.has(model)),
  };
}

/** One model's diff; a missing side counts as nothing (no tokens, no cost). */
export function modelDiff(model: string, before?: ModelCost, after?: ModelCost): ModelDiff {
  const tokensBefore = before?.tokens ?? 0;
  const tokensAfter = after?.tokens ?? 0;
  const costBefore = before?.cost ?? 0n;
  const costAfter = after?.cost ?? 0n;
  return {
    model,
    tokensBefore,
    tokensAfter,
    tokensDelta: tokensAfter - tokensBefore,
    costBefore,
    costAfter,
    costDelta: costAfter - costBefore,
    percentHundredths: percentChange(costBefore, costAfter),
    exact: (before?.exact ?? true) && (after?.exact ?? true),
    ...(before?.range ? { rangeBefore: before.range } : {}),
    ...(after?.range ? { rangeAfter: after.range } : {}),
  };
}

/**
 * The change from `before` to `after` in hundredths of a percent, rounded half away from zero; 0 when
 * both are 0, null when `before` is 0 and `after` is not (an increase from nothing has no percentage).
 */
export function percentChange(before: bigint, after: bigint): bigint | null {
  if (before === 0n) return after === 0n ? 0n : null;
  return divideHalfAway((after - before) * 10_000n, before);
}

/** value / divisor rounded half away from zero; divisor > 0. */
function divideHalfAway(value: bigint, divisor: bigint): bigint {
  const magnitude = (value < 0n ? -value : value) * 2n + divisor;
  const rounded = magnitude / (divisor * 2n);
  return value < 0n ? -rounded : rounded;
}

/** Limits are millionths of a percent: "10" → 10_000_000n, "2.5" → 2_500_000n. */
export const PERCENT_DECIMALS = 6;
export const PERCENT_SCALE = 10n ** BigInt(PERCENT_DECIMALS);

/**
 * Whether a model's cost grew by more than `limit` percent (in millionths of a percent), compared
 * exactly: a growth equal to the limit passes, a decrease never fails, and growth from $0 to more
 * than $0 exceeds every limit.
 */
export function exceedsIncrease(diff: Pick<ModelDiff, "costBefore" | "costDelta">, limit: bigint): boolean {
  return diff.costDelta * 100n * PERCENT_SCALE > limit * diff.costBefore;
}

/** The models whose cost grew by more than the limit (millionths of a percent). */
export function increaseFailures(results: readonly ModelDiff[], limit: bigint): ModelDiff[] {
  return results.filter((diff) => exceedsIncrease(diff, limit));
}

function byCostAfter(a: ModelDiff, b: ModelDiff): number {
  if (a.costAfter !== b.costAfter) return a.costAfter < b.costAfter ? -1 : 1;
  return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
}

/** Files of both sides by key, with their status; costs for the models in `models`, in that order. */
function diffFiles(before: readonly SideFile[], after: readonly SideFile[], models: readonly string[]) {
  const olds = byKey(before);
  const news = byKey(after);
  const keys = [...new Set([...olds.keys(), ...news.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((file): FileDiff => {
    const old = olds.get(file);
    const now = news.get(file);
    const results = models.map((model) => modelDiff(model, old?.results.get(model), now?.results.get(model)));
    let status: FileStatus;
    if (!old) status = "added";
    else if (!now) status = "removed";
    else {
      const resized = old.bytes !== undefined && now.bytes !== undefined && old.bytes !== now.bytes;
      const repriced = results.some((r) => r.tokensDelta !== 0 || r.costDelta !== 0n);
      status = resized || repriced ? "changed" : "unchanged";
    }
    return { file, status, results };
  });
}

interface KeyedFile {
  bytes?: number;
  results: Map<string, ModelCost>;
}

/** Files by key; the same key twice (a file named twice) adds up. */
function byKey(files: readonly SideFile[]): Map<string, KeyedFile> {
  const keyed = new Map<string, KeyedFile>();
  for (const file of files) {
    const entry = keyed.get(file.file);
    if (!entry) {
      keyed.set(file.file, { bytes: file.bytes, results: new Map(file.results.map((r) => [r.model, r])) });
      continue;
    }
    entry.bytes =
      entry.bytes !== undefined && file.bytes !== undefined ? entry.bytes + file.bytes : undefined;
    for (const r of file.results) {
      const sum = entry.results.get(r.model);
      entry.results.set(
        r.model,
        sum
          ? {
              model: r.model,
              tokens: sum.tokens + r.tokens,
              cost: sum.cost + r.cost,
              exact: sum.exact && r.exact,
              ...addSideRanges(sum, r),
            }
          : r,
      );
    }
  }
  return keyed;
}

/**
 * The diff's models with the lifecycle marks of the run's results (retired, retiring, successor) and
 * where each price came from (priceOrigin).
 */
export function withLifecycle(diff: CostDiff, results: readonly ModelResult[]) {
  const marks = new Map(
    results.map(({ model, retired, retires, successor, priceOrigin }) => [
      model,
      { retired, retires, successor, priceOrigin },
    ]),
  );
  const mark = (r: ModelDiff): ModelDiff => {
    const found = marks.get(r.model);
    if (!found) return r;
    return Object.fromEntries(
      Object.entries({ ...r, ...found }).filter(([, value]) => value !== undefined),
    ) as unknown as ModelDiff;
  };
  return {
    ...diff,
    results: diff.results.map(mark),
    ...(diff.files
      ? { files: diff.files.map((file) => ({ ...file, results: file.results.map(mark) })) }
      : {}),
  };
}
