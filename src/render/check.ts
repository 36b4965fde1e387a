import { Chalk, type ChalkInstance } from "chalk";
import type { BudgetKind, BudgetLimits } from "../core/budget.js";
import type { CheckReport, RuleOutcome } from "../core/reports/check.js";
import { toUsdNumber } from "../pricing/money.js";
import { budgetJson, limitList, violationSubject, violationText } from "./budget.js";
import { type CheckTableRow, fitCheckTable } from "./fit-check.js";
import { fitLines, type TerminalLayout } from "./fit-text.js";
import { countOf, formatCount, formatUsd, markEstimate, plural, printable } from "./format.js";
import { lifecycleTag } from "./lifecycle.js";
import { mdCode, mdDocument, mdList, mdTable, mdText } from "./markdown.js";

/** The config keys that set each kind of limit, for messages. */
export const RULE_LIMITS: Record<BudgetKind, string> = {
  cost: "maxCost",
  tokens: "maxTokens",
  "cost per file": "maxCostPerFile",
  "monthly cost": "maxMonthlyCost",
  "context share": "maxContextShare",
};

/** Lines for stderr: one per limit exceeded or rule failed, `<rule>: <model>: <what>`. */
export function checkFailures(outcomes: readonly RuleOutcome[]): [string, string][] {
  const lines: [string, string][] = [];
  for (const outcome of outcomes) {
    if (!outcome.passed && outcome.reason) lines.push([outcome.name, outcome.reason]);
    for (const violation of outcome.budget?.violations ?? [])
      lines.push([
        `${outcome.name}: ${violationSubject(violation)}`,
        violationText(violation, RULE_LIMITS[violation.kind]),
      ]);
  }
  return lines;
}

/** A rule's figure sums input and output tokens (estimate and diff show input tokens as "In tokens"). */
const TOKENS_HEAD = "In + out tokens";

/** One row of the check report: a rule with one model's figures, or a rule with no estimate. */
interface CheckRow {
  rule: string;
  files: number;
  model?: string;
  /** " (retired)" or " (retiring)" after the model, if so. */
  tag?: string;
  /** Formatted, with "≈" for an estimate. */
  tokens?: string;
  cost?: string;
  limits: BudgetLimits;
  passed: boolean;
  /** What failed (or, for a rule with no estimate, why it passed or failed), with the input if any. */
  failures: { source?: string; text: string }[];
}

/** The rows every check report shows, as plain data; the table and markdown views format them. */
function checkRows(outcomes: readonly RuleOutcome[]): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const outcome of outcomes) {
    const base = { rule: outcome.name, files: outcome.files, limits: outcome.limits ?? {} };
    const results = outcome.estimate?.results ?? [];
    if (results.length === 0) {
      rows.push({
        ...base,
        passed: outcome.passed,
        failures: outcome.reason ? [{ text: outcome.reason }] : [],
      });
      continue;
    }
    for (const result of results) {
      const mine = (outcome.budget?.violations ?? []).filter((v) => v.model === result.model);
      const estimated = !result.exact;
      const tokens = result.inputTokens + result.outputTokens;
      rows.push({
        ...base,
        model: result.model,
        tag: lifecycleTag(result),
        tokens: markEstimate(formatCount(tokens), estimated, tokens),
        cost: markEstimate(formatUsd(result.totalCost), estimated, result.totalCost),
        passed: mine.length === 0,
        failures: mine.map((v) => ({
          ...(v.source === undefined ? {} : { source: v.source }),
          text: violationText(v, RULE_LIMITS[v.kind]),
        })),
      });
    }
  }
  return rows;
}

/** Views of one check: each format is one renderer of the same CheckReport. */
export type CheckFormat = "table" | "json" | "markdown";

export interface CheckRenderOptions {
  /** Colours for the table; plain text when omitted. */
  chalk?: ChalkInstance;
  /** The terminal's width: the table fits it. */
  layout?: TerminalLayout;
}

export const CHECK_RENDERERS: Record<
  CheckFormat,
  (report: CheckReport, options: CheckRenderOptions) => string
> = {
  table: renderCheckTable,
  json: renderCheckJson,
  markdown: renderCheckMarkdown,
};

/** The pass/fail table: a row per rule and model (a row per failure of a failing one), then the verdict. */
export function renderCheckTable(
  report: CheckReport,
  { chalk = new Chalk({ level: 0 }), layout }: CheckRenderOptions = {},
): string {
  const { outcomes, date } = report;
  const rows: CheckTableRow[] = checkRows(outcomes).map((row) => {
    const failures = row.failures.map(({ source, text }) =>
      source ? `${printable(source)}: ${text}` : text,
    );
    return {
      rule: printable(row.rule),
      files: formatCount(row.files),
      model: row.model === undefined ? "–" : printable(row.model),
      tag: row.tag ? chalk.yellow(row.tag) : "",
      tokens: row.tokens ?? "–",
      cost: row.cost ?? "–",
      // One line per failure, so each can be read (and grepped) on its own.
      results: row.passed
        ? [chalk.green(["✓", ...failures].join(" ").trim())]
        : failures.length > 0
          ? failures.map((failure) => chalk.red(`✗ ${failure}`))
          : [chalk.red("✗")],
    };
  });
  const table = fitCheckTable(rows, { chalk, layout, tokensHead: TOKENS_HEAD });
  const { passed, text } = checkVerdict(report);
  const verdict = passed ? chalk.green(`✓ ${text}`) : chalk.red(`✗ ${text}`);
  return fitLines(`${table}\n${chalk.dim(`Prices in force on ${date}.`)}\n${verdict}\n`, layout);
}

/** Version of the `check --format json` document (schema/check-report.schema.json's `version`). */
export const CHECK_JSON_VERSION = 1;

/** `llmcost check --format json`. */
export function renderCheckJson(report: CheckReport): string {
  const json = {
    version: CHECK_JSON_VERSION,
    config: report.config,
    date: report.date,
    passed: report.passed,
    rules: report.outcomes.map((outcome) => ({
      name: outcome.name,
      paths: outcome.paths,
      files: outcome.files,
      allowEmpty: outcome.allowEmpty,
      passed: outcome.passed,
      reason: outcome.reason ?? null,
      results: (outcome.estimate?.results ?? []).map((result) => ({
        model: result.model,
        exact: result.exact,
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        totalCost: toUsdNumber(result.totalCost),
        retired: result.retired ?? null,
        retires: result.retires ?? null,
        successor: result.successor ?? null,
        priceOrigin: result.priceOrigin ?? "shipped",
      })),
      ...(outcome.budget ? budgetJson(outcome.budget) : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** The one-line verdict: "all 3 rules pass", "1 of 3 rules fail". */
function checkVerdict({ passed, failed, outcomes }: CheckReport): { passed: boolean; text: string } {
  const rules = outcomes.length;
  return passed
    ? { passed, text: rules === 1 ? "the rule passes" : `all ${countOf(rules, "rule")} pass` }
    : {
        passed,
        text: `${formatCount(failed)} of ${countOf(rules, "rule")} ${plural(failed, "fails", "fail")}`,
      };
}

/**
 * `llmcost check --format markdown`: a row per rule and model with the rule's limits and the result
 * (a failing one has a row per failure),
 * then the verdict and each failure. Ready to post as a pull-request comment.
 */
export function renderCheckMarkdown(report: CheckReport): string {
  const { outcomes, date } = report;
  const head = ["Rule", "Files", "Model", TOKENS_HEAD, "Cost", "Limits", "Result"];
  const rows: string[][] = [];
  for (const row of checkRows(outcomes)) {
    const failures = row.failures.map(({ source, text }) =>
      source ? `${mdCode(source)}: ${mdText(text)}` : mdText(text),
    );
    const rule = mdCode(row.rule);
    const model = row.model === undefined ? "–" : `${mdCode(row.model)}${mdText(row.tag ?? "")}`;
    const figures = [
      formatCount(row.files),
      row.tokens ?? "–",
      row.cost === undefined ? "–" : mdText(row.cost),
      mdText(limitList(row.limits, RULE_LIMITS).join(", ")) || "–",
    ];
    const [files, tokens, cost, limits] = figures as [string, string, string, string];
    if (row.passed || failures.length === 0) {
      rows.push([
        rule,
        files,
        model,
        tokens,
        cost,
        limits,
        row.passed ? ["✅", ...failures].join(" ").trim() : "❌",
      ]);
      continue;
    }
    // A row per failure (a PR comment reads down them); the rule and model on each, the figures on the first.
    failures.forEach((failure, i) => {
      const first = i === 0;
      rows.push([
        rule,
        first ? files : "",
        model,
        first ? tokens : "",
        first ? cost : "",
        first ? limits : "",
        `❌ ${failure}`,
      ]);
    });
  }
  const align = head.map((_, i) => (i === 1 || i === 3 || i === 4 ? "right" : "left") as "left" | "right");
  const verdict = checkVerdict(report);
  const failures: string[] = [];
  for (const outcome of outcomes) {
    const rule = mdCode(outcome.name, false);
    if (!outcome.passed && outcome.reason) failures.push(`${rule}: ${mdText(outcome.reason)}`);
    for (const v of outcome.budget?.violations ?? []) {
      const where = v.source === undefined ? "" : `${mdCode(v.source, false)}: `;
      failures.push(
        `${rule}: ${where}${mdCode(v.model, false)}: ${mdText(violationText(v, RULE_LIMITS[v.kind]))}`,
      );
    }
  }
  return mdDocument([
    "### llmcost check",
    mdTable(head, align, rows),
    mdList([mdText(`Prices in force on ${date}.`)]),
    verdict.passed ? `**✅ ${verdict.text}**` : `**❌ ${verdict.text}**`,
    failures.length > 0 ? mdList(failures) : "",
  ]);
}
