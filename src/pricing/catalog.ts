import { dataError } from "../errors.js";
import type { Catalog, Model, ProviderFile } from "./types.js";

/**
 * Joins validated provider files into one catalogue. Ids and aliases are unique across all files
 * (case-insensitively), and every model names a tokenizer that `isKnownTokenizer` accepts.
 */
export function buildCatalog(
  files: readonly ProviderFile[],
  isKnownTokenizer: (id: string) => boolean,
): Catalog {
  const providers = new Map<string, string>();
  const byName = new Map<string, Model>();
  const models: Model[] = [];
  for (const file of files) {
    if (providers.has(file.provider)) {
      throw dataError(file.file, `provider: "${file.provider}" is already defined by another pricing file`);
    }
    providers.set(file.provider, file.name);
    for (const model of file.models) {
      if (!isKnownTokenizer(model.tokenizer)) {
        throw dataError(
          model.origin.file,
          `${model.origin.path}.tokenizer: unknown tokenizer "${model.tokenizer}"`,
        );
      }
      for (const name of [model.id, ...model.aliases]) {
        const key = name.toLowerCase();
        const clash = byName.get(key);
        if (clash) {
          const where =
            clash.origin.file === model.origin.file
              ? clash.origin.path
              : `${clash.origin.file} ${clash.origin.path}`;
          throw dataError(model.origin.file, `${model.origin.path}: "${name}" is already used by ${where}`);
        }
        byName.set(key, model);
      }
      models.push(model);
    }
  }
  return { models, providers, byName };
}
