import type { Command } from "commander";
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
import { catalogFor, runDate } from "./catalog.js";
import { chalkFor } from "./color.js";
import type { CliIO, CommandResult } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { AS_OF, COLOR, FORMATS, format, MODEL_SELECTION, PRICING_FILES } from "./option-groups.js";
import { commanderOptions, describedAs, type FlagsOf, valueOption } from "./option-records.js";

const MODELS_OPTIONS = {
  provider: describedAs(MODEL_SELECTION.provider, "only these providers (openai, anthropic, …)"),
  search: valueOption("-s, --search <text>", "only models whose id, alias or name contains the text"),
  asOf: AS_OF,
  pricing: PRICING_FILES,
  format: format(FORMATS),
  ...COLOR,
};

type ModelsFlags = FlagsOf<typeof MODELS_OPTIONS>;

/** Registers `llmcost models [id]`: the price list, or one model with its price history. */
export function registerModels(program: Command, io: CliIO, done: (result: CommandResult) => void) {
  const command = program
    .command("models")
    .description(
      "list models with prices, context window and tokenizer; with an id, that model's price history",
    )
    .argument("[id]", "a model id or alias");
  for (const option of commanderOptions(MODELS_OPTIONS)) command.addOption(option);
  command.action(async (id: string | undefined, flags: ModelsFlags) => done(await runModels(id, flags, io)));
}

async function runModels(id: string | undefined, flags: ModelsFlags, io: CliIO): Promise<CommandResult> {
  const catalog = await catalogFor(flags, io);
  const date = flags.asOf ?? runDate(io);
  const registry = defaultTokenizers();
  const isExact = (tokenizer: string) => registry.isExact(tokenizer) ?? false;
  const chalk = chalkFor(flags.color, io);
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
