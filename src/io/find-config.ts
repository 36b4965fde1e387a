import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { noInputError } from "../errors.js";

export const CONFIG_NAME = "llmcost.config.json";

/**
 * The budget config: `explicit` when given, else the first llmcost.config.json found walking up from
 * `cwd` (as eslint or tsc find theirs). Returns its path and text.
 */
export async function readConfig(
  explicit: string | undefined,
  cwd: string,
): Promise<{ path: string; text: string }> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    return { path, text: await readText(path, explicit) };
  }
  for (let directory = resolve(cwd); ; directory = dirname(directory)) {
    const path = join(directory, CONFIG_NAME);
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw noInputError(path, `cannot read (${error.code ?? error.message})`);
    });
    if (text !== undefined) return { path, text };
    if (dirname(directory) === directory)
      throw noInputError(
        CONFIG_NAME,
        `not found in ${resolve(cwd)} or any directory above it (or pass --config FILE)`,
      );
  }
}

async function readText(path: string, shown: string): Promise<string> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw noInputError(
      shown,
      error.code === "ENOENT" ? "config file not found" : `cannot read (${error.code})`,
    );
  });
}
