import type { ChalkInstance } from "chalk";
import type { BudgetKind, BudgetLimits, BudgetReport, BudgetViolation } from "../core/budget.js";
import { hasLimits } from "../core/budget.js";
import { toUsdNumber, toUsdString } from "../pricing/money.js";
import { formatCount, formatUsd, printable } from "./format.js";

/** The flag that sets each kind of limit, for messages. */
export const LIMIT_FLAGS: Record<BudgetKind, string> = {
  cost: "--max-cost",
  tokens: "--max-tokens",
  "cost per file": "--max-cost-per-file",
  "monthly cost": "--max-monthly-cost",
  "context share": "--max-context-share",
};

/** "cost $0.62 is over --max-cost $0.50", in the limit's unit. */
export function violationText(violation: BudgetViolation, limitName = LIMIT_FLAGS[violation.kind]): string {
  const amount = (value: bigint) =>
    violation.kind === "tokens"
      ? formatCount(Number(value))
      : violation.kind === "context share"
        ? percent(value)
        : exactUsd(value);
  const on = violation.on === undefined ? "" : `${violation.on} `;
  const band = violation.banded ? ` (input at the ${violation.on} end of the estimate's error band)` : "";
  return `${on}${violation.kind} ${amount(violation.actual)} is over ${limitName} ${amount(violation.limit)}${band}`;
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
  const usd = (value: bigint | undefined) => (value === undefined ? undefined : exactUsd(value));
  add("cost", usd(limits.maxCost));
  add("tokens", limits.maxTokens === undefined ? undefined : formatCount(limits.maxTokens));
  add("cost per file", usd(limits.maxCostPerFile));
  add("monthly cost", usd(limits.maxMonthlyCost));
  add("context share", limits.maxContextShare === undefined ? undefined : percent(limits.maxContextShare));
  return list;
}

/** The projection line: "Per month (1,000 requests per day × 30.44 days): gpt-4o $456.60". */
export function projectionText(report: BudgetReport): string | undefined {
  if (!report.rate) return undefined;
  const { requests, per } = report.rate;
  const days = per === "day" ? " × 30.44 days" : "";
  const costs = [...report.monthly]
    .map(([model, cost]) => `${printable(model)} ${formatUsd(cost)}`)
    .join(", ");
  return `Per month (${formatCount(requests)} requests per ${per}${days}): ${costs}`;
}

/** Exact dollars, so that a figure just over its limit never reads the same as the limit. */
function exactUsd(amount: bigint): string {
  const [whole = "0", fraction = ""] = toUsdString(amount).split(".");
  return `$${whole}.${fraction.padEnd(2, "0")}`;
}

/** Millionths as a percentage: 512,345 → "51.2345%". */
function percent(millionths: bigint): string {
  // Millionths are exact to four decimals of a percent: all shown, so a share over its limit never
  // reads the same as the limit.
  return `${(Number(millionths) / 10_000).toFixed(4).replace(/\.?0+$/, "")}%`;
}
