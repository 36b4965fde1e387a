import { usageError } from "../errors.js";
import { priceAt } from "../pricing/price-at.js";
import type { Model, PricePeriod } from "../pricing/types.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { type BillingMode, cachedTokens, ratesFor, STANDARD_BILLING, unavailableReason } from "./billing.js";
import { countingPasses, countText } from "./count.js";
import { costOf, divideRounded, PRICE_DECIMALS, parseScaledDecimal, scaledToDecimal } from "./money.js";
import type {
  CountedInput,
  Estimate,
  InputSummary,
  InputText,
  ModelResult,
  OutputAssumption,
  PricedInputs,
  Unavailable,
} from "./types.js";

export interface EstimateOptions {
  /** Prices in force on this date (YYYY-MM-DD). */
  date: string;
  output: OutputAssumption;
  billing?: BillingMode;
  /** Ids of the models the user named, as opposed to those --all or --provider took in. */
  named?: ReadonlySet<string>;
  /** Exact counts made elsewhere (a provider's counting endpoint), per model id, indexed like the inputs. */
  counted?: ReadonlyMap<string, { countedWith: string; counts: readonly (number | undefined)[] }>;
  /** Lines for the reader, carried into the result (e.g. why an API count was not used). */
  notes?: readonly string[];
}

interface PricedModel {
  model: Model;
  period: PricePeriod;
  tokenizer: Tokenizer;
}

/**
 * Prices every input, as one request each, for every model that has a price on the date. Pure:
 * tokenizers are passed in loaded, keyed by id, and each runs once per input however many models use it.
 * Inputs are texts, or counts made already (see startCount, which counts a stream).
 */
export function computeEstimate(
  inputs: readonly (InputText | CountedInput)[],
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
  inputs: readonly (InputText | CountedInput)[],
  models: readonly Model[],
  tokenizers: ReadonlyMap<string, Tokenizer>,
  options: EstimateOptions,
): PricedInputs {
  const billing = options.billing ?? STANDARD_BILLING;
  const priced: PricedModel[] = [];
  const unavailable: Unavailable[] = [];
  for (const model of models) {
    const period = priceAt(model, options.date);
    const reason = unavailableReason(model, period, options.date, billing);
    if (reason !== undefined || !period) {
      const named = options.named?.has(model.id) ?? true;
      unavailable.push({ model: model.id, provider: model.provider, reason: reason ?? "no price", named });
      continue;
    }
    const tokenizer = tokenizers.get(model.tokenizer);
    if (!tokenizer) throw new Error(`tokenizer ${model.tokenizer} was not loaded`);
    priced.push({ model, period, tokenizer });
  }
  const ratio = options.output.kind === "ratio" ? parseRatio(options.output.ratio) : 0n;

  // Keyed by the encoding that counts, so estimators sharing a proxy with an exact model cost one pass.
  const passes = countingPasses(priced.map((entry) => entry.tokenizer));
  const counted = inputs.map((input) => ("counts" in input ? input : countText(input, passes)));
  const perInput = counted.map((input, inputIndex) => {
    const { counts } = input;
    for (const { countedWith } of passes) {
      if (!counts.has(countedWith)) throw new Error(`${input.source} was not counted with ${countedWith}`);
    }
    const results = priced.map((pricedModel): ModelResult => {
      let entry = pricedModel;
      const external = options.counted?.get(entry.model.id);
      const exactCount = external?.counts[inputIndex];
      if (external && exactCount !== undefined) {
        entry = {
          ...entry,
          tokenizer: { ...entry.tokenizer, exact: true, countedWith: external.countedWith },
        };
      }
      const inputTokens = exactCount ?? counts.get(entry.tokenizer.countedWith) ?? 0;
      const outputTokens =
        entry.model.kind === "embedding" ? 0 : outputFor(options.output, inputTokens, ratio);
      return requestResult(entry, inputTokens, outputTokens, billing);
    });
    return { source: input.source, results };
  });

  const checked = priced.map((entry) => entry.period.checked).sort();
  return {
    date: options.date,
    output: options.output,
    billing: { batch: billing.batch, cachedRatio: scaledToDecimal(billing.cachedShare, PRICE_DECIMALS) },
    pricesChecked: checked.length
      ? { oldest: checked[0] as string, newest: checked[checked.length - 1] as string }
      : null,
    unavailable,
    notes: [...(options.notes ?? [])],
    empty: priced.map((entry) => requestResult(entry, 0, 0, billing)),
    inputs: perInput.map((entry, i) => ({
      ...summarize(counted[i] as CountedInput),
      results: entry.results,
    })),
  };
}

/** The second half of computeEstimate: totals per model over every priced input, cheapest first. */
export function totalEstimate(priced: PricedInputs): Estimate {
  const { empty, inputs, ...header } = priced;
  const results = empty.map((start, index) => {
    const parts = inputs.map((input) => input.results[index] as ModelResult);
    const total = parts.reduce(add, start);
    // Counted exactly only if every input was (API counts may cover some inputs and not others).
    const [first] = parts;
    if (!first) return total;
    const same = parts.every((part) => part.countedWith === first.countedWith);
    const { estimateMethod, ...rest } = total;
    const exact = parts.every((part) => part.exact);
    return {
      ...rest,
      exact,
      countedWith: same ? first.countedWith : total.countedWith,
      ...(exact
        ? {}
        : { estimateMethod: parts.find((part) => !part.exact)?.estimateMethod ?? estimateMethod }),
    };
  });
  return {
    ...header,
    inputs: inputs.map(({ source, bytes, characters }) => ({ source, bytes, characters })),
    results: sortByCost(results),
    perInput: inputs.map((entry) => ({ source: entry.source, results: sortByCost([...entry.results]) })),
  };
}

/** How a tokenizer that is not exact makes its count, in a few words. */
export function estimateMethodOf(tokenizer: Tokenizer): string {
  return (
    tokenizer.method ??
    (tokenizer.countedWith === tokenizer.id ? "estimated" : `counted with ${tokenizer.countedWith}`)
  );
}

/** Parses an exact ratio such as "0.25" into millionths. */
export function parseRatio(ratio: string): bigint {
  const scaled = parseScaledDecimal(ratio, PRICE_DECIMALS);
  if (scaled === null)
    throw usageError("--output-ratio", `"${ratio}" is not a decimal with at most 6 places`);
  return scaled;
}

function outputFor(output: OutputAssumption, inputTokens: number, ratio: bigint): number {
  if (output.kind === "tokens") return output.tokens;
  if (output.kind === "ratio")
    return Number(divideRounded(BigInt(inputTokens) * ratio, 10n ** BigInt(PRICE_DECIMALS)));
  return 0;
}

/** One request to one model. */
function requestResult(
  { model, period, tokenizer }: PricedModel,
  inputTokens: number,
  outputTokens: number,
  billing: BillingMode,
): ModelResult {
  const rates = ratesFor(period, inputTokens, billing);
  const cachedInputTokens = cachedTokens(inputTokens, billing);
  const inputCost =
    costOf(inputTokens - cachedInputTokens, rates.input) + costOf(cachedInputTokens, rates.cachedInput);
  const outputCost = costOf(outputTokens, rates.output);
  return {
    model: model.id,
    name: model.name,
    provider: model.provider,
    providerName: model.providerName,
    ...(model.host === undefined ? {} : { host: model.host }),
    kind: model.kind,
    tokenizer: tokenizer.id,
    countedWith: tokenizer.countedWith,
    exact: tokenizer.exact,
    ...(tokenizer.exact ? {} : { estimateMethod: estimateMethodOf(tokenizer) }),
    inputTokens,
    cachedInputTokens,
    outputTokens,
    inputCost,
    outputCost,
    totalCost: inputCost + outputCost,
    inputPrice: rates.input,
    outputPrice: rates.output,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    largestRequestTokens: inputTokens + outputTokens,
    fitsContext: inputTokens + outputTokens <= model.contextWindow,
    fitsMaxOutput: model.kind === "embedding" || outputTokens <= model.maxOutputTokens,
    longContext: rates.tierAbove !== undefined,
    priceFrom: period.from,
    priceSource: period.source,
    priceChecked: period.checked,
  };
}

/** Two results of the same model, added exactly. Prices shown are the base request's. */
function add(total: ModelResult, part: ModelResult): ModelResult {
  return {
    ...total,
    inputTokens: total.inputTokens + part.inputTokens,
    cachedInputTokens: total.cachedInputTokens + part.cachedInputTokens,
    outputTokens: total.outputTokens + part.outputTokens,
    inputCost: total.inputCost + part.inputCost,
    outputCost: total.outputCost + part.outputCost,
    totalCost: total.totalCost + part.totalCost,
    largestRequestTokens: Math.max(total.largestRequestTokens, part.largestRequestTokens),
    fitsContext: total.fitsContext && part.fitsContext,
    fitsMaxOutput: total.fitsMaxOutput && part.fitsMaxOutput,
    longContext: total.longContext || part.longContext,
    // Shown prices are the highest a request was billed at: a long-context tier when one applied.
    inputPrice: larger(part.inputPrice, total.inputPrice),
    outputPrice: larger(part.outputPrice, total.outputPrice),
  };
}

/** Math.max for bigint amounts. */
const larger = (a: bigint, b: bigint) => (a >= b ? a : b);

function sortByCost(results: ModelResult[]): ModelResult[] {
  return results.sort((a, b) =>
    a.totalCost === b.totalCost ? a.model.localeCompare(b.model) : a.totalCost < b.totalCost ? -1 : 1,
  );
}

function summarize({ source, bytes, characters }: CountedInput): InputSummary {
  return { source, bytes, characters };
}
