import { calibrationFields } from "./calibration-profile.js";
import { addRanges, withoutRange } from "./input-range.js";
import type { ModelResult } from "./types.js";

/**
 * Each model's totals over inputs added one at a time: what totalEstimate gives for them all, without
 * holding them (llmcost merge streams its shards through this). A total is exact only if every input
 * was counted exactly (API counts may cover some inputs and not others); it names one counting only if
 * every input was counted the same way.
 */
export class ModelTotals {
  private readonly totals: ModelResult[];
  private readonly first: (ModelResult | undefined)[];
  private readonly sameCounting: boolean[];
  private readonly allExact: boolean[];
  /** The first estimated input's method, once there is one. */
  private readonly estimated: ({ method: string | undefined } | undefined)[];

  /** `empty`: per model, in a fixed order, its result for no request (where totals start). */
  constructor(empty: readonly ModelResult[]) {
    this.totals = [...empty];
    this.first = empty.map(() => undefined);
    this.sameCounting = empty.map(() => true);
    this.allExact = empty.map(() => true);
    this.estimated = empty.map(() => undefined);
  }

  /** One input's results, in the order of `empty`. */
  add(results: readonly ModelResult[]): void {
    this.totals.forEach((total, index) => {
      const part = results[index] as ModelResult;
      this.totals[index] = addResult(total, part);
      this.first[index] ??= part;
      const first = this.first[index] as ModelResult;
      if (part.countedWith !== first.countedWith) this.sameCounting[index] = false;
      if (!part.exact) {
        this.allExact[index] = false;
        this.estimated[index] ??= { method: part.estimateMethod };
      }
    });
  }

  /** The totals per model, cheapest first. */
  results(): ModelResult[] {
    const results = this.totals.map((total, index) => {
      const first = this.first[index];
      if (!first) return total;
      const { estimateMethod, ...rest } = total;
      const exact = this.allExact[index] as boolean;
      return {
        ...(exact ? withoutRange(rest) : rest),
        exact,
        countedWith: this.sameCounting[index] ? first.countedWith : total.countedWith,
        ...(exact ? {} : { estimateMethod: this.estimated[index]?.method ?? estimateMethod }),
      };
    });
    return sortByCost(results);
  }
}

/** Two results of the same model, added exactly. Prices shown are the highest billed (shownPrices). */
export function addResult(total: ModelResult, part: ModelResult): ModelResult {
  return {
    ...total,
    inputTokens: total.inputTokens + part.inputTokens,
    cachedInputTokens: total.cachedInputTokens + part.cachedInputTokens,
    outputTokens: total.outputTokens + part.outputTokens,
    reasoningTokens: total.reasoningTokens + part.reasoningTokens,
    uncountedParts: total.uncountedParts + part.uncountedParts,
    ...(total.unprovenCuts || part.unprovenCuts
      ? { unprovenCuts: (total.unprovenCuts ?? 0) + (part.unprovenCuts ?? 0) }
      : {}),
    ...addedUnits(total, part),
    requests: total.requests + part.requests,
    inputCost: total.inputCost + part.inputCost,
    outputCost: total.outputCost + part.outputCost,
    totalCost: total.totalCost + part.totalCost,
    reasoningCost: total.reasoningCost + part.reasoningCost,
    lowCost: total.lowCost + part.lowCost,
    highCost: total.highCost + part.highCost,
    highOutputTokens: total.highOutputTokens + part.highOutputTokens,
    largestRequestTokens: Math.max(total.largestRequestTokens, part.largestRequestTokens),
    fitsContext: total.fitsContext && part.fitsContext,
    fitsMaxOutput: total.fitsMaxOutput && part.fitsMaxOutput,
    longContext: total.longContext || part.longContext,
    ...addRanges(total, part),
    ...shownPrices(total, part),
    ...calibrationFields(total, part),
  };
}

/**
 * Shown prices are the highest a request was billed at (a long-context tier when one applied); a
 * result of no request only says what a request would cost, so a billed one replaces its prices (a
 * batch file's batch rate replaces the standard rate totals start from).
 */
function shownPrices(total: ModelResult, part: ModelResult): Pick<ModelResult, "inputPrice" | "outputPrice"> {
  if (part.requests === 0) return { inputPrice: total.inputPrice, outputPrice: total.outputPrice };
  if (total.requests === 0) return { inputPrice: part.inputPrice, outputPrice: part.outputPrice };
  return {
    inputPrice: larger(part.inputPrice, total.inputPrice),
    outputPrice: larger(part.outputPrice, total.outputPrice),
  };
}

/** The billing units' counts of two results added (present when either has them). */
function addedUnits(total: ModelResult, part: ModelResult) {
  const sum = (key: "cacheWriteTokens" | "inputCharacters" | "outputCharacters") =>
    total[key] === undefined && part[key] === undefined
      ? {}
      : { [key]: (total[key] ?? 0) + (part[key] ?? 0) };
  return { ...sum("cacheWriteTokens"), ...sum("inputCharacters"), ...sum("outputCharacters") };
}

/** Math.max for bigint amounts. */
const larger = (a: bigint, b: bigint) => (a >= b ? a : b);

export function sortByCost(results: ModelResult[]): ModelResult[] {
  return results.sort((a, b) =>
    a.totalCost === b.totalCost ? a.model.localeCompare(b.model) : a.totalCost < b.totalCost ? -1 : 1,
  );
}
