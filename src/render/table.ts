import { Chalk, type ChalkInstance } from "chalk";
import type { BudgetReport } from "../core/budget.js";
import type { CompareTo, CostComparison } from "../core/cost-comparison.js";
import { buildEstimateReport, comparisonsIn, type EstimateReport } from "../core/reports/estimate.js";
import type { Estimate, ModelResult, RequestRow } from "../core/types.js";
import { billingUnitNotes } from "./billing-units.js";
import { budgetFooter } from "./budget.js";
import { compareHeader, compareNote, comparisonText } from "./cost-comparison.js";
import { errorBandNotes } from "./error-bands.js";
import { fitModelTable, fitRequestTable } from "./fit-estimate.js";
import { fitLines, type TerminalLayout } from "./fit-text.js";
import {
  countOf,
  formatCount,
  formatPercentOf,
  formatPricePerMillion,
  formatTokenSize,
  formatUsd,
  formatUsdRange,
  markEstimate,
  printable,
  sellerText,
} from "./format.js";
import { lifecycleNotes, lifecycleTag } from "./lifecycle.js";
import { priceSourceLines } from "./price-sources.js";

export interface TableOptions {
  /** Show the Low–high column even for text inputs (a budget checked against the low or high cost). */
  range?: boolean;
  /** Colours; plain text when omitted. */
  chalk?: ChalkInstance;
  perFile?: boolean;
  /** Limits and projections, shown under the footer. */
  budget?: BudgetReport;
  /** --compare-to: a column with each model's cost against this one's. */
  compareTo?: CompareTo;
  /** A terminal's width to fit (and whether to draw cost bars); the whole table when omitted. */
  layout?: TerminalLayout;
}

/** The human view of an estimate (library entry point): see renderEstimateTable. */
export function renderTable(
  estimate: Estimate,
  { chalk, range, layout, ...options }: TableOptions = {},
): string {
  const report = buildEstimateReport(estimate, { ...options, range: range ?? false });
  return renderEstimateTable(report, { chalk, layout });
}

/** The human view: one table of models sorted by cost (one per input with perFile), then a footer. */
export function renderEstimateTable(
  report: EstimateReport,
  { chalk = new Chalk({ level: 0 }), layout }: { chalk?: ChalkInstance; layout?: TerminalLayout } = {},
): string {
  const { estimate, budget, compareTo } = report;
  const withRange = report.range || showsRange(estimate);
  const table = (results: readonly ModelResult[]) =>
    modelTable(estimate, results, chalk, comparisonsIn(report, results), compareTo, withRange, layout);
  const sections: string[] = [];
  if (report.perFile) {
    for (const input of estimate.perInput)
      sections.push(`${chalk.bold(printable(input.source))}\n${table(input.results)}`);
    const all =
      estimate.inputs.length === 1 ? "All inputs" : `All ${countOf(estimate.inputs.length, "input")}`;
    sections.push(`${chalk.bold(all)}\n${table(estimate.results)}`);
  } else {
    sections.push(table(estimate.results));
  }
  for (const input of estimate.perInput) {
    if (input.requestRows)
      sections.push(
        `${chalk.bold(`${printable(input.source)}: each request`)}\n${requestTable(input.requestRows, chalk, layout)}`,
      );
  }
  const lines = [
    ...estimateFooter(estimate, chalk, compareTo, report.showSources),
    ...(report.showSources ? priceSourceLines(estimate.results).map((line) => chalk.dim(line)) : []),
    ...(budget ? budgetFooter(budget, chalk) : []),
  ];
  return fitLines(`${sections.join("\n\n")}\n${lines.join("\n")}\n`, layout);
}

/** --per-request: one row per request and model it is priced for. */
function requestTable(rows: readonly RequestRow[], chalk: ChalkInstance, layout?: TerminalLayout): string {
  const head = ["Request", "Line", "Model", "In tokens", "Out tokens", "Max out", "Cost", "High"];
  const cells: string[][] = [];
  for (const row of rows) {
    for (const r of row.results) {
      const estimated = !r.exact;
      cells.push([
        printable(row.id),
        String(row.line),
        printable(r.model),
        markEstimate(formatCount(r.inputTokens), estimated, r.inputTokens),
        formatCount(r.outputTokens),
        formatCount(r.highOutputTokens),
        markEstimate(formatUsd(r.totalCost), estimated, r.totalCost),
        markEstimate(formatUsd(r.highCost), estimated, r.highCost),
      ]);
    }
  }
  return fitRequestTable(head, cells, { chalk, layout });
}

/** The columns of a model table; the first three are text (left-aligned), the rest figures. */
export function modelColumns(
  estimate: Estimate,
  compareTo?: CompareTo,
  range = showsRange(estimate),
): string[] {
  const withOutput = estimate.output.kind !== "none";
  // Costs per direction are in --format json/csv; the table keeps to what fits a terminal.
  const head = withOutput
    ? ["Model", "Provider", "Tokenizer", "In tokens", "Out tokens", "$/1M in/out", "Total", "Context"]
    : ["Model", "Provider", "Tokenizer", "In tokens", "$/1M in", "Cost", "Context"];
  if (showsReasoning(estimate)) head.splice(5, 0, "Reasoning");
  if (range) head.splice(head.indexOf("Context"), 0, "Low–high");
  return compareTo ? [...head, compareHeader(compareTo)] : head;
}

/** Request inputs (chat payloads, batch files) have an output bound: their cost is shown as a range. */
export const showsRange = (estimate: Estimate) =>
  estimate.inputs.some((input) => input.kind === "chat" || input.kind === "batch");

const showsReasoning = (estimate: Estimate) =>
  estimate.output.kind !== "none" && estimate.reasoning !== undefined && estimate.reasoning.kind !== "none";

function modelTable(
  estimate: Estimate,
  results: readonly ModelResult[],
  chalk: ChalkInstance,
  compared: ReadonlyMap<string, CostComparison>,
  compareTo?: CompareTo,
  range?: boolean,
  layout?: TerminalLayout,
): string {
  const head = modelColumns(estimate, compareTo, range);
  const rows = results.map((r) => modelRow(estimate, r, chalk, compareTo, compared.get(r.model), range));
  return fitModelTable(head, rows, results, {
    chalk,
    layout,
    compared: compareTo !== undefined,
    reference: compareTo && printable(compareTo.name),
  });
}

/** One model's cells, in the order of modelColumns; plain text with a chalk of level 0. */
export function modelRow(
  estimate: Estimate,
  r: ModelResult,
  chalk: ChalkInstance,
  compareTo?: CompareTo,
  comparison?: CostComparison,
  showRange = showsRange(estimate),
): string[] {
  const withOutput = estimate.output.kind !== "none";
  const estimated = !r.exact;
  const tokens = (n: number) => markEstimate(formatCount(n), estimated, n);
  // Output set with --output-tokens is the user's figure; only a ratio of an estimated count is estimated.
  const outputTokens = (n: number) =>
    markEstimate(formatCount(n), estimated && estimate.output.kind === "ratio", n);
  const provider = sellerText(r.provider, r.host);
  const tokenizer = r.exact ? r.tokenizer : chalk.yellow(`≈ ${r.tokenizer}`);
  const total = chalk.bold(markEstimate(formatUsd(r.totalCost), estimated, r.totalCost));
  const embedding = r.kind === "embedding";
  const perMillion = withOutput
    ? `${formatPricePerMillion(r.inputPrice)}/${embedding ? "–" : formatPricePerMillion(r.outputPrice)}`
    : formatPricePerMillion(r.inputPrice);
  // The column is per 1M tokens: a price billed per character says so in its own row.
  const prices = r.unit === "character" ? `${perMillion} per 1M chars` : perMillion;
  const output = withOutput ? [embedding ? "–" : outputTokens(r.outputTokens)] : [];
  const reasoning = showsReasoning(estimate) ? [embedding ? "–" : outputTokens(r.reasoningTokens)] : [];
  // An estimate's range runs from its band's low end to its high end (what --budget-on checks).
  const [low, high] = [r.inputCostRange?.low ?? r.lowCost, r.bandHigh?.highCost ?? r.highCost];
  const range = showRange ? [markEstimate(formatUsdRange(low, high), estimated, high)] : [];
  const versus = compareTo ? [comparison ? comparisonText(comparison, compareTo.name) : "–"] : [];
  const tag = lifecycleTag(r);
  return [
    `${printable(r.model)}${tag ? chalk.yellow(tag) : ""}`,
    provider,
    tokenizer,
    tokens(r.inputTokens),
    ...output,
    ...reasoning,
    prices,
    total,
    ...range,
    context(r, chalk),
    ...versus,
  ];
}

/** Share of the context window the largest request uses; red with ✗ when it does not fit. */
function context(r: ModelResult, chalk: ChalkInstance): string {
  const percent = formatPercentOf(BigInt(r.largestRequestTokens), BigInt(r.contextWindow), 0);
  const text = `${percent} of ${formatTokenSize(r.contextWindow)}`;
  if (!r.fitsContext) return chalk.red(`✗ ${text}`);
  if (!r.fitsMaxOutput) return chalk.yellow(`${text}, output > max ${formatTokenSize(r.maxOutputTokens)}`);
  return text;
}

/** The lines under the table: inputs, output assumption, prices, notes, estimates. */
/** An unavailable reason that is a missing price of the billing mode ("no flex service-tier price"), not the date's. */
const MODE_PRICE = /^no (?!price\b).* price$/;

export function estimateFooter(
  estimate: Estimate,
  chalk: ChalkInstance,
  compareTo?: CompareTo,
  sourcesShown = false,
): string[] {
  const bytes = estimate.inputs.reduce((sum, input) => sum + input.bytes, 0);
  const characters = estimate.inputs.reduce((sum, input) => sum + input.characters, 0);
  const count = estimate.inputs.length;
  const requests = estimate.inputs.reduce((sum, input) => sum + (input.requests ?? 1), 0);
  const skipped = estimate.inputs.reduce((sum, input) => sum + (input.skippedRequests ?? 0), 0);
  const inputs = showsRange(estimate)
    ? `${countOf(count, "input")}, ${countOf(requests, "request")}${skipped > 0 ? ` (${countOf(skipped, "invalid line")} skipped)` : ""}`
    : count === 1
      ? "1 input"
      : `${countOf(count, "input")}, each priced as one request`;
  const lines = [
    `${inputs}: ${countOf(bytes, "byte")}, ${countOf(characters, "character")}`,
    `Output: ${outputText(estimate)}${reasoningText(estimate)}`,
    `Prices: USD per 1M tokens${estimate.results.some((r) => r.unit === "character") ? " (per 1M characters where a row says so)" : ""}${estimate.billing.batch ? ", Batch API" : ""}, in force on ${estimate.date}${checkedText(estimate)}${sourcesShown ? "" : "; where each came from: --show-sources"}`,
  ];
  if (estimate.billing.cachedRatio !== "0") {
    lines.push(
      `Cached: ${estimate.billing.cachedRatio} of input tokens billed as cache reads (--cached-ratio)`,
    );
  }
  lines.push(...billingUnitNotes(estimate));
  const long = estimate.results.filter((r) => r.longContext).map((r) => r.model);
  if (long.length > 0)
    lines.push(
      `Long context: ${long.join(", ")} billed at the higher price of requests past a size threshold`,
    );
  if (showsRange(estimate)) {
    const banded = estimate.results.some((r) => r.bandHigh)
      ? ", estimated counts at the ends of their error band"
      : "";
    lines.push(
      `Low–high: from no output to every request writing its max_tokens (or the model's maximum output)${banded}`,
    );
  }
  for (const note of estimate.notes) lines.push(chalk.yellow(note));
  for (const note of lifecycleNotes(estimate.results)) lines.push(chalk.yellow(note));
  const named = estimate.unavailable.filter((u) => u.named);
  if (named.length > 0) {
    const list = named.map((u) => `${printable(u.model)} (${u.reason})`).join(", ");
    lines.push(chalk.yellow(`Not priced on ${estimate.date}: ${list}`));
  }
  // Models on sale without a price of the mode asked for (batch, a service tier, 1-hour writes) are said apart.
  const unpriced = estimate.unavailable.filter((u) => !u.named && MODE_PRICE.test(u.reason));
  const others = estimate.unavailable.length - named.length - unpriced.length;
  if (others > 0)
    lines.push(
      `${countOf(others, "model")} not on sale on ${estimate.date} left out (listed in --format json)`,
    );
  for (const reason of new Set(unpriced.map((u) => u.reason))) {
    const count = unpriced.filter((u) => u.reason === reason).length;
    lines.push(`${countOf(count, "model")} with ${reason} left out (listed in --format json)`);
  }
  const estimated = estimate.results.filter((r) => !r.exact);
  if (estimated.length > 0) {
    const byMethod = new Map<string, Set<string>>();
    for (const r of estimated) {
      const method = r.estimateMethod ?? `counted with ${r.countedWith}`;
      byMethod.set(method, (byMethod.get(method) ?? new Set()).add(r.tokenizer));
    }
    const stands = [...byMethod].map(([method, ids]) => `${[...ids].join(", ")} ${method}`).join("; ");
    // A count cut without proof (held-cut.ts) is an estimate with the family's own tokenizer.
    const offline = estimated.some((r) => !r.unprovenCuts || r.tokenizer !== r.countedWith);
    const why =
      showsRange(estimate) || !offline ? "≈ estimate" : "≈ estimate (tokenizer not available offline)";
    lines.push(chalk.yellow(`${why}: ${stands}`));
    for (const note of errorBandNotes(estimated)) lines.push(chalk.yellow(note));
  }
  if (estimate.results.some((r) => !r.fitsContext)) {
    lines.push(chalk.red("✗ a request is larger than the model's context window"));
  }
  if (compareTo) lines.push(compareNote(compareTo));
  return lines.map((line) => chalk.dim(line));
}

function checkedText({ pricesChecked }: Estimate): string {
  if (!pricesChecked) return "";
  const { oldest, newest } = pricesChecked;
  return oldest === newest ? `, checked ${oldest}` : `, checked ${oldest} to ${newest}`;
}

function reasoningText({ reasoning }: Estimate): string {
  if (reasoning?.kind === "tokens")
    return `; reasoning models add ${countOf(reasoning.tokens, "hidden reasoning token")} (--reasoning-tokens)`;
  if (reasoning?.kind === "ratio")
    return `; reasoning models add ${reasoning.ratio} × that in hidden reasoning tokens (--reasoning-tokens)`;
  return "";
}

function outputText({ output }: Estimate): string {
  if (output.kind === "tokens") return `${countOf(output.tokens, "token")} per request (--output-tokens)`;
  if (output.kind === "ratio") return `${output.ratio} × input tokens per request (--output-ratio)`;
  return "input only (add --output-tokens N or --output-ratio R to price responses)";
}
