import type { BudgetReport } from "../core/budget.js";
import type { Estimate, ModelResult, OutputAssumption } from "../core/types.js";
import { toUsdNumber, toUsdPerMillion } from "../pricing/money.js";
import { budgetJson } from "./budget.js";
import { type CompareTo, comparisonJson, comparisonsOf } from "./compare.js";

export interface JsonOptions {
  perFile?: boolean;
  budget?: BudgetReport;
  /** --compare-to: `comparedTo` on every result. */
  compareTo?: CompareTo;
  /** Entries skipped inside directory walks: `skipped` (an empty list when none, or not known). */
  skipped?: readonly { source: string; reason: string }[];
}

/** Version of the JSON document; bumped only if a field is ever removed or changes meaning. */
export const JSON_REPORT_VERSION = 1;

/**
 * The `--format json` document: the estimate with costs as USD numbers taken from the exact decimals.
 * Field names are a public contract: add, never rename or drop.
 */
export function toJsonReport(estimate: Estimate, options: JsonOptions = {}) {
  const rows = (results: readonly ModelResult[]) => {
    const compared = comparisonsOf(results, options.compareTo);
    return results.map((result) => {
      const comparison = compared.get(result.model);
      return { ...resultJson(result), ...(comparison ? { comparedTo: comparisonJson(comparison) } : {}) };
    });
  };
  return {
    version: JSON_REPORT_VERSION,
    date: estimate.date,
    output: outputJson(estimate.output),
    billing: { batch: estimate.billing.batch, cachedRatio: Number(estimate.billing.cachedRatio) },
    pricesChecked: estimate.pricesChecked,
    unavailable: estimate.unavailable,
    notes: estimate.notes,
    reasoning: reasoningJson(estimate.reasoning),
    inputs: estimate.inputs.map((input, index) => {
      const requestRows = estimate.perInput[index]?.requestRows;
      return {
        ...input,
        ...(options.perFile ? { results: rows(estimate.perInput[index]?.results ?? []) } : {}),
        ...(requestRows
          ? {
              requestList: requestRows.map((row) => ({
                id: row.id,
                line: row.line,
                results: row.results.map((r) => ({
                  ...r,
                  lowCost: toUsdNumber(r.lowCost),
                  totalCost: toUsdNumber(r.totalCost),
                  highCost: toUsdNumber(r.highCost),
                })),
              })),
            }
          : {}),
      };
    }),
    results: rows(estimate.results),
    skipped: (options.skipped ?? []).map(({ source, reason }) => ({ source, reason })),
    ...(options.budget ? budgetJson(options.budget) : {}),
  };
}

/** The JSON document as text, with a trailing newline. */
export function renderJson(estimate: Estimate, options: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonReport(estimate, options), null, 2)}\n`;
}

function reasoningJson(reasoning: Estimate["reasoning"]) {
  if (reasoning?.kind === "tokens") return { assumption: "tokens", tokens: reasoning.tokens };
  if (reasoning?.kind === "ratio") return { assumption: "ratio", ratio: Number(reasoning.ratio) };
  return { assumption: "none" };
}

/** The output assumption as the JSON reports state it. */
export function outputJson(output: OutputAssumption) {
  if (output.kind === "tokens") return { assumption: "tokens", tokens: output.tokens };
  if (output.kind === "ratio") return { assumption: "ratio", ratio: Number(output.ratio) };
  return { assumption: "none" };
}

function resultJson(result: ModelResult) {
  return {
    model: result.model,
    name: result.name,
    provider: result.provider,
    host: result.host,
    kind: result.kind,
    tokenizer: result.tokenizer,
    countedWith: result.countedWith,
    exact: result.exact,
    estimateMethod: result.estimateMethod ?? null,
    calibratedWith: result.calibratedWith ?? null,
    inputTokens: result.inputTokens,
    inputTokensRange: result.inputTokensRange ?? null,
    cachedInputTokens: result.cachedInputTokens,
    outputTokens: result.outputTokens,
    reasoningTokens: result.reasoningTokens,
    highOutputTokens: result.highOutputTokens,
    uncountedParts: result.uncountedParts,
    unprovenCuts: result.unprovenCuts ?? 0,
    requests: result.requests,
    inputCost: toUsdNumber(result.inputCost),
    inputCostRange: result.inputCostRange
      ? { low: toUsdNumber(result.inputCostRange.low), high: toUsdNumber(result.inputCostRange.high) }
      : null,
    outputCost: toUsdNumber(result.outputCost),
    totalCost: toUsdNumber(result.totalCost),
    reasoningCost: toUsdNumber(result.reasoningCost),
    lowCost: toUsdNumber(result.lowCost),
    expectedCost: toUsdNumber(result.totalCost),
    highCost: toUsdNumber(result.highCost),
    inputPricePerMillion: toUsdPerMillion(result.inputPrice),
    outputPricePerMillion: toUsdPerMillion(result.outputPrice),
    contextWindow: result.contextWindow,
    maxOutputTokens: result.maxOutputTokens,
    largestRequestTokens: result.largestRequestTokens,
    fitsContext: result.fitsContext,
    fitsMaxOutput: result.fitsMaxOutput,
    longContext: result.longContext,
    errorBand: result.band
      ? { low: result.band.low, high: result.band.high, against: result.band.against }
      : null,
    price: { from: result.priceFrom, source: result.priceSource, checked: result.priceChecked },
    retired: result.retired ?? null,
    retires: result.retires ?? null,
    successor: result.successor ?? null,
    successorOnSale: result.successorOnSale ?? null,
  };
}
