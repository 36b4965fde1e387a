import { usageError } from "../errors.js";
import type { Catalog, Model } from "../pricing/types.js";
import { suggest } from "./suggest.js";

export interface ModelSelection {
  /** Ids or aliases, case-insensitive. */
  models?: readonly string[];
  /** Every model of these providers. */
  providers?: readonly string[];
  /** Every model in the catalogue. */
  all?: boolean;
}

/**
 * The models a run prices, in the order asked, without repeats. Named models and providers add up;
 * with neither, `defaults` (a short curated set) is used. Unknown names are usage errors with a hint.
 * Dated aliases resolve as of `date` (default: today).
 */
export function selectModels(
  catalog: Catalog,
  selection: ModelSelection,
  defaults: readonly string[],
  date?: string,
): Model[] {
  if (selection.models !== undefined && selection.models.length === 0) {
    throw usageError("--model", "no model named (an empty list)");
  }
  const chosen = new Set<Model>();
  for (const name of selection.models ?? []) chosen.add(findModel(catalog, name, date));
  for (const provider of selection.providers ?? []) {
    const id = provider.toLowerCase();
    if (!catalog.providers.has(id)) {
      const hint = suggest(id, catalog.providers.keys());
      throw usageError(
        `--provider ${provider}`,
        `unknown provider${hintText(hint)}; known: ${[...catalog.providers.keys()].join(", ")}`,
      );
    }
    for (const model of catalog.models) if (model.provider === id) chosen.add(model);
  }
  if (selection.all) return [...catalog.models];
  if (chosen.size > 0 || selection.providers?.length) return [...chosen];
  // A price list of one's own may lack the curated defaults: use those it has.
  const found = defaults.flatMap((name) => {
    const key = name.toLowerCase();
    return catalog.byName.has(key) || catalog.byDatedAlias.has(key) ? [findModel(catalog, name, date)] : [];
  });
  if (found.length === 0)
    throw usageError(
      "--model",
      "the price list has none of the default models; name models with --model or use --all",
    );
  return [...new Set(found)];
}

/**
 * Looks a model up by id or alias; a Map, so names like "constructor" are simply unknown. A dated
 * alias ("gpt-4o") names the model it pointed to on `date`; before its first range, its first model.
 */
export function findModel(catalog: Catalog, name: string, date?: string): Model {
  const model = lookupModel(catalog, name, date);
  if (model) return model;
  const hint = suggest(name.trim(), [...catalog.byName.keys(), ...catalog.byDatedAlias.keys()]);
  throw usageError(`--model ${name}`, `unknown model${hintText(hint)}`);
}

/** findModel without the error: undefined for an unknown name. */
export function lookupModel(catalog: Catalog, name: string, date?: string): Model | undefined {
  const key = name.trim().toLowerCase();
  const model = catalog.byName.get(key);
  if (model) return model;
  const dated = catalog.byDatedAlias.get(key);
  if (!dated?.length) return undefined;
  const on = date ?? new Date().toISOString().slice(0, 10);
  const current = dated.find((e) => (e.from ?? "") <= on && (e.to === undefined || on < e.to));
  const latestBefore = dated.filter((e) => (e.from ?? "") <= on).at(-1);
  return (current ?? latestBefore ?? dated[0])?.model;
}

/** A model of another list in the catalogue: by its names, then without a "provider/" prefix. */
export function matchModel(catalog: Catalog, names: readonly string[], date?: string): Model | undefined {
  for (const name of [...names, ...names.map((n) => n.slice(n.lastIndexOf("/") + 1))]) {
    const model = lookupModel(catalog, name, date);
    if (model) return model;
  }
  return undefined;
}

const hintText = (hint: string | undefined) => (hint ? ` (did you mean ${hint}?)` : "");
