import { type Command, Option } from "commander";
import { totalEstimate } from "../core/estimate.js";
import { mergeShards, parseShard } from "../core/merge.js";
import { LlmcostErrors, noInputError, usageError } from "../errors.js";
import { readInputs } from "../io/read-inputs.js";
import { type CliIO, type CommandResult, stdinUnusable, type Warn } from "./context.js";
import { COLOR_MODES, ESTIMATE_FORMATS, renderEstimate } from "./estimate.js";
import { EXIT } from "./exit-codes.js";
import { failOnRetiredOption, retiredFailures, warnLifecycle } from "./retirement.js";

interface MergeFlags {
  format: (typeof ESTIMATE_FORMATS)[number];
  perFile?: boolean;
  color: (typeof COLOR_MODES)[number];
  failOnRetired?: boolean;
}

/** Registers `llmcost merge [shards...]`: adds up `estimate --format jsonl` shards into one report. */
export function registerMerge(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  program
    .command("merge")
    .description(
      "add up shards written by `estimate --format jsonl` (exactly) into the report one run would print",
    )
    .argument(
      "[shards...]",
      "jsonl files or directories of them; - reads stdin (the default when stdin is piped)",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices(ESTIMATE_FORMATS).default("table"),
    )
    .addOption(new Option("--per-file", "also show each input on its own"))
    .addOption(failOnRetiredOption())
    .addOption(
      new Option("--color <when>", "colour: auto, always, never").choices(COLOR_MODES).default("auto"),
    )
    .action(async (paths: string[], flags: MergeFlags) => done(await runMerge(paths, flags, io, warn)));
}

async function runMerge(paths: string[], flags: MergeFlags, io: CliIO, warn: Warn): Promise<CommandResult> {
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable)
    throw usageError("merge", `no input (${unusable}): name shard files, or pipe them in (- reads stdin)`);
  const read = await readInputs(paths.length > 0 ? paths : ["-"], io.stdin);
  for (const warning of read.warnings) warn(warning.subject, warning.reason);
  if (read.errors.length > 0) throw new LlmcostErrors(read.errors);
  // Shards concatenated into one stream (cat a b | llmcost merge) hold several headers.
  const shards = read.inputs.flatMap(({ source, text }) =>
    splitAtHeaders(text).map((part, i) => ({
      name: i === 0 ? source : `${source} (shard ${i + 1})`,
      shard: parseShard(part, source),
    })),
  );
  if (shards.length === 0) throw noInputError("merge", "no shards");
  const priced = mergeShards(shards);
  const result = totalEstimate(priced);
  // A shard holds a retired model only if it was named: warn of those, as estimate did.
  const retiredNamed = new Set(result.results.filter((r) => r.retired !== undefined).map((r) => r.model));
  warnLifecycle(result.results, retiredNamed, warn);
  const retired = flags.failOnRetired ? retiredFailures(result.results) : [];
  for (const line of retired) warn("--fail-on-retired", line);
  return {
    stdout: renderEstimate(priced, result, flags, io),
    exitCode: retired.length > 0 ? EXIT.overBudget : EXIT.ok,
  };
}

/** One text per header record, so that concatenated shards read as they were written. */
function splitAtHeaders(text: string): string[] {
  const starts: number[] = [];
  const header = /^\{"type":"header"/gm;
  for (const match of text.matchAll(header)) starts.push(match.index);
  if (starts.length <= 1) return [text];
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}
