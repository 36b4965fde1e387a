import { dataError } from "../errors.js";
import { describeJsonSyntaxError, jsonPath } from "../pricing/json-path.js";
import { type Picodollars, picodollarsFromUsd } from "../pricing/money.js";
import { isCalendarDate } from "../pricing/validate.js";
import { addSideRanges, baselineRange, type SideRange, sideRange } from "./diff-range.js";
import type { Estimate, ModelResult, OutputAssumption } from "./types.js";

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

/** A saved `llmcost estimate --format json` report, read as the "before" side of a diff. */
export interface Baseline {
  date: string;
  output: OutputAssumption;
  billing: { batch: boolean; cachedRatio: string };
  side: DiffSide;
  /** USD per 1M tokens each model was priced at, when the report says (to warn of price changes). */
  prices: Map<string, { input?: number; output?: number }>;
}

/** The report version this reader understands; later reports only add fields. */
const BASELINE_VERSION = 1;
const RATIO = /^(0|[1-9][0-9]*)(\.[0-9]{1,6})?$/;

/**
 * Reads a report written by `llmcost estimate --format json` (with `--per-file` for per-file data).
 * Only the fields a diff needs are read, so reports from later versions (which only add fields) work.
 * Anything malformed is an error naming the file and the field (exit 65).
 */
export function parseBaseline(text: string, name: string): Baseline {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw dataError(name, describeJsonSyntaxError(text));
  }
  const bad = (path: (string | number)[], expected: string) =>
    dataError(name, `${jsonPath(path)}: expected ${expected} (an llmcost estimate --format json report)`);
  if (!isObject(report)) throw bad([], "a JSON object");
  if (report.version !== BASELINE_VERSION) {
    if (typeof report.version !== "number") throw bad(["version"], "a number");
    throw dataError(name, `version: ${report.version}; this llmcost reads version ${BASELINE_VERSION}`);
  }
  const { date, output, billing, results, inputs } = report;
  if (typeof date !== "string" || !isCalendarDate(date)) throw bad(["date"], "a date as YYYY-MM-DD");
  const prices = new Map<string, { input?: number; output?: number }>();
  const costs = (list: unknown, path: (string | number)[]): ModelCost[] => {
    if (!Array.isArray(list)) throw bad(path, "a list of model results");
    return list.map((row: unknown, i) => {
      const at = [...path, i];
      if (!isObject(row)) throw bad(at, "a model result object");
      if (typeof row.model !== "string" || row.model === "") throw bad([...at, "model"], "a model id");
      if (!isCount(row.inputTokens)) throw bad([...at, "inputTokens"], "a whole number ≥ 0");
      const cost = typeof row.totalCost === "number" ? picodollarsFromUsd(row.totalCost) : null;
      if (cost === null) throw bad([...at, "totalCost"], "a number of USD ≥ 0");
      if (typeof row.exact !== "boolean") throw bad([...at, "exact"], "true or false");
      if (path.length === 1) {
        const price = (value: unknown) => (typeof value === "number" ? value : undefined);
        prices.set(row.model, {
          input: price(row.inputPricePerMillion),
          output: price(row.outputPricePerMillion),
        });
      }
      const range = baselineRange(row, cost, (field, expected) => bad([...at, field], expected));
      return { model: row.model, tokens: row.inputTokens, cost, exact: row.exact, ...range };
    });
  };
  const totals = costs(results, ["results"]);
  if (!Array.isArray(inputs)) throw bad(["inputs"], "a list of inputs");
  const files = inputs.map((input: unknown, i): SideFile | undefined => {
    if (!isObject(input)) throw bad(["inputs", i], "an input object");
    if (typeof input.source !== "string") throw bad(["inputs", i, "source"], "a string");
    if (input.bytes !== undefined && !isCount(input.bytes))
      throw bad(["inputs", i, "bytes"], "a whole number ≥ 0");
    if (input.results === undefined) return undefined;
    return {
      file: input.source,
      ...(input.bytes === undefined ? {} : { bytes: input.bytes }),
      results: costs(input.results, ["inputs", i, "results"]),
    };
  });
  const perFile = files.length > 0 && files.every((file) => file !== undefined);
  return {
    date,
    output: baselineOutput(output, bad),
    billing: baselineBilling(billing, bad),
    side: { results: totals, ...(perFile ? { files: files as SideFile[] } : {}) },
    prices,
  };
}

type Bad = (path: (string | number)[], expected: string) => Error;

function baselineOutput(output: unknown, bad: Bad): OutputAssumption {
  if (!isObject(output)) throw bad(["output"], "an object");
  if (output.assumption === "none") return { kind: "none" };
  if (output.assumption === "tokens") {
    if (!isCount(output.tokens)) throw bad(["output", "tokens"], "a whole number ≥ 0");
    return { kind: "tokens", tokens: output.tokens };
  }
  if (output.assumption === "ratio") {
    const ratio = typeof output.ratio === "number" ? String(output.ratio) : "";
    if (!RATIO.test(ratio)) throw bad(["output", "ratio"], "a decimal ≥ 0 with at most 6 places");
    return { kind: "ratio", ratio };
  }
  throw bad(["output", "assumption"], '"none", "tokens" or "ratio"');
}

function baselineBilling(billing: unknown, bad: Bad): Baseline["billing"] {
  if (!isObject(billing)) throw bad(["billing"], "an object");
  if (typeof billing.batch !== "boolean") throw bad(["billing", "batch"], "true or false");
  const ratio = typeof billing.cachedRatio === "number" ? String(billing.cachedRatio) : "";
  if (!RATIO.test(ratio) || Number(ratio) > 1) throw bad(["billing", "cachedRatio"], "a share from 0 to 1");
  return { batch: billing.batch, cachedRatio: ratio };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The diff's models with the lifecycle marks of the run's results (retired, retiring, successor). */
export function withLifecycle(diff: CostDiff, results: readonly ModelResult[]) {
  const marks = new Map(
    results.map(({ model, retired, retires, successor }) => [model, { retired, retires, successor }]),
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
