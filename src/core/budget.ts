import { divideRounded, type Picodollars } from "../pricing/money.js";
import type { Estimate, ModelResult } from "./types.js";

/** Days in an average month (365.25 / 12, rounded as stated in the docs), as hundredths. */
const DAYS_PER_MONTH_HUNDREDTHS = 3044n;

/** How often the priced inputs are sent: `requests` times per day or per month. */
export interface RequestRate {
  requests: number;
  per: "day" | "month";
}

/** Limits a run must stay within. Money in picodollars; every limit is optional. */
export interface BudgetLimits {
  /** A model's total cost over all inputs. */
  maxCost?: Picodollars;
  /** A model's total tokens (input + output) over all inputs. */
  maxTokens?: number;
  /** Each input's cost on its own. */
  maxCostPerFile?: Picodollars;
  /** The projected monthly cost (needs a request rate). */
  maxMonthlyCost?: Picodollars;
  /** Each request's input + output as a share of the model's context window, in millionths (0.5 → 500,000). */
  maxContextShare?: bigint;
}

export type BudgetKind = "cost" | "tokens" | "cost per file" | "monthly cost" | "context share";

/** One limit exceeded: for which model (and input), by how much. */
export interface BudgetViolation {
  kind: BudgetKind;
  model: string;
  /** The input, for per-input limits. */
  source?: string;
  /** The measured figure and the limit, in the limit's unit (picodollars, tokens, or millionths). */
  actual: bigint;
  limit: bigint;
  /** The cost bound the limit was checked against, when not the expected cost (--budget-on). */
  on?: "low" | "high";
  /** With `on`: the model's count is an estimate, taken at that end of its error band. */
  banded?: boolean;
  /** The figure rests on an estimated count (the model's row is not exact): shown with ≈. */
  estimated?: boolean;
}

/** The projected cost of sending the priced inputs at `rate`, per month (30.44 days). */
export function monthlyCost(cost: Picodollars, rate: RequestRate): Picodollars {
  const perMonth = BigInt(rate.requests) * cost;
  return rate.per === "month" ? perMonth : divideRounded(perMonth * DAYS_PER_MONTH_HUNDREDTHS, 100n);
}

/**
 * Every limit each priced model exceeds. Comparisons are exact (integers): a figure equal to its
 * limit passes. Models in `estimate.results` are checked; a model that could not be priced is not.
 */
export function checkBudgets(
  estimate: Estimate,
  limits: BudgetLimits,
  rate?: RequestRate,
): BudgetViolation[] {
  const violations: BudgetViolation[] = [];
  /** `result`'s figure of `kind` against `limit`; `source` for a per-input limit. */
  const over = (
    kind: BudgetKind,
    result: Pick<ModelResult, "model" | "exact">,
    actual: bigint,
    limit: bigint | undefined,
    source?: string,
  ) => {
    if (limit !== undefined && actual > limit)
      violations.push({
        kind,
        model: result.model,
        actual,
        limit,
        ...(source === undefined ? {} : { source }),
        ...(result.exact ? {} : { estimated: true }),
      });
  };
  for (const result of estimate.results) {
    over("cost", result, result.totalCost, limits.maxCost);
    over("tokens", result, BigInt(tokensOf(result)), toBig(limits.maxTokens));
    if (rate) over("monthly cost", result, monthlyCost(result.totalCost, rate), limits.maxMonthlyCost);
  }
  for (const input of estimate.perInput) {
    for (const result of input.results) {
      over("cost per file", result, result.totalCost, limits.maxCostPerFile, input.source);
      if (limits.maxContextShare !== undefined)
        over("context share", result, contextShare(result), limits.maxContextShare, input.source);
    }
  }
  return violations;
}

/** Input + output tokens. */
export const tokensOf = (result: Pick<ModelResult, "inputTokens" | "outputTokens">) =>
  result.inputTokens + result.outputTokens;

/** The largest request's share of the context window, in millionths, rounded up (so a limit holds exactly). */
export function contextShare(result: Pick<ModelResult, "largestRequestTokens" | "contextWindow">): bigint {
  const used = BigInt(result.largestRequestTokens) * 1_000_000n;
  const window = BigInt(result.contextWindow);
  return (used + window - 1n) / window;
}

const toBig = (value: number | undefined) => (value === undefined ? undefined : BigInt(value));

/** A run's budget: the limits, the request rate, what was exceeded, and each model's monthly projection. */
export interface BudgetReport {
  limits: BudgetLimits;
  rate?: RequestRate;
  violations: BudgetViolation[];
  /** Projected monthly cost per model (with a request rate). */
  monthly: Map<string, Picodollars>;
  /** The models whose counts are estimates (their projections are shown with ≈). */
  estimated?: ReadonlySet<string>;
  /** Which cost the limits were checked against (--budget-on). */
  on?: "low" | "expected" | "high";
}

/**
 * `estimate` is the one the limits apply to: see atCostBound for checking the low or high cost (with
 * an estimated count at that end of its error band).
 */
export function budgetReport(
  estimate: Estimate,
  limits: BudgetLimits,
  rate?: RequestRate,
  on: "low" | "expected" | "high" = "expected",
): BudgetReport {
  const monthly = new Map<string, Picodollars>();
  if (rate)
    for (const result of estimate.results) monthly.set(result.model, monthlyCost(result.totalCost, rate));
  const banded = new Set(estimate.results.filter((r) => r.inputTokensRange).map((r) => r.model));
  const violations = checkBudgets(estimate, limits, rate).map((violation) =>
    on === "expected"
      ? violation
      : { ...violation, on, ...(banded.has(violation.model) ? { banded: true } : {}) },
  );
  const estimated = new Set(estimate.results.filter((r) => !r.exact).map((r) => r.model));
  return { limits, ...(rate ? { rate } : {}), violations, monthly, on, estimated };
}

/** True when any limit is set. */
export const hasLimits = (limits: BudgetLimits) => Object.values(limits).some((limit) => limit !== undefined);
