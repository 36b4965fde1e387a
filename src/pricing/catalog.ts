import { dataError } from "../errors.js";
import { resolveHostListings } from "./hosted-models.js";
import type { AliasPeriod, Catalog, Model, ProviderFile } from "./types.js";

/**
 * Joins validated provider files into one catalogue. Ids and aliases are unique across all files
 * (case-insensitively), and every model names a tokenizer that `isKnownTokenizer` accepts.
 * A host's models (`bedrock/…`) take what they leave out from the model they serve (hosted-models.ts).
 * `overrides` (user pricing files) come last: a model replaces, whole, every earlier model that its
 * id or one of its aliases names (so a user's "gpt-4o" replaces the snapshot it is an alias of);
 * any other model is added.
 */
export function buildCatalog(
  files: readonly ProviderFile[],
  isKnownTokenizer: (id: string) => boolean,
  overrides: readonly ProviderFile[] = [],
): Catalog {
  const providers = new Map<string, string>();
  const hosts = new Set<string>();
  const shipped: Model[] = [];
  for (const file of files) {
    if (providers.has(file.provider)) {
      throw dataError(file.file, `provider: "${file.provider}" is already defined by another pricing file`);
    }
    providers.set(file.provider, file.name);
    if (file.host) hosts.add(file.provider);
    for (const model of file.models) shipped.push(model);
  }
  const slots = new ReplaceableModels(shipped);
  // The names first-party models answer to: a host's file may not take one over (a bare name keeps
  // meaning the maker's API); a user's provider file may, that is how a price is overridden.
  const makerNames = new Map<string, Model>();
  const addMakerNames = (file: ProviderFile) => {
    if (!file.host)
      for (const model of file.models) for (const name of namesOf(model)) makerNames.set(name, model);
  };
  for (const file of files) addMakerNames(file);
  for (const file of overrides) {
    if (!providers.has(file.provider)) providers.set(file.provider, file.name);
    if (file.host) hosts.add(file.provider);
    else addMakerNames(file);
    const seen = new Set<string>();
    for (const parsed of file.models) {
      if (file.host) refuseMakerNames(file, parsed, makerNames);
      // A user file may price models of a provider the catalogue already names: use its name.
      const model = {
        ...parsed,
        providerName: providers.get(parsed.provider) ?? parsed.providerName,
        userFile: file.file,
      };
      const names = namesOf(model);
      for (const name of names) {
        if (seen.has(name))
          throw dataError(file.file, `${model.origin.path}: "${name}" is defined twice in this file`);
        seen.add(name);
      }
      if (!providers.has(model.provider)) providers.set(model.provider, model.providerName);
      slots.replace(model, names);
    }
  }
  const models = resolveHostListings(slots.live(), providers);
  const byName = new Map<string, Model>();
  for (const model of models) {
    if (!isKnownTokenizer(model.tokenizer)) {
      throw dataError(
        model.origin.file,
        `${model.origin.path}.tokenizer: unknown tokenizer "${model.tokenizer}"`,
      );
    }
    for (const name of [model.id, ...model.aliases]) {
      const key = name.toLowerCase();
      const clash = byName.get(key);
      if (clash)
        throw dataError(
          model.origin.file,
          `${model.origin.path}: "${name}" is already used by ${where(clash, model)}`,
        );
      byName.set(key, model);
    }
  }
  const byDatedAlias = new Map<string, AliasPeriod[]>();
  for (const model of models) {
    for (const alias of model.datedAliases) {
      const key = alias.name.toLowerCase();
      const clash = byName.get(key);
      if (clash)
        throw dataError(
          model.origin.file,
          `${model.origin.path}: "${alias.name}" is already used by ${where(clash, model)}`,
        );
      const entries = byDatedAlias.get(key) ?? [];
      const overlap = entries.find(
        (e) => (e.from ?? "") < (alias.to ?? "9999") && (alias.from ?? "") < (e.to ?? "9999"),
      );
      if (overlap) {
        throw dataError(
          model.origin.file,
          `${model.origin.path}: alias "${alias.name}" overlaps its dates on ${where(overlap.model, model)}`,
        );
      }
      entries.push({ model, ...alias });
      // Validated dates (YYYY-MM-DD) or none: ordered as strings, as localeCompare would, without its
      // collator (~10 ms to make on first use).
      entries.sort((x, y) => compareText(x.from ?? "", y.from ?? ""));
      byDatedAlias.set(key, entries);
    }
  }
  for (const model of models) {
    const successor = model.successor?.toLowerCase();
    if (successor !== undefined && !byName.has(successor) && !byDatedAlias.has(successor))
      throw dataError(
        model.origin.file,
        `${model.origin.path}.successor: "${model.successor}" is not a model in the price list`,
      );
  }
  return { models, providers, hosts, byName, byDatedAlias };
}

/**
 * The catalogue's models while user files replace them: each model in a slot, and every name (id,
 * alias, dated alias; lowercased) indexed to the slots of the models answering to it, so a user model
 * finds what it replaces at once. Scanning every model per user model was quadratic (16,000 user
 * models: 14-46 s).
 */
class ReplaceableModels {
  private readonly slots: (Model | undefined)[];
  /** Made on the first replace: a run without user files never needs it (~10-20 ms of each start-up). */
  private indexed: Map<string, Set<number>> | undefined;

  constructor(models: readonly Model[]) {
    this.slots = [...models];
  }

  private get byName(): Map<string, Set<number>> {
    if (!this.indexed) {
      this.indexed = new Map();
      this.slots.forEach((model, slot) => {
        if (model) this.index(model, slot);
      });
    }
    return this.indexed;
  }

  /**
   * Puts `model` in place of every model one of its `names` names (at the first one's place), or
   * after all of them when it names none. The replaced models' ids and aliases keep working: they
   * now name the user's model.
   */
  replace(model: Model, names: readonly string[]): void {
    const replaced = [...new Set(names.flatMap((name) => [...(this.byName.get(name) ?? [])]))].sort(
      (a, b) => a - b,
    );
    const inherited = replaced.flatMap((slot) => {
      const old = this.slots[slot] as Model;
      return [old.id, ...old.aliases].filter((name) => !names.includes(name.toLowerCase()));
    });
    for (const slot of replaced) {
      this.unindex(this.slots[slot] as Model, slot);
      this.slots[slot] = undefined;
    }
    const merged = { ...model, aliases: [...model.aliases, ...new Set(inherited)] };
    const at = replaced[0] ?? this.slots.length;
    this.slots[at] = merged;
    this.index(merged, at);
  }

  /** The models in their order, replaced ones gone. */
  live(): Model[] {
    return this.slots.filter((model): model is Model => model !== undefined);
  }

  private index(model: Model, slot: number) {
    for (const name of namesOf(model)) {
      const slots = this.byName.get(name) ?? new Set<number>();
      slots.add(slot);
      this.byName.set(name, slots);
    }
  }

  private unindex(model: Model, slot: number) {
    for (const name of namesOf(model)) this.byName.get(name)?.delete(slot);
  }
}

/** A host's entry naming itself (id or alias) by a name a first-party model answers to: exit 65. */
function refuseMakerNames(file: ProviderFile, model: Model, makerNames: ReadonlyMap<string, Model>) {
  const named = [model.id, ...model.aliases];
  named.forEach((name, index) => {
    const maker = makerNames.get(name.toLowerCase());
    if (!maker) return;
    const at = index === 0 ? "id" : `aliases[${index - 1}]`;
    throw dataError(
      file.file,
      `${model.origin.path}.${at}: "${name}" names ${maker.providerName}'s ${maker.id}; a host's file may not take a maker's name (a bare name means the maker's own API)`,
    );
  });
}

/** Every name a model answers to, lowercased. */
export function namesOf(model: Model): string[] {
  return [model.id, ...model.aliases, ...model.datedAliases.map((alias) => alias.name)].map((name) =>
    name.toLowerCase(),
  );
}

const where = (clash: Model, model: Model) =>
  clash.origin.file === model.origin.file ? clash.origin.path : `${clash.origin.file} ${clash.origin.path}`;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
