import { DEFAULT_MODELS } from "./core/default-models.js";
import { computeEstimate } from "./core/estimate.js";
import { type ModelSelection, selectModels } from "./core/select-models.js";
import type { Estimate, InputText, OutputAssumption } from "./core/types.js";
import { usageError } from "./errors.js";
import { BUNDLED_PRICING_DIR, loadPricingDir } from "./io/load-pricing.js";
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

/** The price catalogue shipped in `pricing/`, validated (read once per process). */
export function loadCatalog(): Promise<Catalog> {
  bundledCatalog ??= loadPricingDir(BUNDLED_PRICING_DIR, (id) => defaultTokenizers().has(id));
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

/** Today's date in UTC, YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
