import { isKnownSeller, sellsOrMakes } from "../pricing/hosted-models.js";
import { aliasPeriodOn } from "../pricing/price-at.js";
import type { Catalog, Model } from "../pricing/types.js";
import { onSaleOn } from "./lifecycle.js";
import { editDistance, suggest } from "./suggest.js";

/** How many family members a hint lists before "and N more". */
const MAX_LISTED = 8;

/**
 * Why a name is unknown, and what to type instead, as of `date`: every hint names models on sale
 * that day, never one that would fail again. A provider's name points to --provider; a family
 * prefix ("gemini-flash", "llama3") lists its members on sale; else the closest name, if any.
 */
export function unknownModelHint(catalog: Catalog, name: string, date: string): string {
  const key = name.toLowerCase();
  const onSale = catalog.models.filter((model) => onSaleOn(model, date));
  if (isKnownSeller(catalog, key)) {
    const members = onSale.filter((model) => sellsOrMakes(catalog, model, key));
    const shown =
      members.length === 0
        ? ` (none on ${date})`
        : ` on ${date} (${list(members, `llmcost models -p ${key}`)})`;
    return `"${name}" is a provider, not a model: -p ${key} prices all of its models on sale${shown}`;
  }
  const listings = hostListingsNamed(catalog, key);
  if (listings.length === 1) return `unknown model (did you mean ${listings[0]}?)`;
  if (listings.length > 1)
    return `unknown model; sold under these names, one per seller: ${listings.join(", ")}`;
  const hint = suggest(key, namesOnSale(catalog, date));
  // A near miss ("gpt4o", "acme-smal") is a typo of one name; a looser prefix names a family.
  if (hint && editDistance(key, hint) <= 1) return `unknown model (did you mean ${hint}?)`;
  const family = onSale.filter((model) => inFamily(key, model));
  if (family.length > 1)
    return `unknown model; models on sale on ${date} that match "${name}": ${list(family, `llmcost models -s ${key}`)}`;
  return hint
    ? `unknown model (did you mean ${hint}?)`
    : `unknown model; \`llmcost models --as-of ${date}\` lists the models on sale on ${date}`;
}

/**
 * Host listings a routed or vendor-prefixed name stands for: names ending in "/NAME" (OpenRouter's
 * `anthropic/claude-sonnet-4.5` → `openrouter/anthropic/claude-sonnet-4.5`), else, with the vendor
 * dropped, in "/REST" (`meta-llama/llama-4-scout-17b-16e-instruct`, an id Groq and Together share,
 * → both hosts' listings). One name per model, shortest first.
 */
function hostListingsNamed(catalog: Catalog, key: string): string[] {
  const slash = key.indexOf("/");
  if (slash <= 0) return [];
  for (const tail of [key, key.slice(slash + 1)]) {
    if (tail === "") continue;
    const found = new Map<Model, string>();
    for (const [name, model] of catalog.byName) {
      if (!name.endsWith(`/${tail}`)) continue;
      const known = found.get(model);
      if (known === undefined || name.length < known.length) found.set(model, name);
    }
    if (found.size > 0) return [...found.values()].sort();
  }
  return [];
}

/** An unknown --provider: the closest provider id, and the known ones. */
export function unknownProviderHint(catalog: Catalog, id: string): string {
  const known = [...new Set([...catalog.providers.keys(), ...catalog.models.map((model) => model.provider)])];
  const hint = suggest(id, known);
  return `unknown provider${hint ? ` (did you mean ${hint}?)` : ""}; known: ${known.join(", ")}`;
}

/**
 * A family prefix: the name, without separators, begins one of the model's names ("llama3" →
 * llama-3.3-70b), or its words all appear, in order, among a name's words ("gemini-flash" →
 * gemini-3.6-flash). Words of one or two characters, or digits alone, are too loose to match on.
 */
export function inFamily(name: string, model: Model): boolean {
  const compact = name.replace(/[^a-z0-9]/g, "");
  const words = name.split(/[^a-z0-9]+/).filter(Boolean);
  const names = [model.id, ...model.aliases];
  if (compact.length >= 4 && names.some((n) => n.replace(/[^a-z0-9]/g, "").startsWith(compact))) return true;
  if (words.length === 0 || words.some((w) => w.length < 3 || /^\d+$/.test(w))) return false;
  return names.some((n) => {
    const theirs = n.split(/[^a-z0-9]+/);
    let at = 0;
    for (const word of theirs) if (word === words[at]) at++;
    return at === words.length;
  });
}

/** Every name (id, alias, dated alias) that names a model on sale on the date. */
function namesOnSale(catalog: Catalog, date: string): string[] {
  const names: string[] = [];
  for (const [name, model] of catalog.byName) if (onSaleOn(model, date)) names.push(name);
  for (const [name, periods] of catalog.byDatedAlias) {
    const current = aliasPeriodOn(periods, date);
    if (current && onSaleOn(current.model, date)) names.push(name);
  }
  return names;
}

/** Newest launch first, at most MAX_LISTED ids. */
function list(models: readonly Model[], more: string): string {
  const sorted = [...models].sort(
    (a, b) => (b.prices[0]?.from ?? "").localeCompare(a.prices[0]?.from ?? "") || a.id.localeCompare(b.id),
  );
  const shown = sorted.slice(0, MAX_LISTED).map((model) => model.id);
  const left = sorted.length - shown.length;
  return `${shown.join(", ")}${left > 0 ? ` and ${left} more (${more})` : ""}`;
}
