import type { ChalkInstance } from "chalk";
import type { ModelListing } from "../core/list-models.js";
import type { NameResolution } from "../core/reports/models.js";
import { type Picodollars, PRICE_DECIMALS, scaledToDecimal, toUsdPerMillion } from "../pricing/money.js";
import type { DatedAlias, Model, PricePeriod } from "../pricing/types.js";
import {
  defaultPrice,
  PER_CHARACTER_MARK,
  PER_CHARACTER_NOTE,
  periodUnitsJson,
  periodUnitsText,
  REGIONAL_MARK,
  REGIONAL_NOTE,
} from "./billing-units.js";
import { fitHistoryTable, fitModelsTable } from "./fit-models.js";
import type { FitCell } from "./fit-table.js";
import { fitLines, type TerminalLayout } from "./fit-text.js";
import {
  countOf,
  csvRows,
  formatCount,
  formatPricePerMillion,
  formatTokenSize,
  printable,
  sellerText,
} from "./format.js";

/** A price period as JSON: USD per 1M tokens as numbers from the exact decimals. */
export function periodJson(p: PricePeriod) {
  const usd = (value: Picodollars | undefined) => (value === undefined ? undefined : toUsdPerMillion(value));
  return {
    from: p.from,
    to: p.to,
    input: usd(p.input),
    output: usd(p.output),
    cachedInput: usd(p.cachedInput),
    cacheWrite: usd(p.cacheWrite),
    batchInput: usd(p.batchInput),
    batchOutput: usd(p.batchOutput),
    tiers: p.tiers?.map((t) => ({
      above: t.above,
      input: usd(t.input),
      output: usd(t.output),
      cachedInput: usd(t.cachedInput),
    })),
    ...(p.pricedUpTo === undefined ? {} : { pricedUpTo: p.pricedUpTo }),
    ...(p.tiersInferredFrom === undefined ? {} : { tiersInferredFrom: p.tiersInferredFrom }),
    ...periodUnitsJson(p),
    source: p.source,
    checked: p.checked,
  };
}

/** A dated alias as JSON: the name, its period, its source, and whether it names the model on the date. */
function aliasPeriodJson(alias: DatedAlias, date: string) {
  return {
    name: alias.name,
    from: alias.from ?? null,
    to: alias.to ?? null,
    current: aliasInForce(alias, date),
    source: alias.source ?? null,
    checked: alias.checked ?? null,
  };
}

const aliasInForce = (alias: DatedAlias, date: string) =>
  (alias.from ?? "") <= date && (alias.to === undefined || date < alias.to);

function modelJson({ model, exact, price, unavailable, lastPrice }: ModelListing, date: string) {
  return {
    id: model.id,
    name: model.name,
    provider: model.provider,
    // Plain aliases, and the dated ones that name this model on the date (all in aliasPeriods).
    aliases: [
      ...model.aliases,
      ...model.datedAliases.filter((alias) => aliasInForce(alias, date)).map((alias) => alias.name),
    ],
    aliasPeriods: model.datedAliases.map((alias) => aliasPeriodJson(alias, date)),
    kind: model.kind,
    tokenizer: model.tokenizer,
    exact,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    reasoning: model.reasoning ?? false,
    host: model.host,
    // A host's listing (bedrock/…): the model it serves, whose tokenizer, window and lifecycle it has.
    serves: model.hostListing?.model ?? null,
    deprecated: model.deprecated,
    retired: model.retired,
    successor: model.successor ?? null,
    lifecycle: model.lifecycle ?? null,
    available: unavailable === undefined,
    unavailableReason: unavailable,
    price: price ? periodJson(price) : null,
    // Where the model and its prices were read: "shipped" (llmcost's list) or a user pricing file, as named.
    priceOrigin: model.userFile ?? "shipped",
    // A retired model named in a run is priced at this.
    lastPrice: lastPrice ? periodJson(lastPrice) : null,
  };
}

/** Version of the `models --format json` documents (schema/models.schema.json's `version`). */
export const MODELS_JSON_VERSION = 1;

/** `llmcost models --format json`. */
export function renderModelsJson(listings: readonly ModelListing[], date: string): string {
  const models = listings.map((listing) => modelJson(listing, date));
  return `${JSON.stringify({ version: MODELS_JSON_VERSION, date, models }, null, 2)}\n`;
}

/** `llmcost models --format jsonl`: one JSON object per model, with the date it was priced on. */
export function renderModelsJsonl(listings: readonly ModelListing[], date: string): string {
  return listings.map((listing) => `${JSON.stringify({ date, ...modelJson(listing, date) })}\n`).join("");
}

/** `llmcost models <id> --format json`: the model with its whole price history. */
export function renderModelJson(listing: ModelListing, date: string, via?: NameResolution): string {
  const { price: _, ...rest } = modelJson(listing, date);
  const history = listing.model.prices.map(periodJson);
  const model = { ...rest, price: listing.price ? periodJson(listing.price) : null, prices: history };
  return `${JSON.stringify({ version: MODELS_JSON_VERSION, date, ...(via ? { resolved: resolvedJson(via) } : {}), model }, null, 2)}\n`;
}

const resolvedJson = (via: NameResolution) => ({
  name: via.name,
  from: via.from ?? null,
  to: via.to ?? null,
  source: via.source ?? null,
  checked: via.checked ?? null,
});

const CSV_COLUMNS = [
  "id",
  "provider",
  "name",
  "kind",
  "tokenizer",
  "exact",
  "contextWindow",
  "maxOutputTokens",
  "inputPerMillion",
  "outputPerMillion",
  "cachedInputPerMillion",
  "batchInputPerMillion",
  "batchOutputPerMillion",
  "checked",
  "available",
  "priceOrigin",
  "host",
  // Appended (columns are public): the prices' unit, and "regional" where they are a host's regional ones.
  "unit",
  "endpoint",
];

const csvDecimal = (value: Picodollars | undefined) =>
  value === undefined ? "" : scaledToDecimal(value, PRICE_DECIMALS);

/** `llmcost models <id> --format csv`: the model's whole price history, one period a row. */
export function renderModelHistoryCsv(model: Model): string {
  const head = [
    "id",
    "from",
    "to",
    "input",
    "output",
    "cachedInput",
    "cacheWrite",
    "batchInput",
    "batchOutput",
    "tiers",
    "source",
    "checked",
    // Appended: what the prices bill, "token" or "character" (then they are per 1M characters).
    "unit",
  ];
  const rows = model.prices.map((p) => [
    model.id,
    p.from,
    p.to ?? "",
    csvDecimal(p.input),
    csvDecimal(p.output),
    csvDecimal(p.cachedInput),
    csvDecimal(p.cacheWrite),
    csvDecimal(p.batchInput),
    csvDecimal(p.batchOutput),
    (p.tiers ?? []).map((t) => `>${t.above}:${csvDecimal(t.input)}/${csvDecimal(t.output)}`).join(" "),
    p.source,
    p.checked,
    p.unit ?? "token",
  ]);
  return csvRows([head, ...rows]);
}

/** `llmcost models --format csv` (RFC 4180). */
export function renderModelsCsv(listings: readonly ModelListing[]): string {
  const decimal = csvDecimal;
  const rows = listings.map(({ model, exact, price: period, unavailable }) => {
    // The price estimate uses by default (a host's regional endpoint), so the two agree.
    const { price, endpoint } = period
      ? defaultPrice(period, model.namedEndpoint)
      : { price: undefined, endpoint: undefined };
    return [
      model.id,
      model.provider,
      model.name,
      model.kind,
      model.tokenizer,
      String(exact),
      String(model.contextWindow),
      String(model.maxOutputTokens),
      decimal(price?.input),
      decimal(price?.output),
      decimal(price?.cachedInput),
      decimal(price?.batchInput),
      decimal(price?.batchOutput),
      price?.checked ?? "",
      String(unavailable === undefined),
      model.userFile ?? "shipped",
      model.host ?? "",
      price ? (price.unit ?? "token") : "",
      endpoint ?? "",
    ];
  });
  return csvRows([CSV_COLUMNS, ...rows]);
}

const money = (value: Picodollars | undefined) => (value === undefined ? "–" : formatPricePerMillion(value));
const tokenizerCell = (model: Model, exact: boolean, chalk: ChalkInstance) =>
  exact ? model.tokenizer : chalk.yellow(`≈ ${model.tokenizer}`);

/** `llmcost models`: one row per model with the price in force on the date. */
export function renderModelsTable(
  listings: readonly ModelListing[],
  date: string,
  chalk: ChalkInstance,
  layout?: TerminalLayout,
): string {
  const head = [
    "Model",
    "Provider",
    "Tokenizer",
    "Context",
    "$/1M in",
    "$/1M out",
    "Cached in",
    "Batch in/out",
    "Checked",
  ];
  const rows: FitCell[][] = [];
  const ids = { ids: listings.map(({ model }) => printable(model.id)), suffixes: [] as string[] };
  const marks = new Set<string>();
  for (const { model, exact, price: period, unavailable } of listings) {
    const reasoning = model.reasoning ? chalk.dim(" (reasoning)") : "";
    const name = printable(model.id) + reasoning;
    ids.suffixes.push(reasoning);
    if (!period) {
      rows.push([
        name,
        sellerText(model.provider, model.host),
        tokenizerCell(model, exact, chalk),
        formatTokenSize(model.contextWindow),
        { colSpan: 5, content: chalk.yellow(unavailable ?? "no price") },
        null,
        null,
        null,
        null,
      ]);
      continue;
    }
    // The price estimate uses by default, marked when it is per character or a regional endpoint's.
    const { price, endpoint } = defaultPrice(period, model.namedEndpoint);
    const mark = (price.unit === "character" ? PER_CHARACTER_MARK : "") + (endpoint ? REGIONAL_MARK : "");
    for (const each of mark) marks.add(each);
    const batch =
      price.batchInput === undefined ? "–" : `${money(price.batchInput)}/${money(price.batchOutput)}`;
    const tiers = (price.tiers?.length ? chalk.dim(` +${price.tiers.length} tier`) : "") + mark;
    rows.push([
      name,
      sellerText(model.provider, model.host),
      tokenizerCell(model, exact, chalk),
      formatTokenSize(model.contextWindow),
      money(price.input) + tiers,
      money(price.output) + mark,
      money(price.cachedInput),
      batch,
      price.checked,
    ]);
  }
  const checked = listings.flatMap((l) => (l.price ? [l.price.checked] : [])).sort();
  const [oldest, newest] = [checked[0], checked.at(-1)];
  const footer = [
    `${listings.length} model${listings.length === 1 ? "" : "s"}; USD per 1M tokens in force on ${date}` +
      (oldest ? `, checked ${oldest === newest ? oldest : `${oldest} to ${newest}`}` : ""),
  ];
  if (marks.has(PER_CHARACTER_MARK)) footer.push(PER_CHARACTER_NOTE);
  if (marks.has(REGIONAL_MARK)) footer.push(REGIONAL_NOTE);
  if (listings.some((l) => !l.exact)) {
    footer.push("≈ tokenizer not available offline: token counts for these models are estimates");
  }
  const table = fitModelsTable(head, rows, ids, { chalk, layout });
  return fitLines(`${table}\n${footer.map((line) => chalk.dim(line)).join("\n")}\n`, layout);
}

/** `llmcost models <id>`: the model's facts, then its whole price history. */
export function renderModelDetail(
  listing: ModelListing,
  date: string,
  chalk: ChalkInstance,
  via?: NameResolution,
  layout?: TerminalLayout,
): string {
  const { model, exact } = listing;
  const facts = [
    via
      ? `"${printable(via.name)}" names ${printable(model.id)} on ${date}${periodText(via)}${via.source ? `; source: ${via.source} (checked ${via.checked})` : ""}`
      : "",
    `${chalk.bold(printable(model.name))} (${printable(model.id)}), ${model.providerName}${model.host ? ` via ${model.hostName ?? model.host}` : ""}`,
    model.aliases.length ? `Aliases: ${model.aliases.join(", ")}` : "",
    model.datedAliases.length
      ? `Dated aliases: ${model.datedAliases.map((alias) => `${alias.name}${periodText(alias)}`).join("; ")}`
      : "",
    `Kind: ${model.kind}${model.reasoning ? ", reasoning tokens billed as output" : ""}`,
    `Tokenizer: ${model.tokenizer} (${exact ? "exact" : "≈ estimate"})`,
    `Context window: ${countOf(model.contextWindow, "token")}; max output ${formatCount(model.maxOutputTokens)}`,
    model.deprecated ? `Deprecated: ${model.deprecated}` : "",
    model.retired ? `${model.retired <= date ? "Retired" : "Retires"}: ${model.retired}` : "",
    model.successor ? `Successor: ${model.successor}` : "",
    model.lifecycle ? `Lifecycle source: ${model.lifecycle.source} (checked ${model.lifecycle.checked})` : "",
    listing.unavailable
      ? chalk.yellow(
          `Not priced on ${date}: ${listing.unavailable}${listing.lastPrice ? `; named, it is priced at its last price (from ${listing.lastPrice.from})` : ""}`,
        )
      : `Price on ${date}: from ${listing.price?.from}`,
  ].filter(Boolean);
  const head = [
    "From",
    "To",
    "In",
    "Out",
    "Cached in",
    "Cache write",
    "Batch in/out",
    "Long context",
    "Checked",
    "Source",
  ];
  const rows: string[][] = [];
  for (const p of model.prices) {
    // Tiers not the host's own, and prices known only so far, say so (docs/pricing.md).
    const tiers = [
      ...(p.tiers ?? []).map((t) => `>${formatTokenSize(t.above)}: ${money(t.input)}/${money(t.output)}`),
      ...(p.tiersInferredFrom ? ["(≈ the maker's, in proportion)"] : []),
      ...(p.pricedUpTo === undefined ? [] : [`>${formatTokenSize(p.pricedUpTo)}: not recorded`]),
    ].join("; ");
    const batch = p.batchInput === undefined ? "–" : `${money(p.batchInput)}/${money(p.batchOutput)}`;
    rows.push([
      p.from,
      p.to ?? "",
      money(p.input),
      money(p.output),
      money(p.cachedInput),
      money(p.cacheWrite),
      batch,
      tiers || "–",
      p.checked,
      p.source,
    ]);
  }
  const units = model.prices.flatMap((p) => periodUnitsText(p).map((text) => `${p.from}: ${text}`));
  const unitLines = units.length
    ? `Billing units (docs/billing-units.md):\n${units.map((line) => `  ${line}`).join("\n")}\n`
    : "";
  return fitLines(
    `${facts.join("\n")}\n${fitHistoryTable(head, rows, { chalk, layout })}\n${unitLines}`,
    layout,
  );
}

/** " (from 2024-10-02 until 2025-01-01)"; an open end reads "from 2024-10-02". */
function periodText(alias: { from?: string; to?: string }): string {
  const parts = [alias.from ? `from ${alias.from}` : "", alias.to ? `until ${alias.to}` : ""].filter(Boolean);
  return parts.length ? ` (${parts.join(" ")})` : "";
}
