import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { BudgetReport } from "../core/budget.js";
import type { CostComparison } from "../core/compare.js";
import type { Estimate, ModelResult } from "../core/types.js";
import { budgetFooter } from "./budget.js";
import { type CompareTo, compareHeader, compareNote, comparisonsOf, comparisonText } from "./compare.js";
import { formatCount, formatPricePerMillion, formatTokenSize, formatUsd, printable } from "./format.js";

export interface TableOptions {
  /** Colours; plain text when omitted. */
  chalk?: ChalkInstance;
  perFile?: boolean;
  /** Limits and projections, shown under the footer. */
  budget?: BudgetReport;
  /** --compare-to: a column with each model's cost against this one's. */
  compareTo?: CompareTo;
}

/** The human view: one table of models sorted by cost (one per input with perFile), then a footer. */
export function renderTable(
  estimate: Estimate,
  { chalk = new Chalk({ level: 0 }), perFile, budget, compareTo }: TableOptions = {},
): string {
  const sections: string[] = [];
  if (perFile) {
    for (const input of estimate.perInput) {
      sections.push(
        `${chalk.bold(printable(input.source))}\n${modelTable(estimate, input.results, chalk, compareTo)}`,
      );
    }
    const all = estimate.inputs.length === 1 ? "All inputs" : `All ${estimate.inputs.length} inputs`;
    sections.push(`${chalk.bold(all)}\n${modelTable(estimate, estimate.results, chalk, compareTo)}`);
  } else {
    sections.push(modelTable(estimate, estimate.results, chalk, compareTo));
  }
  const lines = [
    ...estimateFooter(estimate, chalk, compareTo),
    ...(budget ? budgetFooter(budget, chalk) : []),
  ];
  return `${sections.join("\n\n")}\n${lines.join("\n")}\n`;
}

/** The columns of a model table; the first three are text (left-aligned), the rest figures. */
export function modelColumns(estimate: Estimate, compareTo?: CompareTo): string[] {
  const withOutput = estimate.output.kind !== "none";
  // Costs per direction are in --format json/csv; the table keeps to what fits a terminal.
  const head = withOutput
    ? ["Model", "Provider", "Tokenizer", "In tokens", "Out tokens", "$/1M in/out", "Total", "Context"]
    : ["Model", "Provider", "Tokenizer", "Tokens", "$/1M in", "Cost", "Context"];
  return compareTo ? [...head, compareHeader(compareTo)] : head;
}

function modelTable(
  estimate: Estimate,
  results: readonly ModelResult[],
  chalk: ChalkInstance,
  compareTo?: CompareTo,
): string {
  const head = modelColumns(estimate, compareTo);
  const table = new Table({
    head: head.map((title) => chalk.bold(title)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, i) => (i < 3 || (compareTo && i === head.length - 1) ? "left" : "right")),
  });
  const compared = comparisonsOf(results, compareTo);
  for (const r of results) table.push(modelRow(estimate, r, chalk, compareTo, compared.get(r.model)));
  return table.toString();
}

/** One model's cells, in the order of modelColumns; plain text with a chalk of level 0. */
export function modelRow(
  estimate: Estimate,
  r: ModelResult,
  chalk: ChalkInstance,
  compareTo?: CompareTo,
  comparison?: CostComparison,
): string[] {
  const withOutput = estimate.output.kind !== "none";
  const approx = r.exact ? "" : "≈";
  const tokens = (n: number) => `${approx}${formatCount(n)}`;
  const provider = r.host ? `${r.provider} (${r.host})` : r.provider;
  const tokenizer = r.exact ? r.tokenizer : chalk.yellow(`≈ ${r.tokenizer}`);
  const total = chalk.bold(`${approx}${formatUsd(r.totalCost)}`);
  const embedding = r.kind === "embedding";
  const prices = withOutput
    ? `${formatPricePerMillion(r.inputPrice)}/${embedding ? "–" : formatPricePerMillion(r.outputPrice)}`
    : formatPricePerMillion(r.inputPrice);
  const output = withOutput ? [embedding ? "–" : tokens(r.outputTokens)] : [];
  const versus = compareTo ? [comparison ? comparisonText(comparison, compareTo.name) : "–"] : [];
  return [
    printable(r.model),
    provider,
    tokenizer,
    tokens(r.inputTokens),
    ...output,
    prices,
    total,
    context(r, chalk),
    ...versus,
  ];
}

/** Share of the context window the largest request uses; red with ✗ when it does not fit. */
function context(r: ModelResult, chalk: ChalkInstance): string {
  const share = r.largestRequestTokens / r.contextWindow;
  const percent = share > 0 && share < 0.01 ? "<1%" : `${Math.round(share * 100)}%`;
  const text = `${percent} of ${formatTokenSize(r.contextWindow)}`;
  if (!r.fitsContext) return chalk.red(`✗ ${text}`);
  if (!r.fitsMaxOutput) return chalk.yellow(`${text}, output > max ${formatTokenSize(r.maxOutputTokens)}`);
  return text;
}

/** The lines under the table: inputs, output assumption, prices, notes, estimates. */
export function estimateFooter(estimate: Estimate, chalk: ChalkInstance, compareTo?: CompareTo): string[] {
  const bytes = estimate.inputs.reduce((sum, input) => sum + input.bytes, 0);
  const characters = estimate.inputs.reduce((sum, input) => sum + input.characters, 0);
  const count = estimate.inputs.length;
  const lines = [
    `${count === 1 ? "1 input" : `${formatCount(count)} inputs, each priced as one request`}: ${formatCount(bytes)} bytes, ${formatCount(characters)} characters`,
    `Output: ${outputText(estimate)}`,
    `Prices: USD per 1M tokens${estimate.billing.batch ? ", Batch API" : ""}, in force on ${estimate.date}${checkedText(estimate)}; sources in --format json`,
  ];
  if (estimate.billing.cachedRatio !== "0") {
    lines.push(
      `Cached: ${estimate.billing.cachedRatio} of input tokens billed as cache reads (--cached-ratio)`,
    );
  }
  const long = estimate.results.filter((r) => r.longContext).map((r) => r.model);
  if (long.length > 0)
    lines.push(
      `Long context: ${long.join(", ")} billed at the higher price of requests past a size threshold`,
    );
  for (const note of estimate.notes) lines.push(chalk.yellow(note));
  const named = estimate.unavailable.filter((u) => u.named);
  if (named.length > 0) {
    const list = named.map((u) => `${printable(u.model)} (${u.reason})`).join(", ");
    lines.push(chalk.yellow(`Not priced on ${estimate.date}: ${list}`));
  }
  const others = estimate.unavailable.length - named.length;
  if (others > 0)
    lines.push(`${others} models not on sale on ${estimate.date} left out (listed in --format json)`);
  const estimated = estimate.results.filter((r) => !r.exact);
  if (estimated.length > 0) {
    const byMethod = new Map<string, Set<string>>();
    for (const r of estimated) {
      const method = r.estimateMethod ?? `counted with ${r.countedWith}`;
      byMethod.set(method, (byMethod.get(method) ?? new Set()).add(r.tokenizer));
    }
    const stands = [...byMethod].map(([method, ids]) => `${[...ids].join(", ")} ${method}`).join("; ");
    lines.push(chalk.yellow(`≈ estimate (tokenizer not available offline): ${stands}`));
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

function outputText({ output }: Estimate): string {
  if (output.kind === "tokens") return `${formatCount(output.tokens)} tokens per request (--output-tokens)`;
  if (output.kind === "ratio") return `${output.ratio} × input tokens per request (--output-ratio)`;
  return "input only (add --output-tokens N or --output-ratio R to price responses)";
}
