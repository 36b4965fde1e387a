import { Chalk, type ChalkInstance } from "chalk";
import type { ModelReport, ModelsReport } from "../core/reports/models.js";
import type { TerminalLayout } from "./fit-text.js";
import {
  renderModelDetail,
  renderModelHistoryCsv,
  renderModelJson,
  renderModelsCsv,
  renderModelsJson,
  renderModelsJsonl,
  renderModelsTable,
} from "./models.js";

/** Views of `llmcost models`: each format is one renderer of the same report, as DIFF_RENDERERS. */
export type ModelsFormat = "table" | "json" | "csv" | "jsonl";

export interface ModelsRenderOptions {
  /** Colours for the table; plain text when omitted. */
  chalk?: ChalkInstance;
  /** The terminal's width: the table fits it. */
  layout?: TerminalLayout;
}

const PLAIN = new Chalk({ level: 0 });

/** The price list. */
export const MODELS_RENDERERS: Record<
  ModelsFormat,
  (report: ModelsReport, options: ModelsRenderOptions) => string
> = {
  table: ({ listings, date }, { chalk = PLAIN, layout }) => renderModelsTable(listings, date, chalk, layout),
  json: ({ listings, date }) => renderModelsJson(listings, date),
  csv: ({ listings }) => renderModelsCsv(listings),
  jsonl: ({ listings, date }) => renderModelsJsonl(listings, date),
};

/** One model: its facts and its whole price history (CSV: the history alone; jsonl: its listing line). */
export const MODEL_RENDERERS: Record<
  ModelsFormat,
  (report: ModelReport, options: ModelsRenderOptions) => string
> = {
  table: ({ listing, date, via }, { chalk = PLAIN, layout }) =>
    renderModelDetail(listing, date, chalk, via, layout),
  json: ({ listing, date, via }) => renderModelJson(listing, date, via),
  csv: ({ listing }) => renderModelHistoryCsv(listing.model),
  jsonl: ({ listing, date }) => renderModelsJsonl([listing], date),
};
