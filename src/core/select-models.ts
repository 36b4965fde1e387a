import { optionError } from "../errors.js";
import { isKnownSeller, sellsOrMakes } from "../pricing/hosted-models.js";
import { aliasPeriodOn } from "../pricing/price-at.js";
import type { AliasPeriod, Catalog, Model } from "../pricing/types.js";
import { standingOn } from "./lifecycle.js";
import { unknownModelHint, unknownProviderHint } from "./model-hints.js";
import { withNamedEndpoint } from "./named-endpoint.js";

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
 * Names resolve as of `date` (default: today): a family name to the snapshot it meant then.
 */
export function selectModels(
  catalog: Catalog,
  selection: ModelSelection,
  defaults: readonly string[],
  date: string,
): Model[] {
  if (selection.models !== undefined && selection.models.length === 0) {
    throw optionError("models", "no model named (an empty list)");
  }
  if (selection.providers !== undefined && selection.providers.length === 0) {
    throw optionError("providers", "no provider named (an empty list)");
  }
  const on = date;
  const chosen = new Set<Model>();
  for (const name of selection.models ?? [])
    chosen.add(withNamedEndpoint(findModel(catalog, name, on), name));
  for (const provider of selection.providers ?? []) {
    const id = provider.toLowerCase();
    if (!isKnownSeller(catalog, id))
      throw optionError("providers", unknownProviderHint(catalog, id), provider);
    for (const model of catalog.models) if (sellsOrMakes(catalog, model, id)) chosen.add(model);
  }
  if (selection.all) return [...catalog.models];
  if (chosen.size > 0 || selection.providers?.length) return [...chosen];
  // A price list of one's own may lack the curated defaults: use those it has.
  // A default name the date gives no model for (before a dated alias began) is left out, as one not on sale.
  const found = defaults.flatMap((name) => {
    const model = lookupModel(catalog, name, on);
    return model ? [model] : [];
  });
  if (found.length === 0)
    throw optionError(
      "models",
      "the price list has none of the default models; name models with `models` or use `all`",
    );
  return [...new Set(found)];
}

/**
 * Looks a model up by id or alias, as of `date`; a Map, so names like "constructor" are simply
 * unknown. An unknown name is a usage error with hints of models on sale on the date; a date before a
 * name's first period resolves to its first model (whose launch check then fails), and a date the
 * record has no target for is an error naming the periods known.
 */
export function findModel(catalog: Catalog, name: string, date: string): Model {
  // An empty name would be "close" to the shortest id in the list: say what is wrong instead.
  if (name.trim() === "") throw optionError("models", "expected a model id or alias, got an empty name");
  const on = date;
  const found = resolveName(catalog, name, on);
  if (found?.model) return found.model;
  if (found?.before) {
    // Before the name's first recorded period it named nothing the price list has (or nothing at all).
    const { model: first, from } = found.before;
    throw optionError(
      "models",
      `the price list has no model named ${name.trim()} on ${on}: the first it names is ${first.id}, from ${from}`,
      name,
    );
  }
  if (found?.periods) {
    const known = found.periods.map(periodText).join("; ");
    throw optionError(
      "models",
      `the price list does not record which model "${name.trim()}" named on ${on} (${known}); name a snapshot`,
      name,
    );
  }
  throw optionError("models", unknownModelHint(catalog, name.trim(), on), name);
}

/** findModel without the error: undefined for an unknown name or a date the record has no target for. */
export function lookupModel(catalog: Catalog, name: string, date: string): Model | undefined {
  return resolveName(catalog, name, date)?.model;
}

/**
 * What a name means on a date: the model (and, for a dated alias, the period that chose it), or, for
 * a dated alias whose date falls between two recorded periods, no model and the periods. Undefined
 * for a name that never existed.
 */
export function resolveName(
  catalog: Catalog,
  name: string,
  date: string,
):
  | { model?: Model; period?: AliasPeriod; periods?: readonly AliasPeriod[]; before?: AliasPeriod }
  | undefined {
  const key = name.trim().toLowerCase();
  const model = catalog.byName.get(key);
  if (model) return { model };
  const periods = catalog.byDatedAlias.get(key);
  if (!periods?.length) return undefined;
  const first = periods[0];
  if (first && date < (first.from ?? "")) return { periods, before: first };
  const period = aliasPeriodOn(periods, date);
  return period ? { model: period.model, period } : { periods };
}

/**
 * A model of another list in the catalogue: by its names, then without a "provider/" prefix — but a
 * host's prefix stays (`bedrock/x` is Bedrock's price, never the first party's `x`).
 */
export function matchModel(catalog: Catalog, names: readonly string[], date: string): Model | undefined {
  const unprefixed = names
    .filter(
      (name) => !name.includes("/") || !catalog.hosts.has(name.slice(0, name.indexOf("/")).toLowerCase()),
    )
    .map((name) => name.slice(name.lastIndexOf("/") + 1));
  for (const name of [...names, ...unprefixed]) {
    const model = lookupModel(catalog, name, date);
    if (model) return model;
  }
  return undefined;
}

/** A named model's launch: a date before its first price is a usage error (there was nothing to buy). */
export function checkLaunched(model: Model, name: string, date: string): void {
  const standing = standingOn(model, date);
  if (standing.kind !== "not-launched") return;
  const typed = name.trim();
  const reason =
    typed.toLowerCase() === model.id
      ? `${model.id} was not on sale on ${date}: first priced on ${standing.launch}`
      : `the price list has no model named ${typed} on ${date}: the first it names is ${model.id}, priced from ${standing.launch}`;
  throw optionError("models", reason, name);
}

const periodText = (p: AliasPeriod) =>
  `${p.model.id} ${p.from ? `from ${p.from}` : ""}${p.to ? ` until ${p.to}` : ""}`.replace(/ {2,}/g, " ");

/**
 * The first model on sale on the date along a model's chain of successors, when the successor the
 * provider named has itself retired (gemini-1.5-pro → gemini-2.0-flash, retired → gemini-3.5-flash).
 */
export function successorOnSale(catalog: Catalog, model: Model, date: string): string | undefined {
  const seen = new Set<string>([model.id]);
  let name = model.successor;
  while (name !== undefined) {
    const next = lookupModel(catalog, name, date);
    if (!next || seen.has(next.id)) return undefined;
    if (standingOn(next, date).kind === "on-sale") return next.id;
    seen.add(next.id);
    name = next.successor;
  }
  return undefined;
}
