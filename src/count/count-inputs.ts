import type { Readable } from "node:stream";
import { countingPasses, countingSink } from "../core/count.js";
import type { CountedRequests } from "../core/requests/counted-requests.js";
import type { CountedInput } from "../core/types.js";
import {
  type InputPlan,
  type InputSink,
  type PlannedInput,
  planInputs,
  type ReadOptions,
  type ReadOutcome,
  readPlanned,
  type StreamInputsResult,
  settleReads,
} from "../io/read-inputs.js";
import type { InputMode } from "../io/request-reader.js";
import { mayHoldRequests } from "../io/request-reader.js";
import type { Tokenizer } from "../tokenizers/types.js";
import {
  type CountThread,
  countInWorkers,
  type InputTally,
  SPLIT_MIN_BYTES,
  splitWorkersFor,
  startCountWorkers,
  workersFor,
} from "./count-in-workers.js";
import { countPlanned } from "./count-planned.js";
import type { RequestCounting } from "./count-requests.js";
import { type Progress, plannedBytes } from "./progress.js";
import { splitCountingSink, whenLarge } from "./split-count.js";
import { SplitPool } from "./split-pool.js";

/** What counting needs before the tokenizers: the inputs planned, the counting threads started. */
export interface PreparedInputs {
  readonly plan: InputPlan;
  /** Per input: read on the main thread (it may hold requests). */
  readonly onMain: readonly boolean[];
  /** The inputs the threads may count. */
  readonly texts: readonly PlannedInput[];
  readonly threads: readonly CountThread[];
  /**
   * The run's only text input, when it is cut into parts counted on `workers` threads, the main thread
   * and `threads` (split-count.ts): started already for a file; for stdin or a pipe (size unknown), once
   * enough of it has been read.
   */
  readonly split?: {
    readonly input: PlannedInput;
    readonly workers: number;
    readonly threads: CountThread[];
  };
}

/**
 * Plans the inputs (what is read; nothing is read yet) and, when they are worth it (workersFor),
 * starts the counting threads, which boot while the run goes on to load prices and tokenizers.
 */
export async function prepareInputs(
  operands: readonly string[],
  options: { jobs?: number; read?: ReadOptions; mode?: InputMode },
): Promise<PreparedInputs> {
  const mode = options.mode ?? "text";
  const readsOnMain = (input: PlannedInput) => mayHoldRequests(input.source, mode, input.kind === "stdin");
  const abandoned = options.read?.abandoned;
  const threads: CountThread[] = [];
  const found: InputTally = { inputs: 0, bytes: 0 };
  // Threads start as soon as the inputs found so far are worth them — while the walk goes on, as a
  // thread takes ~70 ms to boot — and more if the rest of the walk makes more worth it.
  const startWorthwhile = (input: PlannedInput) => {
    if (abandoned?.aborted || readsOnMain(input)) return;
    found.inputs++;
    found.bytes += input.size;
    const workers = workersFor(found, options.jobs);
    if (workers - 1 > threads.length) threads.push(...startCountWorkers(workers - 1 - threads.length));
  };
  // A run that fails after starting them ends them (an in-process caller of run() would keep them).
  abandoned?.addEventListener("abort", () => {
    for (const { worker } of threads) void worker.terminate();
  });
  // What is read (walks, ignore rules, links) is settled here, so worker threads read the same inputs.
  // Stdin cannot be handed to a thread: a run that reads it counts on the main thread alone.
  const plan = await planInputs(
    operands,
    options.read,
    operands.includes("-") ? undefined : startWorthwhile,
  ).catch(async (error: unknown) => {
    // A bug while planning: threads started already would outlive a caller that has no abort signal.
    await Promise.all(threads.map(({ worker }) => worker.terminate()));
    throw error;
  });
  const onMain = plan.inputs.map(readsOnMain);
  const texts = plan.inputs.filter((_, i) => !onMain[i]);
  // The run's only text input — or its only input, read here as it may hold requests (stdin in the
  // default auto mode), should it turn out to be text — is counted in parts.
  const only =
    texts.length === 1
      ? texts[0]
      : texts.length === 0 && plan.inputs.length === 1
        ? plan.inputs[0]
        : undefined;
  const workers = only && !abandoned?.aborted ? splitWorkersFor(only, options.jobs) : 0;
  if (!only || workers === 0) return { plan, onMain, texts, threads };
  // The main thread counts parts too: `workers` threads in all. Started now for a text file; for
  // stdin, a pipe or what may hold requests, once 4 MiB of text have come.
  const early = only.size > 0 && !readsOnMain(only);
  const split = { input: only, workers, threads: early ? startCountWorkers(workers - 1) : [] };
  abandoned?.addEventListener("abort", () => {
    for (const { worker } of split.threads) void worker.terminate();
  });
  return { plan, onMain, texts, threads, split };
}

/**
 * Reads and counts every input with every tokenizer, as it is read: memory does not grow with the
 * size of an input. Several large text files are counted on worker threads (see workersFor); inputs
 * that may hold requests (chat payloads, batch files) are read here, on the main thread.
 */
export async function countInputs(
  prepared: PreparedInputs | Promise<PreparedInputs>,
  stdin: Readable,
  tokenizers: ReadonlyMap<string, Tokenizer>,
  options: {
    progress: Progress;
    /** With the mode prepareInputs was given. */
    requests?: { mode: InputMode; counting: RequestCounting };
    /** The source each counted input is given (default: the path read), e.g. a key to match it by. */
    sourceOf?: (input: PlannedInput) => string;
    /** The plan as its reads are settled (see settleReads), e.g. without its directories' "no input files". */
    settleAs?: (plan: InputPlan) => InputPlan;
  },
): Promise<StreamInputsResult & { inputs: (CountedInput | CountedRequests)[] }> {
  const { plan, onMain, texts, threads, split } = await prepared;
  options.progress.expect?.(plannedBytes(plan.inputs));
  const outcomes: ReadOutcome[] = [];
  const counted: (CountedInput | CountedRequests | undefined)[] = [];
  const passes = countingPasses(tokenizers.values());
  const wholeSink = (index: number, source: string): InputSink =>
    countingSink(
      source,
      passes,
      (result) => {
        counted[index] = result;
      },
      (bytes) => options.progress.read(source, bytes),
    );
  // The counts of the input counted in parts, due once its threads have counted them.
  let pool: SplitPool | undefined;
  const splitCounts: Promise<void>[] = [];
  const splitSink = (index: number, source: string, threads: CountThread[]): InputSink => {
    pool ??= new SplitPool(threads, new Map(passes.map((pass) => [pass.id, pass])));
    return splitCountingSink(
      source,
      passes,
      pool,
      (result) =>
        splitCounts.push(
          result.then((done) => {
            counted[index] = done;
          }),
        ),
      (bytes) => options.progress.read(source, bytes),
    );
  };
  // Parts gain nothing when no pass splits at letters and one pass is left to count as one stream: the
  // threads started for them (before the tokenizers were known) end now.
  const worthSplitting = passes.length > 1 || passes.some((pass) => pass.splitsAtLetters);
  if (split && !worthSplitting) for (const { worker } of split.threads) void worker.terminate();
  const textSink = (index: number, source: string): InputSink => {
    if (!split || !worthSplitting || plan.inputs[index] !== split.input) return wholeSink(index, source);
    if (split.threads.length > 0) return splitSink(index, source, split.threads);
    // Stdin or a pipe: counted here, whole, unless it proves large enough to repay starting threads.
    return whenLarge(
      SPLIT_MIN_BYTES,
      () => wholeSink(index, source),
      () => splitSink(index, source, startCountWorkers(split.workers - 1)),
    );
  };
  let fromWorkers: { outcomes: ReadOutcome[]; counted: (CountedInput | undefined)[] } | undefined;
  if (threads.length > 0) {
    // Progress is told per file by countInWorkers, as for the worker threads' files.
    fromWorkers = await countInWorkers(
      texts,
      [...tokenizers.keys()],
      threads,
      (input: PlannedInput) => options.progress.read(input.source, input.size),
      (input) => countPlanned(input, stdin, passes),
    );
  }
  let fromWorker = 0;
  try {
    for (const [index, input] of plan.inputs.entries()) {
      if (fromWorkers && !onMain[index]) {
        outcomes[index] = fromWorkers.outcomes[fromWorker] as ReadOutcome;
        counted[index] = fromWorkers.counted[fromWorker];
        fromWorker++;
        continue;
      }
      const requests = onMain[index] ? options.requests : undefined;
      outcomes[index] = await readPlanned(input, stdin, (source) => {
        if (!requests) return textSink(index, source);
        const sink = requests.counting.open(
          source,
          () => textSink(index, source),
          (result) => {
            counted[index] = result;
          },
        );
        return {
          write(chunk, bytes) {
            options.progress.read(source, bytes);
            return sink.write(chunk, bytes);
          },
          end: () => sink.end(),
        };
      });
    }
    await Promise.all(splitCounts);
  } finally {
    // Threads started for a split input end here, used or not (its read may have failed first).
    await pool?.close();
    await Promise.all(split?.threads.map(({ worker }) => worker.terminate()) ?? []);
  }
  const sourceOf = options.sourceOf;
  const inputs = counted
    .map((entry, i) =>
      entry && sourceOf ? { ...entry, source: sourceOf(plan.inputs[i] as PlannedInput) } : entry,
    )
    .filter((entry, i): entry is CountedInput | CountedRequests => !!entry && outcomes[i]?.kind === "text");
  return { ...settleReads(options.settleAs?.(plan) ?? plan, outcomes), inputs };
}
