// The one way a run counts its inputs, for the CLI's commands and the library alike: operands (files,
// directories, stdin) → planned reads → counts streamed as they are read (worker threads for large
// runs, progress, request files) → counted inputs and the plan to price them with.
import type { Readable } from "node:stream";
import type { EstimatePlan } from "../api.js";
import type { CountedRequests } from "../core/requests/counted-requests.js";
import type { CountedInput } from "../core/types.js";
import { LlmcostErrors, noInputError } from "../errors.js";
import type { InputPlan, PlannedInput, ReadOptions, SkippedInput } from "../io/read-inputs.js";
import type { InputMode } from "../io/request-reader.js";
import type { Catalog } from "../pricing/types.js";
import type { TokenizerRegistry } from "../tokenizers/registry.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { countInputs, prepareInputs } from "./count-inputs.js";
import { requestCounting } from "./count-requests.js";
import type { Progress } from "./progress.js";
import { planForRequests, skippedLines } from "./request-plan.js";

/** What is known before the price list: which inputs, read how, on how many threads. */
export interface CountSetup {
  /** Threads to count on (1 = none); by default decided by workersFor. */
  jobs?: number;
  read?: ReadOptions;
  /** How inputs are taken: as text (the default), as requests, or either by their content (auto). */
  mode?: InputMode;
  /** The source each counted input is given (default: the path read), e.g. a key to match it by. */
  sourceOf?: (input: PlannedInput) => string;
  /** The plan as its reads are settled, e.g. without its directories (see countInputs). */
  settleAs?: (plan: InputPlan) => InputPlan;
}

/**
 * What counting needs once the run is planned. The request fields matter only when inputs may hold
 * requests (a mode other than text): a text-only run (check, diff) gives none of them.
 */
export interface CountWith {
  stdin: Readable;
  progress: Progress;
  /** Told of what does not stop the run: skipped files, replaced bytes, skipped request lines. */
  warn: (subject: string, reason: string) => void;
  /** Where the models requests name are looked up (required unless the mode is text). */
  catalog?: Catalog;
  /** Loads the tokenizers of the models requests name (required unless the mode is text). */
  registry?: TokenizerRegistry;
  /** Price each request for the model it names (no model selection was given). */
  pin?: boolean;
  /** Skip invalid request lines (listed in `skipped`) instead of failing with them. */
  skipInvalid?: boolean;
  /** A request input with no requests is priced as nothing (with a warning), not an error. */
  allowEmpty?: boolean;
  /** Counts every model with this tokenizer (as the plan's models are). */
  tokenizer?: string;
}

/** A run's inputs counted, and the plan to price them with. */
export interface CountedRun {
  /** The run's plan with the models requests named added (see planForRequests). */
  plan: EstimatePlan;
  inputs: (CountedInput | CountedRequests)[];
  /** Entries skipped in directory walks, then request lines skipped as invalid. */
  skipped: SkippedInput[];
  /** Models the requests named (pinned): their absence is bad data, not a bad command line. */
  pinned: ReadonlySet<string>;
}

/** A run's counting, started: its inputs planned and its threads (if worth it) booting. */
export interface Counting {
  /** What will be read (nothing is read yet): a caller may judge an empty plan before counting. */
  planned(): Promise<InputPlan>;
  /** Reads and counts every input for `plan`; fails with every read and request error at once. */
  count(plan: EstimatePlan, using: CountWith): Promise<CountedRun>;
}

/**
 * Starts counting `operands`: they are planned (nothing is read yet) and counting threads, when worth
 * it, boot while the caller loads prices and tokenizers. A caller that fails before `count` leaves it:
 * the threads are unreferenced until used (abort `setup.read.abandoned` to end them at once).
 */
export function startCounting(operands: readonly string[], setup: CountSetup = {}): Counting {
  const mode = setup.mode ?? "text";
  const prepared = prepareInputs(operands, { ...setup, mode });
  prepared.catch(() => {});
  return {
    planned: async () => (await prepared).plan,
    async count(plan, using) {
      const tokenizers = new Map(plan.tokenizers);
      const counting = mode === "text" ? undefined : requestsFor(plan, tokenizers, mode, using);
      const read = await countInputs(prepared, using.stdin, plan.tokenizers, {
        progress: using.progress,
        ...(counting ? { requests: { mode, counting } } : {}),
        sourceOf: setup.sourceOf,
        settleAs: setup.settleAs,
      }).finally(() => using.progress.done());
      for (const warning of read.warnings) using.warn(warning.subject, warning.reason);
      const errors = [...read.errors, ...(counting?.errors() ?? [])];
      if (errors.length > 0) throw new LlmcostErrors(errors);
      for (const input of read.inputs) {
        if (!("tokens" in input)) continue;
        const skipped = input.skipped.length;
        if (skipped > 0)
          using.warn(
            input.source,
            `${skipped} invalid line${skipped === 1 ? "" : "s"} skipped (\`skipInvalid\`)`,
          );
        if (input.ids.length === 0) {
          const why = `no requests${skipped > 0 ? ` (${skipped} invalid lines skipped)` : ""}`;
          if (!using.allowEmpty)
            throw noInputError(input.source, `${why}; \`allowEmpty\` prices it as nothing`);
          using.warn(input.source, why);
        }
      }
      return {
        plan: counting ? planForRequests(plan, read.inputs, counting, tokenizers) : plan,
        inputs: read.inputs,
        skipped: [...read.skipped, ...skippedLines(read.inputs)],
        pinned: new Set(counting?.named().map((model) => model.id)),
      };
    },
  };
}

/** How requests are counted for `plan`: for the models they name, looked up in the catalog. */
function requestsFor(
  plan: EstimatePlan,
  tokenizers: Map<string, Tokenizer>,
  mode: InputMode,
  using: CountWith,
) {
  if (!using.catalog || !using.registry)
    throw new Error(`counting in ${mode} mode needs a catalog and a tokenizer registry`);
  return requestCounting(plan.models, tokenizers, {
    mode,
    pin: using.pin ?? false,
    skipInvalid: using.skipInvalid ?? false,
    catalog: using.catalog,
    date: plan.options.date,
    registry: using.registry,
    tokenizer: using.tokenizer,
  });
}
