import type { Option } from "commander";
import { COST_BOUNDS } from "../core/cost-bounds.js";
import { usageError } from "../errors.js";
import { BILLING_OPTIONS } from "./billing-options.js";
import {
  ANNOTATIONS,
  COLOR,
  ESTIMATE_FORMATS,
  FAIL_ON_RETIRED,
  format,
  MODEL_SELECTION,
  OUTPUT_ASSUMPTION,
  PRICING,
  perFile,
  QUIET,
  SHOW_SOURCES,
  WALK,
} from "./option-groups.js";
import {
  choiceOption,
  commanderOptions,
  type FlagsOf,
  grouped,
  inGroup,
  negatedSwitch,
  switchOption,
  valueOption,
} from "./option-records.js";
import { parseShare, parseUsd, parseWholeNumber } from "./parse-values.js";

const INPUT_MODES = ["auto", "text", "chat", "jsonl"] as const;

/** Budget limits (exit 1 when one is exceeded) and the request rate a monthly cost is projected at. */
const BUDGETS = {
  maxCost: valueOption(
    "--max-cost <usd>",
    "budget: exit 1 when a model's total cost is over this (equal passes)",
    (value) => parseUsd("--max-cost", value),
  ),
  maxTokens: valueOption(
    "--max-tokens <n>",
    "budget: exit 1 when a model's total tokens (input + output) are over this",
    (value) => parseWholeNumber("--max-tokens", value),
  ),
  maxCostPerFile: valueOption(
    "--max-cost-per-file <usd>",
    "budget: exit 1 when one input's cost for a model is over this",
    (value) => parseUsd("--max-cost-per-file", value),
  ),
  maxContextShare: valueOption(
    "--max-context-share <share>",
    "budget: exit 1 when a request uses more of a model's context window, e.g. 0.5",
    (value) => parseShare("--max-context-share", value),
  ),
  requests: valueOption(
    "--requests <n>",
    "project a monthly cost: the inputs are sent this many times --per day or month (default month)",
    (value) => parseWholeNumber("--requests", value),
  ),
  per: choiceOption("--per <period>", "with --requests: day (× 30.44 days a month) or month (the default)", [
    "day",
    "month",
  ]),
  maxMonthlyCost: valueOption(
    "--max-monthly-cost <usd>",
    "budget: exit 1 when a model's projected monthly cost is over this",
    (value) => parseUsd("--max-monthly-cost", value),
  ),
  budgetOn: choiceOption(
    "--budget-on <bound>",
    "which cost the budget limits apply to: low (no output), expected, or high (every request writes its max_tokens)",
    COST_BOUNDS,
    "expected",
  ),
};

/** The options of `llmcost estimate`, declared once: they drive commander, the flags' type and docs/commands/estimate.md's table. */
const ESTIMATE_OPTIONS = {
  ...MODEL_SELECTION,
  ...OUTPUT_ASSUMPTION,
  ...PRICING,
  ...BILLING_OPTIONS,
  ...inGroup("prices", {
    maxPriceAge: valueOption(
      "--max-price-age <days>",
      "fail (exit 65) when a price used was last checked longer ago",
      (value) => parseWholeNumber("--max-price-age", value),
    ),
    countWith: choiceOption(
      "--count-with <source>",
      "local, or api: exact counts from the provider's counting endpoint (cached)",
      ["local", "api"],
      "local",
    ),
  }),
  ...inGroup("budgets", BUDGETS),
  // The rate a monthly cost is projected at is an assumption about requests, not a limit.
  requests: grouped("output", BUDGETS.requests),
  per: grouped("output", BUDGETS.per),
  compareTo: grouped(
    "models",
    valueOption(
      "--compare-to <model>",
      "add each model's cost relative to this one (added to the selection if not in it)",
    ),
  ),
  reasoningTokens: grouped(
    "output",
    valueOption(
      "--reasoning-tokens <amount>",
      "hidden reasoning tokens per request, billed as output by reasoning models: N tokens, or a multiple of the visible output (1.5x)",
    ),
  ),
  ...FAIL_ON_RETIRED,
  calibration: grouped(
    "prices",
    negatedSwitch("--no-calibration", "ignore calibration profiles of llmcost calibrate: plain estimates"),
  ),
  ...inGroup("inputs", {
    input: choiceOption(
      "--input <kind>",
      "what inputs are: auto (chat payloads and batch .jsonl files detected), text, chat, or jsonl",
      INPUT_MODES,
      "auto",
    ),
    skipInvalid: switchOption(
      "--skip-invalid",
      "skip invalid lines of batch files (counted in the report) instead of exit 65",
    ),
  }),
  perRequest: grouped(
    "format",
    switchOption("--per-request", "also list each request of chat payloads and batch files"),
  ),
  format: format(ESTIMATE_FORMATS),
  ...SHOW_SOURCES,
  ...perFile("also price each input on its own"),
  ...WALK,
  ...inGroup("inputs", {
    allowEmpty: switchOption(
      "--allow-empty",
      "a directory with no input files gives an empty report, not exit 66",
    ),
    strictUtf8: switchOption(
      "--strict-utf8",
      "invalid UTF-8 is an error (exit 65) naming the byte offset, not U+FFFD",
    ),
    jobs: valueOption(
      "-j, --jobs <n>",
      "threads to count on (default: one per core, up to 4, for several files totalling 8 MB or one file of 4 MB or more; two for stdin past 4 MB; 1 = none)",
      (value) => {
        const jobs = parseWholeNumber("--jobs", value);
        if (jobs === 0) throw usageError("--jobs", 'expected 1 or more (1 = no worker threads), got "0"');
        return jobs;
      },
    ),
  }),
  ...QUIET,
  ...COLOR,
  ...ANNOTATIONS,
};

export type EstimateFlags = FlagsOf<typeof ESTIMATE_OPTIONS>;

/** The options of `llmcost estimate`, for commander (and the docs' tests). */
export const estimateOptions = (): Option[] => commanderOptions(ESTIMATE_OPTIONS);
