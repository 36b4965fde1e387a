import type { Estimate, ModelResult } from "./types.js";

/**
 * Output cannot be known before a request is sent, so a cost is a range: low (no output at all),
 * expected (the output assumption), and high (every request writes its whole output bound).
 */
export const COST_BOUNDS = ["low", "expected", "high"] as const;
export type CostBound = (typeof COST_BOUNDS)[number];

/**
 * The estimate as if each request cost its `bound`: output tokens and costs replaced, so that budgets
 * can be checked against any of the three with the same code. An estimated count with an error band
 * is taken at the band's end too: its low end with no output, its high end with every output bound.
 */
export function atCostBound(estimate: Estimate, bound: CostBound): Estimate {
  if (bound === "expected") return estimate;
  const view = (result: ModelResult): ModelResult => {
    const inputTokens = result.inputTokensRange?.[bound] ?? result.inputTokens;
    const inputCost = result.inputCostRange?.[bound] ?? result.inputCost;
    const outputTokens = bound === "low" ? 0 : result.highOutputTokens;
    const totalCost = bound === "low" ? inputCost : (result.bandHigh?.highCost ?? result.highCost);
    return {
      ...result,
      inputTokens,
      inputCost,
      outputTokens,
      reasoningTokens: 0,
      outputCost: totalCost - inputCost,
      totalCost,
      largestRequestTokens:
        bound === "low"
          ? result.largestRequestTokens - result.outputTokens
          : (result.bandHigh?.largestRequestTokens ?? result.largestRequestTokens),
    };
  };
  return {
    ...estimate,
    results: estimate.results.map(view),
    perInput: estimate.perInput.map((input) => ({ ...input, results: input.results.map(view) })),
  };
}
