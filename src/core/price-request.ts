import { optionError } from "../errors.js";
import { costOf, divideRounded, PRICE_DECIMALS, parseScaledDecimal } from "../pricing/money.js";
import type { Model, PricePeriod } from "../pricing/types.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { type BillingMode, billedInput } from "./billing.js";
import type { Adjustments } from "./billing-adjust.js";
import { estimateMethodOf } from "./estimate-marks.js";
import { requestRange } from "./input-range.js";
import type { LifecycleMark } from "./lifecycle.js";
import type {
  CalibrationRef,
  ModelResult,
  OutputAssumption,
  ReasoningAssumption,
  RequestCost,
} from "./types.js";

// One request priced for one model: its output, its input billed (tokens or characters), its result row.

/** A model as one run prices it: its period (adjusted to the billing mode), counting and marks. */
export interface PricedModel {
  model: Model;
  period: PricePeriod;
  tokenizer: Tokenizer;
  /** How the mode moved the period's prices (service tier, endpoint, off-peak window). */
  adjustments: Adjustments;
  /** For a period billed per character: the pass counting its billable characters (text inputs). */
  characters?: Tokenizer;
  /** Retired (priced at its last price) or retiring: carried into every result. */
  mark: LifecycleMark;
  /** Set on the entry of a text input whose estimate a calibration profile scaled. */
  calibratedWith?: CalibrationRef;
}

/** How each request's output is set: the assumption, reasoning, and their parsed ratios. */
export interface OutputRule {
  output: OutputAssumption;
  outputRatio: bigint;
  reasoning: ReasoningAssumption;
  reasoningRatio: bigint;
}

export function outputRule(options: {
  output: OutputAssumption;
  reasoning?: ReasoningAssumption;
}): OutputRule {
  const reasoning = options.reasoning ?? { kind: "none" };
  return {
    output: options.output,
    outputRatio: options.output.kind === "ratio" ? parseRatio(options.output.ratio) : 0n,
    reasoning,
    reasoningRatio: reasoning.kind === "ratio" ? parseRatio(reasoning.ratio, "reasoningTokens") : 0n,
  };
}

/** Parses an exact ratio such as "0.25" into millionths; `option` is the request's option it came in. */
export function parseRatio(ratio: string, option: "outputRatio" | "reasoningTokens" = "outputRatio"): bigint {
  const scaled = parseScaledDecimal(ratio, PRICE_DECIMALS);
  if (scaled === null) throw optionError(option, `"${ratio}" is not a decimal with at most 6 places`);
  return scaled;
}

const RATIO_SCALE = 10n ** BigInt(PRICE_DECIMALS);

/** The visible output and the hidden reasoning a request is expected to write, within its bound. */
function expectedOutput(model: Model, inputTokens: number, bound: number, rule: OutputRule) {
  if (model.kind === "embedding") return { visible: 0, reasoning: 0 };
  const { output, reasoning } = rule;
  let visible =
    output.kind === "tokens"
      ? output.tokens
      : output.kind === "ratio"
        ? Number(divideRounded(BigInt(inputTokens) * rule.outputRatio, RATIO_SCALE))
        : 0;
  let hidden = 0;
  if (model.reasoning && reasoning.kind === "tokens") hidden = reasoning.tokens;
  if (model.reasoning && reasoning.kind === "ratio")
    hidden = Number(divideRounded(BigInt(visible) * rule.reasoningRatio, RATIO_SCALE));
  // A bound (max_tokens, max_completion_tokens) caps reasoning and visible output together.
  if (bound > 0) {
    hidden = Math.min(hidden, bound);
    visible = Math.min(visible, bound - hidden);
  }
  return { visible, reasoning: hidden };
}

/** The result of no request at all: where a model's totals start. */
export function emptyResult(entry: PricedModel, billing: BillingMode): ModelResult {
  const result = priceRequest(entry, 0, { visible: 0, reasoning: 0 }, 0, billing);
  return {
    ...result,
    requests: 0,
    highCost: 0n,
    highOutputTokens: 0,
    ...(result.bandHigh ? { bandHigh: { highCost: 0n, largestRequestTokens: 0 } } : {}),
  };
}

/**
 * One request to one model; `bound` is its output limit (0: none, the model's maximum applies).
 * `characters`: its billable characters, for a model billed per character (text inputs count them).
 */
export function requestResult(
  entry: PricedModel,
  inputTokens: number,
  bound: number,
  rule: OutputRule,
  billing: BillingMode,
  characters?: number,
): ModelResult {
  const result = priceRequest(
    entry,
    inputTokens,
    expectedOutput(entry.model, inputTokens, bound, rule),
    bound,
    billing,
    characters,
  );
  if (bound > entry.model.maxOutputTokens && entry.model.kind !== "embedding") result.fitsMaxOutput = false;
  return result;
}

function priceRequest(
  entry: PricedModel,
  inputTokens: number,
  output: { visible: number; reasoning: number },
  bound: number,
  billing: BillingMode,
  characters?: number,
): ModelResult {
  const { model, period, mark, calibratedWith } = entry;
  const perChar = period.unit === "character";
  const { tokenizer } = entry;
  // Text and request inputs alike count their billable characters (an empty result has none).
  if (perChar && characters === undefined && inputTokens > 0)
    throw new Error(`${model.id} bills characters, and the input's characters were not counted`);
  const units = perChar ? { input: characters ?? 0 } : undefined;
  const { rates, cachedInputTokens, cacheWriteTokens, inputCost } = billedInput(
    period,
    inputTokens,
    billing,
    units?.input,
  );
  const outputTokens = output.visible + output.reasoning;
  // Output is assumed in tokens (--output-tokens); a per-character price bills it as characters.
  const outputUnits = (tokens: number) => (perChar ? tokens * CHARACTERS_PER_TOKEN : tokens);
  const outputCost = costOf(outputUnits(outputTokens), rates.output);
  const highOutputTokens =
    model.kind === "embedding"
      ? 0
      : Math.min(bound > 0 ? bound : model.maxOutputTokens, model.maxOutputTokens);
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
    ...(calibratedWith ? { calibratedWith } : {}),
    inputTokens,
    cachedInputTokens,
    ...(billing.cacheWriteShare ? { cacheWriteTokens } : {}),
    outputTokens,
    reasoningTokens: output.reasoning,
    ...(units
      ? {
          unit: "character" as const,
          inputCharacters: units.input,
          outputCharacters: outputUnits(outputTokens),
        }
      : {}),
    uncountedParts: 0,
    requests: 1,
    inputCost,
    outputCost,
    totalCost: inputCost + outputCost,
    reasoningCost: costOf(outputUnits(output.reasoning), rates.output),
    lowCost: inputCost,
    highCost: inputCost + costOf(outputUnits(highOutputTokens), rates.output),
    highOutputTokens,
    ...(!tokenizer.exact && tokenizer.band
      ? requestRange(period, inputTokens, tokenizer.band, billing, {
          expected: outputTokens,
          bound: highOutputTokens,
          ...(units ? { characters: units.input, perOutputToken: CHARACTERS_PER_TOKEN } : {}),
        })
      : {}),
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
    ...(model.userFile === undefined ? {} : { priceOrigin: model.userFile }),
    priceChecked: period.checked,
    ...entry.adjustments,
    ...mark,
  };
}

/**
 * Characters per token where characters are estimated from tokens: Google's own rule of thumb for
 * Gemini ("a token is equivalent to about 4 characters", Vertex AI's count-tokens page).
 */
export const CHARACTERS_PER_TOKEN = 4;

/** The few figures --per-request lists for one request. */
export function requestCost(r: ModelResult): RequestCost {
  return {
    model: r.model,
    exact: r.exact,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    reasoningTokens: r.reasoningTokens,
    highOutputTokens: r.highOutputTokens,
    lowCost: r.lowCost,
    totalCost: r.totalCost,
    highCost: r.highCost,
  };
}
