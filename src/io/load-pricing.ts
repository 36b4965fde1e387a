import { readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { noInputError } from "../errors.js";
import { buildCatalog } from "../pricing/catalog.js";
import type { Catalog, ProviderFile } from "../pricing/types.js";
import { parseProviderFile } from "../pricing/validate.js";
import { isModulePath } from "../tokenizers/custom.js";
import { isHfSpec, resolveHfSpec } from "../tokenizers/hf-load.js";
import { resolvedFrom } from "./byte-paths.js";
import { openShippedPricingCache } from "./pricing-cache.js";
import { NAMED_FILE_CAPS, readNamedFile } from "./read-named-file.js";

/** The price list shipped in the package: `pricing/*.json` at the package root. */
export const BUNDLED_PRICING_DIR = fileURLToPath(new URL("../../pricing/", import.meta.url));

export interface PricingSources {
  /** Directory of provider files; the shipped `pricing/` by default. */
  dir?: string;
  /** How errors name the directory ("pricing" for the shipped one). */
  label?: string;
  /** User pricing files, applied in order over the directory's: they add or replace models. */
  userFiles?: readonly string[];
  /**
   * The run's today (YYYY-MM-DD): a `checked` date after it in a user file or a directory of one's own
   * is an error. The shipped list is not held to it (it was checked when released, and a run dated in
   * the past must still load it); without it nothing is. The caller reads the clock (io never does).
   */
  today?: string;
  /** The directory a relative `dir` or user file is read from (a run's, see cli/context.ts cwdOf); named as given. */
  cwd?: string;
}

/** Reads, validates and joins a pricing directory and any user pricing files. */
export async function loadPricing(
  sources: PricingSources,
  isKnownTokenizer: (id: string) => boolean,
): Promise<Catalog> {
  const dir = sources.dir ?? BUNDLED_PRICING_DIR;
  const label = sources.label ?? (sources.dir === undefined ? "pricing" : dir);
  const from = (path: string) => resolvedFrom(sources.cwd, path);
  const [shipped, user] = await Promise.all([
    readPricingDir(from(dir), label, sources.today),
    Promise.all(
      (sources.userFiles ?? []).map((file) => readPricingFile(from(file), file, true, sources.today)),
    ),
  ]);
  return buildCatalog(shipped, isKnownTokenizer, user);
}

/** Every provider file (`*.json` except `schema.json`) in a directory, in name order. */
export async function readPricingDir(
  directory: string,
  label: string,
  today?: string,
): Promise<ProviderFile[]> {
  const names = await readdir(directory).catch(() => {
    throw noInputError(label, "pricing directory not found");
  });
  const files = names.filter((name) => name.endsWith(".json") && name !== "schema.json").sort();
  const shipped = resolve(directory) === resolve(BUNDLED_PRICING_DIR);
  // The shipped files are validated once per build (pricing-cache.ts): each run pays ~60 ms otherwise.
  const cache = shipped ? await openShippedPricingCache(directory, label, files) : undefined;
  if (cache?.files) return cache.files;
  const parsed = await Promise.all(
    files.map((name) =>
      readPricingFile(join(directory, name), `${label}/${name}`, !shipped, shipped ? undefined : today),
    ),
  );
  await cache?.save(parsed);
  return parsed;
}

/** One provider file, validated (no `checked` date after `today`, when given); errors name it as `label`. */
export async function readPricingFile(
  path: string,
  label = path,
  duplicateKeys = true,
  today?: string,
): Promise<ProviderFile> {
  const text = await readNamedFile(path, {
    label,
    kind: "a pricing file",
    maxBytes: NAMED_FILE_CAPS.pricing,
    notFound: "pricing file not found",
  });
  const file = parseProviderFile(text, label, { today, duplicateKeys });
  // A tokenizer named by a path is a module, resolved from the pricing file's own directory; so is
  // the path of an `hf:` tokenizer.json.
  for (const model of file.models) {
    if (isModulePath(model.tokenizer))
      model.tokenizer = pathToFileURL(resolve(dirname(path), model.tokenizer)).href;
    else if (isHfSpec(model.tokenizer))
      model.tokenizer = resolveHfSpec(model.tokenizer, resolve(dirname(path)));
  }
  return file;
}
