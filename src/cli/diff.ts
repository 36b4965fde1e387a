import { stat } from "node:fs/promises";
import { posix, relative, sep } from "node:path";
import type { Command } from "commander";
import { type EstimatePlan, priceWith } from "../api.js";
import {
  type Baseline,
  type DiffSide,
  diffSides,
  PERCENT_DECIMALS,
  parseBaseline,
  sideOf,
  withLifecycle,
} from "../core/diff.js";
import { totalEstimate } from "../core/estimate.js";
import { buildDiffReport, type DiffSideLabel } from "../core/reports/diff.js";
import type { Estimate } from "../core/types.js";
import { type CountedRun, startCounting } from "../count/count-run.js";
import { type Progress, progressLine } from "../count/progress.js";
import { type LlmcostError, LlmcostErrors, usageError } from "../errors.js";
import type { DiscoveryPolicy } from "../io/discover.js";
import { STDIN_SOURCE } from "../io/read-inputs.js";
import { NAMED_FILE_CAPS, readNamedFile } from "../io/read-named-file.js";
import { parseScaledDecimal, pricePerTokenFromUsdPerMillion, toUsdPerMillion } from "../pricing/money.js";
import { DIFF_FORMATS, increaseFailure, renderDiff } from "../render/diff.js";
import { formatPricePerMillion, printable } from "../render/format.js";
import { BILLING_OPTIONS } from "./billing-options.js";
import { chalkFor } from "./color.js";
import { type CliIO, type CommandResult, clockOf, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { type DiffPlanFlags, planDiff } from "./diff-plan.js";
import { againstRevision, shownNames } from "./diff-revision.js";
import { EXIT } from "./exit-codes.js";
import { reportToGitHub } from "./github.js";
import {
  ANNOTATIONS,
  COLOR,
  FAIL_ON_RETIRED,
  format,
  MODEL_SELECTION,
  OUTPUT_ASSUMPTION,
  PRICING,
  perFile,
  QUIET,
  STRICT_UTF8,
  WALK,
} from "./option-groups.js";
import { commanderOptions, type FlagsOf, valueOption } from "./option-records.js";
import { parsePath } from "./parse-values.js";
import { checkOperands, failIfNothingPriceable } from "./plan-checks.js";
import { retiredFailures, warnLifecycle } from "./retirement.js";
import { layoutFor } from "./terminal.js";

/** The options of `llmcost diff`: its own, then those it shares with `estimate`. */
const DIFF_OPTIONS = {
  base: valueOption(
    "--base <ref>",
    "compare the working tree with this git revision (read through git, no checkout)",
  ),
  baseline: valueOption(
    "--baseline <report>",
    "compare with a report saved by `llmcost estimate --format json`",
    parsePath("--baseline"),
  ),
  failOnIncrease: valueOption(
    "--fail-on-increase <pct>",
    "exit 1 when a model's total cost grows by more than this percent",
    (value) => {
      if (parseScaledDecimal(value, PERCENT_DECIMALS) === null)
        throw usageError("--fail-on-increase", `expected a percentage ≥ 0 such as 10 or 2.5, got "${value}"`);
      return value;
    },
  ),
  ...MODEL_SELECTION,
  ...OUTPUT_ASSUMPTION,
  ...PRICING,
  ...BILLING_OPTIONS,
  ...perFile("also compare each file (added, removed, changed)"),
  // Both sides are found and read as estimate finds them (io/discover.ts), in every mode.
  ...WALK,
  ...STRICT_UTF8,
  ...QUIET,
  ...COLOR,
  ...ANNOTATIONS,
  ...FAIL_ON_RETIRED,
  format: format(DIFF_FORMATS),
};

type DiffFlags = FlagsOf<typeof DIFF_OPTIONS> & DiffPlanFlags;

/** The options of `llmcost diff`, for commander. */
export const diffOptions = () => commanderOptions(DIFF_OPTIONS);

/** Registers `llmcost diff OLD NEW | --base REF [paths...] | --baseline REPORT [paths...]`. */
export function registerDiff(program: Command, io: CliIO, warn: Warn, done: (result: CommandResult) => void) {
  const command = program
    .command("diff")
    .description(
      "what a change in text costs, per model: OLD NEW (files or directories), --base REF [paths] (git), or --baseline REPORT [paths]",
    )
    .argument("[paths...]", "OLD NEW; or, with --base or --baseline, the current paths");
  for (const option of diffOptions()) command.addOption(option);
  command.action(async (paths: string[], flags: DiffFlags) => done(await runDiff(paths, flags, io, warn)));
}

/** What was compared: both sides priced, with the labels to show. */
export interface Compared {
  before: DiffSide;
  after: DiffSide;
  head: Estimate;
  base: DiffSideLabel;
  headLabel: DiffSideLabel;
  /** Files are matched by key (byte for byte); a key that is not what is shown maps to its text. */
  shown?: ReadonlyMap<string, string>;
}

async function runDiff(paths: string[], flags: DiffFlags, io: CliIO, loud: Warn): Promise<CommandResult> {
  const warn: Warn = flags.quiet ? () => {} : loud;
  if (flags.base !== undefined && flags.baseline !== undefined)
    throw usageError("--base", "cannot be combined with --baseline: compare with one or the other");
  checkOperands(paths, flags);
  if (flags.base === undefined && flags.baseline === undefined && paths.length !== 2) {
    throw usageError(
      "diff",
      `expected two paths, OLD and NEW (got ${paths.length}); or --base REF [paths] or --baseline REPORT [paths]`,
    );
  }
  if (flags.base !== undefined && paths.includes("-"))
    throw usageError(
      "-",
      "--base compares files in the working tree; stdin has no counterpart at a revision",
    );
  const limit = flags.failOnIncrease === undefined ? undefined : parsePercent(flags.failOnIncrease);
  const policy: DiscoveryPolicy = {
    follow: flags.follow,
    ignore: flags.ignore,
    strictUtf8: flags.strictUtf8,
    cwd: cwdOf(io),
  };

  const baseline = flags.baseline === undefined ? undefined : await readBaseline(flags.baseline, io);
  const plan = await planDiff(flags, io, baseline, warn);
  const progress = progressLine(io.stderr, !flags.quiet, clockOf(io));
  // Warnings wait until the progress line is cleared.
  const pending: [string, string][] = [];
  const later: Warn = (subject, reason) => pending.push([subject, reason]);
  let compared: Compared;
  try {
    if (baseline) compared = await againstBaseline(paths, baseline, flags, plan, policy, io, later, progress);
    else if (flags.base !== undefined)
      compared = await againstRevision(flags.base, paths, plan, policy, later, progress, io);
    else
      compared = await twoInputs(paths[0] as string, paths[1] as string, plan, policy, io, later, progress);
  } finally {
    progress.done();
    for (const [subject, reason] of pending) warn(subject, reason);
  }

  const { head } = compared;
  failIfNothingPriceable(head, "diff");
  for (const missing of head.unavailable.filter((u) => u.named))
    warn(missing.model, `not priced on ${head.date}: ${missing.reason}`);
  warnLifecycle(head.results, plan.options.named, warn);

  const diff = shownNames(
    withLifecycle(diffSides(compared.before, compared.after), head.results),
    compared.shown,
  );
  if (baseline && flags.baseline !== undefined) {
    for (const model of diff.onlyAfter)
      warn(model, `not in the baseline ${flags.baseline}: left out of the diff`);
    for (const model of diff.onlyBefore) warn(model, "in the baseline only: left out of the diff");
    if (diff.results.length === 0) {
      throw usageError(
        "--baseline",
        `no model is priced both in ${flags.baseline} and in this run (select the baseline's models with -m)`,
      );
    }
    if (flags.perFile && !diff.files)
      warn(flags.baseline, "has no per-file results (saved without --per-file): totals only");
    warnOfRepricing(baseline, head, warn);
  }

  const { report, failed } = buildDiffReport(diff, { base: compared.base, head: compared.headLabel }, head, {
    perFile: flags.perFile ?? false,
    ...(limit === undefined || flags.failOnIncrease === undefined
      ? {}
      : { failOnIncrease: { limit: flags.failOnIncrease, percent: limit } }),
  });
  const failures = failed.map((model) => ({
    model: model.model,
    text: increaseFailure(model, limit ?? 0n),
  }));
  for (const failure of failures) loud(failure.model, failure.text);
  const retired = flags.failOnRetired ? retiredFailures(head.results) : [];
  for (const line of retired) loud("--fail-on-retired", line);

  let github: Pick<CommandResult, "afterOutput"> = {};
  if (report.failOnIncrease) {
    // A model's total has no one file to point at: the annotations are for the run.
    const annotations = failures.map((failure) => ({ message: `${failure.model}: ${failure.text}` }));
    github = await reportToGitHub(io, flags.annotations, annotations, () => renderDiff(report, "markdown"));
  }
  return {
    stdout: renderDiff(report, flags.format, {
      chalk: chalkFor(flags.color, io),
      layout: layoutFor(flags.color, io),
    }),
    exitCode: failed.length > 0 || retired.length > 0 ? EXIT.overBudget : EXIT.ok,
    ...github,
  };
}

/** A percentage as millionths of a percent (PERCENT_SCALE per percent), exactly. */
function parsePercent(value: string): bigint {
  const scaled = parseScaledDecimal(value, PERCENT_DECIMALS);
  if (scaled === null) throw usageError("--fail-on-increase", `expected a percentage ≥ 0, got "${value}"`);
  return scaled;
}

async function readBaseline(path: string, io: Pick<CliIO, "cwd">): Promise<Baseline> {
  const text = await readNamedFile(path, {
    cwd: cwdOf(io),
    kind: "a baseline",
    maxBytes: NAMED_FILE_CAPS.baseline,
    expected: "a report saved by llmcost estimate --format json",
  });
  return parseBaseline(text, path);
}

/** `diff OLD NEW`: two files (or stdin and a file), or two directories matched by relative path. */
async function twoInputs(
  oldPath: string,
  newPath: string,
  plan: EstimatePlan,
  policy: DiscoveryPolicy,
  io: CliIO,
  warn: Warn,
  progress: Progress,
): Promise<Compared> {
  const [oldKind, newKind] = await Promise.all([kindOf(oldPath), kindOf(newPath)]);
  if (oldKind && newKind && oldKind !== newKind) {
    throw usageError(
      "diff",
      `${oldPath} is a ${oldKind} and ${newPath} a ${newKind}: compare two files or two directories`,
    );
  }
  // Both sides are counted before either fails, so one run names every unreadable file.
  const [before, after] = (await settledSides(
    [oldPath, newPath].map((path) => () => countSide([path], plan, policy, io, warn, progress)),
  )) as [CountedRun, CountedRun];
  const keyFor = (operand: string, kind: string | undefined) =>
    kind === "directory"
      ? (source: string) => toPosix(relative(operand, source))
      : () => (oldPath === newPath ? newPath : `${oldPath} → ${newPath}`);
  const oldEstimate = totalEstimate(priceWith(plan, before.inputs));
  const head = totalEstimate(priceWith(plan, after.inputs));
  return {
    before: sideOf(oldEstimate, keyFor(oldPath, oldKind)),
    after: sideOf(head, keyFor(newPath, newKind)),
    head,
    base: { label: oldPath === "-" ? STDIN_SOURCE : oldPath },
    headLabel: { label: newPath === "-" ? STDIN_SOURCE : newPath },
  };
}

/**
 * One side of a diff counted through the one entry point (startCounting: worker threads for large
 * sides). Progress goes on across both sides: runDiff clears it once, at the end.
 */
function countSide(
  operands: readonly string[],
  plan: EstimatePlan,
  policy: DiscoveryPolicy,
  io: CliIO,
  warn: Warn,
  progress: Progress,
): Promise<CountedRun> {
  return startCounting(operands, { read: policy }).count(plan, {
    stdin: io.stdin,
    // The line is cleared once, after both sides (and the planned sizes of each add up).
    progress: { ...progress, done: () => {} },
    warn,
  });
}

/** Counts the sides one after another (stdin may be one); fails with the errors of both. */
async function settledSides(sides: (() => Promise<CountedRun>)[]): Promise<CountedRun[]> {
  const counted: CountedRun[] = [];
  const errors: LlmcostError[] = [];
  for (const side of sides) {
    try {
      counted.push(await side());
    } catch (caught) {
      if (!(caught instanceof LlmcostErrors)) throw caught;
      errors.push(...caught.errors);
    }
  }
  if (errors.length > 0) throw new LlmcostErrors(errors);
  return counted;
}

async function kindOf(path: string): Promise<"file" | "directory" | undefined> {
  if (path === "-") return "file";
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? undefined : stats.isDirectory() ? "directory" : "file";
}

/** `diff --baseline REPORT [paths]`: a saved estimate report against the paths counted now. */
async function againstBaseline(
  paths: string[],
  baseline: Baseline,
  flags: DiffFlags,
  plan: EstimatePlan,
  policy: DiscoveryPolicy,
  io: CliIO,
  warn: Warn,
  progress: Progress,
): Promise<Compared> {
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable) {
    throw usageError(
      "diff",
      `no input (${unusable}): name the files or directories the baseline was made from, or pipe text in`,
    );
  }
  const operands = paths.length > 0 ? paths : ["-"];
  const read = await countSide(operands, plan, policy, io, warn, progress);
  const head = totalEstimate(priceWith(plan, read.inputs));
  const before = baseline.side.files
    ? {
        ...baseline.side,
        files: baseline.side.files.map((file) => ({ ...file, file: sourceKey(file.file) })),
      }
    : baseline.side;
  return {
    before,
    after: sideOf(head, sourceKey),
    head,
    base: { label: flags.baseline as string, date: baseline.date },
    headLabel: { label: operands.map((p) => (p === "-" ? STDIN_SOURCE : p)).join(" ") },
  };
}

/** A source as a key both sides agree on: "./a/b.txt" and "a/b.txt" are one file. */
function sourceKey(source: string): string {
  if (source === STDIN_SOURCE) return source;
  return posix.normalize(toPosix(source));
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** A baseline priced at other prices than now: the diff then includes the price change. */
function warnOfRepricing(baseline: Baseline, head: Estimate, warn: Warn): void {
  for (const result of head.results) {
    const then = baseline.prices.get(result.model);
    if (!then || then.input === undefined) continue;
    const input = toUsdPerMillion(result.inputPrice);
    const output = toUsdPerMillion(result.outputPrice);
    if (then.input !== input || (then.output !== undefined && then.output !== output)) {
      // As the tables show prices; a baseline's number that is no exact price is shown as written.
      const price = (usd: number | undefined) => {
        const perToken = usd === undefined ? null : pricePerTokenFromUsdPerMillion(usd);
        return perToken === null ? (usd === undefined ? "?" : `$${usd}`) : formatPricePerMillion(perToken);
      };
      warn(
        printable(result.model),
        `priced at ${price(then.input)}/${price(then.output)} per 1M tokens in the baseline, ${formatPricePerMillion(result.inputPrice)}/${formatPricePerMillion(result.outputPrice)} now: the difference includes the price change`,
      );
    }
  }
}
