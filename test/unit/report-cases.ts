// Real JSON outputs of every command and option that writes a JSON report, produced in-process by the
// CLI on fixtures, for test/unit/report-schemas.test.ts to validate against schema/*.schema.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInProcess } from "../run-in-process.js";
import { tempDir } from "../temp-dir.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Which schema a case's output is checked against; `models-line` is one line of `models --format jsonl`. */
export type SchemaName =
  | "estimate-report"
  | "estimate-shard"
  | "diff-report"
  | "check-report"
  | "models"
  | "models-line";

export interface ReportCase {
  name: string;
  schema: SchemaName;
  argv: string[];
  /** The run's working directory: the repository, or a directory made for the case. */
  cwd: () => string | Promise<string>;
  input?: string;
  /** Exit codes the run may end with (1: a budget failed, and the report is still written). */
  codes: number[];
  /** The output is JSON lines, each checked on its own. */
  lines?: boolean;
}

const TEXT = "test/fixtures/inputs/techcrunch.txt";
const INPUTS = "test/fixtures/inputs";
/** A user pricing file with a model of each billing unit (docs/billing-units.md). */
const UNITS = "test/fixtures/user-pricing/billing-units.json";
/** An exact count and an estimated one (with an error band): every row field takes both shapes. */
const MODELS = ["-m", "gpt-4o-mini,claude-sonnet-4-5"];
const root = () => ROOT;

function write(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Two versions of a small project for diff: a file changed, one added, one removed, one the same. */
const sides = () =>
  write(tempDir(), {
    "old/a.md": "You are a helpful assistant.",
    "old/gone.md": "Removed in the new version.",
    "old/same.md": "Unchanged.",
    "new/a.md": "You are a helpful assistant. Answer in three bullet points, citing sources.",
    "new/added.md": "A new prompt.",
    "new/same.md": "Unchanged.",
  });

/** A git repository with a commit, then the working tree changed (diff --base HEAD). */
function repository(): string {
  const dir = tempDir();
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd: dir, stdio: "pipe" },
    );
  git("init", "-q");
  write(dir, { "prompts/a.md": "Hello.", "prompts/b.md": "Goodbye." });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  write(dir, { "prompts/a.md": "Hello, and welcome.", "prompts/c.md": "New." });
  return dir;
}

/** A saved estimate report next to the new side, for diff --baseline. */
async function baseline(): Promise<string> {
  const dir = sides();
  const saved = await runCase(
    {
      name: "",
      schema: "estimate-report",
      argv: ["estimate", ...MODELS, "-f", "json", "--per-file", "old"],
      cwd: root,
      codes: [0],
    },
    dir,
  );
  writeFileSync(join(dir, "baseline.json"), saved.stdout);
  return dir;
}

/** Two shards of `estimate --format jsonl`, for merge. */
async function shards(): Promise<string> {
  const dir = tempDir();
  const shardsOf: [string, string][] = [
    ["a.jsonl", TEXT],
    ["b.jsonl", "test/fixtures/inputs/chinese-crlf.txt"],
  ];
  for (const [name, file] of shardsOf) {
    const shard = await runCase(
      {
        name: "",
        schema: "estimate-report",
        argv: ["estimate", ...MODELS, "-f", "jsonl", file],
        cwd: root,
        codes: [0],
      },
      ROOT,
    );
    writeFileSync(join(dir, name), shard.stdout);
  }
  return dir;
}

/** A project with a config whose rules pass, fail a budget, and match nothing. */
const checkProject = () =>
  write(tempDir(), {
    "prompts/system.md": "You are a helpful assistant. Answer in three bullet points.",
    "prompts/user.md": "Summarise the text below.",
    "notes.txt": "Some notes.",
    "llmcost.config.json": JSON.stringify({
      models: ["gpt-4o-mini", "claude-sonnet-4-5"],
      outputTokens: 100,
      rules: [
        { name: "prompts", paths: ["prompts/**"], maxCost: 1, maxTokens: 100000, maxContextShare: 0.5 },
        {
          name: "tight",
          paths: ["**/*.md", "!prompts/user.md"],
          maxCostPerFile: "0.000000001",
          maxMonthlyCost: "0.01",
          requests: 1000,
          per: "day",
          budgetOn: "high",
        },
        { name: "nothing yet", paths: ["drafts/**"], maxTokens: 10, allowEmpty: true },
        { name: "missing", paths: ["missing/**"], maxTokens: 10 },
      ],
    }),
  });

export const REPORT_CASES: ReportCase[] = [
  // estimate --format json
  {
    name: "estimate json",
    schema: "estimate-report",
    argv: ["estimate", ...MODELS, "-f", "json", TEXT],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json --per-file over a directory (binary skipped)",
    schema: "estimate-report",
    argv: ["estimate", ...MODELS, "-f", "json", "--per-file", "--output-tokens", "400", INPUTS],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json --compare-to",
    schema: "estimate-report",
    argv: ["estimate", ...MODELS, "-f", "json", "--per-file", "--compare-to", "gpt-4o-mini", TEXT, INPUTS],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json with every limit, a projection and a failed budget",
    schema: "estimate-report",
    argv: [
      "estimate",
      ...MODELS,
      "-f",
      "json",
      "--output-ratio",
      "0.5",
      "--max-cost",
      "0.000001",
      "--max-tokens",
      "10",
      "--max-cost-per-file",
      "0.000001",
      "--max-context-share",
      "0.001",
      "--requests",
      "1000",
      "--per",
      "day",
      "--max-monthly-cost",
      "1",
      "--budget-on",
      "high",
      TEXT,
    ],
    cwd: root,
    codes: [1],
  },
  {
    name: "estimate json --requests, --reasoning-tokens, --batch, --cached-ratio",
    schema: "estimate-report",
    argv: [
      "estimate",
      "-m",
      "gpt-4o-mini,o4-mini",
      "-f",
      "json",
      "--requests",
      "500",
      "--per",
      "month",
      "--reasoning-tokens",
      "200",
      "--batch",
      "--cached-ratio",
      "0.5",
      TEXT,
    ],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json with billing units (per character, cache writes, tier, endpoint, off-peak)",
    schema: "estimate-report",
    argv: [
      "estimate",
      "--pricing",
      UNITS,
      "-p",
      "unitstest",
      "-f",
      "json",
      "--output-tokens",
      "100",
      "--cached-ratio",
      "0.25",
      "--cache-write-ratio",
      "0.5",
      "--cache-ttl",
      "1h",
      "--endpoint",
      "regional",
      "--at",
      "17:00",
      TEXT,
    ],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json of a batch file, --per-request",
    schema: "estimate-report",
    argv: [
      "estimate",
      ...MODELS,
      "-f",
      "json",
      "--per-file",
      "--per-request",
      "test/fixtures/requests/openai-batch.jsonl",
      "test/fixtures/requests/anthropic-tools.json",
    ],
    cwd: root,
    codes: [0],
  },
  {
    name: "estimate json from stdin, a provider with unavailable models",
    schema: "estimate-report",
    argv: ["estimate", "-p", "openai", "--as-of", "2024-06-01", "-f", "json"],
    input: "Hello, world.",
    cwd: root,
    codes: [0],
  },
  {
    name: "merge json of two jsonl shards",
    schema: "estimate-report",
    argv: ["merge", "-f", "json", "--per-file", "a.jsonl", "b.jsonl"],
    cwd: shards,
    codes: [0],
  },
  // estimate --format jsonl: one schema for its lines (a header, then an input per line)
  {
    name: "estimate jsonl of text, a directory and a batch file",
    schema: "estimate-shard",
    argv: [
      "estimate",
      ...MODELS,
      "-f",
      "jsonl",
      "--output-ratio",
      "0.5",
      TEXT,
      INPUTS,
      "test/fixtures/requests/openai-batch.jsonl",
    ],
    cwd: root,
    codes: [0],
    lines: true,
  },
  {
    name: "estimate jsonl with reasoning, batch and cached prices",
    schema: "estimate-shard",
    argv: [
      "estimate",
      "-m",
      "o4-mini",
      "-f",
      "jsonl",
      "--output-tokens",
      "100",
      "--reasoning-tokens",
      "50",
      "--batch",
      "--cached-ratio",
      "0.25",
      TEXT,
    ],
    cwd: root,
    codes: [0],
    lines: true,
  },
  {
    name: "estimate jsonl with billing units",
    schema: "estimate-shard",
    argv: [
      "estimate",
      "--pricing",
      UNITS,
      "-p",
      "unitstest",
      "-f",
      "jsonl",
      "--output-tokens",
      "100",
      "--cache-write-ratio",
      "0.5",
      "--service-tier",
      "standard",
      "--at",
      "17:00",
      TEXT,
    ],
    cwd: root,
    codes: [0],
    lines: true,
  },
  // diff --format json
  {
    name: "diff json OLD NEW",
    schema: "diff-report",
    argv: ["diff", ...MODELS, "-f", "json", "old", "new"],
    cwd: sides,
    codes: [0],
  },
  {
    name: "diff json with billing units (--service-tier, --cache-write-ratio, --at)",
    schema: "diff-report",
    argv: [
      "diff",
      "-m",
      "gpt-5,deepseek-v4-pro",
      "-f",
      "json",
      "--service-tier",
      "standard",
      "--cache-write-ratio",
      "0.25",
      "--cache-ttl",
      "1h",
      "--at",
      "12:00",
      "old",
      "new",
    ],
    cwd: sides,
    codes: [0],
  },
  {
    name: "diff json --per-file --fail-on-increase",
    schema: "diff-report",
    argv: [
      "diff",
      ...MODELS,
      "-f",
      "json",
      "--per-file",
      "--output-tokens",
      "50",
      "--fail-on-increase",
      "5",
      "old",
      "new",
    ],
    cwd: sides,
    codes: [0, 1],
  },
  {
    name: "diff json --base HEAD --per-file",
    schema: "diff-report",
    argv: ["diff", "-m", "gpt-4o-mini", "-f", "json", "--base", "HEAD", "--per-file", "prompts"],
    cwd: repository,
    codes: [0],
  },
  {
    name: "diff json --baseline",
    schema: "diff-report",
    argv: ["diff", ...MODELS, "-f", "json", "--per-file", "--baseline", "baseline.json", "new"],
    cwd: baseline,
    codes: [0],
  },
  // check --format json
  {
    name: "check json",
    schema: "check-report",
    argv: ["check", "-f", "json"],
    cwd: checkProject,
    codes: [1],
  },
  // models
  {
    name: "models json",
    schema: "models",
    argv: ["models", "-p", "openai", "-f", "json"],
    cwd: root,
    codes: [0],
  },
  {
    name: "models ID json",
    schema: "models",
    argv: ["models", "gpt-4o", "-f", "json"],
    cwd: root,
    codes: [0],
  },
  ...[["deepseek-v4-pro"], ["claude-opus-4-6"], ["-p", "openai"]].map(
    (which): ReportCase => ({
      name: `models ${which.join(" ")} json: billing units (off-peak, 1-hour writes, service tiers)`,
      schema: "models",
      argv: ["models", ...which, "-f", "json"],
      cwd: root,
      codes: [0],
    }),
  ),
  {
    name: "models json of a dated alias (resolved)",
    schema: "models",
    argv: ["models", "gpt-4", "--as-of", "2024-01-01", "-f", "json"],
    cwd: root,
    codes: [0],
  },
  {
    name: "models jsonl",
    schema: "models-line",
    argv: ["models", "-p", "anthropic", "-f", "jsonl"],
    cwd: root,
    codes: [0],
    lines: true,
  },
];

/** Runs a case's command in-process (src/cli/run.ts), with the run's date pinned. */
export async function runCase(report: ReportCase, cwd: string) {
  const { run } = await import("../../src/cli/run.js");
  return runInProcess(run, report.argv, {
    input: report.input ?? "",
    env: { LLMCOST_TODAY: "2026-11-27" },
    cwd,
  });
}
