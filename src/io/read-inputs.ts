import { closeSync, createReadStream, openSync, readSync, type Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { InputText } from "../core/types.js";
import { dataError, type LlmcostError, noInputError } from "../errors.js";
import { fsPath, pathOfKey, resolvedFrom } from "./byte-paths.js";
import type { TextEncodingName } from "./decode.js";
import { decodeInto } from "./decode-input.js";
import { fsError, identity, isInside, matchersAbove, walk } from "./walk-inputs.js";

export const STDIN_SOURCE = "<stdin>";

/** Where one input's decoded text goes, piece by piece. */
export interface InputSink {
  /** A decoded piece of the text, and how many raw bytes it came from. May wait (a request needing a tokenizer loaded). */
  write(chunk: string, bytes: number): void | Promise<void>;
  /** The whole input has been written. Not called for an input that failed part way. */
  end(): void | Promise<void>;
}

/** How inputs are found and read; every option is off by default but `ignore`. */
export interface ReadOptions {
  /** Follow symbolic links met in a directory walk (a link back to a directory being walked is skipped). */
  follow?: boolean;
  /** Inside a git work tree, skip what its .gitignore files (and .git/info/exclude) ignore. Default: true. */
  ignore?: boolean;
  /** A directory with no input files is a warning, not an error. */
  allowEmpty?: boolean;
  /** Invalid UTF-8 is an error (65) naming its byte offset, not U+FFFD with a warning. */
  strictUtf8?: boolean;
  /**
   * The operands were found by a glob (llmcost check), not named one by one: a binary file among them
   * is skipped with a note, as in a directory walk, rather than an error.
   */
  found?: boolean;
  /** Stop planning: the run has failed before reading (a walk then ends early, its plan unused). */
  abandoned?: AbortSignal;
  /**
   * Only the files a walk finds whose path's key (see byte-paths.ts: a byte not UTF-8 is one
   * character there, which `?` matches) this selects are inputs, and only skipped entries
   * it selects are noted (llmcost check's globs). The operands are then where to look: one that does
   * not exist holds nothing, and a directory with nothing selected is not an error (the caller judges).
   */
  select?: (source: string) => boolean;
  /** With `select`: whether a directory may hold a selected file (one that cannot is not walked into). */
  descend?: (directory: string) => boolean;
  /** Nothing is read outside this directory: an operand, or a followed link, whose real path leads out is skipped. */
  within?: string;
  /** Each file is an input once, by its identity (device and inode), however many times it is met. */
  once?: boolean;
  /**
   * The directory relative operands (and `within`) are read from: the run's working directory
   * (cli/context.ts cwdOf). Sources are still shown as given. Default: this process's.
   */
  cwd?: string;
}

/** Why a walk skipped an entry, as counted in "no input files (2 binary, 1 ignored)". */
export type SkipKind = "binary" | "ignored" | "symlink" | "special";

/** An entry a directory walk skipped: its path, and why (the JSON report's `skipped`). */
export interface SkippedInput {
  source: string;
  reason: string;
}

export interface StreamInputsResult {
  /** How many inputs were read whole. */
  read: number;
  /** Things the user should hear about but that do not stop the run: skips, replaced bytes. */
  warnings: { subject: string; reason: string }[];
  /** Entries skipped inside directory walks, in walk order. */
  skipped: SkippedInput[];
  /** Inputs that could not be read; the run fails if there is any. */
  errors: LlmcostError[];
}

export interface ReadInputsResult extends StreamInputsResult {
  inputs: InputText[];
}

/** Files are read this much at a time (1 MiB pieces measured 2× slower: regexes over long strings); memory use does not grow with their size. */
const READ_CHUNK_BYTES = 1 << 16;

/** One input found by planInputs: stdin, or a file (named, or met while walking a directory). */
export interface PlannedInput {
  /** The path as shown: a name that is not UTF-8 has its odd bytes written \xNN (see byte-paths.ts). */
  source: string;
  /** The path's bytes, when they are not UTF-8: what the file is opened by. */
  rawPath?: Uint8Array;
  /** Read from stdin, from the file at `source`, or from a git blob (io/discover.ts) handed to readPlanned. */
  kind: "stdin" | "file" | "git";
  /** Met while walking a directory: a binary file is then skipped, not an error. */
  inWalk: boolean;
  /** Size on disk (0 for stdin and pipes), to decide whether counting is worth spreading out. */
  size: number;
  /** Index of the operand it came from. */
  operand: number;
  /** The directory a relative `source` is read from (ReadOptions.cwd), when not this process's. */
  cwd?: string;
}

/** An entry skipped while planning, placed in walk order: before the input of index `before`. */
interface PlannedSkip extends SkippedInput {
  kind: SkipKind;
  operand: number;
  before: number;
}

export interface InputPlan {
  inputs: PlannedInput[];
  /** Directory operands, by index. */
  directories: Map<number, { path: string }>;
  /** Entries skipped while walking (binary files are found only when read: see settleReads). */
  skipped: PlannedSkip[];
  warnings: { subject: string; reason: string }[];
  errors: LlmcostError[];
  options: ReadOptions;
}

/** How reading one input went. */
export type ReadOutcome =
  | {
      kind: "text";
      replaced: boolean;
      /** Byte offset of the first invalid UTF-8 sequence, when `replaced`. */
      invalidAt?: number;
      /** Set when the text was not UTF-8 (a UTF-16 BOM). */
      encoding?: TextEncodingName;
    }
  | { kind: "binary"; offset: number }
  | { kind: "error"; error: LlmcostError };

/**
 * Finds every input the operands name — a file, a directory (walked in name order, .git and
 * node_modules, what .gitignore ignores, symbolic links (unless `follow`) and special files skipped
 * with a note), or "-" for stdin — without reading any. Errors are collected, so that every bad
 * operand is reported at once. A path named explicitly is always read, ignored or not. `onInput` is
 * told of each input as it is found, for a caller that starts work early.
 */
export async function planInputs(
  operands: readonly string[],
  options: ReadOptions = {},
  onInput?: (input: PlannedInput) => void,
): Promise<InputPlan> {
  const plan: InputPlan = {
    inputs: [],
    directories: new Map(),
    skipped: [],
    warnings: [],
    errors: [],
    options,
  };
  const seen = options.once ? new Set<string>() : undefined;
  const add = (input: PlannedInput, stats: Stats | undefined) => {
    if (seen && stats) {
      // Met before (two globs, a hard link): counted once.
      if (seen.has(identity(stats))) return;
      seen.add(identity(stats));
    }
    if (options.cwd !== undefined && input.kind === "file") input.cwd = options.cwd;
    plan.inputs.push(input);
    onInput?.(input);
  };
  const within =
    options.within === undefined ? undefined : await realpath(resolvedFrom(options.cwd, options.within));
  for (const [operand, key] of operands.entries()) {
    if (options.abandoned?.aborted) break;
    // An operand given with bytes that are not UTF-8 is their key: opened by them, shown escaped.
    const at = pathOfKey(key);
    const path = at.text;
    try {
      if (key === "-") {
        add({ source: STDIN_SOURCE, kind: "stdin", inWalk: false, size: 0, operand }, undefined);
        continue;
      }
      // stat, not lstat: a symbolic link named on the command line is followed.
      const stats = await stat(fsPath(at, options.cwd)).catch((error: unknown) => {
        if (options.select && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw fsError(path, error);
      });
      if (!stats) continue;
      if (within && !(await isInside(at, within, options.cwd))) {
        const reason = `leads out of ${options.within} (through a symbolic link): not read`;
        plan.warnings.push({ subject: path, reason });
        plan.skipped.push({ source: path, reason, kind: "symlink", operand, before: plan.inputs.length });
        continue;
      }
      if (stats.isDirectory()) {
        plan.directories.set(operand, { path });
        const matchers =
          options.ignore === false ? undefined : await matchersAbove(resolvedFrom(options.cwd, path));
        const ancestors = new Set([identity(stats)]);
        await walk(at, { operand, plan, ancestors, matchers, add, within });
        continue;
      }
      // A pipe named explicitly (<(cmd)) is read; a device such as /dev/zero would never end.
      if (!stats.isFile() && !stats.isFIFO()) throw dataError(path, "not a regular file or a pipe");
      if (options.select && !options.select(at.key)) continue;
      const input: PlannedInput = {
        source: path,
        kind: "file",
        inWalk: options.found ?? false,
        size: stats.size,
        operand,
      };
      if (at.raw) input.rawPath = at.raw;
      add(input, stats);
    } catch (error) {
      if (!isLlmcostError(error)) throw error;
      plan.errors.push(error);
      // A walk that failed (an ignore file that cannot be read) says why: not "no input files" as well.
      plan.directories.delete(operand);
    }
  }
  return plan;
}

/**
 * Reads one planned input and streams its decoded text into the sink `open(source)` returns (opened
 * only once the input is known not to be binary). A read failure is an outcome, not a throw. A file
 * is opened by its path; stdin and a git blob are read from `stdin` (the blob's bytes).
 */
export async function readPlanned(
  input: PlannedInput,
  stdin: Readable,
  open: (source: string) => InputSink,
): Promise<ReadOutcome> {
  try {
    const path = fsPath({ text: input.source, raw: input.rawPath }, input.cwd);
    const chunks =
      input.kind !== "file"
        ? stdin
        : input.size > 0 && input.size < READ_CHUNK_BYTES
          ? smallFileChunks(path, input.size)
          : fileChunks(path);
    return await decodeInto(input.source, chunks, open);
  } catch (error) {
    if (isLlmcostError(error)) return { kind: "error", error };
    throw error;
  }
}

function fileChunks(path: string | Buffer): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

/**
 * A small file, read at once and synchronously. Streamed, each file cost three or four round trips to
 * the thread pool and a fresh 64 KiB buffer: a run over 5,000 small files sat idle ~60% of its time
 * and ~10% in garbage collection (2.0-3.0 s; reading 16 files ahead, 0.9-1.0 s; this way 0.4-0.5 s).
 * A file that has grown past its planned size since is streamed (a pipe, of size 0, never comes here).
 */
async function* smallFileChunks(path: string | Buffer, size: number): AsyncIterable<Buffer> {
  const buffer = Buffer.allocUnsafe(size + 1);
  const fd = openSync(path, "r");
  let bytesRead = 0;
  try {
    // Until the end, or one byte past the planned size: a read may return less (FUSE, NFS).
    for (;;) {
      const got = readSync(fd, buffer, bytesRead, size + 1 - bytesRead, null);
      bytesRead += got;
      if (got === 0 || bytesRead > size) break;
    }
  } finally {
    closeSync(fd);
  }
  if (bytesRead > size) yield* fileChunks(path);
  else if (bytesRead > 0) yield buffer.subarray(0, bytesRead);
}

/**
 * What a run's reads add up to, in input order: warnings (skipped binary files, replaced bytes) and
 * errors (unreadable inputs, a binary file named explicitly, a directory with no input files).
 */
export function settleReads(plan: InputPlan, outcomes: readonly ReadOutcome[]): StreamInputsResult {
  const result: StreamInputsResult = {
    read: 0,
    warnings: [...plan.warnings],
    skipped: [],
    errors: [...plan.errors],
  };
  const readFrom = new Set<number>();
  const skips: { kind: SkipKind; operand: number }[] = [...plan.skipped];
  let next = 0;
  const skippedUpTo = (index: number) => {
    for (; next < plan.skipped.length && (plan.skipped[next]?.before ?? 0) <= index; next++) {
      const { source, reason } = plan.skipped[next] as PlannedSkip;
      result.skipped.push({ source, reason });
    }
  };
  plan.inputs.forEach((input, i) => {
    skippedUpTo(i);
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.kind === "error") {
      // The directory had input files (they failed, and say why): not "no input files" as well.
      readFrom.add(input.operand);
      result.errors.push(outcome.error);
    } else if (outcome.kind === "binary") {
      const what = input.kind === "stdin" ? "binary data" : "binary file";
      const reason = `${what} (NUL byte at offset ${outcome.offset})`;
      if (input.inWalk) {
        result.warnings.push({ subject: input.source, reason: `skipped: ${reason}` });
        result.skipped.push({ source: input.source, reason });
        skips.push({ kind: "binary", operand: input.operand });
      } else result.errors.push(dataError(input.source, reason));
    } else {
      readFrom.add(input.operand);
      const encoding = outcome.encoding === undefined ? "UTF-8" : outcome.encoding.toUpperCase();
      if (outcome.replaced && plan.options.strictUtf8) {
        const where = outcome.invalidAt === undefined ? "" : ` at byte offset ${outcome.invalidAt}`;
        result.errors.push(dataError(input.source, `invalid ${encoding}${where} (\`strictUtf8\`)`));
        return;
      }
      if (outcome.replaced)
        result.warnings.push({ subject: input.source, reason: `invalid ${encoding} replaced with U+FFFD` });
      result.read++;
    }
  });
  skippedUpTo(plan.inputs.length);
  for (const [operand, directory] of plan.directories) {
    if (readFrom.has(operand) || plan.options.select) continue;
    const reason = `no input files${skipSummary(skips.filter((skip) => skip.operand === operand))}`;
    if (plan.options.allowEmpty) result.warnings.push({ subject: directory.path, reason });
    else result.errors.push(noInputError(directory.path, reason));
  }
  return result;
}

/** " (2 binary, 1 ignored, 1 symbolic link)", or "" when nothing was skipped. */
function skipSummary(skips: readonly { kind: SkipKind }[]): string {
  const count = (kind: SkipKind) => skips.filter((skip) => skip.kind === kind).length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    count("binary") && `${count("binary")} binary`,
    count("ignored") && `${count("ignored")} ignored`,
    count("symlink") && plural(count("symlink"), "symbolic link", "symbolic links"),
    count("special") && plural(count("special"), "special file", "special files"),
  ].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/**
 * Reads every operand in order and streams each input's decoded text into the sink `open(source)`
 * returns. Errors are collected, not thrown, so that every bad operand is reported at once.
 */
export async function streamInputs(
  operands: readonly string[],
  stdin: Readable,
  open: (source: string) => InputSink,
  options: ReadOptions = {},
): Promise<StreamInputsResult> {
  const plan = await planInputs(operands, options);
  const outcomes: ReadOutcome[] = [];
  for (const input of plan.inputs) outcomes.push(await readPlanned(input, stdin, open));
  return settleReads(plan, outcomes);
}

/** Reads every operand whole, as texts (for `tokenize` and counting endpoints, which need the text). */
export async function readInputs(
  operands: readonly string[],
  stdin: Readable,
  options: ReadOptions = {},
): Promise<ReadInputsResult> {
  const inputs: InputText[] = [];
  const result = await streamInputs(
    operands,
    stdin,
    (source) => {
      const pieces: string[] = [];
      let bytes = 0;
      return {
        write(chunk, chunkBytes) {
          pieces.push(chunk);
          bytes += chunkBytes;
        },
        end: () => {
          inputs.push({ source, text: pieces.join(""), bytes });
        },
      };
    },
    options,
  );
  return { ...result, inputs };
}

function isLlmcostError(error: unknown): error is LlmcostError {
  return error instanceof Error && error.name === "LlmcostError";
}
