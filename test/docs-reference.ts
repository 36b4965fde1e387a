// The generated parts of the docs: each command's usage and option table in docs/commands/<command>.md,
// and the README's list of commands, written from the CLI's own commander tree — the Option objects the
// option records (src/cli/option-records.ts, option-groups.ts) give commander — so that a flag added to
// a command shows in its page the moment the page is regenerated, and test/unit/readme.test.ts fails
// until it is. Regenerate: LLMCOST_WRITE_DOCS=1 npx vitest run test/unit/readme.test.ts
import { Command, type Option } from "commander";
import { runInProcess } from "./run-in-process.js";

export const REGENERATE = "LLMCOST_WRITE_DOCS=1 npx vitest run test/unit/readme.test.ts";

/**
 * The CLI's command tree, exactly as run(io) builds it: run() registers every command and then hands
 * argv to `parseAsync`, which is replaced for this one call so that it returns the program instead of
 * running anything (run.ts keeps its program to itself; no command's action runs here).
 */
export async function cliProgram(): Promise<Command> {
  const { run } = await import("../src/cli/run.js");
  const parseAsync = Command.prototype.parseAsync;
  let program: Command | undefined;
  Command.prototype.parseAsync = async function (this: Command) {
    program ??= this;
    return this;
  };
  try {
    await runInProcess(run, ["models"], { env: {} });
  } finally {
    Command.prototype.parseAsync = parseAsync;
  }
  if (!program) throw new Error("run(io) never parsed its arguments: no command tree to document");
  return program;
}

/** A command with its full name (`pricing import`), for every command that runs (groups left out). */
export interface DocumentedCommand {
  path: string;
  command: Command;
  /** The docs page it is documented in, relative to the repository: the top-level command's. */
  page: string;
}

export function documentedCommands(program: Command): DocumentedCommand[] {
  return program.commands.flatMap((top) => {
    const page = `docs/commands/${top.name()}.md`;
    const runnable = top.commands.length === 0 ? [top] : top.commands;
    return runnable.map((command) => ({
      path: command === top ? top.name() : `${top.name()} ${command.name()}`,
      command,
      page,
    }));
  });
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (text: string) => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);

/** The default as commander shows it, or empty. */
function defaultOf(option: Option): string {
  if (option.defaultValue === undefined || option.defaultValue === false) return "";
  if (option.defaultValueDescription) return escapeCell(option.defaultValueDescription);
  const value = option.defaultValue;
  return escapeCell(code(typeof value === "string" ? value : JSON.stringify(value)));
}

function optionRow(option: Option): string {
  const meaning = [
    option.description,
    option.argChoices ? `(one of: ${option.argChoices.map(code).join(", ")})` : "",
    option.mandatory ? "**required**" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `| ${code(option.flags)} | ${escapeCell(meaning)} | ${defaultOf(option)} |`;
}

/** One table, or one per help group when the command groups its options (commander's helpGroup). */
function optionTables(options: readonly Option[]): string[] {
  const groups = new Map<string, Option[]>();
  for (const option of options) {
    const heading = option.helpGroupHeading ?? "";
    groups.set(heading, [...(groups.get(heading) ?? []), option]);
  }
  return [...groups].flatMap(([heading, members]) => [
    ...(heading ? [`**${heading.replace(/:$/, "")}**`, ""] : []),
    "| Option | Meaning | Default |",
    "| --- | --- | --- |",
    ...members.map(optionRow),
    "",
  ]);
}

/** What `--help` prints for the command, whole (with any text added after its options). */
function helpOutput(command: Command): string {
  let text = "";
  command.configureOutput({
    writeOut: (chunk) => {
      text += chunk;
    },
    getOutHelpWidth: () => 100,
    getOutHasColors: () => false,
  });
  command.outputHelp();
  return text;
}

/**
 * The sections of `--help` after the options that a reader copies from — its examples, and the
 * environment variables it reads — as `--help` prints them (none when it prints none).
 */
function helpSections(command: Command): string[] {
  const lines = helpOutput(command).split("\n");
  return ["Examples:", "Environment:"].flatMap((heading) => {
    const start = lines.indexOf(heading);
    if (start < 0) return [];
    const end = lines.findIndex((line, index) => index > start && line.trim() === "");
    const body = lines.slice(start + 1, end < 0 ? undefined : end);
    return [
      `${heading.replace(/:$/, "")} (from \`llmcost ${commandPath(command)} --help\`):`,
      "",
      "```text",
      ...body,
      "```",
      "",
    ];
  });
}

const commandPath = (command: Command): string =>
  command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();

/** The generated block of one command: its usage line, description, arguments and options. */
export function commandBlock({ path, command }: DocumentedCommand): string {
  const options = command.options.filter((option) => !option.hidden);
  const args = command.registeredArguments.map(
    (argument) =>
      `- ${code(argument.variadic ? `${argument.name()}...` : argument.name())}: ${argument.description}`,
  );
  return [
    `<!-- options:begin llmcost ${path} -->`,
    `<!-- generated from the option records by test/docs-reference.ts; do not edit: ${REGENERATE} -->`,
    "",
    `${code(`llmcost ${path} ${command.usage()}`)}: ${command.description()}`,
    "",
    ...(args.length > 0 ? [...args, ""] : []),
    ...optionTables(options),
    ...helpSections(command),
    "`-h, --help` prints this list; the exit codes are in [exit-codes.md](../exit-codes.md).",
    "<!-- options:end -->",
  ].join("\n");
}

const BLOCK = /<!-- options:begin llmcost ([^>]*?) -->[\s\S]*?<!-- options:end -->/g;

/**
 * A page with every command's block brought up to date: blocks replaced where they are, a command's
 * missing block appended (a new page is a stub with its heading, for its prose to be written around it).
 */
export function updatedPage(current: string | undefined, commands: DocumentedCommand[]): string {
  const blocks = new Map(commands.map((each) => [each.path, commandBlock(each)]));
  let text = current ?? newPage(commands[0]?.path.split(" ")[0] ?? "");
  const seen = new Set<string>();
  text = text.replace(BLOCK, (_whole, path: string) => {
    seen.add(path);
    // A block of a command that is gone is dropped: the page must not document a flag that does not exist.
    return blocks.get(path) ?? "";
  });
  for (const [path, block] of blocks) if (!seen.has(path)) text = `${text.trimEnd()}\n\n${block}\n`;
  return text;
}

/** A new command's page: its heading and the way back, for its prose to be written around its table. */
const newPage = (name: string) =>
  [
    `# \`llmcost ${name}\``,
    "",
    "[README](../../README.md) · [all commands](../../README.md#commands) · [exit codes](../exit-codes.md)",
    "",
    "## Usage and options",
    "",
  ].join("\n");

/** The README's list of commands, each linking its page. */
export function commandList(program: Command): string {
  const rows = program.commands.map((command) => {
    const usage =
      command.commands.length > 0
        ? `${command.name()} <${command.commands.map((c) => c.name()).join("|")}>`
        : `${command.name()} ${command.usage().replace(/^\[options\] ?/, "")}`.trim();
    return `| [${escapeCell(code(`llmcost ${usage}`))}](docs/commands/${command.name()}.md) | ${escapeCell(command.description())} |`;
  });
  return [
    "<!-- commands:begin -->",
    `<!-- generated by test/docs-reference.ts from the CLI's commands; do not edit: ${REGENERATE} -->`,
    "| Command | What it does |",
    "| --- | --- |",
    ...rows,
    "<!-- commands:end -->",
  ].join("\n");
}

export function updatedReadme(current: string, program: Command): string {
  return current.replace(/<!-- commands:begin -->[\s\S]*?<!-- commands:end -->/, commandList(program));
}
