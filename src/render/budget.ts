import type { ChalkInstance } from "chalk";
import type { BudgetKind, BudgetLimits, BudgetReport, BudgetViolation } from "../core/budget.js";
import { hasLimits } from "../core/budget.js";
import { toUsdNumber } from "../pricing/money.js";
import {
  countOf,
  formatCount,
  formatPercentExact,
  formatPercentOverLimit,
  formatUsd,
  formatUsdExact,
  formatUsdOverLimit,
  printable,
} from "./format.js";

/** The flag that sets each kind of limit, for messages. */
export const LIMIT_FLAGS: Record<BudgetKind, string> = {
  cost: "--max-cost",
  tokens: "--max-tokens",
  "cost per file": "--max-cost-per-file",
  "monthly cost": "--max-monthly-cost",
  "context share": "--max-context-share",
};

/**
 * "cost $0.62 is over --max-cost $0.50", in the limit's unit: money and shares as everywhere else,
 * the limit exactly as set and the figure with decimals enough to read above it.
 */
export function violationText(violation: BudgetViolation, limitName = LIMIT_FLAGS[violation.kind]): string {
  const { actual, limit } = violation;
  const [over, limitText] =
    violation.kind === "tokens"
      ? [formatCount(actual), formatCount(limit)]
      : violation.kind === "context share"
        ? formatPercentOverLimit(actual, limit, SHARE_PERCENT_DECIMALS)
        : formatUsdOverLimit(actual, limit);
  const on = violation.on === undefined ? "" : `${violation.on} `;
  // At a band's end the message says so instead (" (input at the high end of the estimate's error band)").
  const approx = violation.estimated && !violation.banded ? "≈" : "";
  const band = violation.banded ? ` (input at the ${violation.on} end of the estimate's error band)` : "";
  return `${on}${violation.kind} ${approx}${over} is over ${limitName} ${limitText}${band}`;
}

/** Subject of a violation's message: the model, and the input for per-input limits. */
export function violationSubject(violation: BudgetViolation): string {
  return printable(
    violation.source === undefined ? violation.model : `${violation.source}: ${violation.model}`,
  );
}

/** Footer lines for the table: projections, then the verdict. */
export function budgetFooter(report: BudgetReport, chalk: ChalkInstance): string[] {
  const lines: string[] = [];
  const projection = projectionText(report);
  if (projection) lines.push(projection);
  if (!hasLimits(report.limits)) return lines;
  if (report.violations.length === 0) lines.push(chalk.green("✓ within budget"));
  else
    for (const violation of report.violations)
      lines.push(chalk.red(`✗ over budget: ${violationSubject(violation)}: ${violationText(violation)}`));
  return lines;
}

/** The `budget` and `projection` parts of the JSON report. */
export function budgetJson(report: BudgetReport) {
  const { limits } = report;
  const usd = (value: bigint | undefined) => (value === undefined ? null : toUsdNumber(value));
  const value = (violation: BudgetViolation, amount: bigint) =>
    violation.kind === "tokens"
      ? Number(amount)
      : violation.kind === "context share"
        ? Number(amount) / 1_000_000
        : toUsdNumber(amount);
  return {
    ...(report.rate
      ? {
          projection: {
            requests: report.rate.requests,
            per: report.rate.per,
            daysPerMonth: 30.44,
            monthlyCost: Object.fromEntries(
              [...report.monthly].map(([model, cost]) => [model, toUsdNumber(cost)]),
            ),
          },
        }
      : {}),
    ...(hasLimits(limits)
      ? {
          budget: {
            limits: {
              maxCost: usd(limits.maxCost),
              maxTokens: limits.maxTokens ?? null,
              maxCostPerFile: usd(limits.maxCostPerFile),
              maxMonthlyCost: usd(limits.maxMonthlyCost),
              maxContextShare:
                limits.maxContextShare === undefined ? null : Number(limits.maxContextShare) / 1_000_000,
            },
            on: report.on ?? "expected",
            passed: report.violations.length === 0,
            violations: report.violations.map((violation) => ({
              kind: violation.kind,
              model: violation.model,
              source: violation.source ?? null,
              actual: value(violation, violation.actual),
              limit: value(violation, violation.limit),
            })),
          },
        }
      : {}),
  };
}

/** The limits that are set, as "--max-cost $0.50" (or "maxCost $0.50" with the config's names). */
export function limitList(limits: BudgetLimits, names: Record<BudgetKind, string> = LIMIT_FLAGS): string[] {
  const list: string[] = [];
  const add = (kind: BudgetKind, value: string | undefined) => {
    if (value !== undefined) list.push(`${names[kind]} ${value}`);
  };
  const usd = (value: bigint | undefined) => (value === undefined ? undefined : formatUsdExact(value));
  add("cost", usd(limits.maxCost));
  add("tokens", limits.maxTokens === undefined ? undefined : formatCount(limits.maxTokens));
  add("cost per file", usd(limits.maxCostPerFile));
  add("monthly cost", usd(limits.maxMonthlyCost));
  add(
    "context share",
    limits.maxContextShare === undefined
      ? undefined
      : formatPercentExact(limits.maxContextShare, SHARE_PERCENT_DECIMALS),
  );
  return list;
}

/** The projection line: "Per month (1,000 requests per day × 30.44 days): gpt-4o $456.60". */
export function projectionText(report: BudgetReport): string | undefined {
  if (!report.rate) return undefined;
  const { requests, per } = report.rate;
  const days = per === "day" ? " × 30.44 days" : "";
  const costs = [...report.monthly]
    .map(
      ([model, cost]) => `${printable(model)} ${report.estimated?.has(model) ? "≈" : ""}${formatUsd(cost)}`,
    )
    .join(", ");
  return `Per month (${countOf(requests, "request")} per ${per}${days}): ${costs}`;
}

/** Shares are millionths of the whole: ten-thousandths of a percent. */
const SHARE_PERCENT_DECIMALS = 4;
