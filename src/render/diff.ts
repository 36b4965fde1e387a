import { Chalk, type ChalkInstance } from "chalk";
import { type FileDiff, type FileStatus, type ModelDiff, PERCENT_DECIMALS } from "../core/diff.js";
import type { SideRange } from "../core/diff-range.js";
import { pricingJson } from "../core/documents/estimate-report.js";
import type { DiffReport, DiffSideLabel } from "../core/reports/diff.js";
import type { OutputAssumption } from "../core/types.js";
import { toUsdNumber, toUsdString } from "../pricing/money.js";
import { renderDiffCsv } from "./diff-csv.js";
import { fitDiffTable } from "./fit-diff.js";
import { fitLines, type TerminalLayout } from "./fit-text.js";
import {
  countOf,
  formatCount,
  formatGrowthOverLimit,
  formatPercent,
  formatPercentExact,
  formatPercentOf,
  formatSignedUsd,
  formatUsdPair,
  markEstimate,
  printable,
} from "./format.js";
import { lifecycleNotes, lifecycleTag } from "./lifecycle.js";
import { type MdAlign, mdCode, mdDocument, mdList, mdTable, mdText } from "./markdown.js";

/**
 * Views of one diff. Each format is one renderer in DIFF_RENDERERS taking the same DiffReport, so a
 * new format (markdown, say) is one function and one entry.
 */
export const DIFF_FORMATS = ["table", "json", "csv", "markdown"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Version of the diff JSON document; bumped only if a field is ever removed or changes meaning. */
export const DIFF_JSON_VERSION = 1;

export interface DiffRenderOptions {
  /** Colours for the table; plain text when omitted. */
  chalk?: ChalkInstance;
  /** The terminal's width: the table fits it. */
  layout?: TerminalLayout;
}

type DiffRenderer = (report: DiffReport, options: DiffRenderOptions) => string;

const DIFF_RENDERERS: Record<DiffFormat, DiffRenderer> = {
  table: renderDiffTable,
  json: renderDiffJson,
  csv: renderDiffCsv,
  markdown: renderDiffMarkdown,
};

/** A diff in the format asked for. */
export function renderDiff(report: DiffReport, format: DiffFormat, options: DiffRenderOptions = {}): string {
  return DIFF_RENDERERS[format](report, options);
}

// ---- helpers shared by the views ----

/** Change as a reader sees it: "↑ 25%", "↓ 3.3%", "0%", "↑ new", "↑ <0.1%". */
export function changeText(diff: ModelDiff): string {
  if (diff.percentHundredths === null) return "↑ new";
  if (diff.costDelta === 0n) return "0%";
  const arrow = diff.costDelta > 0n ? "↑ " : "↓ ";
  const magnitude = diff.costDelta < 0n ? -diff.costDelta : diff.costDelta;
  return `${arrow}${formatPercentOf(magnitude, diff.costBefore)}`;
}

/** "+$0.0123", "-$1.50", "$0.00". */
export const signedUsd = formatSignedUsd;

/**
 * Why a model fails --fail-on-increase (`limit` in millionths of a percent): "cost grew by 12.5%
 * ($0.40 → $0.45), more than --fail-on-increase 10%", the growth with digits enough to read above it.
 */
export function increaseFailure(model: ModelDiff, limit: bigint): string {
  const flag = "--fail-on-increase";
  const [before, after] = formatUsdPair(model.costBefore, model.costAfter);
  if (model.costBefore === 0n)
    return `cost grew from ${before} to ${after}, more than ${flag} ${formatPercentExact(limit, PERCENT_DECIMALS)}`;
  const [growth, limitText] = formatGrowthOverLimit(
    model.costBefore,
    model.costAfter,
    limit,
    PERCENT_DECIMALS,
  );
  return `cost grew by ${growth} (${before} → ${after}), more than ${flag} ${limitText}`;
}

function signedCount(value: number): string {
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

/** "2 changed, 1 added, 1 removed, 5 unchanged". */
export function fileSummary(files: readonly FileDiff[]): string {
  const counts = new Map<FileStatus, number>();
  for (const file of files) counts.set(file.status, (counts.get(file.status) ?? 0) + 1);
  const order: FileStatus[] = ["changed", "added", "removed", "unchanged"];
  const parts = order
    .filter((status) => counts.has(status))
    .map((status) => `${formatCount(counts.get(status) ?? 0)} ${status}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

function sideText(side: DiffSideLabel): string {
  const commit = side.commit ? ` (${side.commit.slice(0, 12)})` : "";
  const date = side.date ? ` (priced ${side.date})` : "";
  return `${side.label}${commit}${date}`;
}

// ---- table ----

function renderDiffTable(
  report: DiffReport,
  { chalk = new Chalk({ level: 0 }), layout }: DiffRenderOptions,
): string {
  const sections = [
    chalk.bold(`${printable(sideText(report.base))} → ${printable(sideText(report.head))}`),
    diffTable(report.diff.results, chalk, layout),
  ];
  if (report.perFile && report.diff.files) {
    const shown = report.diff.files.filter((file) => file.status !== "unchanged");
    if (shown.length > 0) sections.push(`${chalk.bold("Files")}\n${filesTable(shown, chalk, layout)}`);
  }
  return fitLines(`${sections.join("\n")}\n${footer(report, chalk).join("\n")}\n`, layout);
}

// "In tokens": the text's input tokens, as in estimate's table ("In + out tokens" where both are summed).
const MONEY_HEAD = [
  "In tokens before",
  "In tokens after",
  "Δ in tokens",
  "Cost before",
  "Cost after",
  "Δ cost",
  "Change",
];

function diffCells(r: ModelDiff, chalk: ChalkInstance): string[] {
  const estimated = !r.exact;
  const paint = r.costDelta > 0n ? chalk.red : r.costDelta < 0n ? chalk.green : (text: string) => text;
  // Both sides with digits enough that a non-zero delta never sits between figures that read alike.
  const [before, after] = formatUsdPair(r.costBefore, r.costAfter);
  return [
    markEstimate(formatCount(r.tokensBefore), estimated, r.tokensBefore),
    markEstimate(formatCount(r.tokensAfter), estimated, r.tokensAfter),
    markEstimate(signedCount(r.tokensDelta), estimated, r.tokensDelta),
    markEstimate(before, estimated, r.costBefore),
    markEstimate(after, estimated, r.costAfter),
    paint(markEstimate(formatSignedUsd(r.costDelta), estimated, r.costDelta)),
    paint(changeText(r)),
  ];
}

function diffTable(results: readonly ModelDiff[], chalk: ChalkInstance, layout?: TerminalLayout): string {
  const suffixes = results.map((r) => {
    const tag = lifecycleTag(r);
    return tag ? chalk.yellow(tag) : "";
  });
  const models = { head: "Model", cells: results.map((r) => printable(r.model)), id: true };
  const money = results.map((r) => diffCells(r, chalk));
  const costs = results.map((r) => r.costAfter);
  return fitDiffTable([models], MONEY_HEAD, money, { chalk, layout, suffixes, costs });
}

/** One row per file (per file and model when several models are compared). */
function filesTable(files: readonly FileDiff[], chalk: ChalkInstance, layout?: TerminalLayout): string {
  const models = files[0]?.results.length ?? 0;
  const rows = files.flatMap((file) =>
    file.results.map((r, i) => ({
      file: i === 0 ? printable(file.file) : "",
      status: i === 0 ? file.status : "",
      model: printable(r.model),
      money: diffCells(r, chalk),
    })),
  );
  const text = [
    { head: "File", cells: rows.map((row) => row.file), id: true },
    { head: "Status", cells: rows.map((row) => row.status) },
    ...(models > 1 ? [{ head: "Model", cells: rows.map((row) => row.model), id: true }] : []),
  ];
  return fitDiffTable(
    text,
    MONEY_HEAD,
    rows.map((row) => row.money),
    { chalk, layout },
  );
}

function footer(report: DiffReport, chalk: ChalkInstance): string[] {
  const lines: string[] = [];
  if (report.diff.files) lines.push(`Files: ${fileSummary(report.diff.files)}`);
  lines.push(`In tokens: the text's input tokens. Cost: ${outputText(report.output)}`);
  const checked = report.pricesChecked
    ? report.pricesChecked.oldest === report.pricesChecked.newest
      ? `, checked ${report.pricesChecked.oldest}`
      : `, checked ${report.pricesChecked.oldest} to ${report.pricesChecked.newest}`
    : "";
  lines.push(
    `Prices: USD${report.billing.batch ? ", Batch API" : ""}, in force on ${report.date} for both sides${checked}`,
  );
  if (report.billing.cachedRatio !== "0")
    lines.push(
      `Cached: ${report.billing.cachedRatio} of input tokens billed as cache reads (--cached-ratio)`,
    );
  for (const note of report.notes) lines.push(chalk.yellow(note));
  for (const note of lifecycleNotes(report.diff.results)) lines.push(chalk.yellow(note));
  const named = report.unavailable.filter((u) => u.named);
  if (named.length > 0) {
    const list = named.map((u) => `${printable(u.model)} (${u.reason})`).join(", ");
    lines.push(chalk.yellow(`Not priced on ${report.date}: ${list}`));
  }
  if (report.diff.results.some((r) => !r.exact))
    lines.push(
      chalk.yellow(
        "≈ estimate: a tokenizer is not available offline, or text with no safe cut point was cut without proof (see llmcost estimate)",
      ),
    );
  const limit = report.failOnIncrease;
  if (limit) {
    const verdict =
      limit.failed.length === 0
        ? `pass: no model's cost grew by more than ${limit.limit}%`
        : `fail: ${limit.failed.map(printable).join(", ")} grew by more than ${limit.limit}%`;
    lines.push(
      (limit.failed.length === 0 ? chalk.green : chalk.red)(`--fail-on-increase ${limit.limit}: ${verdict}`),
    );
  }
  return lines.map((line) => chalk.dim(line));
}

// ---- markdown ----

const PLAIN = new Chalk({ level: 0 });

/**
 * `diff --format markdown`: the models' table (and the files that differ, with --per-file), the
 * footer as a list, and a one-line verdict with --fail-on-increase. Ready for a pull-request comment.
 */
function renderDiffMarkdown(report: DiffReport): string {
  const sides = `${sideMarkdown(report.base)} → ${sideMarkdown(report.head)}`;
  const sections = [`### llmcost diff: ${sides}`, modelsMarkdown(report.diff.results)];
  if (report.perFile && report.diff.files) {
    const shown = report.diff.files.filter((file) => file.status !== "unchanged");
    if (shown.length > 0) sections.push("#### Files", filesMarkdown(shown));
  }
  const notes = footer({ ...report, failOnIncrease: undefined }, PLAIN);
  sections.push(mdList(notes.map(mdText)));
  const limit = report.failOnIncrease;
  if (limit) {
    const flag = mdText(`--fail-on-increase ${limit.limit}`);
    sections.push(
      limit.failed.length === 0
        ? `**✅ Pass:** no model's cost grew by more than ${mdText(limit.limit)}% (${flag})`
        : `**❌ Fail:** ${limit.failed.map((model) => mdCode(model, false)).join(", ")} grew by more than ${mdText(limit.limit)}% (${flag})`,
    );
  }
  return mdDocument(sections);
}

function sideMarkdown(side: DiffSideLabel): string {
  const commit = side.commit ? ` (${mdCode(side.commit.slice(0, 12), false)})` : "";
  const date = side.date ? ` (priced ${mdText(side.date)})` : "";
  return `${mdCode(side.label, false)}${commit}${date}`;
}

const MD_MONEY_ALIGN: MdAlign[] = MONEY_HEAD.map(() => "right");

function diffMarkdownCells(r: ModelDiff): string[] {
  return diffCells(r, PLAIN).map(mdText);
}

function modelsMarkdown(results: readonly ModelDiff[]): string {
  return mdTable(
    ["Model", ...MONEY_HEAD],
    ["left", ...MD_MONEY_ALIGN],
    results.map((r) => [mdCode(r.model), ...diffMarkdownCells(r)]),
  );
}

/** A row per file and model, every cell filled so each row stands alone (sorting, grepping). */
function filesMarkdown(files: readonly FileDiff[]): string {
  const models = files[0]?.results.length ?? 0;
  const head = ["File", "Status", ...(models > 1 ? ["Model"] : []), ...MONEY_HEAD];
  const align: MdAlign[] = [
    "left",
    "left",
    ...(models > 1 ? (["left"] as MdAlign[]) : []),
    ...MD_MONEY_ALIGN,
  ];
  const rows = files.flatMap((file) =>
    file.results.map((r) => [
      mdCode(file.file),
      file.status,
      ...(models > 1 ? [mdCode(r.model)] : []),
      ...diffMarkdownCells(r),
    ]),
  );
  return mdTable(head, align, rows);
}

function outputText(output: OutputAssumption): string {
  if (output.kind === "tokens")
    return `input plus ${countOf(output.tokens, "output token")} per request (--output-tokens)`;
  if (output.kind === "ratio")
    return `input plus output of ${output.ratio} × the input tokens per request (--output-ratio)`;
  return "input only (add --output-tokens N or --output-ratio R to price responses)";
}

// ---- json ----

/**
 * The `diff --format json` document. Field names are a public contract: add, never rename or drop.
 * Money is USD as numbers (from the exact decimal), with the exact decimals in `costExact`.
 */
export function toDiffJson(report: DiffReport) {
  return {
    version: DIFF_JSON_VERSION,
    ...pricingJson(report),
    base: report.base,
    head: report.head,
    results: report.diff.results.map(diffJson),
    ...(report.perFile && report.diff.files
      ? {
          files: report.diff.files.map((file) => ({
            file: file.file,
            status: file.status,
            results: file.results.map(diffJson),
          })),
        }
      : {}),
    ...(report.failOnIncrease
      ? {
          failOnIncrease: {
            limit: Number(report.failOnIncrease.limit),
            pass: report.failOnIncrease.failed.length === 0,
            failed: report.failOnIncrease.failed,
          },
        }
      : {}),
    unavailable: report.unavailable,
    notes: report.notes,
  };
}

function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(toDiffJson(report), null, 2)}\n`;
}

function diffJson(r: ModelDiff) {
  return {
    model: r.model,
    tokensBefore: r.tokensBefore,
    tokensAfter: r.tokensAfter,
    tokensDelta: r.tokensDelta,
    costBefore: toUsdNumber(r.costBefore),
    costAfter: toUsdNumber(r.costAfter),
    costDelta: toUsdNumber(r.costDelta),
    percent: r.percentHundredths === null ? null : Number(formatPercent(r.percentHundredths, 2)),
    exact: r.exact,
    retired: r.retired ?? null,
    retires: r.retires ?? null,
    successor: r.successor ?? null,
    priceOrigin: r.priceOrigin ?? "shipped",
    rangeBefore: rangeJson(r.rangeBefore),
    rangeAfter: rangeJson(r.rangeAfter),
    costExact: {
      before: toUsdString(r.costBefore),
      after: toUsdString(r.costAfter),
      delta: toUsdString(r.costDelta),
    },
  };
}

/** A side's error band range: input tokens and cost (USD) at its ends; null for an exact count. */
function rangeJson(range: SideRange | undefined) {
  if (!range) return null;
  const { tokens, cost } = range;
  return { tokens, cost: { low: toUsdNumber(cost.low), high: toUsdNumber(cost.high) } };
}
