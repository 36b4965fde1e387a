import type { Command } from "commander";
import { ShardMerge } from "../core/merge.js";
import { LlmcostErrors, noInputError, usageError } from "../errors.js";
import { planInputs, type ReadOutcome, readPlanned, settleReads } from "../io/read-inputs.js";
import { jsonlHeader, jsonlInput } from "../render/jsonl.js";
import { type CliIO, type CommandResult, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { renderEstimate } from "./estimate-output.js";
import { EXIT } from "./exit-codes.js";
import {
  COLOR,
  ESTIMATE_FORMATS,
  FAIL_ON_RETIRED,
  format,
  perFile,
  QUIET,
  SHOW_SOURCES,
  STRICT_UTF8,
  WALK,
} from "./option-groups.js";
import { commanderOptions, type FlagsOf } from "./option-records.js";
import { retiredFailures, warnLifecycle } from "./retirement.js";

const MERGE_OPTIONS = {
  format: format(ESTIMATE_FORMATS),
  ...SHOW_SOURCES,
  ...perFile("also show each input on its own"),
  ...FAIL_ON_RETIRED,
  ...COLOR,
  ...QUIET,
  // Directories of shards are walked and files read as estimate does (io/discover.ts).
  ...WALK,
  ...STRICT_UTF8,
};

type MergeFlags = FlagsOf<typeof MERGE_OPTIONS>;

/** Registers `llmcost merge [shards...]`: adds up `estimate --format jsonl` shards into one report. */
export function registerMerge(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const command = program
    .command("merge")
    .description(
      "add up shards written by `estimate --format jsonl` (exactly) into the report one run would print",
    )
    .argument(
      "[shards...]",
      "jsonl files or directories of them; - reads stdin (the default when stdin is piped)",
    );
  for (const option of commanderOptions(MERGE_OPTIONS)) command.addOption(option);
  command.action(async (paths: string[], flags: MergeFlags) => done(await runMerge(paths, flags, io, warn)));
}

async function runMerge(paths: string[], flags: MergeFlags, io: CliIO, loud: Warn): Promise<CommandResult> {
  // --quiet leaves out warnings; a --fail-on-retired failure is the verdict and still said.
  const warn: Warn = flags.quiet ? () => {} : loud;
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable)
    throw usageError("merge", `no input (${unusable}): name shard files, or pipe them in (- reads stdin)`);
  // Only what the format shows is kept: jsonl writes each input back, --per-file lists their results.
  const records: string[] = [];
  const merge = new ShardMerge({
    perInput: flags.perFile === true && flags.format !== "jsonl",
    ...(flags.format === "jsonl" ? { onInput: (input) => records.push(jsonlInput(input)) } : {}),
  });
  const plan = await planInputs(paths.length > 0 ? paths : ["-"], {
    cwd: cwdOf(io),
    follow: flags.follow,
    ignore: flags.ignore,
    strictUtf8: flags.strictUtf8,
  });
  const outcomes: ReadOutcome[] = [];
  // Shards are read one after another, line by line; the first bad one ends the run.
  for (const input of plan.errors.length > 0 ? [] : plan.inputs) {
    const outcome = await readPlanned(input, io.stdin, (source) => {
      // A file met in a directory walk may be no shard at all (a README, a saved report): skipped.
      const stream = merge.stream(source, input.inWalk);
      return {
        write: (chunk) => stream.write(chunk),
        end: () => {
          const skipped = stream.end();
          if (skipped) warn(source, skipped);
        },
      };
    });
    outcomes.push(outcome);
    if (outcome.kind === "error") break;
  }
  const read = settleReads(plan, outcomes);
  for (const warning of read.warnings) warn(warning.subject, warning.reason);
  if (read.errors.length > 0) throw new LlmcostErrors(read.errors);
  if (merge.shards === 0) throw noInputError("merge", "no shards");
  const { header, estimate } = merge.result();
  // A shard holds a retired model only if it was named: warn of those, as estimate did.
  const retiredNamed = new Set(estimate.results.filter((r) => r.retired !== undefined).map((r) => r.model));
  warnLifecycle(estimate.results, retiredNamed, warn);
  const retired = flags.failOnRetired ? retiredFailures(estimate.results) : [];
  for (const line of retired) loud("--fail-on-retired", line);
  return {
    stdout:
      flags.format === "jsonl"
        ? jsonlHeader(header) + records.join("")
        : renderEstimate({ ...header, inputs: [] }, estimate, flags, io),
    exitCode: retired.length > 0 ? EXIT.overBudget : EXIT.ok,
  };
}
