import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noInputError } from "../errors.js";
import { buildCatalog } from "../pricing/catalog.js";
import type { Catalog } from "../pricing/types.js";
import { parseProviderFile } from "../pricing/validate.js";

/** The price list shipped in the package: `pricing/*.json` at the package root. */
export const BUNDLED_PRICING_DIR = fileURLToPath(new URL("../../pricing/", import.meta.url));

/**
 * Reads and validates every provider file (`*.json` except `schema.json`) in a directory. Errors name
 * the file as `label/<name>` (e.g. `pricing/openai.json`) and the JSON path.
 */
export async function loadPricingDir(
  directory: string,
  isKnownTokenizer: (id: string) => boolean,
  label = "pricing",
): Promise<Catalog> {
  const names = await readdir(directory).catch(() => {
    throw noInputError(label, "pricing directory not found");
  });
  const files = names.filter((name) => name.endsWith(".json") && name !== "schema.json").sort();
  const parsed = await Promise.all(
    files.map(async (name) => {
      const file = `${label}/${name}`;
      const text = await readFile(join(directory, name), "utf8").catch(() => {
        throw noInputError(file, "cannot read pricing file");
      });
      return parseProviderFile(text, file);
    }),
  );
  return buildCatalog(parsed, isKnownTokenizer);
}
