import type { Readable } from "node:stream";
import type { Command } from "commander";
import { defaultTokenizers } from "../api.js";
import { DEFAULT_MODELS } from "../core/default-models.js";
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
import type { Model } from "../pricing/types.js";
import { fitLines } from "../render/fit-text.js";
import {
  type ModelCount,
  sideBySideText,
  type TokenViewWriter,
  tokensJsonWriter,
  tokensTextWriter,
} from "../render/tokens.js";
import { countStream } from "../tokenizers/count-stream.js";
import { UNPROVEN_CUT_TOKENS } from "../tokenizers/held-cut.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { catalogFor, runDate } from "./catalog.js";
import { chalkFor } from "./color.js";
import { type CliIO, type CommandResult, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { AS_OF, COLOR, format, PRICING_FILES, STRICT_UTF8, TOKENIZER, WALK } from "./option-groups.js";
import { commanderOptions, type FlagsOf, switchOption, valueOption } from "./option-records.js";
import { parseList } from "./parse-values.js";
import { ReaderGone, StreamedOutput } from "./stream-out.js";
import { layoutFor } from "./terminal.js";

const TOKENIZE_OPTIONS = {
  model: valueOption<string[]>(
    "-m, --model <ids>",
    `the models whose tokenizers to use (default: ${DEFAULT_MODELS[0]}); comma-separated or repeated: counts side by side, the tokens of the first`,
    // An empty name is kept, to be said as such (findModel) rather than quietly meaning the default.
    (value, previous) => {
      const names = parseList(value);
      return [...(previous ?? []), ...(names.length > 0 ? names : [value])];
    },
  ),
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
  const catalog = await catalogFor(flags, io);
  const date = flags.asOf ?? runDate(io);
  const models: Model[] = [];
  for (const name of flags.model ?? [DEFAULT_MODELS[0] as string]) {
    const model = findModel(catalog, name, date);
    if (!models.some((each) => each.id === model.id)) models.push(model);
  }
  const registry = defaultTokenizers();
  // Each tokenizer is loaded once, however many of the models share it.
  const tokenizers = new Map<string, Tokenizer>();
  for (const model of models) {
    const id = flags.tokenizer ?? model.tokenizer;
    if (!registry.has(id)) throw usageError(`--tokenizer ${id}`, "unknown tokenizer");
    if (!tokenizers.has(id)) tokenizers.set(id, await registry.load(id));
  }
  const tokenizerOf = (model: Model) => tokenizers.get(flags.tokenizer ?? model.tokenizer) as Tokenizer;
  const model = models[0] as Model;
  const tokenizer = tokenizerOf(model);
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
    const others = [...tokenizers.values()].filter((each) => each !== tokenizer);
    const shown = await showTokens(plan, tokenizer, view, out, io.stdin, others);
    for (const warning of shown.warnings) warn(warning.subject, warning.reason);
    for (const [source, cuts] of shown.unproven)
      warn(
        source,
        `text with no safe cut point was cut ${cuts} time${cuts === 1 ? "" : "s"} without proof: the count${tokenizer.encode ? " (and the tokens next to each cut)" : ""} may be off by ±${UNPROVEN_CUT_TOKENS} tokens a cut`,
      );
    // What was shown of the other inputs is held back if it is still small (nothing is then written).
    if (shown.errors.length > 0) throw new LlmcostErrors(shown.errors);
    const cuts = shown.unproven.reduce((sum, [, n]) => sum + n, 0);
    // With several models, each one's count of the same text, the first's (the one shown) first.
    const counted = new Map<Tokenizer, { count: number; cuts: number }>([
      [tokenizer, { count: shown.total, cuts }],
      ...shown.others,
    ]);
    const counts: ModelCount[] | undefined =
      models.length > 1
        ? models.map((each) => {
            const used = tokenizerOf(each);
            const { count, cuts: cut } = counted.get(used) ?? { count: 0, cuts: 0 };
            return {
              model: each.id,
              tokenizer: used.id,
              countedWith: used.countedWith,
              count,
              exact: used.exact && cut === 0,
              ...(used.exact ? {} : { estimateMethod: estimateMethodOf(used) }),
              ...(cut > 0 ? { unprovenCuts: cut } : {}),
            };
          })
        : undefined;
    await out.write(view.end(shown.total, shown.read, cuts, counts));
    if (counts && flags.format !== "json")
      await out.write(
        fitLines(sideBySideText(counts, chalkFor(flags.color, io)), layoutFor(flags.color, io)),
      );
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
  others: readonly Tokenizer[] = [],
): Promise<
  StreamInputsResult & {
    total: number;
    unproven: [string, number][];
    /** The other models' tokenizers' counts of the same inputs (held text cut without proof: `cuts`). */
    others: [Tokenizer, { count: number; cuts: number }][];
  }
> {
  let started = false;
  const otherCounts = others.map(
    (each) => [each, { count: 0, cuts: 0 }] as [Tokenizer, { count: number; cuts: number }],
  );
  let total = 0;
  const unproven: [string, number][] = [];
  const outcomes: ReadOutcome[] = [];
  for (const input of plan.inputs) {
    outcomes.push(
      await readPlanned(input, stdin, (source) => {
        const spans = tokenizer.encode ? tokenSpanStream(tokenizer) : undefined;
        const counter = spans ? undefined : countStream(tokenizer);
        const otherCounters = others.map((each) => countStream(each));
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
            for (const other of otherCounters) other.write(chunk);
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
            otherCounters.forEach((other, index) => {
              const sum = otherCounts[index]?.[1];
              if (!sum) return;
              sum.count += other.end();
              sum.cuts += other.unprovenCuts?.() ?? 0;
            });
            await out.write(held + view.close(count, cuts));
            held = "";
          },
        };
      }),
    );
  }
  return { ...settleReads(plan, outcomes), total, unproven, others: otherCounts };
}
