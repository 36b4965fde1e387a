import type { Command } from "commander";
import { planEstimate } from "../api.js";
import { billedPeriod, STANDARD_BILLING } from "../core/billing.js";
import { DEFAULT_MODELS } from "../core/default-models.js";
import {
  STARTER_CONTEXT_SHARE,
  type StarterGroup,
  starterConfig,
  starterGroups,
} from "../core/init-config.js";
import { findModel } from "../core/select-models.js";
import { usageError } from "../errors.js";
import { CONFIG_NAME } from "../io/find-config.js";
import { checkNewFile, findPromptFiles, writeNewFile } from "../io/prompt-files.js";
import { formatCount, printable } from "../render/format.js";
import { catalogFor, runDate } from "./catalog.js";
import { type CliIO, type CommandResult, cwdOf, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { MODEL_SELECTION } from "./option-groups.js";
import { commanderOptions, describedAs, type FlagsOf, switchOption } from "./option-records.js";

const INIT_OPTIONS = {
  model: describedAs(
    MODEL_SELECTION.model,
    "the config's models, by id or alias; comma-separated or repeated (default: the default models on sale today)",
  ),
  // No -f: every other command spells -f --format.
  force: switchOption("--force", `replace an existing ${CONFIG_NAME}`),
};

type InitFlags = FlagsOf<typeof INIT_OPTIONS>;

/**
 * Registers `llmcost init`: writes a starter llmcost.config.json in the working directory. It asks
 * nothing (it runs the same from a terminal, a pipe or CI) and never replaces a file without --force.
 */
export function registerInit(program: Command, io: CliIO, warn: Warn, done: (result: CommandResult) => void) {
  const command = program
    .command("init")
    .description(
      `write a starter ${CONFIG_NAME} here: the default models, a rule per prompt directory or kind of prompt file found`,
    );
  for (const option of commanderOptions(INIT_OPTIONS)) command.addOption(option);
  command.action(async (flags: InitFlags) => done(await runInit(flags, io, warn)));
}

async function runInit(flags: InitFlags, io: CliIO, warn: Warn): Promise<CommandResult> {
  const cwd = cwdOf(io);
  const target = { force: flags.force ?? false, shownAs: CONFIG_NAME };
  // A file in the way is said before the models are checked and the tree is walked.
  await checkNewFile(CONFIG_NAME, cwd, target);
  const date = runDate(io);
  const models = await modelsOn(date, flags.model, io);
  const groups = starterGroups(await findPromptFiles(cwd, warn));
  const config = starterConfig(models, groups);
  await writeNewFile(CONFIG_NAME, `${JSON.stringify(config, null, 2)}\n`, cwd, target);
  return { stdout: summary(groups, models), exitCode: EXIT.ok };
}

/**
 * The config's models: those named with -m (each priced on the date, as check requires), else the
 * default models as `estimate` prices them on the date (those not on sale then left out), by the names
 * the defaults give them: an alias keeps following its provider's current snapshot.
 */
async function modelsOn(date: string, named: string[] | undefined, io: CliIO): Promise<string[]> {
  const catalog = await catalogFor({}, io);
  const plan = await planEstimate({ catalog, date, ...(named ? { models: named } : {}) });
  if (named) {
    for (const model of plan.models) {
      const billed = billedPeriod(model, date, STANDARD_BILLING, true);
      if ("reason" in billed)
        throw usageError(`--model ${model.id}`, `not priced on ${date} (${billed.reason})`);
    }
    return [...new Set(named.map((name) => name.trim()))];
  }
  const priced = new Set(plan.models.map((model) => model.id));
  return DEFAULT_MODELS.filter((name) => priced.has(findModel(catalog, name, date).id));
}

function summary(groups: readonly StarterGroup[], models: readonly string[]): string {
  const lines = [`wrote ${CONFIG_NAME}: ${groups.length === 1 ? "1 rule" : `${groups.length} rules`}`];
  for (const { rule, files } of groups) {
    const found =
      files === 0 ? "no files yet (allowEmpty)" : files === 1 ? "1 file" : `${formatCount(files)} files`;
    lines.push(`  ${printable(rule.name)}: ${printable(rule.paths.join(" "))} (${found})`);
  }
  lines.push(`models: ${models.join(", ")}`);
  lines.push(
    `each rule's limit: every file within ${STARTER_CONTEXT_SHARE * 100}% of each model's context window (maxContextShare); add maxCost, maxTokens or maxMonthlyCost`,
  );
  lines.push("next: llmcost check");
  return `${lines.join("\n")}\n`;
}
