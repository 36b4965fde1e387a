import { Argument, type Command } from "commander";
import { standingOn } from "../core/lifecycle.js";
import { resolveName } from "../core/select-models.js";
import { usageError } from "../errors.js";
import type { Catalog } from "../pricing/types.js";
import { catalogFor, runDate } from "./catalog.js";
import { completionScript, SHELLS, type Shell } from "./completion-scripts.js";
import { completionSpec } from "./completion-spec.js";
import type { CliIO, CommandResult } from "./context.js";
import { EXIT } from "./exit-codes.js";

/** Registers `llmcost completion bash|zsh|fish`: a completion script for the shell, on stdout. */
export function registerCompletion(program: Command, io: CliIO, done: (result: CommandResult) => void) {
  const shell = new Argument("<shell>", "the shell to complete for")
    .choices(SHELLS)
    // Said as llmcost says a usage error (64, naming the argument), not in commander's words.
    .argParser((value) => {
      if (!(SHELLS as readonly string[]).includes(value))
        throw usageError(value, `unknown shell; expected one of ${SHELLS.join(", ")}`);
      return value;
    });
  program
    .command("completion")
    .description(
      "print a completion script for bash, zsh or fish (commands, options, their values, model ids)",
    )
    .addArgument(shell)
    .action(async (name: Shell) => {
      const catalog = await catalogFor({}, io);
      const spec = completionSpec(program, onSale(catalog, runDate(io)));
      done({ stdout: completionScript(name, spec, program.version() ?? ""), exitCode: EXIT.ok });
    });
}

/**
 * The names that price a model on sale on `date` (ids, aliases, and dated aliases such as
 * mistral-large by what they name that day), and the providers, sorted.
 */
function onSale(catalog: Catalog, date: string): { models: string[]; providers: string[] } {
  const names = [...catalog.byName.keys(), ...catalog.byDatedAlias.keys()].filter((name) => {
    const model = resolveName(catalog, name, date)?.model;
    return model !== undefined && standingOn(model, date).kind === "on-sale";
  });
  return { models: [...new Set(names)].sort(), providers: [...catalog.providers.keys()].sort() };
}
