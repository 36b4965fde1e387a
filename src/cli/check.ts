import { dirname, relative } from "node:path";
import type { Command } from "commander";
import { type EstimatePlan, estimateWith, planEstimate } from "../api.js";
import { billedPeriod, STANDARD_BILLING } from "../core/billing.js";
import { parseCheckConfig } from "../core/check-config.js";
import {
  buildCheckReport,
  modelsPriced,
  pricedRuleOutcome,
  type RuleOutcome,
  unpricedRuleOutcome,
} from "../core/reports/check.js";
import { type CountedRun, startCounting } from "../count/count-run.js";
import { NO_PROGRESS } from "../count/progress.js";
import { dataError, LlmcostError, LlmcostErrors, usageError } from "../errors.js";
import { readConfig } from "../io/find-config.js";
import { globSelection } from "../io/glob-inputs.js";
import { violationText } from "../render/budget.js";
import { CHECK_RENDERERS, checkFailures, RULE_LIMITS, renderCheckMarkdown } from "../render/check.js";
import { catalogFor, runDate } from "./catalog.js";
import { chalkFor } from "./color.js";
import { type CliIO, type CommandResult, cwdOf, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { inFlagTerms } from "./flag-names.js";
import { annotationFile, reportToGitHub } from "./github.js";
import {
  ANNOTATIONS,
  AS_OF,
  COLOR,
  FAIL_ON_RETIRED,
  format,
  MODEL_SELECTION,
  PRICING_FILES,
  QUIET,
  STRICT_UTF8,
  WALK,
} from "./option-groups.js";
import { commanderOptions, describedAs, type FlagsOf, valueOption } from "./option-records.js";
import { parsePath } from "./parse-values.js";
import { retiredFailures, warnLifecycle } from "./retirement.js";
import { layoutFor } from "./terminal.js";

const CHECK_OPTIONS = {
  config: valueOption(
    "-c, --config <file>",
    "the config file (default: llmcost.config.json here or above)",
    parsePath("--config"),
  ),
  model: describedAs(
    MODEL_SELECTION.model,
    "price every rule for these models instead of the config's; comma-separated or repeated",
  ),
  asOf: describedAs(
    AS_OF,
    "use the prices in force on this date, YYYY-MM-DD (default: the config's asOf, else today)",
  ),
  format: format(["table", "json", "markdown"]),
  ...COLOR,
  ...QUIET,
  pricing: PRICING_FILES,
  ...FAIL_ON_RETIRED,
  ...ANNOTATIONS,
  // The rules' files are found and read as estimate finds them (io/discover.ts).
  ...WALK,
  ...STRICT_UTF8,
};

type CheckFlags = FlagsOf<typeof CHECK_OPTIONS>;

/** Registers `llmcost check`: every budget rule of llmcost.config.json, pass or fail. */
export function registerCheck(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const command = program
    .command("check")
    .description("evaluate the budget rules of llmcost.config.json; exit 1 if any fails");
  for (const option of commanderOptions(CHECK_OPTIONS)) command.addOption(option);
  command.action(async (flags: CheckFlags) => done(await runCheck(flags, io, warn)));
}

async function runCheck(flags: CheckFlags, io: CliIO, loud: Warn): Promise<CommandResult> {
  // --quiet leaves out warnings; the verdict's lines (a failed rule, a retired model) are still said.
  const warn: Warn = flags.quiet ? () => {} : loud;
  const cwd = cwdOf(io);
  const { path, text } = await readConfig(flags.config, cwd);
  const configName = relative(cwd, path) || path;
  const config = parseCheckConfig(text, configName);
  const base = dirname(path);
  const date = flags.asOf ?? config.asOf ?? runDate(io);
  const catalog = await catalogFor(flags, io);
  const policy = { follow: flags.follow, ignore: flags.ignore, strictUtf8: flags.strictUtf8, cwd };
  // Every rule is checked before anything is decided, so one run lists every failure.
  const outcomes: RuleOutcome[] = [];
  const errors: LlmcostError[] = [];
  // Every rule's models, prices and globs are checked before any rule's files are read: a bad model
  // in the last rule must not wait for the first rule's 40 MB to be counted.
  const planned: { plan: EstimatePlan; selection: Awaited<ReturnType<typeof globSelection>> }[] = [];
  for (const [index, rule] of config.rules.entries()) {
    // Models from the config are bad data there (65); those of -m are a bad flag (64).
    const modelsAt = rule.models ? `rules[${index}].models` : "models";
    const plan = await planEstimate({
      catalog,
      models: flags.model ?? rule.models ?? config.models,
      outputTokens: config.outputTokens,
      outputRatio: config.outputRatio,
      date,
    }).catch((caught: unknown) => {
      const error = inFlagTerms(caught);
      if (error instanceof LlmcostError && error.kind === "usage" && !flags.model)
        throw dataError(configName, `${modelsAt}: ${modelNamed(error.subject, error.reason)}${error.reason}`);
      throw error;
    });
    // A model the rule names but that has no price on the date would drop out of the verdict
    // unnoticed: a budget must fail loudly rather than pass on fewer models. A retired model is
    // priced at its last price (flagged); only --fail-on-retired turns that into a failed check.
    for (const model of plan.models) {
      const billed = billedPeriod(model, date, STANDARD_BILLING, true);
      if ("reason" in billed) {
        const unpriced = `${model.id} is not priced on ${date} (${billed.reason})`;
        throw flags.model
          ? usageError("--model", unpriced)
          : dataError(configName, `${modelsAt}: ${unpriced}`);
      }
    }
    // Found as estimate walks a directory: symbolic links followed only with --follow (and never out
    // of the config's directory), what .gitignore ignores left out unless --no-ignore, each file once
    // however many globs match it.
    planned.push({ plan, selection: await globSelection(rule.paths, base, cwd) });
  }
  for (const [index, rule] of config.rules.entries()) {
    const { plan, selection } = planned[index] as (typeof planned)[number];
    const { roots, select, descend } = selection;
    const counting = startCounting(roots, {
      read: { ...policy, found: true, select, descend, within: base, once: true },
    });
    const found = await counting.planned();
    const files = found.inputs.length;
    if (files === 0) {
      for (const warning of found.warnings) warn(warning.subject, warning.reason);
      errors.push(...found.errors);
      outcomes.push(unpricedRuleOutcome(rule, { files }));
      continue;
    }
    let read: CountedRun;
    try {
      read = await counting.count(plan, { stdin: io.stdin, progress: NO_PROGRESS, warn });
    } catch (caught) {
      // An error ends the run below (with every rule's errors): this rule has no outcome.
      if (!(caught instanceof LlmcostErrors)) throw caught;
      errors.push(...caught.errors);
      continue;
    }
    outcomes.push(
      read.inputs.length === 0
        ? unpricedRuleOutcome(rule, { files, allSkipped: true })
        : pricedRuleOutcome(rule, config, files, estimateWith(read.plan, read.inputs)),
    );
  }
  // An error beats a verdict: a partial check is not one.
  if (errors.length > 0) throw new LlmcostErrors(errors);
  const report = buildCheckReport(configName, date, outcomes);
  const priced = modelsPriced(outcomes);
  warnLifecycle(priced, undefined, warn);
  const retired = flags.failOnRetired || config.failOnRetired ? retiredFailures(priced) : [];
  for (const line of retired) loud("--fail-on-retired", line);
  for (const [subject, reason] of checkFailures(outcomes)) loud(subject, reason);
  const github = await reportToGitHub(io, flags.annotations, annotationsOf(outcomes, io), () =>
    renderCheckMarkdown(report),
  );
  const stdout = CHECK_RENDERERS[flags.format](report, {
    chalk: chalkFor(flags.color, io),
    layout: layoutFor(flags.color, io),
  });
  const passed = report.passed && retired.length === 0;
  return { stdout, exitCode: passed ? EXIT.ok : EXIT.overBudget, ...github };
}

/** The model a "--model NAME" error is about, as the config names it, unless the reason says it. */
function modelNamed(subject: string, reason: string): string {
  const name = subject.startsWith("--model ") ? subject.slice("--model ".length) : "";
  return name === "" || reason.includes(name) ? "" : `${name}: `;
}

/** One annotation per failure: at the file for a per-file limit, else for the run. */
function annotationsOf(outcomes: readonly RuleOutcome[], io: Pick<CliIO, "env" | "cwd">) {
  const annotations: { file?: string; message: string }[] = [];
  for (const outcome of outcomes) {
    if (!outcome.passed && outcome.reason)
      annotations.push({ message: `${outcome.name}: ${outcome.reason}` });
    for (const violation of outcome.budget?.violations ?? [])
      annotations.push({
        file: annotationFile(violation.source, io),
        message: `${outcome.name}: ${violation.model}: ${violationText(violation, RULE_LIMITS[violation.kind])}`,
      });
  }
  return annotations;
}
