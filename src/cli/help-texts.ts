/**
 * What each command's `--help` teaches beyond its options (help.ts adds it): examples to copy, the
 * environment variables it reads, and the heading of its own options (those that belong to none of
 * the shared groups of option-records.ts). Keyed by the command's path: "" is `llmcost` itself.
 *
 * Every model an example names must be on sale (test/unit/examples-on-sale.test.ts), and every
 * example must run as written in a directory holding the files it names (test/unit/help.test.ts).
 */

export interface HelpExample {
  /** The command line, as typed (`llmcost …`, possibly after `echo … |`). */
  readonly command: string;
  /** What it does, in a few words. */
  readonly says: string;
}

export interface HelpText {
  readonly examples: readonly HelpExample[];
  /** The environment variables the command reads (names of ENVIRONMENT). */
  readonly environment: readonly EnvironmentVariable[];
  /** The heading of the command's options that are in no shared group. */
  readonly ownHeading?: string;
}

/** Every environment variable llmcost reads, with what it does. */
export const ENVIRONMENT = {
  LLMCOST_TODAY: "the date taken as today, YYYY-MM-DD (reproducible runs; default: the clock, UTC)",
  LLMCOST_PRICING: "user pricing files read before --pricing, separated like PATH",
  LLMCOST_PRICING_DIR: "a directory of price lists read instead of the shipped one",
  NO_COLOR: "when set and not empty: no colour with --color auto",
  FORCE_COLOR: "colour with --color auto even when not on a terminal (0 or false: none)",
  COLUMNS: "the width tables fit when stdout is not a terminal",
  GITHUB_ACTIONS: "true: --annotations github is the default",
  GITHUB_STEP_SUMMARY: "the file the report is appended to with --annotations github",
  GITHUB_WORKSPACE: "paths in ::error lines are given relative to it",
  XDG_CONFIG_HOME: "calibration profiles are kept in its llmcost/calibration (default: ~/.config, from HOME)",
  XDG_CACHE_HOME:
    "tokenizer tables built on first use are cached in its llmcost/<version>-<hash>, API token counts in llmcost/token-counts (default: ~/.cache, from HOME)",
  ANTHROPIC_API_KEY: "the key of Anthropic's free token-counting endpoint",
  ANTHROPIC_BASE_URL: "another address for Anthropic's API",
  GEMINI_API_KEY: "the key of Gemini's free token-counting endpoint (or GOOGLE_API_KEY)",
  GOOGLE_API_KEY: "the key of Gemini's endpoint when GEMINI_API_KEY is not set",
  GEMINI_BASE_URL: "another address for Gemini's API",
} as const;
export type EnvironmentVariable = keyof typeof ENVIRONMENT;

const PRICES: EnvironmentVariable[] = ["LLMCOST_TODAY", "LLMCOST_PRICING", "LLMCOST_PRICING_DIR"];
const COLOUR: EnvironmentVariable[] = ["NO_COLOR", "FORCE_COLOR"];
const TABLES: EnvironmentVariable[] = [...COLOUR, "COLUMNS"];
const GITHUB: EnvironmentVariable[] = ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"];
const COUNTING_KEYS: EnvironmentVariable[] = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_BASE_URL",
  "GEMINI_API_KEY",
  "GOOGLE_API_KEY",
  "GEMINI_BASE_URL",
];

export const HELP_TEXTS: Readonly<Record<string, HelpText>> = {
  "": {
    examples: [
      { command: "llmcost estimate prompt.md", says: "what prompt.md costs to send to each default model" },
      {
        command: "llmcost estimate prompts/ -m gpt-6-sol,claude-sonnet-5-5 --output-tokens 400",
        says: "two models, every file under prompts/, 400 tokens of reply each",
      },
      { command: "llmcost models -p anthropic", says: "the models and prices of one provider" },
      { command: "llmcost check", says: "the budget rules of llmcost.config.json; exit 1 if one fails" },
    ],
    environment: [...PRICES, ...TABLES],
  },
  estimate: {
    examples: [
      {
        command: "llmcost estimate prompts/ --output-tokens 400",
        says: "every file under prompts/, with the default models and 400 tokens of reply",
      },
      {
        command: "echo 'Summarise this' | llmcost estimate -m gpt-6-luna,mistral-large -f json",
        says: "text from a pipe, two models, as JSON",
      },
      {
        command: "llmcost estimate batch.jsonl --compare-to gpt-6-sol --batch",
        says: "a batch file at Batch API prices, each model against gpt-6-sol",
      },
      {
        command: "llmcost estimate prompt.md -p anthropic --requests 1000 --per day --max-monthly-cost 300",
        says: "exit 1 when 1,000 requests a day would cost over $300 a month",
      },
    ],
    environment: [...PRICES, ...TABLES, ...GITHUB, "XDG_CONFIG_HOME", "XDG_CACHE_HOME", ...COUNTING_KEYS],
  },
  check: {
    examples: [
      { command: "llmcost check", says: "the rules of llmcost.config.json, found here or above" },
      {
        command: "llmcost check -c llmcost.config.json -f markdown",
        says: "a named config, the report as markdown for a pull request",
      },
      {
        command: "llmcost check --fail-on-retired --annotations github",
        says: "in CI: a retired model fails too; ::error lines and a step summary",
      },
      { command: "llmcost check -m gpt-6-luna -q", says: "every rule priced for another model, no warnings" },
    ],
    environment: [...PRICES, ...TABLES, ...GITHUB, "XDG_CACHE_HOME"],
    ownHeading: "Config:",
  },
  diff: {
    examples: [
      { command: "llmcost diff old/ new/ -m gpt-6-luna", says: "what changed between two directories costs" },
      {
        command: "llmcost diff --base HEAD prompts/ --per-file",
        says: "the working tree against a git revision, file by file",
      },
      {
        command: "llmcost diff --baseline report.json prompts/ --fail-on-increase 10",
        says: "exit 1 when a model's cost grew over 10% since a saved `estimate -f json`",
      },
    ],
    environment: [...PRICES, ...TABLES, ...GITHUB, "XDG_CACHE_HOME"],
    ownHeading: "Compare with:",
  },
  merge: {
    examples: [
      { command: "llmcost merge shard-1.jsonl shard-2.jsonl", says: "add up shards of `estimate -f jsonl`" },
      { command: "llmcost merge shards/ -f json", says: "every shard in a directory, as one JSON report" },
      {
        command: "llmcost estimate part/ -m deepseek-flash -f jsonl | llmcost merge",
        says: "shards from a pipe",
      },
    ],
    environment: TABLES,
  },
  models: {
    examples: [
      { command: "llmcost models", says: "every model on sale, with prices and context window" },
      { command: "llmcost models -p openai -f json", says: "one provider's models, as JSON" },
      { command: "llmcost models claude-sonnet-5-5", says: "one model and its price history" },
      { command: "llmcost models -s llama", says: "models whose id, alias or name has llama in it" },
    ],
    environment: [...PRICES, ...TABLES],
    ownHeading: "Search:",
  },
  tokenize: {
    examples: [
      {
        command: "echo 'Hello, world' | llmcost tokenize",
        says: "the tokens of a text, for the first default model",
      },
      {
        command: "llmcost tokenize prompt.md -m gpt-6-sol,claude-sonnet-5-5",
        says: "the first model's tokens, and both models' counts side by side",
      },
      { command: "llmcost tokenize prompt.md -m llama-3.3-70b --ids", says: "token ids instead of text" },
      {
        command: "llmcost tokenize prompt.md --tokenizer hf:tokenizer.json",
        says: "the tokens of a Hugging Face tokenizer.json, exactly (docs/tokenizer-json.md)",
      },
    ],
    environment: [...PRICES, ...COLOUR, "XDG_CACHE_HOME"],
    ownHeading: "Tokens:",
  },
  calibrate: {
    examples: [
      {
        command: "llmcost calibrate prompts/ -m claude-sonnet-5-5",
        says: "measure the estimate on your files (needs ANTHROPIC_API_KEY)",
      },
      {
        command: "llmcost calibrate docs/ -m gemini-4-hydrogen --max-requests 20 -f json",
        says: "at most 20 requests, the result as JSON (needs GEMINI_API_KEY)",
      },
    ],
    environment: [
      "LLMCOST_TODAY",
      "LLMCOST_PRICING",
      "LLMCOST_PRICING_DIR",
      "XDG_CONFIG_HOME",
      "XDG_CACHE_HOME",
      ...COUNTING_KEYS,
    ],
    ownHeading: "Calibration:",
  },
  pricing: {
    examples: [
      { command: "llmcost pricing check my-prices.json", says: "validate a user pricing file" },
      {
        command: "llmcost pricing import prices.json -o litellm.json",
        says: "turn LiteLLM's list into a user pricing file (its format is detected)",
      },
    ],
    environment: PRICES,
  },
  "pricing import": {
    examples: [
      {
        command: "llmcost pricing import prices.json -o litellm.json",
        says: "LiteLLM's models that llmcost does not price, as a user pricing file",
      },
      {
        command: "llmcost pricing import prices.json --from litellm --include-known --checked 2026-11-01",
        says: "every model, recorded as checked on a date, to stdout",
      },
    ],
    environment: PRICES,
    ownHeading: "Import:",
  },
  "pricing update": {
    examples: [
      {
        command:
          "llmcost pricing update --from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json -o litellm.json",
        says: "download LiteLLM's list into a user pricing file",
      },
      {
        command: "llmcost pricing update --from https://example.com/prices.json -o prices.json --timeout 60",
        says: "a list in llmcost's format, waiting up to a minute",
      },
    ],
    environment: PRICES,
    ownHeading: "Download:",
  },
  "pricing check": {
    examples: [
      { command: "llmcost pricing check", says: "validate the shipped price lists" },
      { command: "llmcost pricing check my-prices.json", says: "validate a user pricing file with them" },
      {
        command: "llmcost pricing check --against prices.json --threshold 5",
        says: "prices that differ by over 5% from another list",
      },
    ],
    environment: PRICES,
    ownHeading: "Compare with:",
  },
  init: {
    examples: [
      {
        command: "llmcost init",
        says: "write llmcost.config.json here: the default models, a rule per prompt directory found",
      },
      { command: "llmcost init -m gpt-6-sol,claude-sonnet-5-5", says: "the same, with these models" },
      { command: "llmcost init --force", says: "write it again over the one there" },
    ],
    environment: ["LLMCOST_TODAY", "LLMCOST_PRICING", "LLMCOST_PRICING_DIR"],
    ownHeading: "Config:",
  },
  completion: {
    examples: [
      {
        command: "llmcost completion bash > ~/.local/share/bash-completion/completions/llmcost",
        says: "install completion for bash",
      },
      { command: "llmcost completion zsh > ~/.zfunc/_llmcost", says: "for zsh, with ~/.zfunc in $fpath" },
      {
        command: "llmcost completion fish > ~/.config/fish/completions/llmcost.fish",
        says: "for fish",
      },
    ],
    environment: ["LLMCOST_TODAY", "LLMCOST_PRICING", "LLMCOST_PRICING_DIR"],
  },
};
