import { constants, type Stats } from "node:fs";
import { mkdir, open, readlink, realpath, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { outputError } from "../errors.js";
import { fsPath } from "./byte-paths.js";

// node:crypto is loaded on first use: importing it (with the fifteen internal modules it loads) cost
// ~5-10 ms of every start-up, for what only some runs do.
const crypto = () => createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

/**
 * Where the file system finds a path given relative to `cwd` (the run's working directory, see
 * cli/context.ts cwdOf; this process's when undefined): joined as fsPath joins. Messages name paths as given.
 */
const from = (cwd: string | undefined, path: string) => fsPath({ text: path }, cwd) as string;

/**
 * What writing to a path would do: replace a regular file (or create a new one) through a temporary
 * file renamed over it, write a pipe or character device in place, or nothing, and why not.
 */
type Target =
  /** `destination`: the file to create where `path` is a symbolic link to nothing (see danglingTarget). */
  | { kind: "replace"; mode?: number; destination?: string }
  | { kind: "in place" }
  | { kind: "refused"; problem: string };

/**
 * Looks at `path`, a symbolic link followed to what it points to — even when that does not exist yet:
 * as with a shell's `>`, the file the link names is created (the link is kept). Its directory must exist (or be
 * among `createDirectories`, made on writing): no other directory is ever made, so a mistyped
 * `-o /nonexistent/x.json` cannot create /nonexistent. A pipe or a character device (a terminal,
 * /dev/null, /dev/full) is written in place when `inPlace` allows it, never replaced by a regular file;
 * anything else that is not a regular file (a directory, a block device, a socket) is refused.
 */
async function inspectTarget(
  path: string,
  createDirectories: readonly string[],
  inPlace: boolean,
  cwd?: string,
): Promise<Target> {
  const refused = (problem: string): Target => ({ kind: "refused", problem });
  let stats: Stats;
  try {
    stats = await stat(from(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return refused("is a symbolic link loop");
    if (code !== "ENOENT") return refused(describe(code, error));
    const destination = await danglingTarget(path, cwd);
    if (destination === "loop") return refused("is a symbolic link loop");
    const problem = await directoryProblem(dirname(destination), createDirectories, cwd);
    if (problem) return refused(problem);
    return destination === path ? { kind: "replace" } : { kind: "replace", destination };
  }
  if (stats.isFile()) return { kind: "replace", mode: stats.mode & 0o7777 };
  if (!inPlace) return refused("exists and is not a regular file");
  if (stats.isFIFO() || stats.isCharacterDevice()) return { kind: "in place" };
  if (stats.isDirectory()) return refused("is a directory");
  return refused("exists and is not a regular file, a pipe or a character device");
}

/** Links followed at most, as the kernel's own limit (ELOOP past it). */
const MAX_LINKS = 40;

/**
 * Where a new file at `path` (which stat found missing) would be created: `path` itself, or, when it
 * is a symbolic link to nothing (perhaps through other links), the missing file at the chain's end.
 * "loop" when the chain does not end.
 */
async function danglingTarget(path: string, cwd: string | undefined): Promise<string> {
  let at = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const link = await readlink(from(cwd, at)).catch(() => undefined);
    if (link === undefined) return at; // not a link (missing, or in a missing directory)
    at = resolve(from(cwd, dirname(at)), link);
  }
  return "loop";
}

/** Why a new file cannot be made in `directory`, or undefined. */
async function directoryProblem(
  directory: string,
  createDirectories: readonly string[],
  cwd: string | undefined,
): Promise<string | undefined> {
  // Directories llmcost may make (its own config directory) need only the first one's parent.
  const existing = createDirectories.includes(directory)
    ? dirname(createDirectories[0] as string)
    : directory;
  const kind = await stat(from(cwd, existing)).then(
    (stats) => (stats.isDirectory() ? "directory" : "other"),
    () => "missing",
  );
  if (kind === "missing") return `no such directory: ${existing}`;
  if (kind === "other") return `${existing} is not a directory`;
  return undefined;
}

/**
 * Why `path` cannot be replaced by replaceFileAtomic, or undefined when it can: its directory must
 * exist (or be among `createDirectories`, made on writing), and the path must be absent or a regular
 * file (a symbolic link counts as what it points to).
 */
export async function targetProblem(
  path: string,
  createDirectories: readonly string[] = [],
): Promise<string | undefined> {
  const target = await inspectTarget(path, createDirectories, false);
  return target.kind === "refused" ? target.problem : undefined;
}

/**
 * Replaces a regular file whole or not at all (or creates it): a temporary file in the same
 * directory, renamed over it once complete; a symbolic link is followed, so the file it points to is
 * replaced. Only the directories listed in `createDirectories` are made, in order, if missing.
 */
export async function replaceFileAtomic(
  path: string,
  text: string,
  options: { createDirectories?: readonly string[] } = {},
): Promise<void> {
  const target = await inspectTarget(path, options.createDirectories ?? [], false);
  if (target.kind === "refused") throw outputError(path, target.problem);
  await replace(path, text, target.kind === "replace" ? target : {}, options.createDirectories ?? []);
}

/**
 * Writes an output file named with `-o`: a regular file (or a new one) is replaced whole or not at all,
 * in the directory of the file a symbolic link points to; a pipe or a character device is written in
 * place, as the shell's `>` would, and never replaced; anything else is refused. No directory is made.
 * Every failure is an output error (exit 74) naming the path. A relative path is from `cwd` (see `from`).
 */
export async function writeOutputFile(path: string, text: string, cwd?: string): Promise<void> {
  const target = await inspectTarget(path, [], true, cwd);
  if (target.kind === "refused") throw outputError(path, target.problem);
  if (target.kind === "replace") await replace(path, text, target, [], cwd);
  else await writeInPlace(path, text, cwd);
}

/** Fails (exit 74) when writeOutputFile could not write `path`: checked before work that would be lost (a download). */
export async function checkOutputTarget(path: string, cwd?: string): Promise<void> {
  const target = await inspectTarget(path, [], true, cwd);
  if (target.kind === "refused") throw outputError(path, target.problem);
}

/** Replaces (or creates) the file `path` leads to, through a temporary file in that file's directory. */
async function replace(
  path: string,
  text: string,
  { mode, destination: missing }: { mode?: number; destination?: string },
  createDirectories: readonly string[],
  cwd?: string,
): Promise<void> {
  const at = from(cwd, path);
  const destination = missing === undefined ? await realpath(at).catch(() => at) : from(cwd, missing);
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${process.pid}.${crypto().randomBytes(6).toString("hex")}.tmp`,
  );
  let created = false;
  try {
    for (const directory of createDirectories)
      await mkdir(directory).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    const handle = await open(temporary, "wx");
    created = true;
    try {
      // The file replaced keeps its permissions (a new one gets the umask's).
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, destination);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    throw outputError(path, describe((error as NodeJS.ErrnoException).code, error));
  }
}

/**
 * Writes a pipe or character device in place. Opened without O_CREAT, and checked again once open: had
 * it been replaced by a regular file meanwhile, writing there without truncating would garble it.
 */
async function writeInPlace(path: string, text: string, cwd: string | undefined): Promise<void> {
  try {
    const handle = await open(from(cwd, path), constants.O_WRONLY | constants.O_NOCTTY);
    try {
      const stats = await handle.stat();
      if (!stats.isFIFO() && !stats.isCharacterDevice())
        throw outputError(path, "changed while being written; not written");
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof Error && error.name === "LlmcostError") throw error;
    throw outputError(path, describe((error as NodeJS.ErrnoException).code, error));
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: "No space left on device",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a component of the path is not a directory",
  EPIPE: "the reader closed the pipe",
};

function describe(code: string | undefined, error: unknown): string {
  return (code && REASONS[code]) ?? `cannot write (${code ?? String(error)})`;
}
