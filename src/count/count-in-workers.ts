import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CountedInput } from "../core/types.js";
import { type ErrorKind, LlmcostError } from "../errors.js";
import type { PlannedInput, ReadOutcome } from "../io/read-inputs.js";
import { sharedRankTables } from "../tokenizers/rank-sources.js";
import { serveTables } from "./table-line.js";

/** Below this much input, starting workers (each loads its tokenizers) costs more than it saves. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;
const MAX_WORKERS = 4;

export type WorkerReply =
  | { index: number; outcome: Exclude<ReadOutcome, { kind: "error" }>; counted?: CountedInput }
  | { index: number; error: { kind: ErrorKind; subject: string; reason: string } };

/** The text inputs found so far: what decides whether counting is spread over threads. */
export interface InputTally {
  inputs: number;
  bytes: number;
}

/**
 * How many worker threads to count files on: `jobs` when given (1 = none), else one per core (up to
 * four) when there are several files and enough bytes to repay starting them. (Stdin is read on the
 * main thread: a run that reads it uses none; see prepareInputs.)
 */
export function workersFor({ inputs, bytes }: InputTally, jobs: number | undefined): number {
  const wanted = jobs ?? Math.min(availableParallelism(), MAX_WORKERS);
  if (wanted < 2 || inputs < 2 || (jobs === undefined && bytes < WORKER_MIN_BYTES)) return 0;
  return Math.min(wanted, inputs);
}

/** A single input at least this large is cut into parts counted on worker threads (split-count.ts). */
export const SPLIT_MIN_BYTES = 4 * 1024 * 1024;

/**
 * How many threads count the parts of a run's only text input (split-count.ts): `jobs` when given
 * (1 = none), else one per core (up to four), if the input is a file large enough to repay starting
 * them. Stdin or a pipe (size 0: decided once 4 MiB have been read) on two by default, not more: a
 * stream may be any length, and each thread holds its own piece caches and heap (1 GB with the default
 * models on two: 233 MB peak, under the 256 MB a stream may take). 0: counted here, whole.
 */
export function splitWorkersFor(input: { size: number }, jobs: number | undefined): number {
  const wanted = jobs ?? Math.min(availableParallelism(), MAX_WORKERS);
  if (wanted < 2) return 0;
  if (input.size === 0) return jobs ?? Math.min(wanted, STREAM_THREADS);
  if (input.size >= SPLIT_MIN_BYTES) return wanted;
  // An explicit -j splits what is large enough to repay a thread's start (~50 ms of one pass).
  return jobs !== undefined && input.size >= SPLIT_FORCED_MIN_BYTES ? wanted : 0;
}

/** Threads a stream is counted on without -j: what its memory was measured with. */
const STREAM_THREADS = 2;

/** With an explicit -j, the smallest single input counted in parts. */
const SPLIT_FORCED_MIN_BYTES = 512 * 1024;

/**
 * `--jobs` capped at the cores this process may use: threads beyond them only add start-up time and a
 * tokenizer's memory each (-j 200 took 10 s and 2 GB where the default took 1.9 s). `capped` says
 * whether the flag asked for more.
 */
export function jobsWithin(
  jobs: number | undefined,
  cores = availableParallelism(),
): { jobs: number | undefined; capped: boolean } {
  if (jobs === undefined || jobs <= cores) return { jobs, capped: false };
  return { jobs: cores, capped: true };
}

/**
 * The worker's script, built beside this module (dist/count/count-worker.js). Named from count/ so
 * that the CLI's bundle, which sits in dist/cli/ as deep as this module, finds the same file.
 */
const COUNT_WORKER_SCRIPT = new URL("../count/count-worker.js", import.meta.url);

/** A counting thread, and how it ended (its error, or its exit) once it has. */
export interface CountThread {
  readonly worker: Worker;
  readonly ended: Promise<Error>;
}

/**
 * Starts `count` counting threads. They import their code and then wait, unreferenced (a run that
 * stops early is not held open by them), for countInWorkers to tell them the tokenizers: a run starts
 * them as soon as it knows its inputs, so that they boot while it loads prices and tokenizers.
 * `script` is for tests.
 */
export function startCountWorkers(count: number, script = COUNT_WORKER_SCRIPT): CountThread[] {
  return Array.from({ length: count }, () => {
    const worker = new Worker(script);
    worker.unref();
    // Watched from the start: a thread that dies while booting, before countInWorkers uses it, must
    // fail that call rather than leave it waiting for a reply that never comes.
    const ended = new Promise<Error>((resolve) => {
      worker.on("error", resolve);
      worker.on("exit", (code) => resolve(new Error(`count worker exited with code ${code}`)));
    });
    return { worker, ended };
  });
}

/** Counts one input on the main thread (its tokenizers are loaded already). */
export type CountHere = (
  input: PlannedInput,
) => Promise<{ outcome: ReadOutcome; counted: CountedInput | undefined }>;

/** Files are handed out in batches of about this many bytes (a large file alone), so that a thread is not idle between small files waiting for the next message. */
export const BATCH_BYTES = 256 * 1024;

/** Input indexes, largest first, in batches of about BATCH_BYTES. */
export function batchesOf(inputs: readonly PlannedInput[]): number[][] {
  const order = inputs.map((_, i) => i).sort((a, b) => (inputs[b]?.size ?? 0) - (inputs[a]?.size ?? 0));
  const batches: number[][] = [];
  let batch: number[] = [];
  let bytes = 0;
  for (const index of order) {
    batch.push(index);
    bytes += inputs[index]?.size ?? 0;
    if (bytes >= BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Reads and counts files on the main thread, which has the tokenizers loaded and would otherwise wait,
 * and on `threads` (from startCountWorkers, told the tokenizers here), a batch at a time, largest
 * files first so that none is left with a big file at the end. Outcomes and counts come back in input
 * order; the threads end.
 */
export async function countInWorkers(
  inputs: readonly PlannedInput[],
  tokenizerIds: readonly string[],
  threads: readonly CountThread[],
  onCounted: (input: PlannedInput) => void,
  countHere: CountHere,
): Promise<{ outcomes: ReadOutcome[]; counted: (CountedInput | undefined)[] }> {
  const outcomes: ReadOutcome[] = new Array(inputs.length);
  const counted: (CountedInput | undefined)[] = new Array(inputs.length);
  const batches = batchesOf(inputs);
  const record = (index: number, outcome: ReadOutcome, result: CountedInput | undefined) => {
    outcomes[index] = outcome;
    counted[index] = result;
    onCounted(inputs[index] as PlannedInput);
  };
  let next = 0;
  const here = async () => {
    for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
      for (const index of batch) {
        const result = await countHere(inputs[index] as PlannedInput);
        record(index, result.outcome, result.counted);
      }
      // Small files are read synchronously: without this the threads' replies (and their next batch)
      // would wait until the main thread had counted everything left.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const take = (reply: WorkerReply) => {
    if ("error" in reply) {
      const { kind, subject, reason } = reply.error;
      record(reply.index, { kind: "error", error: new LlmcostError(kind, subject, reason) }, undefined);
    } else record(reply.index, reply.outcome, reply.counted);
  };
  const lines: { close(): void }[] = [];
  try {
    await Promise.all([
      here(),
      ...threads.map(
        ({ worker: thread, ended }) =>
          new Promise<void>((resolve, reject) => {
            let pending = 0;
            const send = (): boolean => {
              const batch = batches[next];
              if (batch === undefined) return false;
              next++;
              pending++;
              thread.postMessage({ batch: batch.map((index) => ({ index, input: inputs[index] })) });
              return true;
            };
            // A second batch waits in the thread's queue while it counts one: its replies are read
            // only when the main thread is between batches of its own. Near the end, one at a time,
            // so that no thread is left holding a batch another could have counted.
            const queued = () => (batches.length - next >= 2 * (threads.length + 1) ? 2 : 1);
            thread.ref();
            ended.then(reject);
            const tables = serveTables();
            lines.push(tables);
            thread.postMessage({ tokenizerIds, rankTables: sharedRankTables(), tables: tables.line }, [
              tables.line.port,
            ]);
            thread.on("message", (replies: WorkerReply[] | { ready: true }) => {
              if (Array.isArray(replies)) {
                pending--;
                for (const reply of replies) take(reply);
              }
              while (pending < queued() && send());
              if (pending === 0) resolve();
            });
          }),
      ),
    ]);
  } finally {
    for (const line of lines) line.close();
    await Promise.all(threads.map(({ worker }) => worker.terminate()));
  }
  return { outcomes, counted };
}
