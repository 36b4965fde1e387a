import { dataError } from "../../errors.js";
import { describeJsonSyntaxError, jsonPath } from "../../pricing/json-path.js";
import {
  type Picodollars,
  PRICE_DECIMALS,
  parseScaledDecimal,
  picodollarsFromUsd,
  toUsdNumber,
  toUsdPerMillion,
  toUsdString,
} from "../../pricing/money.js";
import { isCalendarDate } from "../../pricing/validate.js";
import type { DiffSide, ModelCost, SideFile } from "../diff.js";
import type { SideRange } from "../diff-range.js";
import { isCount, isCountPair, isObject, isPair, type JsonObject } from "../json-shape.js";
import type { Estimate, ModelResult, OutputAssumption, PricingContext } from "../types.js";
import { type BaselineBilling, baselineUnits } from "./baseline-billing.js";

/**
 * The estimate report (`llmcost estimate --format json`), written here and read back here as the
 * "before" side of `llmcost diff --baseline`: writer and reader change together. Field names are a
 * public contract: add, never rename or drop.
 */

/** Version of the JSON document; bumped only if a field is ever removed or changes meaning. */
export const REPORT_VERSION = 1;

export interface ReportOptions {
  perFile?: boolean;
  /** Entries skipped inside directory walks: `skipped` (an empty list when none, or not known). */
  skipped?: readonly { source: string; reason: string }[];
  /** Fields a renderer adds to each row of a list of results (e.g. `comparedTo`), given the whole list. */
  annotate?: (results: readonly ModelResult[]) => (result: ModelResult) => object;
}

/** The report as a JSON value: costs as USD numbers taken from the exact decimals, and as those decimals. */
export function estimateReport(estimate: Estimate, options: ReportOptions = {}) {
  const rows = (results: readonly ModelResult[]) => {
    const extra = options.annotate?.(results);
    return results.map((result) => ({ ...resultJson(result), ...extra?.(result) }));
  };
  return {
    version: REPORT_VERSION,
    ...pricingJson(estimate),
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
  };
}

function reasoningJson(reasoning: Estimate["reasoning"]) {
  if (reasoning?.kind === "tokens") return { assumption: "tokens", tokens: reasoning.tokens };
  if (reasoning?.kind === "ratio") return { assumption: "ratio", ratio: Number(reasoning.ratio) };
  return { assumption: "none" };
}

/** How a report was priced, as the JSON reports (estimate and diff) state it above their figures. */
export function pricingJson(context: Pick<PricingContext, "date" | "output" | "billing" | "pricesChecked">) {
  return {
    date: context.date,
    output: outputJson(context.output),
    billing: billingJson(context.billing),
    pricesChecked: context.pricesChecked,
  };
}

/** The billing mode as the JSON reports state it: ratios as numbers, the choices asked for as given. */
function billingJson(billing: PricingContext["billing"]) {
  const { batch, cachedRatio, cacheWriteRatio, ...choices } = billing;
  return {
    batch,
    cachedRatio: Number(cachedRatio),
    ...(cacheWriteRatio === undefined ? {} : { cacheWriteRatio: Number(cacheWriteRatio) }),
    ...choices,
  };
}

/** The output assumption as the JSON reports state it. */
export function outputJson(output: OutputAssumption) {
  if (output.kind === "tokens") return { assumption: "tokens", tokens: output.tokens };
  if (output.kind === "ratio") return { assumption: "ratio", ratio: Number(output.ratio) };
  return { assumption: "none" };
}

function resultJson(result: ModelResult) {
  const range = result.inputCostRange;
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
    cacheWriteTokens: result.cacheWriteTokens ?? 0,
    outputTokens: result.outputTokens,
    reasoningTokens: result.reasoningTokens,
    highOutputTokens: result.highOutputTokens,
    uncountedParts: result.uncountedParts,
    unprovenCuts: result.unprovenCuts ?? 0,
    requests: result.requests,
    inputCost: toUsdNumber(result.inputCost),
    inputCostRange: range ? { low: toUsdNumber(range.low), high: toUsdNumber(range.high) } : null,
    outputCost: toUsdNumber(result.outputCost),
    totalCost: toUsdNumber(result.totalCost),
    reasoningCost: toUsdNumber(result.reasoningCost),
    lowCost: toUsdNumber(result.lowCost),
    expectedCost: toUsdNumber(result.totalCost),
    highCost: toUsdNumber(result.highCost),
    // The costs a baseline reads, as exact decimal strings: a USD number may not hold every picodollar.
    costExact: {
      input: toUsdString(result.inputCost),
      output: toUsdString(result.outputCost),
      total: toUsdString(result.totalCost),
      inputRange: range ? { low: toUsdString(range.low), high: toUsdString(range.high) } : null,
    },
    inputPricePerMillion: toUsdPerMillion(result.inputPrice),
    outputPricePerMillion: toUsdPerMillion(result.outputPrice),
    // What the prices are per: "token", or "character" (then the *PricePerMillion are per 1M characters).
    unit: result.unit ?? "token",
    inputCharacters: result.inputCharacters ?? null,
    // cachedInputTokens and cacheWriteTokens hold characters for such a price: named by their unit here.
    cachedInputCharacters: result.unit === "character" ? result.cachedInputTokens : null,
    cacheWriteCharacters: result.unit === "character" ? (result.cacheWriteTokens ?? 0) : null,
    outputCharacters: result.outputCharacters ?? null,
    serviceTier: result.serviceTier ?? null,
    endpoint: result.endpoint ?? null,
    offPeak: result.offPeak ?? null,
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
    // Where the price was read: "shipped" (llmcost's price list) or a user pricing file, as named.
    priceOrigin: result.priceOrigin ?? "shipped",
    retired: result.retired ?? null,
    retires: result.retires ?? null,
    successor: result.successor ?? null,
    successorOnSale: result.successorOnSale ?? null,
  };
}

/** A saved `llmcost estimate --format json` report, read as the "before" side of a diff. */
export interface Baseline {
  date: string;
  output: OutputAssumption;
  billing: BaselineBilling;
  side: DiffSide;
  /** USD per 1M tokens each model was priced at, when the report says (to warn of price changes). */
  prices: Map<string, { input?: number; output?: number }>;
}

type Bad = (path: (string | number)[], expected: string) => Error;

/**
 * Reads a report written by `llmcost estimate --format json` (with `--per-file` for per-file data).
 * Only the fields a diff needs are read, so reports from later versions (which only add fields) work.
 * Money comes from `costExact` when the report has it, else from the USD numbers (older reports).
 * Anything malformed is an error naming the file and the field (exit 65).
 */
export function parseBaseline(text: string, name: string): Baseline {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw dataError(name, describeJsonSyntaxError(text));
  }
  const bad: Bad = (path, expected) =>
    dataError(name, `${jsonPath(path)}: expected ${expected} (an llmcost estimate --format json report)`);
  if (!isObject(report)) throw bad([], "a JSON object");
  if (report.version !== REPORT_VERSION) {
    if (typeof report.version !== "number") throw bad(["version"], "a number");
    throw dataError(name, `version: ${report.version}; this llmcost reads version ${REPORT_VERSION}`);
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
      const money = rowMoney(row, (field, expected) => bad([...at, ...field], expected));
      if (typeof row.exact !== "boolean") throw bad([...at, "exact"], "true or false");
      if (path.length === 1) {
        const price = (value: unknown) => (typeof value === "number" ? value : undefined);
        prices.set(row.model, {
          input: price(row.inputPricePerMillion),
          output: price(row.outputPricePerMillion),
        });
      }
      const { total: cost, range } = money;
      return {
        model: row.model,
        tokens: row.inputTokens,
        cost,
        exact: row.exact,
        ...(range ? { range } : {}),
      };
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

/**
 * A row's total cost and, for an estimate with an error band, its range (`inputTokensRange`, and the
 * input cost at its ends). The USD numbers are checked as they always were; the exact decimals in
 * `costExact`, when the report has them (reports before it do not), are what is used.
 */
function rowMoney(row: JsonObject, bad: Bad): { total: Picodollars; range?: SideRange } {
  const { costExact: exact, inputTokensRange: tokens } = row;
  const badTokens = () => bad(["inputTokensRange"], "{ low, high } in whole tokens");
  const fromNumbers = amounts(
    { total: row.totalCost, input: row.inputCost, range: row.inputCostRange },
    (value) => (typeof value === "number" ? picodollarsFromUsd(value) : null),
    tokens,
    (field) =>
      field === "tokens"
        ? badTokens()
        : field === "total"
          ? bad(["totalCost"], "a number of USD ≥ 0")
          : bad(["inputCostRange"], "{ low, high } in USD, with inputCost"),
  );
  if (exact === undefined) return fromNumbers;
  if (!isObject(exact)) throw bad(["costExact"], "an object of USD decimal strings");
  return amounts(
    { total: exact.total, input: exact.input, range: exact.inputRange },
    (value) => (typeof value === "string" ? parseScaledDecimal(value, 12) : null),
    tokens,
    (field) =>
      field === "tokens"
        ? badTokens()
        : field === "total"
          ? bad(["costExact", "total"], "a USD decimal string")
          : bad(["costExact", "inputRange"], "{ low, high } as USD decimal strings, with input"),
  );
}

/** Total and range from one way of writing the amounts (`read` gives null for a malformed one). */
function amounts(
  written: { total: unknown; input: unknown; range: unknown },
  read: (value: unknown) => Picodollars | null,
  tokens: unknown,
  fail: (field: "total" | "tokens" | "range") => Error,
): { total: Picodollars; range?: SideRange } {
  const total = read(written.total);
  if (total === null) throw fail("total");
  if (tokens === undefined || tokens === null) return { total };
  if (!isCountPair(tokens)) throw fail("tokens");
  const input = read(written.input);
  const low = isPair(written.range) ? read(written.range.low) : null;
  const high = isPair(written.range) ? read(written.range.high) : null;
  if (input === null || low === null || high === null) throw fail("range");
  const output = total - input;
  return { total, range: { tokens, cost: { low: low + output, high: high + output } } };
}

function baselineOutput(output: unknown, bad: Bad): OutputAssumption {
  if (!isObject(output)) throw bad(["output"], "an object");
  if (output.assumption === "none") return { kind: "none" };
  if (output.assumption === "tokens") {
    if (!isCount(output.tokens)) throw bad(["output", "tokens"], "a whole number ≥ 0");
    return { kind: "tokens", tokens: output.tokens };
  }
  if (output.assumption === "ratio") {
    const ratio = typeof output.ratio === "number" ? String(output.ratio) : "";
    if (parseScaledDecimal(ratio, PRICE_DECIMALS) === null)
      throw bad(["output", "ratio"], "a decimal ≥ 0 with at most 6 places");
    return { kind: "ratio", ratio };
  }
  throw bad(["output", "assumption"], '"none", "tokens" or "ratio"');
}

function baselineBilling(billing: unknown, bad: Bad): Baseline["billing"] {
  if (!isObject(billing)) throw bad(["billing"], "an object");
  if (typeof billing.batch !== "boolean") throw bad(["billing", "batch"], "true or false");
  const ratio = typeof billing.cachedRatio === "number" ? String(billing.cachedRatio) : "";
  const millionths = parseScaledDecimal(ratio, PRICE_DECIMALS);
  if (millionths === null || millionths > 1_000_000n)
    throw bad(["billing", "cachedRatio"], "a share from 0 to 1");
  return { batch: billing.batch, cachedRatio: ratio, ...baselineUnits(billing, bad) };
}
