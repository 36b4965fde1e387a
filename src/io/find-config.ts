import { dirname, join, resolve } from "node:path";
import { noInputError } from "../errors.js";
import { NAMED_FILE_CAPS, readNamedFile } from "./read-named-file.js";

export const CONFIG_NAME = "llmcost.config.json";

const CONFIG_FILE = { maxBytes: NAMED_FILE_CAPS.config, kind: "a config file" };

/**
 * The budget config: `explicit` when given, else the first llmcost.config.json found walking up from
 * `cwd` (as eslint or tsc find theirs). Returns its path and text. Only a regular file is read (see
 * readNamedFile): one found on the way up that is a pipe, a device or too large is an error naming
 * it, never skipped.
 */
export async function readConfig(
  explicit: string | undefined,
  cwd: string,
): Promise<{ path: string; text: string }> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    return {
      path,
      text: await readNamedFile(path, { ...CONFIG_FILE, label: explicit, notFound: "config file not found" }),
    };
  }
  for (let directory = resolve(cwd); ; directory = dirname(directory)) {
    const path = join(directory, CONFIG_NAME);
    const text = await readNamedFile(path, { ...CONFIG_FILE, optional: true });
    if (text !== undefined) return { path, text };
    if (dirname(directory) === directory)
      throw noInputError(
        CONFIG_NAME,
        `not found in ${resolve(cwd)} or any directory above it (or pass --config FILE)`,
      );
  }
}
