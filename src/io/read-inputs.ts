import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { InputText } from "../core/types.js";
import { dataError, type LlmcostError, noInputError } from "../errors.js";
import { decodeUtf8, firstNulOffset } from "./decode.js";

/** Directory names never walked into. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([".git", "node_modules"]);
export const STDIN_SOURCE = "<stdin>";

export interface ReadInputsResult {
  inputs: InputText[];
  /** Things the user should hear about but that do not stop the run: skips, replaced bytes. */
  warnings: { subject: string; reason: string }[];
  /** Inputs that could not be read; the run fails if there is any. */
  errors: LlmcostError[];
}

/**
 * Reads every operand: a file, a directory (walked in name order), or "-" for stdin. Errors are
 * collected, not thrown, so that every bad operand is reported at once.
 */
export async function readInputs(operands: readonly string[], stdin: Readable): Promise<ReadInputsResult> {
  const result: ReadInputsResult = { inputs: [], warnings: [], errors: [] };
  for (const operand of operands) {
    try {
      if (operand === "-") {
        const bytes = await readStream(stdin);
        const nul = firstNulOffset(bytes);
        if (nul >= 0) throw dataError(STDIN_SOURCE, `binary data (NUL byte at offset ${nul})`);
        addText(result, STDIN_SOURCE, bytes);
        continue;
      }
      // stat, not lstat: a symbolic link named on the command line is followed.
      const stats = await stat(operand).catch((error: unknown) => {
        throw fsError(operand, error);
      });
      if (stats.isDirectory()) {
        const before = result.inputs.length;
        const skipped = await walk(operand, result);
        if (result.inputs.length === before) {
          result.errors.push(
            noInputError(operand, `no input files${skipped ? ` (${skipped} skipped)` : ""}`),
          );
        }
        continue;
      }
      // A pipe named explicitly (<(cmd)) is read; a device such as /dev/zero would never end.
      if (!stats.isFile() && !stats.isFIFO()) throw dataError(operand, "not a regular file or a pipe");
      const bytes = await readFile(operand).catch((error: unknown) => {
        throw fsError(operand, error);
      });
      const nul = firstNulOffset(bytes);
      if (nul >= 0) throw dataError(operand, `binary file (NUL byte at offset ${nul})`);
      addText(result, operand, bytes);
    } catch (error) {
      if (isLlmcostError(error)) result.errors.push(error);
      else throw error;
    }
  }
  return result;
}

/** Walks a directory in name order; returns how many entries were skipped. */
async function walk(directory: string, result: ReadInputsResult): Promise<number> {
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
      else skipped += await walk(path, result);
    } else if (entry.isSymbolicLink()) {
      skip("symbolic link (not followed)");
    } else if (!entry.isFile()) {
      skip("not a regular file");
    } else {
      try {
        const bytes = await readFile(path).catch((error: unknown) => {
          throw fsError(path, error);
        });
        const nul = firstNulOffset(bytes);
        if (nul >= 0) skip(`binary file (NUL byte at offset ${nul})`);
        else addText(result, path, bytes);
      } catch (error) {
        if (isLlmcostError(error)) result.errors.push(error);
        else throw error;
      }
    }
  }
  return skipped;
}

function addText(result: ReadInputsResult, source: string, bytes: Uint8Array): void {
  const { text, replaced } = decodeUtf8(bytes);
  if (replaced) result.warnings.push({ subject: source, reason: "invalid UTF-8 replaced with U+FFFD" });
  result.inputs.push({ source, text, bytes: bytes.length });
}

async function readStream(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  } catch (error) {
    throw fsError(STDIN_SOURCE, error);
  }
  return Buffer.concat(chunks);
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
