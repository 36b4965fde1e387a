import { DEFAULT_MODELS } from "./core/default-models.js";
import { computeEstimate } from "./core/estimate.js";
import { PRICE_DECIMALS, parseScaledDecimal } from "./core/money.js";
import { type ModelSelection, selectModels } from "./core/select-models.js";
import type { Estimate, InputText, OutputAssumption } from "./core/types.js";
import { usageError } from "./errors.js";
import { loadPricing, type PricingSources } from "./io/load-pricing.js";
import type { Catalog } from "./pricing/types.js";
import { createTokenizerRegistry, type TokenizerRegistry } from "./tokenizers/registry.js";
import type { Tokenizer } from "./tokenizers/types.js";

export interface EstimateRequest extends ModelSelection {
  /** Expected response length per input, in tokens. */
  outputTokens?: number;
  /** Expected response length as a multiple of each input's tokens, e.g. "0.5". */
  outputRatio?: string | number;
  /** Price as of this date, YYYY-MM-DD (default: today, UTC). */
  date?: string;
  /** Use Batch API prices. */
  batch?: boolean;
  /** Share of input tokens billed as cached reads, e.g. "0.8". */
  cachedRatio?: string | number;
  /** Defaults to the catalogue shipped in the package. */
  catalog?: Catalog;
  tokenizers?: TokenizerRegistry;
}

let defaultRegistry: TokenizerRegistry | undefined;
let bundledCatalog: Promise<Catalog> | undefined;

/** The registry of built-in tokenizers (shared: each encoding is loaded once per process). */
export function defaultTokenizers(): TokenizerRegistry {
  defaultRegistry ??= createTokenizerRegistry();
  return defaultRegistry;
}

/**
 * The price catalogue: the one shipped in `pricing/` (read once per process), or another directory
 * and user pricing files laid over it.
 */
export function loadCatalog(sources: PricingSources = {}): Promise<Catalog> {
  const isKnown = (id: string) => defaultTokenizers().has(id);
  if (sources.dir !== undefined || sources.userFiles?.length) return loadPricing(sources, isKnown);
  bundledCatalog ??= loadPricing({}, isKnown);
  return bundledCatalog;
}

/**
 * What the given texts cost for the selected models. Each input is priced as one request; strings
 * are named `input-1`, `input-2`, …
 *
 * @example const { results } = await estimate("Hello!", { models: ["gpt-4o"] });
 */
export async function estimate(
  inputs: string | InputText | readonly (string | InputText)[],
  request: EstimateRequest = {},
): Promise<Estimate> {
  const list = (Array.isArray(inputs) ? inputs : [inputs]) as readonly (string | InputText)[];
  const texts = list.map((input, i) =>
    typeof input === "string" ? { source: `input-${i + 1}`, text: input } : input,
  );
  const catalog = request.catalog ?? (await loadCatalog());
  const registry = request.tokenizers ?? defaultTokenizers();
  const models = selectModels(catalog, request, DEFAULT_MODELS);
  const tokenizers = new Map<string, Tokenizer>();
  for (const id of new Set(models.map((model) => model.tokenizer)))
    tokenizers.set(id, await registry.load(id));
  return computeEstimate(texts, models, tokenizers, {
    date: request.date ?? today(),
    output: outputAssumption(request),
    billing: { batch: request.batch ?? false, cachedShare: cachedShare(request.cachedRatio) },
  });
}

function outputAssumption({ outputTokens, outputRatio }: EstimateRequest): OutputAssumption {
  if (outputTokens !== undefined && outputRatio !== undefined) {
    throw usageError("--output-tokens", "cannot be combined with --output-ratio");
  }
  if (outputTokens !== undefined) {
    if (!Number.isSafeInteger(outputTokens) || outputTokens < 0) {
      throw usageError("--output-tokens", `must be a whole number of tokens ≥ 0, not ${outputTokens}`);
    }
    return { kind: "tokens", tokens: outputTokens };
  }
  if (outputRatio !== undefined) return { kind: "ratio", ratio: String(outputRatio) };
  return { kind: "none" };
}

function cachedShare(ratio: string | number | undefined): bigint {
  if (ratio === undefined) return 0n;
  const share = parseScaledDecimal(String(ratio), PRICE_DECIMALS);
  if (share === null || share > 1_000_000n)
    throw usageError("--cached-ratio", `expected a share from 0 to 1, got "${ratio}"`);
  return share;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
