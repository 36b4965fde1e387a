import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import {
  defaultTokenizers,
  type EstimatePlan,
  type EstimateRequest,
  planEstimate,
  priceWith,
} from "../api.js";
import { type BudgetLimits, budgetReport, hasLimits, type RequestRate } from "../core/budget.js";
import { atCostBound } from "../core/cost-bounds.js";
import type { CompareTo } from "../core/cost-comparison.js";
import { totalEstimate } from "../core/estimate.js";
import type { PricedInputs } from "../core/types.js";
import { jobsWithin } from "../count/count-in-workers.js";
import { startCounting } from "../count/count-run.js";
import { progressLine } from "../count/progress.js";
import { dataError, LlmcostErrors, usageError } from "../errors.js";
import { countWithApi } from "../io/count-api.js";
import { type ReadOptions, readInputs, type SkippedInput } from "../io/read-inputs.js";
import { violationSubject, violationText } from "../render/budget.js";
import { renderEstimateMarkdown } from "../render/estimate-markdown.js";
import { countOf } from "../render/format.js";
import { withCalibration, withCalibrationNotes } from "./calibration-use.js";
import { catalogFor, runDate } from "./catalog.js";
import { referenceModel, withReference } from "./compare-reference.js";
import { type CliIO, type CommandResult, clockOf, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { type EstimateFlags, estimateOptions } from "./estimate-options.js";
import { renderEstimate } from "./estimate-output.js";
import { EXIT } from "./exit-codes.js";
import { annotationFile, reportToGitHub } from "./github.js";
import { checkOperands, checkPlan, failIfNothingPriceable, failIfStale } from "./plan-checks.js";
import { retiredFailures, warnLifecycle } from "./retirement.js";

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
  checkOperands(paths, flags);
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable) {
    throw usageError(
      "estimate",
      `no input (${unusable}): name files or directories, or pipe text in (- reads stdin)`,
    );
  }
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
  if (capped && jobs !== undefined)
    warn(
      `--jobs ${flags.jobs}`,
      `more than the ${countOf(jobs, "core")} available: ${countOf(jobs, "thread")} used`,
    );
  const reading: ReadOptions = {
    follow: flags.follow,
    ignore: flags.ignore,
    allowEmpty: flags.allowEmpty,
    strictUtf8: flags.strictUtf8,
    abandoned,
    cwd: cwdOf(io),
  };
  // Inputs are planned (not read) now, and counting threads, if worth it, boot while prices and
  // tokenizers load.
  const counting =
    flags.countWith === "api"
      ? undefined
      : startCounting(operands, { jobs, read: reading, mode: flags.input });
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
    cacheWriteRatio: flags.cacheWriteRatio,
    cacheTtl: flags.cacheTtl,
    serviceTier: flags.serviceTier,
    endpoint: flags.endpoint,
    at: flags.at,
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
  // Without a selection, requests that name their own model are priced for it: only they can tell.
  const pin = request.models === undefined && !request.all && !request.providers?.length;
  checkPlan(plan, {
    command: "estimate",
    asOf: flags.asOf,
    today: runDate(io),
    warn,
    priceable: !pin || flags.input === "text",
    maxPriceAge: flags.maxPriceAge,
  });
  plan = await withCalibration(plan, flags.calibration, io, warn);
  let priced: PricedInputs;
  let skipped: SkippedInput[];
  const pinned = new Set<string>();
  if (!counting) {
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
    const run = await counting.count(plan, {
      stdin: io.stdin,
      progress: progressLine(io.stderr, !flags.quiet, clockOf(io)),
      warn,
      catalog,
      registry: defaultTokenizers(),
      pin,
      skipInvalid: flags.skipInvalid ?? false,
      allowEmpty: flags.allowEmpty ?? false,
      tokenizer: flags.tokenizer,
    });
    for (const model of run.pinned) pinned.add(model);
    priced = priceWith(run.plan, run.inputs);
    skipped = run.skipped;
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
      throw usageError(
        "--max-monthly-cost",
        "needs a request rate: --requests N (--per day|month, default month)",
      );
    return undefined;
  }
  // A rate with no period is read per month: the projection is a monthly cost.
  return { requests: flags.requests, per: flags.per ?? "month" };
}

/** Where API token counts are kept: $XDG_CACHE_HOME/llmcost/token-counts (or ~/.cache/…). */
function countCache(io: Pick<CliIO, "env">): string {
  return join(io.env.XDG_CACHE_HOME || join(io.env.HOME || homedir(), ".cache"), "llmcost", "token-counts");
}
