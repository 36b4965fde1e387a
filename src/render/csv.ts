import { PRICE_DECIMALS, scaledToDecimal, toUsdString } from "../core/money.js";
import type { Estimate, ModelResult } from "../core/types.js";
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
] as const;

/** RFC 4180 CSV (CRLF, quoted where needed): one row per model, or per input and model with perFile. */
export function renderCsv(estimate: Estimate, options: { perFile?: boolean } = {}): string {
  const rows: string[][] = [];
  if (options.perFile) {
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
  ];
}
