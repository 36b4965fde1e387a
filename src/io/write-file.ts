import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
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
