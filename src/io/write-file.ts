import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { outputError } from "../errors.js";

/** Writes a file whole or not at all: a temporary file beside it, renamed over it once complete. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw outputError(
      path,
      code === "ENOSPC" ? "No space left on device" : `cannot write (${code ?? String(error)})`,
    );
  }
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
  const directory = dirname(path);
  if (!createDirectories.includes(directory)) {
    const kind = await stat(directory).then(
      (stats) => (stats.isDirectory() ? "directory" : "other"),
      () => "missing",
    );
    if (kind === "missing") return `no such directory: ${directory}`;
    if (kind === "other") return `${directory} is not a directory`;
  } else {
    const first = createDirectories[0] as string;
    if (
      !(await stat(dirname(first)).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      return `no such directory: ${dirname(first)}`;
  }
  const target = await stat(path).then(
    (stats) => (stats.isFile() ? "file" : "other"),
    (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? "missing" : (error.code ?? "unreadable")),
  );
  if (target === "file" || target === "missing") {
    if (
      target === "missing" &&
      (await lstat(path).then(
        () => true,
        () => false,
      ))
    )
      return "is a broken symbolic link";
    return undefined;
  }
  return target === "other" ? "exists and is not a regular file" : `cannot check (${target})`;
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
  const problem = await targetProblem(path, options.createDirectories);
  if (problem) throw outputError(path, problem);
  const destination = await realpath(path).catch(() => path);
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  let created = false;
  try {
    for (const directory of options.createDirectories ?? [])
      await mkdir(directory).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    const handle = await open(temporary, "wx");
    created = true;
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, destination);
  } catch (error) {
    if (created) await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw outputError(
      path,
      code === "ENOSPC" ? "No space left on device" : `cannot write (${code ?? String(error)})`,
    );
  }
}
