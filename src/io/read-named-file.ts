import { constants, type Stats } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { dataError, type LlmcostError, noInputError, specialKind } from "../errors.js";
import { fsPath } from "./byte-paths.js";
import { formatBytes } from "./fetch-text.js";

/**
 * Size caps of the files llmcost reads whole (not inputs, which are streamed): each far above any
 * real file of its kind, so hitting one means the wrong file was named (a log, a dump, a disk image).
 */
export const NAMED_FILE_CAPS = {
  /** llmcost.config.json: a few rules and budgets. */
  config: 1 << 20,
  /** A provider file, or a LiteLLM list (about 1 MB today); the cap of a downloaded list. */
  pricing: 50 << 20,
  /** A report saved by `estimate -f json`: a few hundred bytes a file with --per-file, under V8's longest string. */
  baseline: 256 << 20,
  /** A .gitignore or .git/info/exclude. */
  ignore: 16 << 20,
} as const;

export interface NamedFileOptions {
  /** At most this many bytes are read; a larger file is refused (65). */
  maxBytes: number;
  /** What the file is, for the size message ("a pricing file"). */
  kind: string;
  /** How errors name the file; the path by default. */
  label?: string;
  /** The reason when the file does not exist ("no such file" by default). */
  notFound?: string;
  /** What was expected, added to the reason when the path is a directory or a special file. */
  expected?: string;
  /** Resolve to undefined, instead of failing, when the file (or a directory on its way) does not exist. */
  optional?: boolean;
  /** The directory a relative path is read from (the run's, see cli/context.ts cwdOf); named as given. */
  cwd?: string;
}

/**
 * Reads a file the user named (or llmcost looked for) that is not an input: a config, a pricing file,
 * a baseline, an ignore file. Only a regular file is read, a symbolic link followed to one: a pipe, a
 * device, a socket or a directory is refused at once, without opening it for reading (a `.gitignore`
 * linked to /dev/zero would never end, a FIFO would block). At most `maxBytes` are read, however big
 * the file says it is or grows. The text is UTF-8 with a leading byte-order mark dropped (as git does
 * for ignore files, and as editors on Windows write JSON).
 *
 * Errors: 66 for what cannot be had (missing, permission denied, a directory, a symbolic link loop),
 * 65 for what is there but not a file of this kind (a special file, too large).
 */
export async function readNamedFile(
  path: string | Buffer,
  options: NamedFileOptions & { optional: true },
): Promise<string | undefined>;
export async function readNamedFile(path: string | Buffer, options: NamedFileOptions): Promise<string>;
export async function readNamedFile(
  path: string | Buffer,
  options: NamedFileOptions,
): Promise<string | undefined> {
  const label = options.label ?? path.toString();
  const at =
    typeof path === "string" && options.cwd !== undefined ? fsPath({ text: path }, options.cwd) : path;
  let stats: Stats;
  try {
    stats = await stat(at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.optional && (code === "ENOENT" || code === "ENOTDIR")) return undefined;
    throw failure(label, code, options);
  }
  checkKind(stats, label, options);
  let handle: FileHandle;
  try {
    // Non-blocking: had the file been swapped for a FIFO since the stat, opening it would wait for a writer.
    handle = await open(at, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw failure(label, (error as NodeJS.ErrnoException).code, options);
  }
  try {
    checkKind(await handle.stat(), label, options);
    return decode(await readCapped(handle, label, options));
  } catch (error) {
    if (error instanceof Error && error.name === "LlmcostError") throw error;
    throw failure(label, (error as NodeJS.ErrnoException).code, options);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** A file that is not a regular file, or larger than the cap, is refused before any of it is read. */
function checkKind(stats: Stats, label: string, options: NamedFileOptions): void {
  const expected = options.expected ? ` (expected ${options.expected})` : "";
  if (stats.isDirectory()) throw noInputError(label, `is a directory${expected}`);
  if (!stats.isFile()) throw dataError(label, `is ${specialKind(stats)}, not a regular file${expected}`);
  if (stats.size > options.maxBytes) throw tooLarge(label, options);
}

/** Reads to the end, but never more than maxBytes: a file can be longer than its size said (/proc, growing logs). */
async function readCapped(handle: FileHandle, label: string, options: NamedFileOptions): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, options.maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > options.maxBytes) throw tooLarge(label, options);
    pieces.push(chunk.subarray(0, bytesRead));
  }
  return Buffer.concat(pieces, total);
}

/** UTF-8 text without its byte-order mark (invalid bytes become U+FFFD, as readFile does). */
function decode(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const tooLarge = (label: string, options: NamedFileOptions) =>
  dataError(label, `larger than ${formatBytes(options.maxBytes)}, too large for ${options.kind}`);

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "symbolic link loop",
  ENOTDIR: "a component of the path is not a directory",
  EISDIR: "is a directory",
  ENAMETOOLONG: "file name too long",
};

function failure(label: string, code: string | undefined, options: NamedFileOptions): LlmcostError {
  if (code === "ENOENT") return noInputError(label, options.notFound ?? "no such file");
  return noInputError(label, (code && REASONS[code]) ?? `cannot read (${code ?? "unknown error"})`);
}
