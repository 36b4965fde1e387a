import type { Argument, Command, Option } from "commander";
import { commandPath, commandsUnder } from "./help.js";

/**
 * What a shell completes for llmcost, read from the commands as registered (their options are the
 * option records of option-records.ts and option-groups.ts), so that an option added to a command is
 * completed without touching this file. The scripts of completion-scripts.ts are written from it.
 */
export interface CompletionSpec {
  /** Every command, `llmcost` itself first (path ""). */
  readonly commands: readonly CommandSpec[];
  /** Model ids and aliases on sale, for `-m`, `--compare-to` and `models ID`. */
  readonly models: readonly string[];
  /** Provider ids, for `-p`. */
  readonly providers: readonly string[];
}

export interface CommandSpec {
  /** "" for llmcost, "estimate", "pricing import". */
  readonly path: string;
  readonly description: string;
  /** The commands under it, `help` included where commander adds it. */
  readonly subcommands: readonly { name: string; description: string }[];
  readonly options: readonly OptionSpec[];
  /** What its operands are, or undefined when it takes none. */
  readonly operands?: ValueKind;
}

export interface OptionSpec {
  readonly short?: string;
  readonly long?: string;
  readonly description: string;
  /** What its value is, or undefined for a switch. */
  readonly value?: ValueKind;
}

/**
 * What a value or an operand is: one of fixed choices, a model or provider of the catalogue, a path,
 * a git revision, or free text (a number, a date, a URL: nothing to offer).
 */
export type ValueKind =
  | { readonly kind: "choices"; readonly choices: readonly string[] }
  | { readonly kind: "models" | "providers" | "files" | "revisions" | "text" };

/** Options whose value names a model; `-p` names providers. */
const MODEL_FLAGS = new Set(["--model", "--compare-to"]);
const PROVIDER_FLAGS = new Set(["--provider"]);
/** Placeholders (`<file>`) of a value that is a path. */
const PATH_PLACEHOLDERS = new Set(["file", "files", "report", "path", "paths", "dir", "shards"]);
/** Placeholders of a git revision. */
const REVISION_PLACEHOLDERS = new Set(["ref"]);
/** Operand names that are a model. */
const MODEL_OPERANDS = new Set(["id", "model"]);

/** The spec of `program` and every command under it; `help` operands are the top-level commands. */
export function completionSpec(
  program: Command,
  catalogue: { models: readonly string[]; providers: readonly string[] },
): CompletionSpec {
  const commands = commandsUnder(program).map(commandSpec);
  const top = commands[0];
  // commander's own `help [command]`: completed with the commands it can explain.
  if (top?.subcommands.some((sub) => sub.name === "help"))
    commands.push({
      path: "help",
      description: "display help for command",
      subcommands: [],
      options: [],
      operands: { kind: "choices", choices: top.subcommands.map((sub) => sub.name) },
    });
  return { commands, ...catalogue };
}

function commandSpec(command: Command): CommandSpec {
  const help = command.createHelp();
  const operand = command.registeredArguments[0];
  return {
    path: commandPath(command),
    description: oneLine(command.description()),
    subcommands: help
      .visibleCommands(command)
      .map((sub) => ({ name: sub.name(), description: oneLine(sub.description()) })),
    options: help.visibleOptions(command).map(optionSpec),
    ...(operand ? { operands: operandKind(operand) } : {}),
  };
}

function optionSpec(option: Option): OptionSpec {
  const value = option.required || option.optional ? valueKind(option) : undefined;
  return {
    ...(option.short ? { short: option.short } : {}),
    ...(option.long ? { long: option.long } : {}),
    description: oneLine(option.description),
    ...(value ? { value } : {}),
  };
}

function valueKind(option: Option): ValueKind {
  if (option.argChoices) return { kind: "choices", choices: option.argChoices };
  const long = option.long ?? "";
  if (MODEL_FLAGS.has(long)) return { kind: "models" };
  if (PROVIDER_FLAGS.has(long)) return { kind: "providers" };
  const placeholder = /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1] ?? "";
  if (PATH_PLACEHOLDERS.has(placeholder)) return { kind: "files" };
  if (REVISION_PLACEHOLDERS.has(placeholder)) return { kind: "revisions" };
  return { kind: "text" };
}

function operandKind(argument: Argument): ValueKind {
  if (argument.argChoices) return { kind: "choices", choices: argument.argChoices };
  return MODEL_OPERANDS.has(argument.name()) ? { kind: "models" } : { kind: "files" };
}

/** A description as one line, as a completion menu shows it. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
