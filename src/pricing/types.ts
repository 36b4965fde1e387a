import type { Picodollars } from "./money.js";

export type ModelKind = "chat" | "completion" | "embedding";

/** One dated price, as billed from `from` (inclusive) until `to` (exclusive) or until further notice. */
export interface PricePeriod {
  from: string;
  to?: string;
  /** Picodollars per input token (= micro-USD per million). */
  input: Picodollars;
  /** Picodollars per output token. */
  output: Picodollars;
  /** Cached-input reads, per token. */
  cachedInput?: Picodollars;
  /** Writing input to the prompt cache, per token. */
  cacheWrite?: Picodollars;
  /** Batch API prices, per token. */
  batchInput?: Picodollars;
  batchOutput?: Picodollars;
  /** Long-context tiers, rising: past `above` input tokens the whole request is billed at the tier's prices. */
  tiers?: PriceTier[];
  /** "character": this period bills characters, not tokens; its prices are per character (docs/billing-units.md). */
  unit?: "character";
  /** Writing input to the 1-hour prompt cache, per token (`cacheWrite` is the 5-minute write). */
  cacheWrite1h?: Picodollars;
  /** Prices of the provider's other service tiers; the period's own prices are the standard tier. */
  serviceTiers?: { flex?: PriceOverride; priority?: PriceOverride };
  /** A host's in-region / geographic endpoint prices; the period's own are its global endpoint. */
  regional?: PriceOverride;
  /** Time-of-day windows (UTC) with their own prices, e.g. DeepSeek's off-peak discount. */
  offPeak?: OffPeakWindow[];
  /**
   * Input tokens up to which these prices are known: the provider bills larger requests otherwise
   * (a long-context tier no dated source gave). A run past it says the cost may be under the bill.
   */
  pricedUpTo?: number;
  /**
   * Set (to the served model's id) on a host's period whose long-context tiers are not the host's
   * own: no source gave them, so they follow the served model's in proportion (inferred-tiers.ts).
   */
  tiersInferredFrom?: string;
  source: string;
  checked: string;
}

/**
 * Prices that replace a period's in one billing mode (a service tier, an endpoint, an hour). Input and
 * output are given; a price left out follows the period's in proportion (docs/billing-units.md).
 */
export interface PriceOverride extends TokenPrices {
  /** Long-context tiers of these prices; without them the period's tiers follow in proportion. */
  tiers?: PriceTier[];
}

/** The per-token prices a tier or an override sets: input and output always, the rest where priced. */
export interface TokenPrices {
  input: Picodollars;
  output: Picodollars;
  cachedInput?: Picodollars;
  cacheWrite?: Picodollars;
  cacheWrite1h?: Picodollars;
  /** Batch prices; a tier without them follows the period's batch discount. */
  batchInput?: Picodollars;
  batchOutput?: Picodollars;
}

/** Days of the week, as off-peak windows name them (UTC). */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A window of the day, UTC, from `start` (inclusive) to `end` (exclusive), "HH:MM"; an end at or before
 * the start runs past midnight. `days`: the days (UTC) the window starts on; absent, every day.
 */
export interface OffPeakWindow extends PriceOverride {
  start: string;
  end: string;
  days?: Weekday[];
}

/** A long-context price, applied to the whole request once its input passes `above` tokens. */
export interface PriceTier extends TokenPrices {
  above: number;
}

/** An alias in force from `from` (inclusive) until `to` (exclusive); either may be open. */
export interface DatedAlias {
  name: string;
  from?: string;
  to?: string;
  /** Where the provider showed the name pointing here, and when that was seen. */
  source?: string;
  checked?: string;
}

/** Where a model's deprecation, retirement and successor were read, and when. */
export interface LifecycleSource {
  source: string;
  checked: string;
}

/** Where a model was defined, for error messages: a file and a JSON path. */
export interface Origin {
  file: string;
  path: string;
}

export interface Model {
  id: string;
  /** Names that always resolve to this model. */
  aliases: readonly string[];
  /** Names that resolved to this model only for a while (e.g. "gpt-4o" before a newer snapshot took it). */
  datedAliases: readonly DatedAlias[];
  provider: string;
  providerName: string;
  name: string;
  kind: ModelKind;
  tokenizer: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** The company whose API the price is for, when it is not the model's maker (e.g. Llama on Together). */
  host?: string;
  /** The host's display name ("Amazon Bedrock"), when its pricing file gives one. */
  hostName?: string;
  /** The provider announced the model's end (YYYY-MM-DD). */
  deprecated?: string;
  /** The model no longer serves requests from this date. */
  retired?: string;
  /** The model the provider names as its replacement (an id or alias in the catalogue). */
  successor?: string;
  /** Where `deprecated`, `retired` and `successor` were read. */
  lifecycle?: LifecycleSource;
  /** Hidden reasoning tokens are billed as output tokens. */
  reasoning?: boolean;
  prices: readonly PricePeriod[];
  origin: Origin;
  /** The user pricing file (named as given) the model came from; undefined for the price list's own. */
  userFile?: string;
  /** The endpoint the name a run used says (Bedrock's `global.…` or `us.…` ids); see core/named-endpoint.ts. */
  namedEndpoint?: "regional" | "global";
  /** Set for a model from a host's file (`bedrock/…`): what it was based on, once the catalogue is built. */
  hostListing?: HostListing;
}

/**
 * A model as a host sells it. `model` names the catalogue model it serves: the tokenizer, context
 * window, lifecycle and maker come from there unless the host's entry gives them (`given`); the
 * prices are always the host's own.
 */
export interface HostListing {
  /** The id or alias the entry named; the served model's id once the catalogue is built. */
  model?: string;
  /** The fields the host's entry wrote itself (the rest are inherited from `model`). */
  given: readonly string[];
}

/** All of one provider's (or one host's) models, as read from one `pricing/*.json` file. */
export interface ProviderFile {
  file: string;
  /** The provider id, or for a host's file (`"host": "bedrock"`) the host id. */
  provider: string;
  name: string;
  /** True for a host's file: its models are named `<host>/…` and priced as the host bills. */
  host?: boolean;
  models: Model[];
}

/** The whole price list, with case-insensitive lookup by id or alias. */
export interface Catalog {
  models: readonly Model[];
  providers: ReadonlyMap<string, string>;
  /** The ids among `providers` that are hosts (their files list `<host>/…` models). */
  hosts: ReadonlySet<string>;
  /** Ids and undated aliases, lowercased. */
  byName: ReadonlyMap<string, Model>;
  /** Dated aliases, lowercased, each with the models it named and when, in date order. */
  byDatedAlias: ReadonlyMap<string, readonly AliasPeriod[]>;
}

/** One period of a dated alias: the model the name pointed to from `from` until `to`. */
export interface AliasPeriod {
  model: Model;
  from?: string;
  to?: string;
  source?: string;
  checked?: string;
}
