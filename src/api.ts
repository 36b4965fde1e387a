import { checkInputs, checkRequest } from "./api-arguments.js";
import { billingMode } from "./api-billing.js";
import { type CacheTtl, STANDARD_BILLING, unavailableReason } from "./core/billing.js";

export { parseCachedRatio } from "./api-billing.js";

import type { Endpoint, ServiceTier } from "./core/billing-adjust.js";
import type { Calibration } from "./core/calibration-profile.js";
import { DEFAULT_MODELS } from "./core/default-models.js";
import { type EstimateOptions, priceInputs, totalEstimate } from "./core/estimate.js";
import type { CountedRequests } from "./core/requests/counted-requests.js";
import {
  checkLaunched,
  findModel as findModelOn,
  type ModelSelection,
  selectModels as selectModelsOn,
  successorOnSale,
} from "./core/select-models.js";
import type {
  CountedInput,
  Estimate,
  InputText,
  OutputAssumption,
  PricedInputs,
  ReasoningAssumption,
  Unavailable,
} from "./core/types.js";
import { dataError, optionError, usageError } from "./errors.js";
import { loadPricing, type PricingSources } from "./io/load-pricing.js";
import { PRICE_DECIMALS, parseScaledDecimal } from "./pricing/money.js";
import { priceAt } from "./pricing/price-at.js";
import type { Catalog, Model } from "./pricing/types.js";
import { isCalendarDate } from "./pricing/validate.js";
import { BILLABLE_CHARACTERS, billableCharacters } from "./tokenizers/billable-characters.js";
import { createTokenizerRegistry, type TokenizerRegistry } from "./tokenizers/registry.js";
import type { Tokenizer } from "./tokenizers/types.js";

export interface EstimateRequest extends ModelSelection {
  /** Expected response length per input, in tokens. */
  outputTokens?: number;
  /** Expected response length as a multiple of each input's tokens, e.g. "0.5". */
  outputRatio?: string | number;
  /**
   * Hidden reasoning tokens per request, billed as output by models that reason: a whole number of
   * tokens (2000), or a multiple of the visible output ("1.5" or "1.5x").
   */
  reasoningTokens?: number | string;
  /** List each request of request inputs (chat payloads, batch files). */
  perRequest?: boolean;
  /** Price as of this date, YYYY-MM-DD (default: today, UTC). */
  date?: string;
  /** Use Batch API prices. */
  batch?: boolean;
  /** Share of input tokens billed as cached reads, e.g. "0.8". */
  cachedRatio?: string | number;
  /** Share of input tokens billed as cache writes, e.g. "0.1" (with cachedRatio, at most 1 in all). */
  cacheWriteRatio?: string | number;
  /** How long cache writes are kept: "5m" (the default) or "1h" (Anthropic bills it dearer). */
  cacheTtl?: CacheTtl;
  /** The service tier requests are sent on: "standard" (the default), "flex" or "priority". */
  serviceTier?: ServiceTier;
  /** A host's endpoint: "regional" (the default: the dearer, in-region / geographic) or "global". */
  endpoint?: Endpoint;
  /** The time of day requests are sent, UTC, "HH:MM": off-peak prices apply in their windows. */
  at?: string;
  /**
   * Count every model with this tokenizer: an id, a ratio spec (`chars:3.6`), a module's file: URL, or
   * `hf:PATH` to a Hugging Face tokenizer.json (docs/tokenizer-json.md).
   */
  tokenizer?: string;
  /** Defaults to the catalogue shipped in the package. */
  catalog?: Catalog;
  /** Profiles of `llmcost calibrate` by estimator tokenizer id (see readCalibrationProfiles): those estimates are scaled. */
  calibration?: ReadonlyMap<string, Calibration>;
  tokenizers?: TokenizerRegistry;
  /**
   * Told of what the caller may not expect, e.g. a default model left out as not on sale on the date
   * (it is also in the result's `unavailable`). By default a process warning (`process.emitWarning`);
   * `false` says nothing.
   */
  onWarning?: ((warning: EstimateWarning) => void) | false;
}

/** Something an estimate did that the caller may not expect: `subject` is what it is about. */
export interface EstimateWarning {
  subject: string;
  reason: string;
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
  if (sources.dir !== undefined || sources.userFiles?.length)
    return loadPricing({ ...sources, today: sources.today ?? today() }, isKnown);
  bundledCatalog ??= loadPricing({}, isKnown);
  return bundledCatalog;
}

/** Everything an estimate needs before it sees the text: checked and loaded, ready to count. */
export interface EstimatePlan {
  models: Model[];
  tokenizers: Map<string, Tokenizer>;
  options: EstimateOptions;
  /** Default models left out as not on sale on the date: `estimate` adds them to `unavailable`. */
  leftOut?: Unavailable[];
}

/**
 * Checks a request and loads what it needs: price list, models, tokenizers. Bad names and values
 * fail here, before any input is read.
 */
export async function planEstimate(request: EstimateRequest = {}): Promise<EstimatePlan> {
  checkRequest(request);
  const options: EstimateOptions = {
    date: checkedDate(request.date),
    output: outputAssumption(request),
    reasoning: reasoningAssumption(request.reasoningTokens, request),
    perRequest: request.perRequest ?? false,
    billing: billingMode(request),
    ...(request.calibration ? { calibration: request.calibration } : {}),
  };
  const catalog = request.catalog ?? (await loadCatalog());
  const registry = request.tokenizers ?? defaultTokenizers();
  let models = withTokenizer(
    selectModelsOn(catalog, request, DEFAULT_MODELS, options.date),
    request.tokenizer,
    registry,
  );
  const leftOut: Unavailable[] = [];
  if (!request.all && request.models === undefined && !request.providers?.length) {
    // The curated defaults follow the market: a default model no longer on sale is left out (the CLI
    // says nothing of it; `estimate` lists it as unavailable and warns).
    const reasons = new Map(
      models.map((model) => [
        model,
        unavailableReason(model, priceAt(model, options.date), options.date, STANDARD_BILLING),
      ]),
    );
    const onSale = models.filter((model) => reasons.get(model) === undefined);
    if (onSale.length > 0) {
      for (const model of models) {
        const reason = reasons.get(model);
        if (reason !== undefined)
          leftOut.push({ model: model.id, provider: model.provider, reason, named: false });
      }
      models = onSale;
    }
  }
  const tokenizers = new Map<string, Tokenizer>();
  // Loaded together: one table's file is read while another's is built (the default set: ~200 ms one
  // after another). Taken in order, so the first model's failure is the one reported.
  const ids = [...new Set(models.map((model) => model.tokenizer))];
  const loading = ids.map((id) => registry.load(id));
  for (const each of loading) each.catch(() => {});
  for (const [i, id] of ids.entries()) tokenizers.set(id, await (loading[i] as Promise<Tokenizer>));
  // A price billed per character needs its texts' characters counted too: one more counting pass.
  if (models.some((model) => model.prices.some((period) => period.unit === "character")))
    tokenizers.set(BILLABLE_CHARACTERS, billableCharacters());
  // A model named explicitly is priced after its retirement too (flagged); before its launch there
  // was nothing to buy, and that is an error.
  const named = new Set<string>();
  for (const name of request.models ?? []) {
    const model = findModelOn(catalog, name, options.date);
    checkLaunched(model, name, options.date);
    named.add(model.id);
  }
  const successors = (model: Model) => successorOnSale(catalog, model, options.date);
  return { models, tokenizers, options: { ...options, named, successorOnSale: successors }, leftOut };
}

/**
 * Prices texts with a plan; strings are named `input-1`, `input-2`, … `extra` carries exact counts
 * made elsewhere (see countWithApi) and notes for the reader.
 */
export function estimateWith(
  plan: EstimatePlan,
  inputs: EstimateInputs,
  extra: Pick<EstimateOptions, "counted" | "notes"> = {},
): Estimate {
  return totalEstimate(priceWith(plan, inputs, extra));
}

/** Each input priced on its own, before totals (what `--format jsonl` writes and `merge` adds up). */
export function priceWith(
  plan: EstimatePlan,
  inputs: EstimateInputs,
  extra: Pick<EstimateOptions, "counted" | "notes"> = {},
): PricedInputs {
  return priceInputs(textsOf(inputs), plan.models, plan.tokenizers, { ...plan.options, ...extra });
}

/** Texts (strings are named `input-1`, …), named texts, or inputs counted already (see startCount). */
export type EstimateInputs =
  | string
  | InputText
  | CountedInput
  | CountedRequests
  | readonly (string | InputText | CountedInput | CountedRequests)[];

/** Inputs as named texts, or counts. */
export function textsOf(inputs: EstimateInputs): (InputText | CountedInput | CountedRequests)[] {
  checkInputs(inputs);
  const list = (Array.isArray(inputs) ? inputs : [inputs]) as readonly (
    | string
    | InputText
    | CountedInput
    | CountedRequests
  )[];
  return list.map((input, i) =>
    typeof input === "string" ? { source: `input-${i + 1}`, text: input } : input,
  );
}

/**
 * What the given texts cost for the selected models. Each input is priced as one request.
 *
 * @example const { results } = await estimate("Hello!", { models: ["gpt-4o"] });
 */
export async function estimate(inputs: EstimateInputs, request: EstimateRequest = {}): Promise<Estimate> {
  checkInputs(inputs);
  const plan = await planEstimate(request);
  const result = withLeftOut(estimateWith(plan, inputs), plan, warningsTo(request));
  failIfNothingPriceable(result, "models");
  return result;
}

/**
 * A usage error (as the CLI's exit 64) when no selected model can be priced on the date: a result with
 * no rows would otherwise pass for an estimate. `subject` names what selected them ("models" in the
 * library, the command in the CLI); models that requests named themselves (`pinned`) are bad data.
 */
export function failIfNothingPriceable(
  result: Estimate,
  subject: string,
  pinned: ReadonlySet<string> = new Set(),
): void {
  if (result.results.length > 0 || result.unavailable.length === 0) return;
  const list = result.unavailable.map((u) => `${u.model}: ${u.reason}`).join("; ");
  if (pinned.size > 0 && result.unavailable.every((u) => pinned.has(u.model)))
    throw dataError(subject, `no model the requests name can be priced on ${result.date} (${list})`);
  throw usageError(subject, `no selected model can be priced on ${result.date} (${list})`);
}

/** Where a request's warnings go: its `onWarning`, a process warning by default, or nowhere. */
export function warningsTo(request: EstimateRequest): (warning: EstimateWarning) => void {
  if (request.onWarning === false) return () => {};
  return request.onWarning ?? emitWarning;
}

/** The default models the plan left out (not on sale on its date) added to `unavailable`, each warned of. */
export function withLeftOut(
  result: Estimate,
  plan: EstimatePlan,
  warn: (warning: EstimateWarning) => void,
): Estimate {
  const leftOut = plan.leftOut ?? [];
  if (leftOut.length === 0) return result;
  for (const model of leftOut)
    warn({ subject: model.model, reason: `left out: not on sale on ${plan.options.date} (${model.reason})` });
  return { ...result, unavailable: [...leftOut, ...result.unavailable] };
}

function emitWarning({ subject, reason }: EstimateWarning): void {
  process.emitWarning(`${subject}: ${reason}`, "LlmcostWarning");
}

/** The models with their tokenizer replaced (`tokenizer`). */
function withTokenizer(models: Model[], tokenizer: string | undefined, registry: TokenizerRegistry): Model[] {
  if (tokenizer === undefined) return models;
  if (!registry.has(tokenizer)) {
    throw optionError(
      "tokenizer",
      "unknown tokenizer; use a tokenizer id (o200k_base, claude, …), chars:N, bytes:N, a module path or hf:PATH",
      tokenizer,
    );
  }
  return models.map((model) => ({ ...model, tokenizer }));
}

function checkedDate(date: string | undefined): string {
  if (date === undefined) return today();
  if (!isCalendarDate(date)) throw optionError("date", `expected a date as YYYY-MM-DD, got "${date}"`);
  return date;
}

function outputAssumption({ outputTokens, outputRatio }: EstimateRequest): OutputAssumption {
  if (outputTokens !== undefined && outputRatio !== undefined) {
    throw optionError("outputTokens", "cannot be combined with `outputRatio`");
  }
  if (outputTokens !== undefined) {
    if (!Number.isSafeInteger(outputTokens) || outputTokens < 0) {
      throw optionError("outputTokens", `must be a whole number of tokens ≥ 0, not ${outputTokens}`);
    }
    return { kind: "tokens", tokens: outputTokens };
  }
  if (outputRatio !== undefined) return { kind: "ratio", ratio: String(outputRatio) };
  return { kind: "none" };
}

function reasoningAssumption(
  value: number | string | undefined,
  request: EstimateRequest,
): ReasoningAssumption {
  if (value === undefined) return { kind: "none" };
  const reasoning = parseReasoning(value);
  if (reasoning.kind === "ratio" && request.outputTokens === undefined && request.outputRatio === undefined)
    throw optionError(
      "reasoningTokens",
      "a multiple of the visible output needs `outputTokens` or `outputRatio` (or give a number of tokens)",
      String(value),
    );
  return reasoning;
}

function parseReasoning(value: number | string): ReasoningAssumption {
  // Written exactly: " 5" or "5 " is a typo, as it is for every other number llmcost reads.
  const text = String(value);
  if (/^(0|[1-9][0-9]*)$/.test(text) && Number.isSafeInteger(Number(text)))
    return { kind: "tokens", tokens: Number(text) };
  const ratio = text.replace(/x$/i, "");
  if (
    parseScaledDecimal(ratio, PRICE_DECIMALS) !== null &&
    (text.endsWith("x") || text.endsWith("X") || ratio.includes("."))
  )
    return { kind: "ratio", ratio };
  throw optionError(
    "reasoningTokens",
    `expected a whole number of tokens (2000) or a multiple of the visible output (1.5 or 1.5x), got "${value}"`,
  );
}

/** Today's date in UTC, YYYY-MM-DD, by `clock` (the system clock by default: the library's only read of it). */
/**
 * The model a name means on `date` (core/select-models.ts findModel); for library callers the date
 * defaults to today, read here at the boundary (core reads no clock).
 */
export function findModel(catalog: Catalog, name: string, date: string = today()): Model {
  return findModelOn(catalog, name, date);
}

/** The models a selection means on `date` (core/select-models.ts selectModels); the date defaults to today. */
export function selectModels(
  catalog: Catalog,
  selection: ModelSelection,
  defaults: readonly string[],
  date: string = today(),
): Model[] {
  return selectModelsOn(catalog, selection, defaults, date);
}

export function today(clock: () => Date = () => new Date()): string {
  return clock().toISOString().slice(0, 10);
}
