import { link, lstat, open, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join, posix, resolve, sep } from "node:path";
import { isPromptDirectory, isPromptFileName } from "../core/init-config.js";
import { LlmcostError, outputError, usageError } from "../errors.js";
import { planInputs } from "./read-inputs.js";
import { replaceFileAtomic } from "./write-file.js";

// node:crypto is loaded on first use: importing it (with the fifteen internal modules it loads) cost
// ~5-10 ms of every start-up, for what only some runs do.
const crypto = () => createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

/**
 * The prompt-like files under `directory` (`llmcost init`), "/"-separated and relative to it: files
 * below a prompt directory and loose files with a prompt-like extension. Found as `llmcost check`
 * finds its globs' files — the walk of read-inputs.ts: .git and node_modules skipped, what .gitignore
 * ignores left out, symbolic links not followed — and, as check's globs do, never inside a directory
 * or file whose name starts with a dot. Entries that cannot be read are told to `warn`, not fatal.
 */
export async function findPromptFiles(
  directory: string,
  warn: (subject: string, reason: string) => void,
): Promise<string[]> {
  const parts = (key: string) => key.split(sep).filter((part) => part !== "" && part !== ".");
  const hidden = (key: string) => parts(key).some((part) => part.startsWith("."));
  const select = (key: string) => {
    const names = parts(key);
    if (hidden(key) || names.length === 0) return false;
    return names.slice(0, -1).some(isPromptDirectory) || isPromptFileName(names[names.length - 1] ?? "");
  };
  const plan = await planInputs(["."], {
    cwd: directory,
    found: true,
    allowEmpty: true,
    select,
    descend: (key) => !hidden(key),
  });
  for (const error of plan.errors) warn(error.subject, error.reason);
  return (
    plan.inputs
      // A name that is not UTF-8 has no JSON spelling a glob could match by.
      .filter((input) => input.kind === "file" && input.rawPath === undefined)
      .map((input) => parts(input.source).join(posix.sep))
      .sort()
  );
}

/**
 * Whether `path` exists (a regular file, or a link to one, that `force` allows replacing); throws
 * what writeNewFile would: checked before work that would be lost (a walk of a large tree).
 */
export async function checkNewFile(
  path: string,
  cwd: string,
  options: { force: boolean; shownAs: string },
): Promise<boolean> {
  const at = resolve(cwd, path);
  const { shownAs } = options;
  const existing = await lstat(at).catch(() => undefined);
  if (!existing) return false;
  const target = existing.isSymbolicLink() ? await stat(at).catch(() => undefined) : existing;
  if (!target) throw outputError(shownAs, "is a symbolic link to nothing; not written");
  if (!target.isFile()) throw outputError(shownAs, "exists and is not a regular file; not written");
  if (!options.force) throw usageError(shownAs, "already exists (--force replaces it)");
  return true;
}

/**
 * Writes a new file whole, never over one that exists: the text goes to a temporary file in the same
 * directory, which is then hard-linked to `path` (the link fails if anything appeared there meanwhile)
 * and removed. `force` replaces an existing regular file (or the one a symbolic link leads to) the same
 * way, by renaming. Anything there that is not a regular file is refused even with `force`.
 * Errors: an existing file without `force` is a usage error (64); every other failure an output error (74).
 */
export async function writeNewFile(
  path: string,
  text: string,
  cwd: string,
  options: { force: boolean; shownAs: string },
): Promise<void> {
  const at = resolve(cwd, path);
  const { shownAs } = options;
  if (await checkNewFile(path, cwd, options)) {
    await replaceFileAtomic(at, text).catch((error: unknown) => {
      throw renamed(error, at, shownAs);
    });
    return;
  }
  const temporary = join(
    dirname(at),
    `.${basename(at)}.${process.pid}.${crypto().randomBytes(6).toString("hex")}.tmp`,
  );
  let created = false;
  try {
    const handle = await open(temporary, "wx");
    created = true;
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, at).catch(async (error: NodeJS.ErrnoException) => {
      // A file system without hard links (FAT, some network shares): created exclusively in place.
      if (!NO_HARD_LINKS.has(error.code ?? "")) throw error;
      await writeFile(at, text, { flag: "wx" });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && created) throw usageError(shownAs, "already exists (--force replaces it)");
    throw outputError(shownAs, WRITE_REASONS[code ?? ""] ?? `cannot write (${code ?? String(error)})`);
  } finally {
    if (created) await rm(temporary, { force: true });
  }
}

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

const WRITE_REASONS: Record<string, string> = {
  ENOSPC: "No space left on device",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOENT: "no such directory",
};

/** replaceFileAtomic's error names the absolute path; the message names it as the user sees it. */
function renamed(error: unknown, at: string, shownAs: string): unknown {
  if (error instanceof LlmcostError && error.subject === at && error.kind === "output")
    return outputError(shownAs, error.reason);
  return error;
}
