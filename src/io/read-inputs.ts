import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { InputText } from "../core/types.js";
import { dataError, type LlmcostError, noInputError } from "../errors.js";
import { BINARY_SNIFF_BYTES, firstNulOffset, Utf8Stream } from "./decode.js";

/** Directory names never walked into. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([".git", "node_modules"]);
export const STDIN_SOURCE = "<stdin>";

/** Where one input's decoded text goes, piece by piece. */
export interface InputSink {
  /** A decoded piece of the text, and how many raw bytes it came from. */
  write(chunk: string, bytes: number): void;
  /** The whole input has been written. Not called for an input that failed part way. */
  end(): void;
}

export interface StreamInputsResult {
  /** How many inputs were read whole. */
  read: number;
  /** Things the user should hear about but that do not stop the run: skips, replaced bytes. */
  warnings: { subject: string; reason: string }[];
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
  source: string;
  kind: "stdin" | "file";
  /** Met while walking a directory: a binary file is then skipped, not an error. */
  inWalk: boolean;
  /** Size on disk (0 for stdin and pipes), to decide whether counting is worth spreading out. */
  size: number;
  /** Index of the operand it came from. */
  operand: number;
}

export interface InputPlan {
  inputs: PlannedInput[];
  /** Directory operands, by index, with how many entries were skipped in them. */
  directories: Map<number, { path: string; skipped: number }>;
  warnings: { subject: string; reason: string }[];
  errors: LlmcostError[];
}

/** How reading one input went. */
export type ReadOutcome =
  | { kind: "text"; replaced: boolean }
  | { kind: "binary"; offset: number }
  | { kind: "error"; error: LlmcostError };

/**
 * Finds every input the operands name — a file, a directory (walked in name order, .git and
 * node_modules, symbolic links and special files skipped with a note), or "-" for stdin — without
 * reading any. Errors are collected, so that every bad operand is reported at once.
 */
export async function planInputs(operands: readonly string[]): Promise<InputPlan> {
  const plan: InputPlan = { inputs: [], directories: new Map(), warnings: [], errors: [] };
  for (const [operand, path] of operands.entries()) {
    try {
      if (path === "-") {
        plan.inputs.push({ source: STDIN_SOURCE, kind: "stdin", inWalk: false, size: 0, operand });
        continue;
      }
      // stat, not lstat: a symbolic link named on the command line is followed.
      const stats = await stat(path).catch((error: unknown) => {
        throw fsError(path, error);
      });
      if (stats.isDirectory()) {
        plan.directories.set(operand, { path, skipped: await walk(path, operand, plan) });
        continue;
      }
      // A pipe named explicitly (<(cmd)) is read; a device such as /dev/zero would never end.
      if (!stats.isFile() && !stats.isFIFO()) throw dataError(path, "not a regular file or a pipe");
      plan.inputs.push({ source: path, kind: "file", inWalk: false, size: stats.size, operand });
    } catch (error) {
      if (isLlmcostError(error)) plan.errors.push(error);
      else throw error;
    }
  }
  return plan;
}

/**
 * Reads one planned input and streams its decoded text into the sink `open(source)` returns (opened
 * only once the input is known not to be binary). A read failure is an outcome, not a throw.
 */
export async function readPlanned(
  input: PlannedInput,
  stdin: Readable,
  open: (source: string) => InputSink,
): Promise<ReadOutcome> {
  try {
    const chunks =
      input.kind === "stdin" ? stdin : createReadStream(input.source, { highWaterMark: READ_CHUNK_BYTES });
    return await decodeInto(input.source, chunks, open);
  } catch (error) {
    if (isLlmcostError(error)) return { kind: "error", error };
    throw error;
  }
}

/**
 * What a run's reads add up to, in input order: warnings (skipped binary files, replaced bytes) and
 * errors (unreadable inputs, a binary file named explicitly, a directory with no input files).
 */
export function settleReads(plan: InputPlan, outcomes: readonly ReadOutcome[]): StreamInputsResult {
  const result: StreamInputsResult = { read: 0, warnings: [...plan.warnings], errors: [...plan.errors] };
  const readFrom = new Map<number, number>();
  const binarySkips = new Map<number, number>();
  plan.inputs.forEach((input, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.kind === "error") result.errors.push(outcome.error);
    else if (outcome.kind === "binary") {
      const what = input.kind === "stdin" ? "binary data" : "binary file";
      const reason = `${what} (NUL byte at offset ${outcome.offset})`;
      if (input.inWalk) {
        result.warnings.push({ subject: input.source, reason: `skipped: ${reason}` });
        binarySkips.set(input.operand, (binarySkips.get(input.operand) ?? 0) + 1);
      } else result.errors.push(dataError(input.source, reason));
    } else {
      if (outcome.replaced)
        result.warnings.push({ subject: input.source, reason: "invalid UTF-8 replaced with U+FFFD" });
      result.read++;
      readFrom.set(input.operand, (readFrom.get(input.operand) ?? 0) + 1);
    }
  });
  for (const [operand, directory] of plan.directories) {
    if (readFrom.has(operand)) continue;
    const skipped = directory.skipped + (binarySkips.get(operand) ?? 0);
    result.errors.push(
      noInputError(directory.path, `no input files${skipped ? ` (${skipped} skipped)` : ""}`),
    );
  }
  return result;
}

/**
 * Reads every operand in order and streams each input's decoded text into the sink `open(source)`
 * returns. Errors are collected, not thrown, so that every bad operand is reported at once.
 */
export async function streamInputs(
  operands: readonly string[],
  stdin: Readable,
  open: (source: string) => InputSink,
): Promise<StreamInputsResult> {
  const plan = await planInputs(operands);
  const outcomes: ReadOutcome[] = [];
  for (const input of plan.inputs) outcomes.push(await readPlanned(input, stdin, open));
  return settleReads(plan, outcomes);
}

/** Reads every operand whole, as texts (for `tokenize` and counting endpoints, which need the text). */
export async function readInputs(operands: readonly string[], stdin: Readable): Promise<ReadInputsResult> {
  const inputs: InputText[] = [];
  const result = await streamInputs(operands, stdin, (source) => {
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
  });
  return { ...result, inputs };
}

/** Walks a directory in name order, adding its files to the plan; returns how many entries it skipped. */
async function walk(directory: string, operand: number, plan: InputPlan): Promise<number> {
  let skipped = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    throw fsError(directory, error);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const skip = (reason: string) => {
      plan.warnings.push({ subject: path, reason: `skipped: ${reason}` });
      skipped++;
    };
    if (entry.isDirectory()) {
      if (IGNORED_DIRECTORIES.has(entry.name)) skip("ignored directory");
      else skipped += await walk(path, operand, plan);
    } else if (entry.isSymbolicLink()) {
      skip("symbolic link (not followed)");
    } else if (!entry.isFile()) {
      skip("not a regular file");
    } else {
      const size = await stat(path).then(
        (stats) => stats.size,
        () => 0,
      );
      plan.inputs.push({ source: path, kind: "file", inWalk: true, size, operand });
    }
  }
  return skipped;
}

type Decoding = { kind: "binary"; offset: number } | { kind: "text"; replaced: boolean };

/**
 * Decodes one input's bytes into its sink. The first 8 KiB are held until they are known not to be
 * binary, so a binary input never reaches a sink; a read error part way leaves the sink unended.
 */
async function decodeInto(
  source: string,
  chunks: AsyncIterable<Buffer | string>,
  open: (source: string) => InputSink,
): Promise<Decoding> {
  const decoder = new Utf8Stream();
  let head: Buffer[] | undefined = [];
  let headBytes = 0;
  let sink: InputSink | undefined;
  const feed = (bytes: Buffer) => {
    sink ??= open(source);
    sink.write(decoder.decode(bytes), bytes.length);
  };
  // Only reading is guarded: an error from a sink is a bug, not an unreadable file.
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const step = await iterator.next().catch((error: unknown) => {
      throw fsError(source, error);
    });
    if (step.done) break;
    const bytes = typeof step.value === "string" ? Buffer.from(step.value) : step.value;
    if (!head) {
      feed(bytes);
      continue;
    }
    head.push(bytes);
    headBytes += bytes.length;
    if (headBytes < BINARY_SNIFF_BYTES) continue;
    const start = Buffer.concat(head);
    head = undefined;
    const nul = firstNulOffset(start);
    if (nul >= 0) {
      await iterator.return?.();
      return { kind: "binary", offset: nul };
    }
    feed(start);
  }
  if (head) {
    const start = Buffer.concat(head);
    const nul = firstNulOffset(start);
    if (nul >= 0) return { kind: "binary", offset: nul };
    feed(start);
  }
  sink ??= open(source);
  sink.write(decoder.end(), 0);
  sink.end();
  return { kind: "text", replaced: decoder.replaced };
}

const FS_REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "not a directory",
  ELOOP: "too many symbolic links",
  EISDIR: "is a directory",
};

function fsError(subject: string, error: unknown): LlmcostError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = FS_REASONS[code] ?? `cannot read (${code || String(error)})`;
  return noInputError(subject, reason);
}

function isLlmcostError(error: unknown): error is LlmcostError {
  return error instanceof Error && error.name === "LlmcostError";
}
