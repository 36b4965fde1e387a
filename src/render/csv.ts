import type { CostComparison } from "../core/cost-comparison.js";
import { comparisonsIn, type EstimateReport } from "../core/reports/estimate.js";
import type { Estimate, ModelResult } from "../core/types.js";
import { type Picodollars, PRICE_DECIMALS, scaledToDecimal, toUsdString } from "../pricing/money.js";
import { BILLING_UNIT_COLUMNS, billingUnitCells } from "./billing-units.js";
import { comparisonJson } from "./cost-comparison.js";
import { csvRows } from "./format.js";

/** Any comparison: comparisonJson's keys (the comparedTo columns) do not depend on its figures. */
const SAMPLE_COMPARISON: CostComparison = {
  reference: "",
  isReference: true,
  cost: 0n,
  referenceCost: 0n,
  ratio: null,
  percentCheaper: null,
  exact: true,
};
const capitalized = (key: string) => `${key.charAt(0).toUpperCase()}${key.slice(1)}`;

/** What a row adds from beyond its result: the monthly projection and the --compare-to comparison. */
interface RowExtras {
  monthly?: ReadonlyMap<string, Picodollars>;
  comparisons?: (results: readonly ModelResult[]) => ReadonlyMap<string, CostComparison>;
}

const COLUMNS = [
  "model",
  "provider",
  "tokenizer",
  "exact",
  "inputTokens",
  "outputTokens",
  "inputCost",
  "outputCost",
  "totalCost",
  "inputPricePerMillion",
  "outputPricePerMillion",
  "contextWindow",
  "fitsContext",
  "cachedInputTokens",
  "longContext",
  "reasoningTokens",
  "highOutputTokens",
  "lowCost",
  "highCost",
  "requests",
  "retired",
  "retires",
  "successor",
  // An estimate's error band (empty for exact counts): input tokens and input cost at its two ends.
  "inputTokensLow",
  "inputTokensHigh",
  "inputCostLow",
  "inputCostHigh",
  // Appended (issue 20): every other figure a JSON row has, so CSV leaves nothing of it out.
  "name",
  "host",
  "kind",
  "countedWith",
  "estimateMethod",
  "calibratedWithProfile",
  "calibratedWithCreated",
  "calibratedWithSamples",
  "calibratedWithModel",
  "uncountedParts",
  "unprovenCuts",
  "reasoningCost",
  "expectedCost",
  "maxOutputTokens",
  "largestRequestTokens",
  "fitsMaxOutput",
  "errorBandLow",
  "errorBandHigh",
  "errorBandAgainst",
  "priceFrom",
  "priceSource",
  "priceChecked",
  "priceOrigin",
  "successorOnSale",
  // JSON's projection.monthlyCost (with --requests): the model's projected monthly cost.
  "monthlyCost",
  // JSON's comparedTo (with --compare-to), field for field: comparedToModel, comparedToRatio, …
  ...Object.keys(comparisonJson(SAMPLE_COMPARISON)).map((key) => `comparedTo${capitalized(key)}`),
  // Billing units (docs/billing-units.md): cache writes, per-character billing, tier, endpoint, hour.
  ...BILLING_UNIT_COLUMNS,
] as const;

/** --per-request: a row per request and model (a batch file may have 50,000), with its figures. */
const REQUEST_COLUMNS = [
  "model",
  "exact",
  "inputTokens",
  "outputTokens",
  "reasoningTokens",
  "highOutputTokens",
  "lowCost",
  "totalCost",
  "highCost",
] as const;

/**
 * RFC 4180 CSV (CRLF, quoted where needed): one row per model, per input and model with perFile, or
 * per request and model with perRequest.
 */
export function renderCsv(
  estimate: Estimate,
  options: { perFile?: boolean; perRequest?: boolean } & RowExtras = {},
): string {
  // Projections are of the totals: an input's own row has none (as in JSON).
  const rowCells = (results: readonly ModelResult[]) => {
    const compared = options.comparisons?.(results);
    const monthly = results === estimate.results ? options.monthly : undefined;
    return (result: ModelResult) => cells(result, monthly, compared?.get(result.model));
  };
  const rows: string[][] = [];
  const requestRows = estimate.perInput.filter((input) => input.requestRows);
  if (options.perRequest && requestRows.length > 0) {
    rows.push(["source", "request", "line", ...REQUEST_COLUMNS]);
    for (const input of requestRows) {
      for (const row of input.requestRows ?? [])
        for (const r of row.results)
          rows.push([
            input.source,
            row.id,
            String(row.line),
            r.model,
            String(r.exact),
            String(r.inputTokens),
            String(r.outputTokens),
            String(r.reasoningTokens),
            String(r.highOutputTokens),
            toUsdString(r.lowCost),
            toUsdString(r.totalCost),
            toUsdString(r.highCost),
          ]);
    }
  } else if (options.perFile) {
    rows.push(["source", ...COLUMNS]);
    for (const input of estimate.perInput) {
      const cellsOf = rowCells(input.results);
      for (const result of input.results) rows.push([input.source, ...cellsOf(result)]);
    }
  } else {
    rows.push([...COLUMNS]);
    const cellsOf = rowCells(estimate.results);
    for (const result of estimate.results) rows.push(cellsOf(result));
  }
  return csvRows(rows);
}

/** `--format csv` of a report (estimate, merge): its rows with their projection and comparison. */
export function renderEstimateCsv(report: EstimateReport): string {
  const { estimate, perFile, perRequest, budget } = report;
  return renderCsv(estimate, {
    perFile,
    perRequest,
    ...(budget?.rate ? { monthly: budget.monthly } : {}),
    comparisons: (results) => comparisonsIn(report, results),
  });
}

function cells(
  r: ModelResult,
  monthly?: ReadonlyMap<string, Picodollars>,
  comparison?: CostComparison,
): string[] {
  const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
  const cost = monthly?.get(r.model);
  const calibrated = r.calibratedWith;
  return [
    r.model,
    r.provider,
    r.tokenizer,
    String(r.exact),
    String(r.inputTokens),
    String(r.outputTokens),
    toUsdString(r.inputCost),
    toUsdString(r.outputCost),
    toUsdString(r.totalCost),
    scaledToDecimal(r.inputPrice, PRICE_DECIMALS),
    scaledToDecimal(r.outputPrice, PRICE_DECIMALS),
    String(r.contextWindow),
    String(r.fitsContext),
    String(r.cachedInputTokens),
    String(r.longContext),
    String(r.reasoningTokens),
    String(r.highOutputTokens),
    toUsdString(r.lowCost),
    toUsdString(r.highCost),
    String(r.requests),
    r.retired ?? "",
    r.retires ?? "",
    r.successor ?? "",
    ...(r.inputTokensRange ? [String(r.inputTokensRange.low), String(r.inputTokensRange.high)] : ["", ""]),
    ...(r.inputCostRange
      ? [toUsdString(r.inputCostRange.low), toUsdString(r.inputCostRange.high)]
      : ["", ""]),
    r.name,
    text(r.host),
    r.kind,
    r.countedWith,
    text(r.estimateMethod),
    text(calibrated?.profile),
    text(calibrated?.created),
    text(calibrated?.samples),
    text(calibrated?.model),
    String(r.uncountedParts),
    String(r.unprovenCuts ?? 0),
    toUsdString(r.reasoningCost),
    toUsdString(r.totalCost),
    String(r.maxOutputTokens),
    String(r.largestRequestTokens),
    String(r.fitsMaxOutput),
    text(r.band?.low),
    text(r.band?.high),
    text(r.band?.against),
    r.priceFrom,
    r.priceSource,
    r.priceChecked,
    r.priceOrigin ?? "shipped",
    text(r.successorOnSale),
    cost === undefined ? "" : toUsdString(cost),
    ...Object.values(comparison ? comparisonJson(comparison) : comparisonJson(SAMPLE_COMPARISON)).map(
      (value) => (comparison ? text(value) : ""),
    ),
    ...billingUnitCells(r),
  ];
}
