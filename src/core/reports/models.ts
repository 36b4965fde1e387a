import type { Catalog } from "../../pricing/types.js";
import { type ListFilter, listModels, type ModelListing } from "../list-models.js";
import { findModel, resolveName } from "../select-models.js";

/** `llmcost models`: the models listed, with the prices in force on the date. */
export interface ModelsReport {
  date: string;
  listings: ModelListing[];
}

/** What a name typed to `models NAME` meant on the date: a dated alias, its period and source. */
export interface NameResolution {
  name: string;
  from?: string;
  to?: string;
  source?: string;
  checked?: string;
}

/** `llmcost models <id>`: one model, its price on the date and its history, and how its name resolved. */
export interface ModelReport {
  date: string;
  listing: ModelListing;
  via?: NameResolution;
}

/** The price list on a date, filtered by provider and search text. */
export function buildModelsReport(
  catalog: Catalog,
  filter: ListFilter,
  isExact: (tokenizer: string) => boolean,
): ModelsReport {
  return { date: filter.date, listings: listModels(catalog, filter, isExact) };
}

/** The model a name (id, alias, family name or dated alias) names on a date; a usage error if none. */
export function buildModelReport(
  catalog: Catalog,
  id: string,
  date: string,
  isExact: (tokenizer: string) => boolean,
): ModelReport {
  const model = findModel(catalog, id, date);
  const [listing] = listModels({ ...catalog, models: [model] }, { date }, isExact);
  if (!listing) throw new Error("a found model was not listed");
  // A family name or dated alias: say which model it names on the date, and on what authority.
  const period = resolveName(catalog, id, date)?.period;
  return { date, listing, ...(period ? { via: { ...period, name: id.trim().toLowerCase() } } : {}) };
}
