import type { Command, Option } from "commander";
import { EXIT } from "./exit-codes.js";
import { ENVIRONMENT, HELP_TEXTS, type HelpText } from "./help-texts.js";
import { HELP_GROUPS } from "./option-records.js";

/** What each exit code means, in EXIT's order: one line for every command's help. */
const EXIT_MEANINGS: Record<keyof typeof EXIT, string> = {
  ok: "ok",
  overBudget: "a budget or policy check failed",
  usage: "usage error",
  data: "bad data",
  noInput: "no input",
  internal: "internal error (a bug)",
  output: "output or I/O error",
};

/** The width help's own text is wrapped to: commander's default for help that is not on a terminal. */
const HELP_WIDTH = 80;

/** A command's path from the top: "" for llmcost itself, "estimate", "pricing import". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** The command and every command under it, depth first (commander's own `help` is none of them). */
export function commandsUnder(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commandsUnder)];
}

/**
 * Gives every registered command the help that teaches (HELP_TEXTS): its options without a shared
 * group under the command's own heading, then examples, environment variables and exit codes after
 * the options; `llmcost --help` also names the default models. Called once every command is
 * registered, so a command added later is covered without touching it.
 */
export function teachHelp(program: Command, defaultModels: readonly string[]): void {
  for (const command of commandsUnder(program)) {
    const text = HELP_TEXTS[commandPath(command)];
    if (!text) continue;
    const heading = text.ownHeading;
    if (heading)
      for (const option of command.options) if (!option.helpGroupHeading) option.helpGroup(heading);
    inGroupOrder(command, heading);
    const isTop = command === program;
    command.addHelpText("after", () => afterOptions(text, isTop ? defaultModels : undefined));
  }
}

const GROUP_ORDER: readonly string[] = Object.values(HELP_GROUPS);

/**
 * The command's options in the order of their groups, the same in every command: its own heading
 * first (what the command alone does), then HELP_GROUPS' order; within a group, as declared. Only
 * the help lists options in order (commander looks them up by name), and the sort keeps ties as
 * they were.
 */
function inGroupOrder(command: Command, own: string | undefined): void {
  const rank = (option: Option) => {
    const heading = option.helpGroupHeading ?? "";
    if (heading === own) return -1;
    const index = GROUP_ORDER.indexOf(heading);
    return index < 0 ? GROUP_ORDER.length : index;
  };
  (command.options as Option[]).sort((a, b) => rank(a) - rank(b));
}

/** The sections after the options: examples, default models (top level only), environment, exit codes. */
export function afterOptions(text: HelpText, defaultModels?: readonly string[]): string {
  const sections = [
    section(
      "Examples:",
      text.examples.flatMap((example) => [`  $ ${example.command}`, ...wrap(example.says, "      ")]),
    ),
  ];
  if (defaultModels)
    sections.push(
      section("Default models (priced when no -m, -p or --all is given):", wrap(defaultModels, "  ", ", ")),
    );
  const width = Math.max(...text.environment.map((name) => name.length));
  sections.push(
    section(
      "Environment:",
      text.environment.flatMap((name) => {
        const [first = "", ...rest] = wrap(ENVIRONMENT[name], " ".repeat(width + 4));
        return [`  ${name.padEnd(width)}  ${first.trimStart()}`, ...rest];
      }),
    ),
  );
  const codes = (Object.keys(EXIT) as (keyof typeof EXIT)[]).map(
    (key) => `${EXIT[key]} ${EXIT_MEANINGS[key]}`,
  );
  sections.push(section("Exit codes:", wrap(codes, "  ", " · ")));
  return `\n${sections.join("\n\n")}`;
}

const section = (heading: string, lines: string[]) => [heading, ...lines].join("\n");

/**
 * Text wrapped into lines of at most HELP_WIDTH characters, each begun with `indent`: split at spaces,
 * or given as items that are never split (joined by `joiner`, which ends a line when it breaks there).
 */
function wrap(text: string | readonly string[], indent: string, joiner = " "): string[] {
  const items = typeof text === "string" ? text.split(" ") : text;
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line !== "" && indent.length + line.length + joiner.length + item.length > HELP_WIDTH) {
      lines.push(indent + line + joiner.trimEnd());
      line = item;
    } else line = line === "" ? item : line + joiner + item;
  }
  return [...lines, indent + line];
}
