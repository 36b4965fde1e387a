import type { Readable } from "node:stream";
import type { Command } from "commander";
import { defaultTokenizers } from "../api.js";
import { estimateMethodOf } from "../core/estimate-marks.js";
import { findModel } from "../core/select-models.js";
import { type TokenSpan, tokenSpanStream } from "../core/tokenize.js";
import { LlmcostErrors, usageError } from "../errors.js";
import {
  type InputPlan,
  planInputs,
  type ReadOutcome,
  readPlanned,
  type StreamInputsResult,
  settleReads,
} from "../io/read-inputs.js";
import { type TokenViewWriter, tokensJsonWriter, tokensTextWriter } from "../render/tokens.js";
import { countStream } from "../tokenizers/count-stream.js";
import { UNPROVEN_CUT_TOKENS } from "../tokenizers/held-cut.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { catalogFor, runDate } from "./catalog.js";
import { chalkFor } from "./color.js";
import { type CliIO, type CommandResult, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { AS_OF, COLOR, format, PRICING_FILES, STRICT_UTF8, TOKENIZER, WALK } from "./option-groups.js";
import { commanderOptions, type FlagsOf, mandatory, switchOption, valueOption } from "./option-records.js";
import { ReaderGone, StreamedOutput } from "./stream-out.js";

const TOKENIZE_OPTIONS = {
  model: mandatory(valueOption("-m, --model <id>", "the model whose tokenizer to use")),
  ids: switchOption("--ids", "print token ids instead of the text"),
  format: format(["text", "json"]),
  ...COLOR,
  asOf: AS_OF,
  pricing: PRICING_FILES,
  tokenizer: TOKENIZER,
  // Directories are walked and files read as estimate does (io/discover.ts).
  ...WALK,
  ...STRICT_UTF8,
};

type TokenizeFlags = FlagsOf<typeof TOKENIZE_OPTIONS>;

/** Registers `llmcost tokenize [paths...|-] --model M`: how a model sees a text, streamed as it is read. */
export function registerTokenize(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const command = program
    .command("tokenize")
    .description("show the tokens a model sees in a text, their count, and whether it is exact")
    .argument(
      "[paths...]",
      "files or directories (each tokenized on its own), or - for stdin (the default when piped)",
    );
  for (const option of commanderOptions(TOKENIZE_OPTIONS)) command.addOption(option);
  command.action(async (paths: string[], flags: TokenizeFlags) =>
    done(await runTokenize(paths, flags, io, warn)),
  );
}

async function runTokenize(
  paths: string[],
  flags: TokenizeFlags,
  io: CliIO,
  warn: Warn,
): Promise<CommandResult> {
  if (paths.length === 0 && stdinUnusable(io)) {
    throw usageError("tokenize", "no input: name a file, or pipe text in (- reads stdin)");
  }
  // A family name means the snapshot it named on the date (a retired one still has its tokenizer).
  const model = findModel(await catalogFor(flags, io), flags.model, flags.asOf ?? runDate(io));
  const registry = defaultTokenizers();
  const id = flags.tokenizer ?? model.tokenizer;
  if (!registry.has(id)) throw usageError(`--tokenizer ${id}`, "unknown tokenizer");
  const tokenizer = await registry.load(id);
  const plan = await planInputs(paths.length > 0 ? paths : ["-"], {
    cwd: cwdOf(io),
    follow: flags.follow,
    ignore: flags.ignore,
    strictUtf8: flags.strictUtf8,
  });
  // A missing input fails the run before anything is written (the view is streamed).
  if (plan.errors.length > 0) throw new LlmcostErrors(plan.errors);
  const head = {
    model: model.id,
    tokenizer: tokenizer.id,
    countedWith: tokenizer.countedWith,
    exact: tokenizer.exact,
    ...(tokenizer.exact ? {} : { estimateMethod: estimateMethodOf(tokenizer) }),
  };
  // Files are tokenized one by one: joined, the end of one and the start of the next would merge.
  const sections = plan.directories.size > 0 || plan.inputs.length > 1;
  const view =
    flags.format === "json"
      ? tokensJsonWriter(head, { sections })
      : tokensTextWriter(head, {
          sections,
          ids: flags.ids,
          stdin: plan.inputs.some((input) => input.kind === "stdin"),
          chalk: chalkFor(flags.color, io),
        });
  const out = new StreamedOutput(io.stdout);
  try {
    const shown = await showTokens(plan, tokenizer, view, out, io.stdin);
    for (const warning of shown.warnings) warn(warning.subject, warning.reason);
    for (const [source, cuts] of shown.unproven)
      warn(
        source,
        `text with no safe cut point was cut ${cuts} time${cuts === 1 ? "" : "s"} without proof: the count${tokenizer.encode ? " (and the tokens next to each cut)" : ""} may be off by ±${UNPROVEN_CUT_TOKENS} tokens a cut`,
      );
    // What was shown of the other inputs is held back if it is still small (nothing is then written).
    if (shown.errors.length > 0) throw new LlmcostErrors(shown.errors);
    const cuts = shown.unproven.reduce((sum, [, n]) => sum + n, 0);
    await out.write(view.end(shown.total, shown.read, cuts));
    await out.flush();
  } catch (error) {
    if (!(error instanceof ReaderGone)) throw error;
    // Stdin still open would keep the process waiting on a writer that has more to say.
    if (plan.inputs.some((input) => input.kind === "stdin")) io.stdin.destroy();
  } finally {
    out.close();
  }
  return { stdout: "", exitCode: EXIT.ok };
}

/** Tokens rendered and written at a time: a part settled at once may hold 100,000s of them. */
const TOKENS_PER_WRITE = 4096;
/**
 * Past this many characters of an input, a count-only view writes what it can before the count (small
 * inputs still write nothing until all went well) and watches for its reader going away.
 */
const WATCH_AFTER = 1 << 20;

/**
 * Reads each input in turn and writes its tokens as they are settled, each input on its own; the
 * view's start is written with the first input read (a binary one never opens). A tokenizer that
 * counts without splitting writes what it can at once, counts as the text is read, and stops when the
 * reader has gone.
 */
async function showTokens(
  plan: InputPlan,
  tokenizer: Tokenizer,
  view: TokenViewWriter,
  out: StreamedOutput,
  stdin: Readable,
): Promise<StreamInputsResult & { total: number; unproven: [string, number][] }> {
  let started = false;
  let total = 0;
  const unproven: [string, number][] = [];
  const outcomes: ReadOutcome[] = [];
  for (const input of plan.inputs) {
    outcomes.push(
      await readPlanned(input, stdin, (source) => {
        const spans = tokenizer.encode ? tokenSpanStream(tokenizer) : undefined;
        const counter = spans ? undefined : countStream(tokenizer);
        let held = (started ? "" : view.start()) + view.open(source, spans !== undefined);
        started = true;
        let count = 0;
        let read = 0;
        const show = async (settled: TokenSpan[]) => {
          count += settled.length;
          for (let at = 0; at < settled.length; at += TOKENS_PER_WRITE) {
            await out.write(held + view.tokens(settled.slice(at, at + TOKENS_PER_WRITE)));
            held = "";
          }
        };
        return {
          write: async (chunk) => {
            if (spans) return show(spans.write(chunk));
            counter?.write(chunk);
            out.check();
            read += chunk.length;
            if (read < WATCH_AFTER) return;
            // A large input: what the view can say before the count is shown now, not at the end.
            if (held) {
              await out.write(held);
              await out.flush();
              held = "";
            }
            out.watchReader();
          },
          end: async () => {
            if (spans) await show(spans.end());
            if (counter) count = counter.end();
            const cuts = spans?.unprovenCuts() ?? counter?.unprovenCuts?.() ?? 0;
            if (cuts > 0) unproven.push([source, cuts]);
            total += count;
            await out.write(held + view.close(count, cuts));
            held = "";
          },
        };
      }),
    );
  }
  return { ...settleReads(plan, outcomes), total, unproven };
}
