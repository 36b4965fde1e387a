import { Readable } from "node:stream";
import {
  defaultTokenizers,
  type EstimateRequest,
  type EstimateWarning,
  failIfNothingPriceable,
  loadCatalog,
  planEstimate,
  priceWith,
  warningsTo,
  withLeftOut,
} from "./api.js";
import { checkFileOptions, checkPaths, checkRequest } from "./api-arguments.js";
import { totalEstimate } from "./core/estimate.js";
import type { Estimate } from "./core/types.js";
import { jobsWithin } from "./count/count-in-workers.js";
import { type Counting, startCounting } from "./count/count-run.js";
import type { Progress } from "./count/progress.js";
import { optionError } from "./errors.js";
import type { SkippedInput } from "./io/read-inputs.js";
import type { InputMode } from "./io/request-reader.js";
import { countOf } from "./render/format.js";

/** How estimateFiles reads and counts its paths. */
export interface FileEstimateOptions {
  /**
   * Threads to count on, the calling one included (the CLI's `--jobs`): 1 counts on it alone; N ≥ 2
   * adds N − 1 worker threads (at most one per file, and no more than the cores available), or, for a
   * single input of 512 KiB or more, counts it in parts on N threads. By default: one per core, up to
   * 4, once there are several files of 8 MiB in all, or one file of 4 MiB or more (stdin on two, once
   * 4 MiB have come). With a registry of your own (`tokenizers`), everything is counted on the calling
   * thread.
   */
  threads?: number;
  /**
   * How inputs are taken: `"text"` (the default) prices each as one request; `"chat"` and `"jsonl"`
   * read chat payloads and batch/request files (each request priced, a batch file at Batch API rates,
   * a request naming its model priced for it unless `models`, `providers` or `all` is given);
   * `"auto"` tells them by their content.
   */
  input?: InputMode;
  /** Invalid request lines are skipped (listed in `skipped`) instead of failing the estimate. */
  skipInvalid?: boolean;
  /** Follow symbolic links met in a directory walk. */
  followLinks?: boolean;
  /** Inside a git work tree, skip what its .gitignore files ignore. Default: true. */
  gitignore?: boolean;
  /** A directory with no input files, or a request file with no requests, is priced as nothing. */
  allowEmpty?: boolean;
  /** Invalid UTF-8 fails the estimate instead of being replaced with U+FFFD (and a warning). */
  strictUtf8?: boolean;
  /** What the path `-` reads; without it, `-` is an error. */
  stdin?: Readable;
  /** Told as each piece of an input is read: `bytes` more of `source`. */
  onProgress?: (source: string, bytes: number) => void;
  /** Aborting it stops the directory walk and ends the worker threads; the estimate rejects with its reason. */
  signal?: AbortSignal;
}

/** An estimate of files, with what was skipped on the way (binary files, invalid request lines). */
export interface FileEstimate extends Estimate {
  skipped: SkippedInput[];
}

/**
 * What files cost for the selected models, as `llmcost estimate` counts them: directories are walked
 * (honouring .gitignore), each file is counted as it is read (memory does not grow with its size),
 * large runs on worker threads, and request files (chat payloads, batch .jsonl) request by request.
 * Warnings (skipped files, replaced bytes) go to the request's `onWarning`; files that cannot be read
 * fail it with an LlmcostErrors naming each.
 *
 * @example const { results } = await estimateFiles(["docs/"], { models: ["gpt-4o"] }, { threads: 2 });
 */
export async function estimateFiles(
  paths: string | readonly string[],
  request: EstimateRequest = {},
  options: FileEstimateOptions = {},
): Promise<FileEstimate> {
  checkPaths(paths);
  checkRequest(request);
  checkFileOptions(options);
  const operands = typeof paths === "string" ? [paths] : [...paths];
  if (operands.includes("-") && !options.stdin)
    throw optionError("stdin", "is needed to read the path - (give a readable stream)");
  const warn = warningsTo(request);
  const { jobs, capped } = jobsWithin(options.threads);
  if (capped && jobs !== undefined)
    warn({
      subject: "threads",
      reason: `more than the ${countOf(jobs, "core")} available: ${countOf(jobs, "thread")} used`,
    });
  // An estimate that fails before its threads are used ends them (and the walk) at once.
  const abandon = new AbortController();
  const { signal } = options;
  // Aborted: rejected with the signal's reason, as Node's own APIs are — never an estimate of what was
  // read before the abort, nor the error a thread ended by it gives ("count worker exited").
  signal?.throwIfAborted();
  signal?.addEventListener("abort", () => abandon.abort(), { once: true });
  const counting = startCounting(operands, {
    // Worker threads load tokenizers from llmcost's own registry: a caller's own is used here alone.
    jobs: request.tokenizers ? 1 : jobs,
    mode: options.input ?? "text",
    read: {
      follow: options.followLinks,
      ignore: options.gitignore,
      allowEmpty: options.allowEmpty,
      strictUtf8: options.strictUtf8,
      abandoned: abandon.signal,
    },
  });
  try {
    const estimate = await countAndPrice(counting, request, options, warn);
    signal?.throwIfAborted();
    return estimate;
  } catch (error) {
    abandon.abort();
    signal?.throwIfAborted();
    throw error;
  }
}

async function countAndPrice(
  counting: Counting,
  request: EstimateRequest,
  options: FileEstimateOptions,
  warn: (warning: EstimateWarning) => void,
): Promise<FileEstimate> {
  const plan = await planEstimate(request);
  const pin = request.models === undefined && !request.all && !request.providers?.length;
  const progress: Progress = { read: options.onProgress ?? (() => {}), done: () => {} };
  const run = await counting.count(plan, {
    stdin: options.stdin ?? Readable.from([]),
    progress,
    warn: (subject, reason) => warn({ subject, reason } satisfies EstimateWarning),
    catalog: request.catalog ?? (await loadCatalog()),
    registry: request.tokenizers ?? defaultTokenizers(),
    pin,
    skipInvalid: options.skipInvalid ?? false,
    allowEmpty: options.allowEmpty ?? false,
    tokenizer: request.tokenizer,
  });
  const result = withLeftOut(totalEstimate(priceWith(run.plan, run.inputs)), plan, warn);
  failIfNothingPriceable(result, "models", run.pinned);
  return { ...result, skipped: run.skipped };
}
