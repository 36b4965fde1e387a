import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { DEFAULT_MODELS } from "../core/default-models.js";
import { suggest } from "../core/suggest.js";
import { LlmcostError, LlmcostErrors } from "../errors.js";
import { printable } from "../render/format.js";
import { moduleFault } from "../tokenizers/module-faults.js";
import { registerCalibrate } from "./calibrate-command.js";
import { registerCheck } from "./check.js";
import { registerCompletion } from "./completion.js";
import { argvOf, type CliIO, type CommandResult } from "./context.js";
import { registerDiff } from "./diff.js";
import { registerEstimate } from "./estimate.js";
import { EXIT, EXIT_FOR } from "./exit-codes.js";
import { inFlagTerms, reasonInFlagTerms } from "./flag-names.js";
import { teachHelp } from "./help.js";
import { registerInit } from "./init.js";
import { registerMerge } from "./merge.js";
import { registerModels } from "./models.js";
import { registerPricing } from "./pricing.js";
import { registerTokenize } from "./tokenize.js";
import { writeAll } from "./write.js";

const REPORT_URL = "https://github.com/llmcost/llmcost/issues";

/**
 * Runs the CLI against the given streams and returns the exit code; it never exits the process.
 * Output is rendered whole before anything is written, so a failure leaves stdout empty.
 */
export async function run(io: CliIO): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  // Once a tokenizer module has failed (io.moduleFailed), notes and verdicts on its counts are moot.
  const warn = (subject: string, reason: string) => {
    if (io.moduleFailed?.() === undefined)
      say(`llmcost: ${printable(subject)}: ${reasonInFlagTerms(reason)}`);
  };
  let result: CommandResult | undefined;
  let help = "";
  // Help commander prints as an error (a command group named without its subcommand).
  let helpAsError = "";
  const program = new Command("llmcost")
    .description("What text will cost to send to a large language model, per model, before you send it.")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (help += text),
      writeErr: (text) => (helpAsError += text),
      outputError: () => {},
    })
    .showHelpAfterError(false);
  const done = (outcome: CommandResult) => {
    result = outcome;
  };
  registerEstimate(program, io, warn, done);
  registerCheck(program, io, warn, done);
  registerInit(program, io, warn, done);
  registerDiff(program, io, warn, done);
  registerMerge(program, io, warn, done);
  registerModels(program, io, done);
  registerPricing(program, io, warn, done);
  registerTokenize(program, io, warn, done);
  registerCalibrate(program, io, warn, done);
  registerCompletion(program, io, done);
  // Last: examples, environment and exit codes for every command registered above.
  teachHelp(program, DEFAULT_MODELS);

  try {
    if (io.argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT.usage;
    }
    // An argument given with bytes that are not UTF-8 comes as its key: a path operand keeps its bytes.
    await program.parseAsync(argvOf(io), { from: "user" });
    if (!result) return finish(io, help, EXIT.ok);
    if (await moduleFailed(io)) return EXIT.data;
    return await finish(io, result.stdout, result.exitCode, result.afterOutput);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return finish(io, help, EXIT.ok);
      if (error.code === "commander.help") {
        const [first, name] = io.argv;
        // `help NAME` for a command that does not exist: said as `llmcost NAME` says it.
        if (first === "help" && name !== undefined) say(`llmcost: ${unknownCommand(program, name)}`);
        else io.stderr.write(helpAsError);
        return EXIT.usage;
      }
      say(`llmcost: ${commanderMessage(error)}`);
      return EXIT.usage;
    }
    if (error instanceof LlmcostErrors || error instanceof LlmcostError) {
      // The library's errors name its options; the user typed flags.
      const said = inFlagTerms(error);
      const errors = said instanceof LlmcostErrors ? said.errors : [said];
      // The same failure met by every input (a tokenizer module that throws) is said once, and not
      // again when the process's handler has said that module's failure (io.moduleFailed): what the
      // module left behind is told of first.
      await moduleFailed(io);
      const failedModule = io.moduleFailed?.();
      const lines = new Set(
        errors
          .filter((each) => each.subject !== failedModule)
          .map((each) => `llmcost: ${printable(each.subject)}: ${each.reason}`),
      );
      for (const line of lines) say(line);
      return EXIT_FOR[errors[0]?.kind ?? "usage"];
    }
    // A counting thread's error that came from a tokenizer module's code (its stack says so).
    const fault = moduleFault(error);
    if (fault) {
      say(`llmcost: ${printable(fault.subject)}: ${printable(fault.reason)}`);
      return EXIT_FOR[fault.kind];
    }
    say(
      `llmcost: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    say(`llmcost: this is a bug; please report it with the command you ran: ${REPORT_URL}`);
    return EXIT.internal;
  }
}

/**
 * For the process's handler of exceptions nothing caught: the line to say and the exit code when a
 * tokenizer module's code left it (65, naming the module), or undefined when it is llmcost's bug (70).
 */
export function moduleFailure(
  reason: unknown,
  promise?: unknown,
): { subject: string; line: string; exitCode: number } | undefined {
  const fault = moduleFault(reason, promise);
  if (!fault) return undefined;
  return {
    subject: fault.subject,
    line: `llmcost: ${printable(fault.subject)}: ${printable(fault.reason)}`,
    exitCode: EXIT_FOR[fault.kind],
  };
}

/**
 * Whether a tokenizer module failed outside the calls made to it (io.moduleFailed). Checked after a
 * turn of the event loop: a rejection nobody handled is told of only once the microtasks have run.
 */
async function moduleFailed(io: CliIO): Promise<boolean> {
  if (!io.moduleFailed) return false;
  await new Promise((resolve) => setImmediate(resolve));
  return io.moduleFailed() !== undefined;
}

/** Writes stdout whole; then `afterOutput`, a failure that must not hold back the report, is said. */
async function finish(
  io: CliIO,
  text: string,
  exitCode: number,
  afterOutput?: LlmcostError,
): Promise<number> {
  try {
    await writeAll(io.stdout, text);
    if (afterOutput) throw afterOutput;
    return exitCode;
  } catch (error) {
    if (!(error instanceof LlmcostError)) throw error;
    io.stderr.write(`llmcost: ${printable(error.subject)}: ${error.reason}\n`);
    return EXIT_FOR[error.kind];
  }
}

/** Commander's "error: unknown option '--x'\n(Did you mean --y?)" as one `<subject>: <reason>` line. */
export function commanderMessage(error: CommanderError): string {
  const text = error.message
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ")
    .replace("(Did you mean", "(did you mean");
  const unknown = /^unknown (option|command) '([^']+)'(.*)$/.exec(text);
  if (unknown) return `${unknown[2]}: unknown ${unknown[1]}${unknown[3]}`;
  const invalid = /^option '(?:-\w, )?(--[\w-]+)[^']*' argument '([^']*)' is invalid\. (.*)$/.exec(text);
  if (invalid)
    return `${invalid[1]}: "${invalid[2]}" is invalid; ${(invalid[3] ?? "").replace(/^Allowed choices are/, "expected one of")}`;
  const missing = /^option '(?:-\w, )?(--[\w-]+)[^']*' argument missing$/.exec(text);
  if (missing) return `${missing[1]}: a value is required`;
  return `usage: ${text}`;
}

function unknownCommand(program: Command, name: string): string {
  const close = suggest(
    name,
    program.commands.map((command) => command.name()),
  );
  return `${printable(name)}: unknown command${close ? ` (did you mean ${close}?)` : ""}`;
}

function packageVersion(): string {
  const path = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}
