import type { Model } from "../pricing/types.js";
import { BILLABLE_CHARACTERS } from "../tokenizers/billable-characters.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { type BillingMode, billedPeriod, billingHeader, STANDARD_BILLING } from "./billing.js";
import { type Calibration, calibrateCount } from "./calibration-profile.js";
import { countingPasses, countText } from "./count.js";
import { estimateMethodOf, withRequestReasons, withUnprovenCuts } from "./estimate-marks.js";
import { lifecycleMark } from "./lifecycle.js";
import { priceLimitNotes } from "./price-limits.js";
import {
  emptyResult,
  type OutputRule,
  outputRule,
  type PricedModel,
  requestCost,
  requestResult,
} from "./price-request.js";
import type { CountedRequests } from "./requests/counted-requests.js";
import { addResult, ModelTotals, sortByCost } from "./totals.js";
import type {
  CountedInput,
  Estimate,
  InputSummary,
  InputText,
  ModelResult,
  OutputAssumption,
  PricedInput,
  PricedInputs,
  ReasoningAssumption,
  RequestRow,
  Unavailable,
} from "./types.js";

export { parseRatio } from "./price-request.js";

export interface EstimateOptions {
  /** Prices in force on this date (YYYY-MM-DD). */
  date: string;
  output: OutputAssumption;
  /** Hidden reasoning tokens per request, for models that reason (default: none). */
  reasoning?: ReasoningAssumption;
  /** List each request of request inputs (--per-request). */
  perRequest?: boolean;
  /** Models priced only for the requests that name them: text inputs are not counted for them. */
  requestModels?: ReadonlySet<string>;
  billing?: BillingMode;
  /** Ids of the models the user named, as opposed to those --all or --provider took in. */
  named?: ReadonlySet<string>;
  /** Exact counts made elsewhere (a provider's counting endpoint), per model id, indexed like the inputs. */
  counted?: ReadonlyMap<string, { countedWith: string; counts: readonly (number | undefined)[] }>;
  /** Lines for the reader, carried into the result (e.g. why an API count was not used). */
  notes?: readonly string[];
  /** The first model on sale along a model's chain of successors (see successorOnSale). */
  successorOnSale?: (model: Model) => string | undefined;
  /** Profiles of `llmcost calibrate`, by estimator tokenizer id: text counts of those estimators are scaled. */
  calibration?: ReadonlyMap<string, Calibration>;
}

/**
 * Prices every input, as one request each, for every model that has a price on the date. Pure:
 * tokenizers are passed in loaded, keyed by id, and each runs once per input however many models use it.
 * Inputs are texts, or counts made already (see startCount, which counts a stream).
 */
export function computeEstimate(
  inputs: readonly (InputText | CountedInput | CountedRequests)[],
  models: readonly Model[],
  tokenizers: ReadonlyMap<string, Tokenizer>,
  options: EstimateOptions,
): Estimate {
  return totalEstimate(priceInputs(inputs, models, tokenizers, options));
}

/**
 * The first half of computeEstimate: each input priced on its own, and what the totals start from.
 * Priced inputs add up: shards priced apart give, totalled together, the estimate of all their inputs.
 */
export function priceInputs(
  inputs: readonly (InputText | CountedInput | CountedRequests)[],
  models: readonly Model[],
  tokenizers: ReadonlyMap<string, Tokenizer>,
  options: EstimateOptions,
): PricedInputs {
  const billing = options.billing ?? STANDARD_BILLING;
  const priced: PricedModel[] = [];
  const unavailable: Unavailable[] = [];
  for (const model of models) {
    // A model named explicitly is priced after its retirement too, at its last price and flagged;
    // one taken in by --all, --provider or the defaults only while on sale.
    const named = options.named?.has(model.id) ?? true;
    const billed = billedPeriod(model, options.date, billing, named);
    if ("reason" in billed) {
      unavailable.push({ model: model.id, provider: model.provider, reason: billed.reason, named });
      continue;
    }
    const { period, standing, adjustments } = billed;
    const tokenizer = tokenizers.get(model.tokenizer);
    if (!tokenizer) throw new Error(`tokenizer ${model.tokenizer} was not loaded`);
    const onSale = options.successorOnSale?.(model);
    const entry: PricedModel = {
      model,
      period,
      tokenizer,
      adjustments,
      mark: lifecycleMark(model, standing, onSale),
    };
    if (period.unit === "character") {
      // Billed per character: its text inputs are counted in billable characters too (planEstimate loads the pass).
      const characters = tokenizers.get(BILLABLE_CHARACTERS);
      if (!characters) throw new Error(`tokenizer ${BILLABLE_CHARACTERS} was not loaded`);
      entry.characters = characters;
    }
    priced.push(entry);
  }
  const outputs = outputRule(options);

  // Keyed by the encoding that counts, so estimators sharing a proxy with an exact model cost one pass.
  const forText = priced.filter((entry) => !options.requestModels?.has(entry.model.id));
  const passes = countingPasses(
    forText.flatMap((entry) => (entry.characters ? [entry.tokenizer, entry.characters] : [entry.tokenizer])),
  );
  const counted = inputs.map((input) =>
    "counts" in input || "tokens" in input ? input : countText(input, passes),
  );
  const perInput = counted.map((input, inputIndex): PricedInput => {
    if ("tokens" in input) {
      // A batch file is billed at batch rates whatever else the run prices (standard where none is known).
      const mode = input.kind === "batch" ? { ...billing, batch: true } : billing;
      return priceRequests(input, priced, outputs, mode, options.perRequest ?? false);
    }
    const { counts } = input;
    for (const { countedWith } of passes) {
      if (!counts.has(countedWith)) throw new Error(`${input.source} was not counted with ${countedWith}`);
    }
    const results = priced.map((pricedModel): ModelResult => {
      if (options.requestModels?.has(pricedModel.model.id)) return emptyResult(pricedModel, billing);
      let entry = pricedModel;
      const external = options.counted?.get(entry.model.id);
      const exactCount = external?.counts[inputIndex];
      if (external && exactCount !== undefined) {
        entry = {
          ...entry,
          tokenizer: { ...entry.tokenizer, exact: true, countedWith: external.countedWith },
        };
      }
      let inputTokens = exactCount ?? counts.get(entry.tokenizer.countedWith) ?? 0;
      const calibration = entry.tokenizer.exact ? undefined : options.calibration?.get(entry.tokenizer.id);
      if (calibration && exactCount === undefined) {
        const method = estimateMethodOf(entry.tokenizer);
        const scaled = calibrateCount(entry.tokenizer, method, inputTokens, calibration, input.source);
        inputTokens = scaled.count;
        entry = { ...entry, tokenizer: scaled.tokenizer, calibratedWith: calibration.ref };
      }
      const cuts =
        exactCount === undefined ? (input.unprovenCuts?.get(pricedModel.tokenizer.countedWith) ?? 0) : 0;
      const characters = entry.characters ? counts.get(entry.characters.countedWith) : undefined;
      if (cuts === 0) return requestResult(entry, inputTokens, 0, outputs, billing, characters);
      entry = { ...entry, tokenizer: withUnprovenCuts(entry.tokenizer, cuts, inputTokens) };
      return { ...requestResult(entry, inputTokens, 0, outputs, billing, characters), unprovenCuts: cuts };
    });
    // --per-request: a text input is one request; its row keeps a listing of a run complete.
    const requestRows = options.perRequest
      ? [{ id: input.source, line: 0, results: results.filter((r) => r.requests > 0).map(requestCost) }]
      : undefined;
    return {
      ...summarize(input),
      kind: "text",
      requests: 1,
      results,
      ...(requestRows ? { requestRows } : {}),
    };
  });

  const checked = priced.map((entry) => entry.period.checked).sort();
  return {
    date: options.date,
    output: options.output,
    ...(options.reasoning && options.reasoning.kind !== "none" ? { reasoning: options.reasoning } : {}),
    billing: billingHeader(billing),
    pricesChecked: checked.length
      ? { oldest: checked[0] as string, newest: checked[checked.length - 1] as string }
      : null,
    unavailable,
    notes: [
      ...(options.notes ?? []),
      ...priceLimitNotes(
        priced,
        perInput.flatMap((input) => input.results),
      ),
      ...writesAsInputNote(priced, billing),
    ],
    empty: priced.map((entry) => emptyResult(entry, billing)),
    inputs: perInput,
  };
}

/**
 * Models that bill no cache writes (OpenAI, Gemini, DeepSeek …) bill a --cache-write-ratio share as
 * ordinary input: said by name, so the run's "billed as cache writes" is not read of them.
 */
function writesAsInputNote(priced: readonly PricedModel[], billing: BillingMode): string[] {
  if (!billing.cacheWriteShare) return [];
  const models = priced
    .filter(({ period }) => period.cacheWrite === undefined && period.cacheWrite1h === undefined)
    .map(({ model }) => model.id);
  return models.length > 0
    ? [`cache writes billed as ordinary input (the model prices none): ${models.join(", ")}`]
    : [];
}

/**
 * A request input: each request priced for the models it is for (its own model, or every model), and
 * added up per model. Requests are priced one by one because tiers and bounds apply per request.
 */
function priceRequests(
  input: CountedRequests,
  priced: readonly PricedModel[],
  outputs: OutputRule,
  billing: BillingMode,
  perRequest: boolean,
): PricedInput {
  const rows: RequestRow[] | undefined = perRequest
    ? input.ids.map((id, i) => ({ id, line: input.lines[i] as number, results: [] }))
    : undefined;
  const results = priced.map((entry) => {
    const estimate = input.estimates.get(entry.model.id);
    const marked = withRequestReasons(entry, estimate);
    const perCharacter = entry.period.unit === "character";
    let total = emptyResult(marked, billing);
    input.tokens.get(entry.model.id)?.forEach((inputTokens, i) => {
      if (inputTokens < 0) return;
      const characters = perCharacter ? requestCharactersOf(input, i, entry) : undefined;
      const bound = input.bounds[i] as number;
      const result = requestResult(marked, inputTokens, bound, outputs, billing, characters);
      total = addResult(total, result);
      rows?.[i]?.results.push(requestCost(result));
    });
    return { ...total, uncountedParts: estimate?.uncounted ?? 0 };
  });
  return {
    source: input.source,
    bytes: input.bytes,
    characters: input.characters,
    kind: input.kind,
    requests: input.ids.length,
    skippedRequests: input.skipped.length,
    results,
    ...(rows ? { requestRows: rows } : {}),
  };
}

/**
 * Request i's billable characters, for a model billed per character: the request counter counts them
 * from the texts (startRequestCount). Counts made without them cannot be billed per character — never
 * guessed from tokens, which under-charged (4 per token against 4.8 in English prose).
 */
function requestCharactersOf(input: CountedRequests, i: number, entry: PricedModel): number {
  const characters = input.billableCharacters?.[i] ?? -1;
  if (characters < 0)
    throw new Error(
      `${input.source}: request ${input.ids[i]} was not counted in billable characters, which ${entry.model.id} bills`,
    );
  return characters;
}

/** The second half of computeEstimate: totals per model over every priced input, cheapest first. */
export function totalEstimate(priced: PricedInputs): Estimate {
  const { empty, inputs, ...header } = priced;
  const totals = new ModelTotals(empty);
  for (const input of inputs) totals.add(input.results);
  return {
    ...header,
    inputs: inputs.map(({ results: _, requestRows: __, ...summary }) => summary),
    results: totals.results(),
    perInput: inputs.map((entry) => ({
      source: entry.source,
      results: sortByCost([...entry.results]),
      ...(entry.requestRows ? { requestRows: entry.requestRows } : {}),
    })),
  };
}

function summarize({ source, bytes, characters }: InputSummary): InputSummary {
  return { source, bytes, characters };
}
