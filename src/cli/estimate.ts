import { homedir } from "node:os";
import { join } from "node:path";
import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import {
  defaultTokenizers,
  type EstimatePlan,
  type EstimateRequest,
  planEstimate,
  priceWith,
} from "../api.js";
import {
  type BudgetLimits,
  type BudgetReport,
  budgetReport,
  hasLimits,
  type RequestRate,
} from "../core/budget.js";
import { atCostBound, COST_BOUNDS, type CostBound } from "../core/cost-bounds.js";
import { totalEstimate } from "../core/estimate.js";
import type { CountedRequests } from "../core/requests/counted-requests.js";
import type { CountedInput, Estimate, PricedInputs } from "../core/types.js";
import { dataError, LlmcostErrors, noInputError, usageError } from "../errors.js";
import { countWithApi } from "../io/count-api.js";
import { type ReadOptions, readInputs, type SkippedInput } from "../io/read-inputs.js";
import type { InputMode } from "../io/request-reader.js";
import { priceAt } from "../pricing/price-at.js";
import { violationSubject, violationText } from "../render/budget.js";
import type { CompareTo } from "../render/compare.js";
import { renderCsv } from "../render/csv.js";
import { renderEstimateMarkdown } from "../render/estimate-markdown.js";
import { renderJson } from "../render/json.js";
import { renderJsonl } from "../render/jsonl.js";
import { renderTable } from "../render/table.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { withCalibration, withCalibrationNotes } from "./calibration-use.js";
import { referenceModel, withReference } from "./compare-reference.js";
import { type CliIO, type CommandResult, stdinUnusable, type Warn } from "./context.js";
import { jobsWithin } from "./count-in-workers.js";
import { countInputs, prepareInputs } from "./count-inputs.js";
import { type RequestCounting, requestCounting } from "./count-requests.js";
import { EXIT } from "./exit-codes.js";
import { type AnnotationMode, annotationFile, annotationsOption, reportToGitHub } from "./github.js";
import { parseDecimal, parseList, parseShare, parseUsd, parseWholeNumber } from "./parse-values.js";
import { failIfNothingPriceable, failIfStale, pricedUpFront } from "./plan-checks.js";
import { progressLine } from "./progress.js";
import { failOnRetiredOption, retiredFailures, warnFutureDate, warnLifecycle } from "./retirement.js";
import {
  asOfOption,
  type CatalogFlags,
  catalogFor,
  pricingOption,
  providerOption,
  runDate,
  tokenizerOption,
} from "./shared-options.js";

export const FORMATS = ["table", "json", "csv", "jsonl"] as const;
/** The formats of estimate (and merge): those of `models`, and markdown for pull-request comments. */
export const ESTIMATE_FORMATS = [...FORMATS, "markdown"] as const;
export const COLOR_MODES = ["auto", "always", "never"] as const;
const INPUT_MODES = ["auto", "text", "chat", "jsonl"] as const;
const MAX_OUTPUT_RATIO = 1000;

interface EstimateFlags extends CatalogFlags {
  model?: string[];
  provider?: string[];
  all?: boolean;
  outputTokens?: number;
  outputRatio?: string;
  format: (typeof ESTIMATE_FORMATS)[number];
  perFile?: boolean;
  color: (typeof COLOR_MODES)[number];
  compareTo?: string;
  annotations?: AnnotationMode;
  batch?: boolean;
  cachedRatio?: string;
  tokenizer?: string;
  maxPriceAge?: number;
  countWith: "local" | "api";
  quiet?: boolean;
  jobs?: number;
  follow?: boolean;
  ignore: boolean;
  allowEmpty?: boolean;
  strictUtf8?: boolean;
  maxCost?: bigint;
  maxTokens?: number;
  maxCostPerFile?: bigint;
  maxMonthlyCost?: bigint;
  maxContextShare?: bigint;
  requests?: number;
  per?: "day" | "month";
  input: InputMode;
  skipInvalid?: boolean;
  perRequest?: boolean;
  reasoningTokens?: string;
  budgetOn: CostBound;
  failOnRetired?: boolean;
  calibration: boolean;
}

/** The options of `llmcost estimate`, declared once: they drive commander and the README's table. */
export const estimateOptions = (): Option[] => [
  new Option("-m, --model <ids>", "models to price, by id or alias; comma-separated or repeated").argParser(
    parseList,
  ),
  providerOption("every model of these providers (openai, anthropic, …)"),
  new Option("--all", "every model in the price list"),
  new Option("--output-tokens <n>", "expected response length per request, in tokens").argParser((value) =>
    parseWholeNumber("--output-tokens", value),
  ),
  new Option(
    "--output-ratio <r>",
    "expected response length as a multiple of the input tokens, e.g. 0.5",
  ).argParser((value) => parseDecimal("--output-ratio", value, MAX_OUTPUT_RATIO)),
  asOfOption(),
  new Option("--batch", "use Batch API prices (models without one are not priced)"),
  new Option("--cached-ratio <r>", "share of input tokens billed as cached reads, from 0 to 1").argParser(
    (value) => parseDecimal("--cached-ratio", value, 1),
  ),
  new Option(
    "--max-price-age <days>",
    "fail (exit 65) when a price used was last checked longer ago",
  ).argParser((value) => parseWholeNumber("--max-price-age", value)),
  pricingOption(),
  tokenizerOption(),
  new Option(
    "--count-with <source>",
    "local, or api: exact counts from the provider's counting endpoint (cached)",
  )
    .choices(["local", "api"])
    .default("local"),
  new Option(
    "--max-cost <usd>",
    "budget: exit 1 when a model's total cost is over this (equal passes)",
  ).argParser((value) => parseUsd("--max-cost", value)),
  new Option(
    "--max-tokens <n>",
    "budget: exit 1 when a model's total tokens (input + output) are over this",
  ).argParser((value) => parseWholeNumber("--max-tokens", value)),
  new Option(
    "--max-cost-per-file <usd>",
    "budget: exit 1 when one input's cost for a model is over this",
  ).argParser((value) => parseUsd("--max-cost-per-file", value)),
  new Option(
    "--max-context-share <share>",
    "budget: exit 1 when a request uses more of a model's context window, e.g. 0.5",
  ).argParser((value) => parseShare("--max-context-share", value)),
  new Option(
    "--requests <n>",
    "project a monthly cost: the inputs are sent this many times --per day or month",
  ).argParser((value) => parseWholeNumber("--requests", value)),
  new Option("--per <period>", "with --requests: day (× 30.44 days a month) or month").choices([
    "day",
    "month",
  ]),
  new Option(
    "--max-monthly-cost <usd>",
    "budget: exit 1 when a model's projected monthly cost is over this",
  ).argParser((value) => parseUsd("--max-monthly-cost", value)),
  new Option(
    "--compare-to <model>",
    "add each model's cost relative to this one (added to the selection if not in it)",
  ),
  new Option(
    "--reasoning-tokens <amount>",
    "hidden reasoning tokens per request, billed as output by reasoning models: N tokens, or a multiple of the visible output (1.5x)",
  ),
  failOnRetiredOption(),
  new Option("--no-calibration", "ignore calibration profiles of llmcost calibrate: plain estimates"),
  new Option(
    "--budget-on <bound>",
    "which cost the budget limits apply to: low (no output), expected, or high (every request writes its max_tokens)",
  )
    .choices(COST_BOUNDS)
    .default("expected"),
  new Option(
    "--input <kind>",
    "what inputs are: auto (chat payloads and batch .jsonl files detected), text, chat, or jsonl",
  )
    .choices(INPUT_MODES)
    .default("auto"),
  new Option(
    "--skip-invalid",
    "skip invalid lines of batch files (counted in the report) instead of exit 65",
  ),
  new Option("--per-request", "also list each request of chat payloads and batch files"),
  new Option("-f, --format <format>", "output format").choices(ESTIMATE_FORMATS).default("table"),
  new Option("--per-file", "also price each input on its own"),
  new Option("--follow", "follow symbolic links in directories (a link back up is skipped)"),
  new Option("--no-ignore", "read what .gitignore files ignore in a git work tree"),
  new Option("--allow-empty", "a directory with no input files gives an empty report, not exit 66"),
  new Option("--strict-utf8", "invalid UTF-8 is an error (exit 65) naming the byte offset, not U+FFFD"),
  new Option(
    "-j, --jobs <n>",
    "worker threads to count files on (default: one per core, up to 4, for several files totalling 8 MB or more; 1 = none)",
  ).argParser((value) => {
    const jobs = parseWholeNumber("--jobs", value);
    if (jobs === 0) throw usageError("--jobs", 'expected 1 or more (1 = no worker threads), got "0"');
    return jobs;
  }),
  new Option("-q, --quiet", "no warnings and no progress line on stderr (errors are still printed)"),
  new Option(
    "--color <when>",
    "colour the table: auto (on a terminal, unless NO_COLOR is set), always, never",
  )
    .choices(COLOR_MODES)
    .default("auto"),
  annotationsOption(),
];

/** Registers `llmcost estimate [paths...]`; the action stores its result in `done`. */
export function registerEstimate(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const command = program
    .command("estimate")
    .description("tokens and cost of text, per model: files, directories (walked), or - for stdin")
    .argument("[paths...]", "files or directories; - reads stdin (the default when stdin is piped)");
  for (const option of estimateOptions()) command.addOption(option);
  command.action(async (paths: string[], flags: EstimateFlags) => {
    // A run that fails while its inputs are still being planned (early, see runEstimate) stops the
    // walk rather than waiting for it to finish before the process can exit.
    const abandon = new AbortController();
    done(
      await runEstimate(paths, flags, io, warn, abandon.signal).catch((error: unknown) => {
        abandon.abort();
        throw error;
      }),
    );
  });
}

async function runEstimate(
  paths: string[],
  flags: EstimateFlags,
  io: CliIO,
  loud: Warn,
  abandoned: AbortSignal,
): Promise<CommandResult> {
  const warn: Warn = flags.quiet ? () => {} : loud;
  if (flags.outputTokens !== undefined && flags.outputRatio !== undefined) {
    throw usageError("--output-ratio", "cannot be combined with --output-tokens");
  }
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable) {
    throw usageError(
      "estimate",
      `no input (${unusable}): name files or directories, or pipe text in (- reads stdin)`,
    );
  }
  if (paths.filter((path) => path === "-").length > 1) throw usageError("-", "stdin can be read only once");
  const rate = rateOf(flags);
  if (flags.countWith === "api" && flags.tokenizer !== undefined) {
    throw usageError("--count-with api", "cannot be combined with --tokenizer (which picks the local count)");
  }
  if (flags.compareTo !== undefined && flags.format === "jsonl")
    throw usageError("--compare-to", "is not shown in --format jsonl (merge the shards, then compare)");
  if (flags.perRequest && (flags.format === "jsonl" || flags.format === "markdown"))
    throw usageError("--per-request", `is shown in table, json and csv, not --format ${flags.format}`);
  if (flags.perRequest && flags.perFile && flags.format === "csv")
    throw usageError("--per-request", "and --per-file are two row layouts: pick one for CSV");
  if (flags.countWith === "api" && (flags.input === "chat" || flags.input === "jsonl"))
    throw usageError("--count-with api", `counts text inputs only, not --input ${flags.input}`);
  const operands = paths.length > 0 ? paths : ["-"];
  const { jobs, capped } = jobsWithin(flags.jobs);
  if (capped) warn(`--jobs ${flags.jobs}`, `more than the ${jobs} cores available: ${jobs} threads used`);
  const reading: ReadOptions = {
    follow: flags.follow,
    ignore: flags.ignore,
    allowEmpty: flags.allowEmpty,
    strictUtf8: flags.strictUtf8,
    abandoned,
  };
  // Inputs are planned (not read) now, and counting threads, if worth it, boot while prices and
  // tokenizers load. Awaited by countInputs; a run that fails before then leaves it (the threads are
  // unreferenced until used, so they do not hold the process open).
  const prepared =
    flags.countWith === "api"
      ? undefined
      : prepareInputs(operands, { jobs, read: reading, mode: flags.input });
  prepared?.catch(() => {});
  // Everything that can be wrong with the command line fails before any input is read.
  const catalog = await catalogFor(flags, io);
  const request: EstimateRequest = {
    catalog,
    models: flags.model,
    providers: flags.provider,
    all: flags.all,
    outputTokens: flags.outputTokens,
    outputRatio: flags.outputRatio,
    date: flags.asOf ?? runDate(io),
    batch: flags.batch,
    cachedRatio: flags.cachedRatio,
    tokenizer: flags.tokenizer,
    reasoningTokens: flags.reasoningTokens,
    perRequest: flags.perRequest,
  };
  let plan = await planEstimate(request);
  let compareTo: CompareTo | undefined;
  if (flags.compareTo !== undefined) {
    const reference = referenceModel(catalog, flags.compareTo, plan.options.date);
    compareTo = { name: flags.compareTo.trim(), model: reference };
    plan = await withReference(plan, request, reference, flags.compareTo);
  }
  warnFutureDate(flags.asOf, runDate(io), plan.models, plan.options.named, warn);
  plan = await withCalibration(plan, flags.calibration, io, warn);
  // Without a selection, requests that name their own model are priced for it: only they can tell.
  const pin = request.models === undefined && !request.all && !request.providers?.length;
  const upFront = pricedUpFront(plan);
  if (!pin || flags.input === "text") failIfNothingPriceable(upFront, "estimate");
  failIfStale(upFront, runDate(io), flags.maxPriceAge);
  let priced: PricedInputs;
  let skipped: SkippedInput[];
  const pinned = new Set<string>();
  if (!prepared) {
    // --count-with api: counting endpoints take whole texts, so each input is held in memory.
    const read = await readInputs(operands, io.stdin, reading);
    for (const warning of read.warnings) warn(warning.subject, warning.reason);
    if (read.errors.length > 0) throw new LlmcostErrors(read.errors);
    const { warnings, ...counted } = await countWithApi(plan.models, read.inputs, io.env, {
      cacheDir: countCache(io),
      ...(io.net ? { net: io.net } : {}),
    });
    for (const warning of warnings) warn(warning.subject, warning.reason);
    priced = priceWith(plan, read.inputs, counted);
    skipped = read.skipped;
  } else {
    const progress = progressLine(io.stderr, !flags.quiet);
    const tokenizers = new Map(plan.tokenizers);
    const counting = requestCounting(plan.models, tokenizers, {
      mode: flags.input,
      pin,
      skipInvalid: flags.skipInvalid ?? false,
      catalog,
      date: plan.options.date,
      registry: defaultTokenizers(),
      tokenizer: flags.tokenizer,
    });
    const read = await countInputs(prepared, io.stdin, plan.tokenizers, {
      progress,
      requests: { mode: flags.input, counting },
    }).finally(() => progress.done());
    for (const warning of read.warnings) warn(warning.subject, warning.reason);
    const errors = [...read.errors, ...counting.errors()];
    if (errors.length > 0) throw new LlmcostErrors(errors);
    const requestPlan = planForRequests(plan, read.inputs, counting, tokenizers);
    for (const model of counting.named()) pinned.add(model.id);
    priced = priceWith(requestPlan, read.inputs);
    skipped = [...read.skipped, ...skippedLines(read.inputs)];
    for (const input of read.inputs) {
      if (!("tokens" in input)) continue;
      const skippedLines = input.skipped.length;
      if (skippedLines > 0)
        warn(
          input.source,
          `${skippedLines} invalid line${skippedLines === 1 ? "" : "s"} skipped (--skip-invalid)`,
        );
      if (input.ids.length === 0) {
        const why = `no requests${skippedLines > 0 ? ` (${skippedLines} invalid lines skipped)` : ""}`;
        if (!flags.allowEmpty) throw noInputError(input.source, `${why}; --allow-empty prices it as nothing`);
        warn(input.source, why);
      }
    }
  }
  priced = withCalibrationNotes(priced, io);
  const result = totalEstimate(priced);
  if (result.results.length === 0 && result.unavailable.length > 0) {
    const list = result.unavailable.map((u) => `${u.model}: ${u.reason}`).join("; ");
    // Models the requests themselves name are data, not a bad command line.
    if (pinned.size > 0 && result.unavailable.every((u) => pinned.has(u.model)))
      throw dataError("estimate", `no model the requests name can be priced on ${result.date} (${list})`);
    failIfNothingPriceable(result, "estimate");
  }
  for (const missing of result.unavailable.filter((u) => u.named))
    warn(missing.model, `not priced on ${result.date}: ${missing.reason}`);
  warnLifecycle(result.results, namedIn(plan, pinned), warn);
  // Again: models the requests named are known only now.
  failIfStale(result, runDate(io), flags.maxPriceAge);
  const budget = budgetReport(atCostBound(result, flags.budgetOn), limitsOf(flags), rate, flags.budgetOn);
  // The verdict is not a warning: it is printed with --quiet too, one line per limit exceeded.
  for (const violation of budget.violations) loud(violationSubject(violation), violationText(violation));
  const retired = flags.failOnRetired ? retiredFailures(result.results) : [];
  for (const line of retired) loud("--fail-on-retired", line);
  let github: Pick<CommandResult, "afterOutput"> = {};
  if (hasLimits(budget.limits)) {
    const annotations = budget.violations.map((violation) => ({
      file: annotationFile(violation.source, io),
      message: `${violation.model}: ${violationText(violation)}`,
    }));
    github = await reportToGitHub(io, flags.annotations, annotations, () =>
      renderEstimateMarkdown(result, { perFile: flags.perFile, budget, compareTo }),
    );
  }
  return {
    stdout: renderEstimate(priced, result, flags, io, budget, compareTo, skipped),
    exitCode: budget.violations.length > 0 || retired.length > 0 ? EXIT.overBudget : EXIT.ok,
    ...github,
  };
}

/** The models named on the command line or by the requests: those whose lifecycle is warned about. */
const namedIn = (plan: EstimatePlan, pinned: ReadonlySet<string>) =>
  new Set([...(plan.options.named ?? []), ...pinned]);

/**
 * The plan to price request inputs with: models requests named are added (priced only for them), the
 * run's models stay if any text or request is priced for them, and batch files bill at batch rates.
 */
function planForRequests(
  plan: EstimatePlan,
  inputs: readonly (CountedInput | CountedRequests)[],
  counting: RequestCounting,
  tokenizers: Map<string, Tokenizer>,
): EstimatePlan {
  const sets = inputs.filter((input): input is CountedRequests => "tokens" in input);
  if (sets.length === 0) return plan;
  const keepRunModels = sets.length < inputs.length || counting.usedRunModels();
  const runModels = keepRunModels ? plan.models : [];
  const named = counting.named().filter((model) => !runModels.some((m) => m.id === model.id));
  const models = [...runModels, ...named];
  const notes: string[] = [];
  const batch = sets.filter((set) => set.kind === "batch");
  if (batch.length > 0 && !plan.options.billing?.batch) {
    // Priced per input (core/estimate.ts): other inputs of the run keep standard rates.
    notes.push("batch files are priced at Batch API rates");
    const date = plan.options.date;
    const without = models.filter((model) => {
      const period = priceAt(model, date);
      return (
        period !== undefined &&
        period.batchInput === undefined &&
        batch.some((set) => set.tokens.has(model.id))
      );
    });
    if (without.length > 0)
      notes.push(
        `no batch price in the price list, standard rates used: ${without.map((m) => m.id).join(", ")}`,
      );
  }
  return {
    models,
    tokenizers,
    options: {
      ...plan.options,
      named: new Set([...(plan.options.named ?? []), ...counting.named().map((model) => model.id)]),
      requestModels: new Set(named.map((model) => model.id)),
      notes: [...(plan.options.notes ?? []), ...notes],
    },
  };
}

/** Invalid batch lines skipped with --skip-invalid, as the JSON report's `skipped` lists them. */
function skippedLines(inputs: readonly (CountedInput | CountedRequests)[]): SkippedInput[] {
  return inputs.flatMap((input) =>
    "tokens" in input
      ? input.skipped.map(({ line, reason }) => ({ source: `${input.source}:${line}`, reason }))
      : [],
  );
}

function limitsOf(flags: EstimateFlags): BudgetLimits {
  return {
    maxCost: flags.maxCost,
    maxTokens: flags.maxTokens,
    maxCostPerFile: flags.maxCostPerFile,
    maxMonthlyCost: flags.maxMonthlyCost,
    maxContextShare: flags.maxContextShare,
  };
}

function rateOf(flags: EstimateFlags): RequestRate | undefined {
  if (flags.requests === undefined) {
    if (flags.per !== undefined) throw usageError("--per", "needs --requests N");
    if (flags.maxMonthlyCost !== undefined)
      throw usageError("--max-monthly-cost", "needs a request rate: --requests N --per day|month");
    return undefined;
  }
  if (flags.per === undefined) throw usageError("--requests", "needs --per day or --per month");
  return { requests: flags.requests, per: flags.per };
}

/** An estimate in the format asked for; jsonl shows the inputs priced one by one, before totals. */
export function renderEstimate(
  priced: PricedInputs,
  result: Estimate,
  flags: Pick<EstimateFlags, "format" | "perFile" | "color" | "perRequest">,
  io: Pick<CliIO, "env" | "stdout">,
  budget?: BudgetReport,
  compareTo?: CompareTo,
  skipped?: readonly SkippedInput[],
): string {
  const perFile = flags.perFile ?? false;
  if (flags.format === "jsonl") return renderJsonl(priced);
  if (flags.format === "json") return renderJson(result, { perFile, budget, compareTo, skipped });
  if (flags.format === "csv") return renderCsv(result, { perFile, perRequest: flags.perRequest });
  if (flags.format === "markdown") return renderEstimateMarkdown(result, { perFile, budget, compareTo });
  const chalk = new Chalk({ level: colorLevel(flags.color, io) });
  return renderTable(result, {
    chalk,
    perFile,
    budget,
    compareTo,
    range: budget?.on !== undefined && budget.on !== "expected",
  });
}

/** Where API token counts are kept: $XDG_CACHE_HOME/llmcost/token-counts (or ~/.cache/…). */
function countCache(io: Pick<CliIO, "env">): string {
  return join(io.env.XDG_CACHE_HOME || join(io.env.HOME || homedir(), ".cache"), "llmcost", "token-counts");
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR or --color always force it. */
export function colorLevel(mode: (typeof COLOR_MODES)[number], io: Pick<CliIO, "env" | "stdout">): 0 | 1 {
  if (mode !== "auto") return mode === "always" ? 1 : 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? 0 : 1;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return 0;
  return io.stdout.isTTY ? 1 : 0;
}
