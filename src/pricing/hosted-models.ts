import { dataError } from "../errors.js";
import { withInferredTiers } from "./inferred-tiers.js";
import type { Catalog, Model } from "./types.js";

/** Display names of makers whose models the list has only through hosts. */
const MAKER_NAMES: Readonly<Record<string, string>> = { qwen: "Qwen", amazon: "Amazon" };

const LIFECYCLE_KEYS = ["deprecated", "retired", "successor", "lifecycleSource", "lifecycleChecked"];

/**
 * Fills in what each host's entry inherits from the model it serves (`"model": "claude-sonnet-4-6"`):
 * kind, tokenizer, context window, output cap, reasoning, maker and lifecycle, unless the entry gives
 * its own. Prices are never inherited across hosts: an entry without prices may only rename a model of
 * its own host (a user's Azure deployment name for `azure/gpt-4o`). A successor is the host's listing of
 * the served model's successor, when the host sells it; else none (the first party's successor would
 * send the user to another seller). `hostNames` gives each host's display name.
 */
export function resolveHostListings(
  models: readonly Model[],
  hostNames: ReadonlyMap<string, string>,
): Model[] {
  const byName = new Map<string, Model>();
  for (const model of models)
    for (const name of [model.id, ...model.aliases]) byName.set(name.toLowerCase(), model);
  // A maker with no pricing file of its own (Qwen's open models, Amazon's Nova) has no display name
  // there: MAKER_NAMES gives it, else the id stands.
  const makerName = (id: string) => {
    const named = hostNames.get(id);
    if (named !== undefined && named !== id) return named;
    return Object.hasOwn(MAKER_NAMES, id) ? (MAKER_NAMES[id] as string) : id;
  };
  const resolved = new Map<Model, Model>();
  const resolving = new Set<Model>();

  const resolve = (model: Model): Model => {
    const done = resolved.get(model);
    if (done) return done;
    const listing = model.hostListing;
    if (!listing?.model) {
      const hostName = model.host === undefined ? undefined : hostNames.get(model.host);
      const own = listing
        ? { ...model, providerName: makerName(model.provider), ...(hostName ? { hostName } : {}) }
        : hostName && !model.hostName
          ? { ...model, hostName }
          : model;
      resolved.set(model, own);
      return own;
    }
    const fail = (reason: string) => dataError(model.origin.file, `${model.origin.path}.model: ${reason}`);
    const found = byName.get(listing.model.toLowerCase());
    if (!found) throw fail(`"${listing.model}" is not a model id or alias in the price list`);
    if (found === model || resolving.has(found)) throw fail(`"${listing.model}" leads back to this entry`);
    resolving.add(model);
    const base = resolve(found);
    resolving.delete(model);
    const given = new Set(listing.given);
    const host = model.host ?? model.provider;
    if (!given.has("prices") && base.host !== host)
      throw dataError(
        model.origin.file,
        `${model.origin.path}.prices: missing (a host's prices are its own; ${base.id} is priced by ${base.host ?? base.provider})`,
      );
    const hostName = hostNames.get(host) ?? host;
    const full: Model = {
      ...model,
      name: given.has("name") ? model.name : base.host === host ? base.name : `${base.name} on ${hostName}`,
      hostName,
      kind: given.has("kind") ? model.kind : base.kind,
      tokenizer: given.has("tokenizer") ? model.tokenizer : base.tokenizer,
      contextWindow: given.has("contextWindow") ? model.contextWindow : base.contextWindow,
      maxOutputTokens: given.has("maxOutputTokens") ? model.maxOutputTokens : base.maxOutputTokens,
      provider: given.has("provider") ? model.provider : base.provider,
      providerName: given.has("provider") ? makerName(model.provider) : base.providerName,
      prices: given.has("prices") ? withInferredTiers(model, base) : base.prices,
      hostListing: { model: base.id, given: listing.given },
    };
    if (!given.has("reasoning") && base.reasoning !== undefined) full.reasoning = base.reasoning;
    if (!LIFECYCLE_KEYS.some((key) => given.has(key))) {
      if (base.deprecated !== undefined) full.deprecated = base.deprecated;
      if (base.retired !== undefined) full.retired = base.retired;
      if (base.lifecycle !== undefined) full.lifecycle = base.lifecycle;
      delete full.successor;
      if (base.successor !== undefined) pendingSuccessors.set(full, base.successor);
    }
    const first = full.prices[0]?.from;
    if (full.retired !== undefined && first !== undefined && full.retired <= first)
      throw dataError(
        model.origin.file,
        given.has("retired")
          ? `${model.origin.path}.retired: must be after the first price (${first})`
          : `${model.origin.path}.prices[0].from: ${first} is not before ${base.id}'s retirement (${full.retired}), which this entry inherits; give the host's own "retired" with lifecycleSource and lifecycleChecked`,
      );
    if (full.maxOutputTokens > full.contextWindow)
      throw dataError(
        model.origin.file,
        `${model.origin.path}.maxOutputTokens: ${full.maxOutputTokens} exceeds the context window (${full.contextWindow})`,
      );
    resolved.set(model, full);
    return full;
  };

  const pendingSuccessors = new Map<Model, string>();
  const result = models.map(resolve);
  // The host's own listing of each served model, to find a successor the same host sells.
  const listingOf = new Map<string, Model>();
  for (const model of result)
    if (model.host !== undefined && model.hostListing?.model)
      listingOf.set(`${model.host}\u0000${model.hostListing.model}`, model);
  for (const [model, successor] of pendingSuccessors) {
    const served = resolved.get(byName.get(successor.toLowerCase()) as Model);
    const listed = served && listingOf.get(`${model.host}\u0000${served.id}`);
    if (listed) model.successor = listed.id;
  }
  return result;
}

/**
 * `-p X`: the models host X sells, or maker X's own models — not its models resold by a host, so
 * `-p anthropic` stays Anthropic's API and `-p bedrock` is Bedrock's list. A maker with no API of its
 * own in the list (Amazon's Nova, Qwen's open models) is sold only through hosts: `-p amazon` selects
 * those hosts' listings of its models.
 */
export function sellsOrMakes(catalog: Catalog, model: Model, id: string): boolean {
  if (model.host === id) return true;
  if (model.provider !== id) return false;
  return model.hostListing === undefined || !ownApis(catalog).has(id);
}

/** A -p id the catalogue knows: a provider, a host, or the maker of some listing. */
export function isKnownSeller(catalog: Catalog, id: string): boolean {
  return catalog.providers.has(id) || makers(catalog).has(id);
}

const ownApiCache = new WeakMap<Catalog, Set<string>>();
const makerCache = new WeakMap<Catalog, Set<string>>();

/** Providers with models of their own (not a host's listings). */
function ownApis(catalog: Catalog): Set<string> {
  let found = ownApiCache.get(catalog);
  if (!found) {
    found = new Set(catalog.models.filter((m) => m.hostListing === undefined).map((m) => m.provider));
    ownApiCache.set(catalog, found);
  }
  return found;
}

function makers(catalog: Catalog): Set<string> {
  let found = makerCache.get(catalog);
  if (!found) {
    found = new Set(catalog.models.map((m) => m.provider));
    makerCache.set(catalog, found);
  }
  return found;
}
