import { type BudgetLimits, type BudgetReport, budgetReport } from "../budget.js";
import type { CheckConfig, CheckRule } from "../check-config.js";
import { atCostBound } from "../cost-bounds.js";
import type { Estimate, ModelResult } from "../types.js";

/** One rule, evaluated: its files, the estimate over them (none when no file matched), the verdict. */
export interface RuleOutcome {
  name: string;
  paths: string[];
  files: number;
  allowEmpty: boolean;
  /** The rule's limits, for reports. */
  limits?: BudgetLimits;
  estimate?: Estimate;
  budget?: BudgetReport;
  passed: boolean;
  /** Why a rule with no estimate passed or failed ("no files match …"). */
  reason?: string;
}

/** Everything `llmcost check`'s views show: every rule's outcome and the run's verdict. */
export interface CheckReport {
  /** The config file, as the user would name it (relative to the working directory). */
  config: string;
  /** The date prices were taken on. */
  date: string;
  outcomes: RuleOutcome[];
  /** Every rule passed. */
  passed: boolean;
  /** How many rules failed. */
  failed: number;
}

/** Why a rule has no estimate: its globs matched nothing, or every file they matched was skipped. */
export type NothingCounted = { files: 0 } | { files: number; allSkipped: true };

/** A rule with nothing to price: it fails unless it allows that, since a budget must never pass because its input vanished. */
export function unpricedRuleOutcome(rule: CheckRule, nothing: NothingCounted): RuleOutcome {
  const allowed = rule.allowEmpty ? " (allowEmpty)" : "";
  const reason =
    "allSkipped" in nothing
      ? `no text files among the ${nothing.files} matched (all skipped)${allowed}`
      : `no files match ${rule.paths.join(", ")}${allowed}`;
  return { ...ruleBasics(rule, nothing.files), passed: rule.allowEmpty, reason };
}

/** A rule whose files were priced: its limits checked against the cost its budgetOn names (else the config's, else expected). */
export function pricedRuleOutcome(
  rule: CheckRule,
  config: Pick<CheckConfig, "budgetOn">,
  files: number,
  estimate: Estimate,
): RuleOutcome {
  // budgetOn, as --budget-on: the low or high cost (an estimate's count at that end of its band).
  const on = rule.budgetOn ?? config.budgetOn ?? "expected";
  const budget = budgetReport(atCostBound(estimate, on), rule.limits, rule.rate, on);
  return { ...ruleBasics(rule, files), estimate, budget, passed: budget.violations.length === 0 };
}

function ruleBasics(rule: CheckRule, files: number) {
  return { name: rule.name, paths: rule.paths, files, allowEmpty: rule.allowEmpty, limits: rule.limits };
}

/** The check's report: the outcomes and whether they pass. */
export function buildCheckReport(config: string, date: string, outcomes: RuleOutcome[]): CheckReport {
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  return { config, date, outcomes, passed: failed === 0, failed };
}

/** Each model priced by any rule, once (the first rule's result): those whose lifecycle is warned about. */
export const modelsPriced = (outcomes: readonly RuleOutcome[]): ModelResult[] => [
  ...new Map(outcomes.flatMap((o) => o.estimate?.results ?? []).map((r) => [r.model, r])).values(),
];
