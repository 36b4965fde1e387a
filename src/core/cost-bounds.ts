import type { Estimate, ModelResult } from "./types.js";

/**
 * Output cannot be known before a request is sent, so a cost is a range: low (no output at all),
 * expected (the output assumption), and high (every request writes its whole output bound).
 */
export const COST_BOUNDS = ["low", "expected", "high"] as const;
export type CostBound = (typeof COST_BOUNDS)[number];

/**
 * The estimate as if each request cost its `bound`: output tokens and costs replaced, so that budgets
 * can be checked against any of the three with the same code.
 */
export function atCostBound(estimate: Estimate, bound: CostBound): Estimate {
  if (bound === "expected") return estimate;
  const view = (result: ModelResult): ModelResult => {
    const outputTokens = bound === "low" ? 0 : result.highOutputTokens;
    const totalCost = bound === "low" ? result.lowCost : result.highCost;
    return {
      ...result,
      outputTokens,
      reasoningTokens: 0,
      outputCost: totalCost - result.inputCost,
      totalCost,
      largestRequestTokens:
        bound === "low" ? result.largestRequestTokens - result.outputTokens : result.largestRequestTokens,
    };
  };
  return {
    ...estimate,
    results: estimate.results.map(view),
    perInput: estimate.perInput.map((input) => ({ ...input, results: input.results.map(view) })),
  };
}
