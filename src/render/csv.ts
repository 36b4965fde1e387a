import type { Estimate, ModelResult } from "../core/types.js";
import { PRICE_DECIMALS, scaledToDecimal, toUsdString } from "../pricing/money.js";
import { csvRows } from "./format.js";

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
  options: { perFile?: boolean; perRequest?: boolean } = {},
): string {
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
      for (const result of input.results) rows.push([input.source, ...cells(result)]);
    }
  } else {
    rows.push([...COLUMNS]);
    for (const result of estimate.results) rows.push(cells(result));
  }
  return csvRows(rows);
}

function cells(r: ModelResult): string[] {
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
  ];
}
