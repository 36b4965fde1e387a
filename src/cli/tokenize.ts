import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import { defaultTokenizers } from "../api.js";
import { estimateMethodOf } from "../core/estimate.js";
import { findModel } from "../core/select-models.js";
import { tokenSpans } from "../core/tokenize.js";
import { LlmcostErrors, usageError } from "../errors.js";
import { readInputs } from "../io/read-inputs.js";
import { renderTokensJson, renderTokensText } from "../render/tokens.js";
import { type CliIO, type CommandResult, stdinUnusable, type Warn } from "./context.js";
import { COLOR_MODES, colorLevel } from "./estimate.js";
import { EXIT } from "./exit-codes.js";
import {
  asOfOption,
  type CatalogFlags,
  catalogFor,
  pricingOption,
  runDate,
  tokenizerOption,
} from "./shared-options.js";

interface TokenizeFlags extends CatalogFlags {
  model: string;
  tokenizer?: string;
  ids?: boolean;
  format: "text" | "json";
  color: (typeof COLOR_MODES)[number];
}

/** Registers `llmcost tokenize [path|-] --model M`: how a model sees a text. */
export function registerTokenize(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  program
    .command("tokenize")
    .description("show the tokens a model sees in a text, their count, and whether it is exact")
    .argument("[path]", "a file, or - for stdin (the default when stdin is piped)")
    .requiredOption("-m, --model <id>", "the model whose tokenizer to use")
    .addOption(new Option("--ids", "print token ids instead of the text"))
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(
      new Option("--color <when>", "colour: auto, always, never").choices(COLOR_MODES).default("auto"),
    )
    .addOption(asOfOption())
    .addOption(pricingOption())
    .addOption(tokenizerOption())
    .action(async (path: string | undefined, flags: TokenizeFlags) =>
      done(await runTokenize(path, flags, io, warn)),
    );
}

async function runTokenize(
  path: string | undefined,
  flags: TokenizeFlags,
  io: CliIO,
  warn: Warn,
): Promise<CommandResult> {
  if (path === undefined && stdinUnusable(io)) {
    throw usageError("tokenize", "no input: name a file, or pipe text in (- reads stdin)");
  }
  // A family name means the snapshot it named on the date (a retired one still has its tokenizer).
  const model = findModel(await catalogFor(flags, io), flags.model, flags.asOf ?? runDate(io));
  const registry = defaultTokenizers();
  const id = flags.tokenizer ?? model.tokenizer;
  if (!registry.has(id)) throw usageError(`--tokenizer ${id}`, "unknown tokenizer");
  const tokenizer = await registry.load(id);
  const read = await readInputs([path ?? "-"], io.stdin);
  for (const warning of read.warnings) warn(warning.subject, warning.reason);
  if (read.errors.length > 0) throw new LlmcostErrors(read.errors);
  const text = read.inputs.map((input) => input.text).join("");
  const view = {
    model: model.id,
    tokenizer: tokenizer.id,
    countedWith: tokenizer.countedWith,
    exact: tokenizer.exact,
    ...(tokenizer.exact ? {} : { estimateMethod: estimateMethodOf(tokenizer) }),
    spans: tokenizer.encode ? tokenSpans(tokenizer, text) : undefined,
    count: tokenizer.count(text),
  };
  if (flags.format === "json") return { stdout: renderTokensJson(view), exitCode: EXIT.ok };
  const chalk = new Chalk({ level: colorLevel(flags.color, io) });
  return { stdout: renderTokensText(view, { chalk, ids: flags.ids }), exitCode: EXIT.ok };
}
