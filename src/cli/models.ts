import type { Command } from "commander";
import { defaultTokenizers } from "../api.js";
import { unknownProviderHint } from "../core/model-hints.js";
import { buildModelReport, buildModelsReport } from "../core/reports/models.js";
import { usageError } from "../errors.js";
import { isKnownSeller } from "../pricing/hosted-models.js";
import { MODEL_RENDERERS, MODELS_RENDERERS } from "../render/model-reports.js";
import { catalogFor, runDate } from "./catalog.js";
import { chalkFor } from "./color.js";
import type { CliIO, CommandResult } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { AS_OF, COLOR, FORMATS, format, MODEL_SELECTION, PRICING_FILES } from "./option-groups.js";
import { commanderOptions, describedAs, type FlagsOf, valueOption } from "./option-records.js";
import { layoutFor } from "./terminal.js";

const MODELS_OPTIONS = {
  provider: describedAs(MODEL_SELECTION.provider, "only these providers or hosts (openai, bedrock, …)"),
  search: valueOption("-s, --search <text>", "only models whose id, alias or name contains the text"),
  asOf: AS_OF,
  pricing: PRICING_FILES,
  format: format(FORMATS),
  ...COLOR,
};

type ModelsFlags = FlagsOf<typeof MODELS_OPTIONS>;
export const modelsOptions = () => commanderOptions(MODELS_OPTIONS);

/** Registers `llmcost models [id]`: the price list, or one model with its price history. */
export function registerModels(program: Command, io: CliIO, done: (result: CommandResult) => void) {
  const command = program
    .command("models")
    .description(
      "list models with prices, context window and tokenizer; with an id, that model's price history",
    )
    .argument("[id]", "a model id or alias");
  for (const option of modelsOptions()) command.addOption(option);
  command.action(async (id: string | undefined, flags: ModelsFlags) => done(await runModels(id, flags, io)));
}

async function runModels(id: string | undefined, flags: ModelsFlags, io: CliIO): Promise<CommandResult> {
  const catalog = await catalogFor(flags, io);
  const date = flags.asOf ?? runDate(io);
  const registry = defaultTokenizers();
  const isExact = (tokenizer: string) => registry.isExact(tokenizer) ?? false;
  const chalk = chalkFor(flags.color, io);
  const layout = layoutFor(flags.color, io);
  if (id !== undefined) {
    const report = buildModelReport(catalog, id, date, isExact);
    return { stdout: MODEL_RENDERERS[flags.format](report, { chalk, layout }), exitCode: EXIT.ok };
  }
  for (const provider of flags.provider ?? []) {
    if (!isKnownSeller(catalog, provider.toLowerCase()))
      throw usageError(`--provider ${provider}`, unknownProviderHint(catalog, provider.toLowerCase()));
  }
  const report = buildModelsReport(
    catalog,
    { providers: flags.provider, search: flags.search, date },
    isExact,
  );
  return { stdout: MODELS_RENDERERS[flags.format](report, { chalk, layout }), exitCode: EXIT.ok };
}
