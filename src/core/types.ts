import type { Picodollars } from "../pricing/money.js";
import type { ModelKind } from "../pricing/types.js";
import type { ErrorBand } from "../tokenizers/types.js";

/** One text to price, as one request: a file's or stdin's decoded contents. */
export interface InputText {
  source: string;
  text: string;
  /** Size of the raw bytes read; defaults to the UTF-8 length of `text`. */
  bytes?: number;
}

/** An input once counted: its size, and its tokens per counting pass (keyed by `countedWith`). */
export interface CountedInput {
  source: string;
  bytes: number;
  /** Unicode code points. */
  characters: number;
  counts: ReadonlyMap<string, number>;
  /**
   * Per counting pass, the cuts made without proof in text held too long with no safe cut point
   * (tokenizers/held-cut.ts); absent or 0: the count is the tokenizer's own, exactly.
   */
  unprovenCuts?: ReadonlyMap<string, number>;
}

/** Which profile of `llmcost calibrate` scaled an estimate: where it is, when and on what it was made. */
export interface CalibrationRef {
  profile: string;
  created: string;
  samples: number;
  model: string;
}

/** What a response is assumed to cost: nothing, a fixed number of tokens, or a ratio of the input. */
export type OutputAssumption =
  | { kind: "none" }
  | { kind: "tokens"; tokens: number }
  /** `ratio` is an exact decimal string such as "0.25". */
  | { kind: "ratio"; ratio: string };

/** Hidden reasoning tokens per request: none, a fixed number, or a multiple of the visible output. */
export type ReasoningAssumption =
  | { kind: "none" }
  | { kind: "tokens"; tokens: number }
  /** `ratio` is an exact decimal string such as "1.5". */
  | { kind: "ratio"; ratio: string };

/** Tokens and money for one model over one or more requests. Costs are exact picodollars. */
export interface ModelResult {
  model: string;
  name: string;
  provider: string;
  providerName: string;
  /** Whose API the price is for, when not the model's maker (e.g. "together" for Llama). */
  host?: string;
  kind: ModelKind;
  tokenizer: string;
  countedWith: string;
  exact: boolean;
  /** For an estimate, how it was made ("counted with cl100k_base"). */
  estimateMethod?: string;
  /** The calibration profile (llmcost calibrate) the estimate was scaled with, for text inputs. */
  calibratedWith?: CalibrationRef;
  inputTokens: number;
  /** Input tokens billed as cached reads (--cached-ratio); characters for a per-character price. */
  cachedInputTokens: number;
  /** Input tokens billed as cache writes (--cache-write, at --cache-ttl's price); present when asked for. */
  cacheWriteTokens?: number;
  /** "character": the price bills characters, not tokens; the costs are characters × price. */
  unit?: "character";
  /** For a per-character price: input characters billed (code points, white space excluded). */
  inputCharacters?: number;
  /** For a per-character price: output characters billed, 4 per output token assumed. */
  outputCharacters?: number;
  /** The service tier priced, when not standard (--service-tier). */
  serviceTier?: "flex" | "priority";
  /** The endpoint priced, for a host that prices its endpoints apart (--endpoint). */
  endpoint?: "regional" | "global";
  /** The off-peak window (UTC) --at fell in, "16:30–00:30", whose prices were used. */
  offPeak?: string;
  /** Output tokens billed: the visible response and hidden reasoning together, as providers report them. */
  outputTokens: number;
  /** Of outputTokens, hidden reasoning tokens (--reasoning-tokens; reasoning models only). */
  reasoningTokens: number;
  /** Image, audio and file parts of requests that the count leaves out (no rule, or no image size). */
  uncountedParts: number;
  /**
   * Cuts made without proof in text held too long with no safe cut point (tokenizers/held-cut.ts):
   * the count is then an estimate, within UNPROVEN_CUT_TOKENS per cut. Absent when none.
   */
  unprovenCuts?: number;
  /** Requests priced (a text input is one request; a batch file has one per line). */
  requests: number;
  /** Cost of all input tokens, cached reads included. */
  inputCost: Picodollars;
  outputCost: Picodollars;
  totalCost: Picodollars;
  /** Of outputCost, what the reasoning tokens cost. */
  reasoningCost: Picodollars;
  /** The range of the cost: no output at all (input only) … */
  lowCost: Picodollars;
  /** … and every request writing its whole output bound (max_tokens, else the model's maximum output). */
  highCost: Picodollars;
  highOutputTokens: number;
  /**
   * For an estimate whose tokenizer has a measured error band (Tokenizer.band): the band, the input
   * tokens at its ends (⌊count × low⌋ … ⌈count × high⌉ per request, added up) and the input cost at
   * those counts, billed as the count is (tiers per request, cache, batch). A request's band applies to
   * its whole input count (chat formatting included). Absent for exact counts and bandless estimates.
   */
  band?: ErrorBand;
  inputTokensRange?: { low: number; high: number };
  inputCostRange?: { low: Picodollars; high: Picodollars };
  /** highCost and largestRequestTokens with every request's input at the band's high end (--budget-on high). */
  bandHigh?: { highCost: Picodollars; largestRequestTokens: number };
  /** Per-token prices in picodollars (= USD per 1M tokens × 10^6). */
  inputPrice: Picodollars;
  outputPrice: Picodollars;
  contextWindow: number;
  maxOutputTokens: number;
  /** The largest single request (input + output tokens) among the inputs. */
  largestRequestTokens: number;
  /** Every request's input + output fits the context window. */
  fitsContext: boolean;
  /** Every request's output fits the model's maximum output. */
  fitsMaxOutput: boolean;
  /** Some request passed a long-context threshold and was billed at the higher tier. */
  longContext: boolean;
  priceFrom: string;
  priceSource: string;
  priceChecked: string;
  /** The user pricing file (named as given) the price came from; undefined for the shipped list. */
  priceOrigin?: string;
  /** The model retired on this date, before the run's date: priced at its last price. */
  retired?: string;
  /** An announced retirement, after the run's date. */
  retires?: string;
  /** The replacement the provider names for a retired or retiring model. */
  successor?: string;
  /** When that replacement has retired too: the first model on sale along the chain of successors. */
  successorOnSale?: string;
}

export interface InputSummary {
  source: string;
  bytes: number;
  /** Unicode code points. */
  characters: number;
  /** What the input was read as: loose text, one chat payload, or a batch file of requests. */
  kind?: "text" | "chat" | "batch";
  /** Requests in it (1 for text). */
  requests?: number;
  /** Batch lines skipped as invalid (--skip-invalid). */
  skippedRequests?: number;
}

/** How a run was billed, as its report states it (the fields after cachedRatio only when asked for). */
export interface BillingHeader {
  batch: boolean;
  cachedRatio: string;
  /** Share of input billed as cache writes (--cache-write), as a decimal string. */
  cacheWriteRatio?: string;
  /** --cache-ttl: "5m" or "1h". */
  cacheTtl?: "5m" | "1h";
  /** --service-tier. */
  serviceTier?: "standard" | "flex" | "priority";
  /** --endpoint. */
  endpoint?: "regional" | "global";
  /** --at: the time of day, UTC, "HH:MM". */
  at?: string;
}

/** The whole answer of one estimate: every input, every model's totals, and per-input results. */
/** A selected model that could not be priced, and why ("no price before 2024-05-13"). */
export interface Unavailable {
  model: string;
  provider: string;
  reason: string;
  /** Named with --model (rather than taken in by --all or --provider). */
  named: boolean;
}

/** One request of a request input (--per-request): its id and line, and its result for each model it is priced for. */
export interface RequestRow {
  id: string;
  line: number;
  results: RequestCost[];
}

/** A request's figures for one model: a few fields, as a batch file may list 50,000 of them. */
export type RequestCost = Pick<
  ModelResult,
  | "model"
  | "exact"
  | "inputTokens"
  | "outputTokens"
  | "reasoningTokens"
  | "highOutputTokens"
  | "lowCost"
  | "totalCost"
  | "highCost"
>;

/**
 * Inputs priced one by one, before totals: what `--format jsonl` writes and `llmcost merge` adds up.
 * `empty` holds, per priced model in a fixed order, a result for no request: where totals start.
 * Each input's `results` follow the same order.
 */
export interface PricedInputs extends Omit<Estimate, "inputs" | "results" | "perInput"> {
  empty: ModelResult[];
  inputs: PricedInput[];
}

/** One input priced: its size, each model's result, and for request inputs with --per-request each request. */
export type PricedInput = InputSummary & { results: ModelResult[]; requestRows?: RequestRow[] };

/** How an estimate was priced: what a report states above its figures (estimate and diff alike). */
export type PricingContext = Pick<
  Estimate,
  "date" | "output" | "reasoning" | "billing" | "pricesChecked" | "unavailable" | "notes"
>;

export interface Estimate {
  /** The date whose prices were used (YYYY-MM-DD). */
  date: string;
  output: OutputAssumption;
  /** Absent when none was asked for. */
  reasoning?: ReasoningAssumption;
  /** Batch prices; the share of input billed as cached reads, as a decimal string; the other choices. */
  billing: BillingHeader;
  /** Oldest and newest `checked` date among the prices used; null when nothing was priced. */
  pricesChecked: { oldest: string; newest: string } | null;
  unavailable: Unavailable[];
  /** Lines for the reader, e.g. "--count-with api: ANTHROPIC_API_KEY is not set; anthropic counts are estimates". */
  notes: string[];
  inputs: InputSummary[];
  /** Totals per model, sorted by total cost, cheapest first. */
  results: ModelResult[];
  /** The same per input, in input order (results sorted like `results`). */
  perInput: { source: string; results: ModelResult[]; requestRows?: RequestRow[] }[];
}
