import { namesOf } from "../pricing/catalog.js";
import { sellsOrMakes } from "../pricing/hosted-models.js";
import { priceAt } from "../pricing/price-at.js";
import type { Catalog, Model, PricePeriod } from "../pricing/types.js";
import { STANDARD_BILLING, unavailableReason } from "./billing.js";
import { standingOn } from "./lifecycle.js";

export interface ModelListing {
  model: Model;
  /** Whether the model's tokenizer counts exactly. */
  exact: boolean;
  /** The price in force on the date, if any. */
  price?: PricePeriod;
  /** Why there is no price on the date ("retired on …"), if so. */
  unavailable?: string;
  /** For a retired model: the last price billed, what a run naming it is priced at. */
  lastPrice?: PricePeriod;
}

export interface ListFilter {
  providers?: readonly string[];
  /** Case-insensitive text to find in the id, an alias or the display name. */
  search?: string;
  date: string;
}

/** Whose list a model is in: the host's for a host's entry (`bedrock/…`), else its provider's. */
const sellerOf = (model: Model) => (model.hostListing ? (model.host ?? model.provider) : model.provider);

/** The catalogue's models that pass the filter, by provider (or host) then id, each with its price on the date. */
export function listModels(
  catalog: Catalog,
  filter: ListFilter,
  isExact: (tokenizer: string) => boolean,
): ModelListing[] {
  const providers = filter.providers?.map((p) => p.toLowerCase());
  const needle = filter.search?.toLowerCase();
  return catalog.models
    .filter((model) => !providers?.length || providers.some((id) => sellsOrMakes(catalog, model, id)))
    .filter(
      (model) =>
        !needle || [model.name.toLowerCase(), ...namesOf(model)].some((name) => name.includes(needle)),
    )
    .sort((a, b) =>
      sellerOf(a) === sellerOf(b) ? a.id.localeCompare(b.id) : sellerOf(a).localeCompare(sellerOf(b)),
    )
    .map((model) => {
      const price = priceAt(model, filter.date);
      const listing: ModelListing = { model, exact: isExact(model.tokenizer) };
      const reason = unavailableReason(model, price, filter.date, STANDARD_BILLING);
      if (reason) listing.unavailable = reason;
      else if (price) listing.price = price;
      const standing = standingOn(model, filter.date);
      if (standing.kind === "retired") listing.lastPrice = standing.period;
      return listing;
    });
}
