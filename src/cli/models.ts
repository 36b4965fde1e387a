import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import { defaultTokenizers } from "../api.js";
import { listModels } from "../core/list-models.js";
import { unknownProviderHint } from "../core/model-hints.js";
import { findModel, resolveName } from "../core/select-models.js";
import { usageError } from "../errors.js";
import {
  renderModelDetail,
  renderModelHistoryCsv,
  renderModelJson,
  renderModelsCsv,
  renderModelsJson,
  renderModelsJsonl,
  renderModelsTable,
} from "../render/models.js";
import type { CliIO, CommandResult } from "./context.js";
import { COLOR_MODES, colorLevel, FORMATS } from "./estimate.js";
import { EXIT } from "./exit-codes.js";
import {
  asOfOption,
  type CatalogFlags,
  catalogFor,
  pricingOption,
  providerOption,
  runDate,
} from "./shared-options.js";

interface ModelsFlags extends CatalogFlags {
  provider?: string[];
  search?: string;
  format: (typeof FORMATS)[number];
  color: (typeof COLOR_MODES)[number];
}

/** Registers `llmcost models [id]`: the price list, or one model with its price history. */
export function registerModels(program: Command, io: CliIO, done: (result: CommandResult) => void) {
  program
    .command("models")
    .description(
      "list models with prices, context window and tokenizer; with an id, that model's price history",
    )
    .argument("[id]", "a model id or alias")
    .addOption(providerOption("only these providers (openai, anthropic, …)"))
    .addOption(new Option("-s, --search <text>", "only models whose id, alias or name contains the text"))
    .addOption(asOfOption())
    .addOption(pricingOption())
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(
      new Option("--color <when>", "colour: auto, always, never").choices(COLOR_MODES).default("auto"),
    )
    .action(async (id: string | undefined, flags: ModelsFlags) => done(await runModels(id, flags, io)));
}

async function runModels(id: string | undefined, flags: ModelsFlags, io: CliIO): Promise<CommandResult> {
  const catalog = await catalogFor(flags, io);
  const date = flags.asOf ?? runDate(io);
  const registry = defaultTokenizers();
  const isExact = (tokenizer: string) => registry.isExact(tokenizer) ?? false;
  const chalk = new Chalk({ level: colorLevel(flags.color, io) });
  if (id !== undefined) {
    const model = findModel(catalog, id, date);
    const [listing] = listModels({ ...catalog, models: [model] }, { date }, isExact);
    if (!listing) throw new Error("a found model was not listed");
    // A family name or dated alias: say which model it names on the date, and on what authority.
    const period = resolveName(catalog, id, date)?.period;
    const via = period ? { ...period, name: id.trim().toLowerCase() } : undefined;
    if (flags.format === "csv") return { stdout: renderModelHistoryCsv(model), exitCode: EXIT.ok };
    if (flags.format === "jsonl") return { stdout: renderModelsJsonl([listing], date), exitCode: EXIT.ok };
    const text =
      flags.format === "json"
        ? renderModelJson(listing, date, via)
        : renderModelDetail(listing, date, chalk, via);
    return { stdout: text, exitCode: EXIT.ok };
  }
  for (const provider of flags.provider ?? []) {
    if (!catalog.providers.has(provider.toLowerCase()))
      throw usageError(`--provider ${provider}`, unknownProviderHint(catalog, provider.toLowerCase()));
  }
  const listings = listModels(catalog, { providers: flags.provider, search: flags.search, date }, isExact);
  if (flags.format === "json") return { stdout: renderModelsJson(listings, date), exitCode: EXIT.ok };
  if (flags.format === "jsonl") return { stdout: renderModelsJsonl(listings, date), exitCode: EXIT.ok };
  if (flags.format === "csv") return { stdout: renderModelsCsv(listings), exitCode: EXIT.ok };
  return { stdout: renderModelsTable(listings, date, chalk), exitCode: EXIT.ok };
}
