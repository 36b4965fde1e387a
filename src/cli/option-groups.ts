import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCachedRatio } from "../api.js";
import { usageError } from "../errors.js";
import { isCalendarDate } from "../pricing/validate.js";
import { isModulePath } from "../tokenizers/custom.js";
import { isHfSpec, resolveHfSpec } from "../tokenizers/hf-load.js";
import { COLOR_MODES } from "./color.js";
import { ANNOTATION_MODES } from "./github.js";
import {
  choiceOption,
  grouped,
  inGroup,
  negatedSwitch,
  switchOption,
  valueOption,
} from "./option-records.js";
import { parseDecimal, parseList, parsePath, parseWholeNumber } from "./parse-values.js";

/**
 * The options several commands share, each declared once here (see option-records.ts): a command
 * spreads the groups it takes into its own record of options.
 */

const MAX_OUTPUT_RATIO = 1000;

/** `-p, --provider`: repeatable, comma-separated; `-p ''` (an unset shell variable) is an error. */
const provider = grouped(
  "models",
  valueOption<string[]>(
    "-p, --provider <names>",
    "every model of these providers or hosts (openai, anthropic, bedrock, …); a maker sold only through hosts (qwen, amazon): its hosts' listings",
    (value, previous) => {
      const names = parseList(value);
      // `-p ''` (an unset shell variable, say) would otherwise quietly mean "the defaults".
      if (names.length === 0) throw usageError("--provider", `expected a provider name, got "${value}"`);
      return [...(previous ?? []), ...names];
    },
  ),
);

/** Which models to price: by name, by provider, or all of them. */
export const MODEL_SELECTION = inGroup("models", {
  model: valueOption<string[]>(
    "-m, --model <ids>",
    "models to price, by id or alias; comma-separated or repeated",
    parseList,
  ),
  provider,
  all: switchOption("--all", "every model in the price list"),
});

/** The response length assumed per request. */
export const OUTPUT_ASSUMPTION = inGroup("output", {
  outputTokens: valueOption(
    "--output-tokens <n>",
    "expected response length per request, in tokens",
    (value) => parseWholeNumber("--output-tokens", value),
  ),
  outputRatio: valueOption(
    "--output-ratio <r>",
    "expected response length as a multiple of the input tokens, e.g. 0.5",
    (value) => parseDecimal("--output-ratio", value, MAX_OUTPUT_RATIO),
  ),
});

/** `--as-of`: the date whose prices apply. */
export const AS_OF = grouped(
  "prices",
  valueOption(
    "--as-of <date>",
    "use the prices in force on this date, YYYY-MM-DD (default: today)",
    (value) => {
      if (!isCalendarDate(value))
        throw usageError("--as-of", `expected a date as YYYY-MM-DD, got "${value}"`);
      return value;
    },
  ),
);

/** `--pricing`: user pricing files, repeatable. */
export const PRICING_FILES = grouped(
  "prices",
  valueOption<string[]>(
    "--pricing <file>",
    "a user pricing file that adds or replaces models (repeatable)",
    (value, previous) => [...(previous ?? []), parsePath("--pricing")(value)],
  ),
);

/**
 * `--tokenizer`: an id, a ratio spec, a module path or `hf:PATH` (a Hugging Face tokenizer.json); paths
 * are resolved from the working directory.
 */
export const TOKENIZER = grouped(
  "prices",
  valueOption(
    "--tokenizer <id>",
    "count with this tokenizer instead: an id, chars:N, bytes:N, a module path, or hf:PATH to a Hugging Face tokenizer.json",
    (value) => {
      // `--tokenizer ''` (an unset shell variable, say) is said as such, not as an unknown id.
      if (value === "")
        throw usageError("--tokenizer", "expected a tokenizer id or module path, got an empty value");
      if (value === "hf:")
        throw usageError("--tokenizer", "expected hf:PATH to a tokenizer.json, got no path");
      if (isHfSpec(value)) return resolveHfSpec(value, resolve("."));
      return isModulePath(value) ? pathToFileURL(resolve(value)).href : value;
    },
  ),
);

/** How prices are read: the date, the billing mode, the price list, the tokenizer. */
export const PRICING = inGroup("prices", {
  asOf: AS_OF,
  batch: switchOption("--batch", "use Batch API prices (models without one are not priced)"),
  cachedRatio: valueOption(
    "--cached-ratio <r>",
    "share of input tokens billed as cached reads, from 0 to 1",
    // The library's parser (one for both): its `cachedRatio` errors are said as --cached-ratio.
    (value) => {
      parseCachedRatio(value);
      return value;
    },
  ),
  pricing: PRICING_FILES,
  tokenizer: TOKENIZER,
});

/** `-f, --format`: the formats a command writes, the first being the default. */
export const format = <const F extends readonly [string, ...string[]]>(formats: F) =>
  grouped("format", choiceOption("-f, --format <format>", "output format", formats, formats[0]));

/** The formats of `models` (and, with markdown, of estimate and merge). */
export const FORMATS = ["table", "json", "csv", "jsonl"] as const;
/** The formats of estimate (and merge): those of `models`, and markdown for pull-request comments. */
export const ESTIMATE_FORMATS = [...FORMATS, "markdown"] as const;

/** `--color`, for every command that can colour what it writes. */
export const COLOR = inGroup("format", {
  color: choiceOption(
    "--color <when>",
    "colour: auto (on a terminal, unless NO_COLOR is set), always, never",
    COLOR_MODES,
    "auto",
  ),
});

/** `-q, --quiet`: errors are still said. */
export const QUIET = inGroup("format", {
  quiet: switchOption("-q, --quiet", "no warnings and no progress line on stderr (errors are still printed)"),
});

/** `--show-sources`: the table says where each price came from (JSON and CSV always do: priceOrigin). */
export const SHOW_SOURCES = inGroup("format", {
  showSources: switchOption(
    "--show-sources",
    "list under the table where each model's price came from: the shipped list or a --pricing file, and its page",
  ),
});

/** `--per-file` (described by each command: what it shows per input). */
export const perFile = (description: string) =>
  inGroup("format", { perFile: switchOption("--per-file", description) });

/** How directories are walked. */
export const WALK = inGroup("inputs", {
  follow: switchOption("--follow", "follow symbolic links in directories (a link back up is skipped)"),
  ignore: negatedSwitch("--no-ignore", "read what .gitignore files ignore in a git work tree"),
});

/** `--strict-utf8`: how text that is not valid is read, wherever inputs are found (io/discover.ts). */
export const STRICT_UTF8 = inGroup("inputs", {
  strictUtf8: switchOption(
    "--strict-utf8",
    "invalid UTF-8 is an error (exit 65) naming the byte offset, not U+FFFD",
  ),
});

/** `--fail-on-retired`: a retired model in the run is a failed policy check (exit 1), not bad input. */
export const FAIL_ON_RETIRED = inGroup("budgets", {
  failOnRetired: switchOption(
    "--fail-on-retired",
    "exit 1 when a model priced has retired (it is priced at its last price and flagged either way)",
  ),
});

/** `--annotations`: shared by estimate, check and diff. */
export const ANNOTATIONS = inGroup("format", {
  annotations: choiceOption(
    "--annotations <kind>",
    "github: ::error lines for budget failures and a summary in $GITHUB_STEP_SUMMARY (the default when GITHUB_ACTIONS=true); none",
    ANNOTATION_MODES,
  ),
});
