import { type Dirent, type Stats, statSync } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type makeIgnore from "ignore";
import type { Ignore } from "ignore";
import { type LlmcostError, noInputError } from "../errors.js";
import { type BytePath, childPath, fsPath, resolvedFrom, shownAsIs } from "./byte-paths.js";
import type { InputPlan, PlannedInput, SkipKind } from "./read-inputs.js";
import { NAMED_FILE_CAPS, readNamedFile } from "./read-named-file.js";

/** Directory names never walked into. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([".git", "node_modules"]);

/** One .gitignore file (or .git/info/exclude): its rules, and the directory they are relative to. */
export interface Matcher {
  base: string;
  rules: Ignore;
  file: string;
}

export interface WalkState {
  operand: number;
  plan: InputPlan;
  /** The directories being walked, from the operand down, by device and inode: a link back to one is a loop. */
  ancestors: Set<string>;
  /** The ignore files that apply here, deepest first; undefined outside a git work tree (or with --no-ignore). */
  matchers: Matcher[] | undefined;
  /** Adds a file found to the plan (unless it is there already: see `seen`). */
  add: (input: PlannedInput, stats: Stats | undefined) => void;
  /** The real path of the directory no followed link may lead out of (ReadOptions.within). */
  within: string | undefined;
}

/** An entry of a directory: its kind, its name (lossy if not UTF-8: for comparisons only) and its path. */
interface Entry {
  kind: Dirent<string> | Dirent<Buffer>;
  name: string;
  path: BytePath;
}

/**
 * A directory's entries in name order (the order of their keys: names not UTF-8 placed by their
 * bytes). Read as strings, as is fastest; a directory where a name came back with U+FFFD, the mark of
 * bytes that are not UTF-8 (a file no longer found by that name), is read again as bytes.
 */
async function entriesOf(directory: BytePath, cwd: string | undefined): Promise<Entry[]> {
  const failed = (error: unknown) => {
    throw fsError(directory.text, error);
  };
  const listed = await readdir(fsPath(directory, cwd), { withFileTypes: true }).catch(failed);
  let entries: Entry[];
  if (!listed.some((entry) => entry.name.includes("\uFFFD"))) {
    entries = listed.map((kind) => {
      if (directory.raw || !shownAsIs(kind.name))
        return { kind, name: kind.name, path: childPath(directory, Buffer.from(kind.name), join) };
      const text = join(directory.text, kind.name);
      return { kind, name: kind.name, path: { text, key: text } };
    });
  } else {
    const asBytes = await readdir(fsPath(directory, cwd), { withFileTypes: true, encoding: "buffer" }).catch(
      failed,
    );
    entries = asBytes.map((kind) => ({
      kind,
      name: kind.name.toString(),
      path: childPath(directory, kind.name, join),
    }));
  }
  return entries.sort((a, b) => (a.path.key < b.path.key ? -1 : a.path.key > b.path.key ? 1 : 0));
}

/**
 * Walks a directory in name order, adding its files to the plan and its skipped entries to
 * plan.skipped. A name that is not UTF-8 is read by its bytes (see byte-paths.ts).
 */
export async function walk(directory: BytePath, state: WalkState): Promise<void> {
  const { plan, operand } = state;
  const { options } = plan;
  if (options.abandoned?.aborted) return;
  const { cwd } = options;
  const entries = await entriesOf(directory, cwd);
  const named = (name: string, directoryToo: boolean) =>
    entries.some((entry) => entry.name === name && (directoryToo || !entry.kind.isDirectory()));
  let matchers = state.matchers;
  if (options.ignore !== false) {
    // A directory holding .git is the top of a work tree (the walk's, or a nested repository's).
    if (named(".git", true))
      matchers = await loadMatchers(directory, join(".git", "info", "exclude"), [], cwd);
    if (matchers && named(".gitignore", false))
      matchers = await loadMatchers(directory, ".gitignore", matchers, cwd);
  }
  for (const { kind: entry, name, path } of entries) {
    // With a selection (llmcost check's globs), only what it selects is worth a note.
    const skip = (kind: SkipKind, reason: string) => {
      if (options.select && !options.select(path.key)) return;
      plan.warnings.push({ subject: path.text, reason: `skipped: ${reason}` });
      plan.skipped.push({ source: path.text, reason, kind, operand, before: plan.inputs.length });
    };
    if (entry.isDirectory() && !path.raw && IGNORED_DIRECTORIES.has(name)) {
      skip("ignored", "ignored directory");
      continue;
    }
    let stats: Stats | undefined;
    if (entry.isSymbolicLink()) {
      if (!options.follow) {
        const ignoredBy = matchers && ignoringFile(matchers, path.text, false, cwd);
        if (ignoredBy) skip("ignored", `ignored by ${ignoredBy}`);
        else skip("symlink", "symbolic link (not followed)");
        continue;
      }
      const target = await stat(fsPath(path, cwd)).catch((error: NodeJS.ErrnoException) => error);
      if (target instanceof Error) {
        skip("symlink", target.code === "ELOOP" ? "symbolic link loop" : "symbolic link to nothing");
        continue;
      }
      stats = target;
      if (state.within && !(await isInside(path, state.within, cwd))) {
        skip("symlink", "symbolic link out of the directory (not followed)");
        continue;
      }
    }
    const isDirectory = stats ? stats.isDirectory() : entry.isDirectory();
    const isFile = stats ? stats.isFile() : entry.isFile();
    const ignoredBy = matchers && ignoringFile(matchers, path.text, isDirectory, cwd);
    if (ignoredBy) {
      skip("ignored", `ignored by ${ignoredBy}`);
    } else if (isDirectory) {
      if (options.descend && !options.descend(path.key)) continue;
      // Identities are needed only to catch a followed link that leads back up.
      stats ??= options.follow ? await stat(fsPath(path, cwd)).catch(() => undefined) : undefined;
      const id = stats ? identity(stats) : undefined;
      if (id !== undefined && state.ancestors.has(id)) {
        skip("symlink", "symbolic link loop (not followed again)");
        continue;
      }
      if (id !== undefined) state.ancestors.add(id);
      await walk(path, { ...state, matchers });
      if (id !== undefined) state.ancestors.delete(id);
    } else if (!isFile) {
      skip("special", "not a regular file");
    } else if (!options.select || options.select(path.key)) {
      stats ??= statOf(fsPath(path, cwd));
      const input: PlannedInput = {
        source: path.text,
        kind: "file",
        inWalk: true,
        size: stats?.size ?? 0,
        operand,
      };
      if (path.raw) input.rawPath = path.raw;
      state.add(input, stats);
    }
  }
}

/**
 * A file's stats, or undefined if they cannot be had (the read then says why). Synchronously: a stat
 * awaited from the thread pool took 15-25 µs of this thread's time and a round trip, statSync 3 µs (a
 * walk of 5,000 files: ~120 → ~20 ms).
 */
function statOf(path: string | Buffer): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A file's identity (device and inode): a followed link back into the walk, a file met twice. */
export function identity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** Whether a path's real location (links resolved) is `within` (a real path) or below it. A relative path is from `cwd` (see fsPath). */
export async function isInside(
  path: { text: string; raw?: Buffer },
  within: string,
  cwd?: string,
): Promise<boolean> {
  const real = await realpath(fsPath(path, cwd)).catch(() => undefined);
  return (
    real !== undefined && (real === within || real.startsWith(within.endsWith(sep) ? within : within + sep))
  );
}

/**
 * The ignore files that apply to a walk's top directory from above it, deepest first: the .gitignore
 * of each directory from the work tree's top (found by its .git, a directory or a file) down to the
 * walk's parent, then .git/info/exclude. Undefined outside a work tree, where no rules apply.
 */
export async function matchersAbove(directory: string): Promise<Matcher[] | undefined> {
  const chain: string[] = [];
  let current = dirname(resolve(directory));
  for (;;) {
    chain.push(current);
    if (
      await lstat(join(current, ".git")).then(
        () => true,
        () => false,
      )
    ) {
      let matchers = await loadMatchers({ text: current }, join(".git", "info", "exclude"), []);
      for (const above of chain.reverse())
        matchers = await loadMatchers({ text: above }, ".gitignore", matchers);
      return matchers;
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** `matchers` with the rules of `base/file` in front, if that file can be read (a relative `base` from `cwd`, see fsPath). */
export async function loadMatchers(
  base: { text: string; raw?: Buffer },
  file: string,
  matchers: Matcher[],
  cwd?: string,
): Promise<Matcher[]> {
  const raw = base.raw && Buffer.concat([base.raw, Buffer.from(`/${file}`)]);
  const at = fsPath({ text: join(base.text, file), raw }, cwd);
  // Only a missing file is no rules: one that cannot be read is an error, not a silent "ignore nothing".
  const text = await readNamedFile(at, {
    label: join(base.text, file),
    kind: "an ignore file",
    maxBytes: NAMED_FILE_CAPS.ignore,
    optional: true,
  });
  if (text === undefined) return matchers;
  // Git matches case-sensitively unless core.ignorecase is set (on case-insensitive file systems).
  // Imported here: only walks inside a git work tree need it.
  const { default: ignore } = (await import("ignore")) as unknown as { default: typeof makeIgnore };
  return [{ base: base.text, rules: ignore({ ignorecase: false }).add(text), file }, ...matchers];
}

/**
 * The ignore file that excludes a path, or undefined: the deepest file with a rule for it decides (a
 * negation re-includes). A file whose rules exclude a parent directory says nothing about what is in it
 * — the walk got there, so a deeper file re-included it, or the directory was named explicitly.
 * Relative paths (the path, a matcher's base) are from `cwd` (see fsPath).
 */
export function ignoringFile(
  matchers: readonly Matcher[],
  path: string,
  isDirectory: boolean,
  cwd?: string,
): string | undefined {
  for (const matcher of matchers) {
    const rel = relative(resolvedFrom(cwd, matcher.base), resolvedFrom(cwd, path));
    if (rel === "" || rel === ".." || rel.startsWith("../")) continue;
    const parent = dirname(rel);
    if (parent !== "." && matcher.rules.test(`${parent}/`).ignored) continue;
    const verdict = matcher.rules.test(isDirectory ? `${rel}/` : rel);
    if (verdict.ignored) return matcher.file;
    if (verdict.unignored) return undefined;
  }
  return undefined;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "not a directory",
  // ELOOP is also 40+ links in a chain, but in practice it is a link that leads back to itself.
  ELOOP: "symbolic link loop",
  EISDIR: "is a directory",
};

export function fsError(subject: string, error: unknown): LlmcostError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = FS_REASONS[code] ?? `cannot read (${code || String(error)})`;
  return noInputError(subject, reason);
}
