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

/**
 * Reads every operand in order — a file, a directory (walked in name order), or "-" for stdin — and
 * streams each input's decoded text into the sink `open(source)` returns. Errors are collected, not
 * thrown, so that every bad operand is reported at once.
 */
export async function streamInputs(
  operands: readonly string[],
  stdin: Readable,
  open: (source: string) => InputSink,
): Promise<StreamInputsResult> {
  const result: StreamInputsResult = { read: 0, warnings: [], errors: [] };
  const pump = async (source: string, chunks: AsyncIterable<Buffer | string>, inWalk: boolean) => {
    const outcome = await decodeInto(source, chunks, open);
    if (outcome.kind === "binary") {
      const what = source === STDIN_SOURCE ? "binary data" : "binary file";
      const reason = `${what} (NUL byte at offset ${outcome.offset})`;
      if (inWalk) result.warnings.push({ subject: source, reason: `skipped: ${reason}` });
      else throw dataError(source, reason);
      return false;
    }
    if (outcome.replaced)
      result.warnings.push({ subject: source, reason: "invalid UTF-8 replaced with U+FFFD" });
    result.read++;
    return true;
  };
  for (const operand of operands) {
    try {
      if (operand === "-") {
        await pump(STDIN_SOURCE, stdin, false);
        continue;
      }
      // stat, not lstat: a symbolic link named on the command line is followed.
      const stats = await stat(operand).catch((error: unknown) => {
        throw fsError(operand, error);
      });
      if (stats.isDirectory()) {
        const before = result.read;
        const skipped = await walk(operand, result, pump);
        if (result.read === before) {
          result.errors.push(
            noInputError(operand, `no input files${skipped ? ` (${skipped} skipped)` : ""}`),
          );
        }
        continue;
      }
      // A pipe named explicitly (<(cmd)) is read; a device such as /dev/zero would never end.
      if (!stats.isFile() && !stats.isFIFO()) throw dataError(operand, "not a regular file or a pipe");
      await pump(operand, createReadStream(operand, { highWaterMark: READ_CHUNK_BYTES }), false);
    } catch (error) {
      if (isLlmcostError(error)) result.errors.push(error);
      else throw error;
    }
  }
  return result;
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

type Pump = (source: string, chunks: AsyncIterable<Buffer | string>, inWalk: boolean) => Promise<boolean>;

/** Walks a directory in name order; returns how many entries were skipped. */
async function walk(directory: string, result: StreamInputsResult, pump: Pump): Promise<number> {
  let skipped = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    throw fsError(directory, error);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const skip = (reason: string) => {
      result.warnings.push({ subject: path, reason: `skipped: ${reason}` });
      skipped++;
    };
    if (entry.isDirectory()) {
      if (IGNORED_DIRECTORIES.has(entry.name)) skip("ignored directory");
      else skipped += await walk(path, result, pump);
    } else if (entry.isSymbolicLink()) {
      skip("symbolic link (not followed)");
    } else if (!entry.isFile()) {
      skip("not a regular file");
    } else {
      try {
        const read = await pump(path, createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), true);
        if (!read) skipped++;
      } catch (error) {
        if (isLlmcostError(error)) result.errors.push(error);
        else throw error;
      }
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
