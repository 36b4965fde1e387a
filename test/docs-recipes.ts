// The README's recipes, and what they print: each recipe's commands run here through the CLI (run(io)
// of src/cli, in process) on the files written beside them, and the README shows exactly that output
// between its `<!-- recipe:begin NAME -->` and `<!-- recipe:end -->` markers. test/unit/readme.test.ts
// checks it; regenerate with LLMCOST_WRITE_DOCS=1 (see docs-reference.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runInProcess } from "./run-in-process.js";
import { tempDir } from "./temp-dir.js";

/** The day the recipes run on: fixed, so their output never depends on the clock. */
export const RECIPE_DAY = "2026-12-01";
/** The terminal width the recipes' tables are laid out for. */
const COLUMNS = "100";

interface Step {
  /** The command as the README shows it. */
  shell: string;
  argv: string[];
  /** What the shell line pipes in. */
  input?: string;
  /** Where the shell line redirects stdout (its output is then not shown). */
  stdoutTo?: string;
}

interface Recipe {
  name: string;
  files: Record<string, string>;
  /** Directories the recipe makes first (`mkdir`, shown). */
  dirs?: string[];
  /** Files shown with `cat` before the commands. */
  show?: string[];
  /** Commits `files` on a branch `main`, then writes `changes` over them (a pull request's work). */
  git?: { changes: Record<string, string> };
  steps: Step[];
}

const request = (id: string, content: string, maxTokens: number) =>
  JSON.stringify({
    custom_id: id,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "gpt-6-luna", messages: [{ role: "user", content }], max_tokens: maxTokens },
  });

const PROMPT = "Summarise the attached quarterly report in three bullet points for the board.";

export const RECIPES: Recipe[] = [
  {
    name: "compare",
    files: {},
    steps: [
      {
        shell: `echo '${PROMPT}' | llmcost estimate -m gpt-6-sol,gpt-6-luna,claude-sonnet-5-5,claude-haiku-5-5 --output-tokens 500`,
        argv: [
          "estimate",
          "-m",
          "gpt-6-sol,gpt-6-luna,claude-sonnet-5-5,claude-haiku-5-5",
          "--output-tokens",
          "500",
        ],
        input: `${PROMPT}\n`,
      },
    ],
  },
  {
    name: "sellers",
    files: {},
    steps: [
      {
        shell: `echo '${PROMPT}' | llmcost estimate -m gpt-5.4,azure/gpt-5.4,bedrock/gpt-5.4,openrouter/openai/gpt-5.4 --output-tokens 500`,
        argv: [
          "estimate",
          "-m",
          "gpt-5.4,azure/gpt-5.4,bedrock/gpt-5.4,openrouter/openai/gpt-5.4",
          "--output-tokens",
          "500",
        ],
        input: `${PROMPT}\n`,
      },
    ],
  },
  {
    name: "batch",
    files: {
      "batch.jsonl": `${[
        request("q1", "Classify this support ticket: my invoice shows the wrong VAT number.", 50),
        request("q2", "Classify this support ticket: the app crashes when I upload a photo.", 50),
        request("q3", "Write a two-paragraph reply apologising for a late delivery.", 400),
      ].join("\n")}\n`,
    },
    steps: [
      {
        shell: "llmcost estimate batch.jsonl --output-tokens 200",
        argv: ["estimate", "batch.jsonl", "--output-tokens", "200"],
      },
    ],
  },
  {
    name: "budget",
    files: {
      // Written as a person would write it (one rule a line), so that the README shows it short.
      "llmcost.config.json": `{
  "$schema": "./node_modules/llmcost/schema/llmcost.config.schema.json",
  "models": ["gpt-6-sol", "claude-sonnet-5-5"],
  "outputTokens": 500,
  "rules": [
    { "name": "system prompts", "paths": ["prompts/**/*.md"], "maxCost": 0.05, "maxTokens": 20000 },
    { "name": "chat at scale", "paths": ["prompts/chat.md"], "requests": 20000, "per": "day", "maxMonthlyCost": 300 }
  ]
}
`,
      "prompts/system.md":
        "You are a support assistant for Acme. Answer in the customer's language.\n".repeat(20),
      "prompts/chat.md": "Greet the customer by name and ask how you can help today.\n",
    },
    show: ["llmcost.config.json"],
    steps: [{ shell: "llmcost check", argv: ["check"] }],
  },
  {
    name: "pr-diff",
    files: {
      "prompts/system.md": "You are a support assistant for Acme. Answer briefly.\n",
      "prompts/faq.md": "Q: Where is my order?\nA: See the tracking link in your email.\n",
    },
    git: {
      changes: {
        "prompts/system.md":
          "You are a support assistant for Acme. Answer briefly, in the customer's language, and quote the order number.\n",
        "prompts/returns.md": "Q: How do I return an item?\nA: Within 30 days, from your account page.\n",
      },
    },
    steps: [
      {
        shell: "llmcost diff --base main prompts -m gpt-6-sol,claude-sonnet-5-5 --fail-on-increase 10",
        argv: [
          "diff",
          "--base",
          "main",
          "prompts",
          "-m",
          "gpt-6-sol,claude-sonnet-5-5",
          "--fail-on-increase",
          "10",
        ],
      },
    ],
  },
  {
    name: "corpus",
    files: {
      "corpus/part-1/a.txt": "The first part of a large corpus.\n".repeat(200),
      "corpus/part-1/b.txt": "More text of the first part.\n".repeat(300),
      "corpus/part-2/c.txt": "The second part, counted on another machine.\n".repeat(400),
    },
    dirs: ["shards"],
    steps: [
      ...[1, 2].map(
        (part): Step => ({
          shell: `llmcost estimate corpus/part-${part} -m gpt-6-sol --as-of ${RECIPE_DAY} -f jsonl > shards/part-${part}.jsonl`,
          argv: ["estimate", `corpus/part-${part}`, "-m", "gpt-6-sol", "--as-of", RECIPE_DAY, "-f", "jsonl"],
          stdoutTo: `shards/part-${part}.jsonl`,
        }),
      ),
      { shell: "llmcost merge shards/", argv: ["merge", "shards/"] },
    ],
  },
  {
    name: "tokenize",
    files: {},
    steps: [
      {
        shell: "echo -n 'TechCrunch' | llmcost tokenize -m gpt-6-sol",
        argv: ["tokenize", "-m", "gpt-6-sol"],
        input: "TechCrunch",
      },
    ],
  },
];

function writeFiles(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Commits with fixed names and dates, so that the commit (and the hash diff prints) is the same every run. */
function commitAll(dir: string) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "llmcost",
    GIT_AUTHOR_EMAIL: "llmcost@example.com",
    GIT_COMMITTER_NAME: "llmcost",
    GIT_COMMITTER_EMAIL: "llmcost@example.com",
    GIT_AUTHOR_DATE: `${RECIPE_DAY}T12:00:00Z`,
    GIT_COMMITTER_DATE: `${RECIPE_DAY}T12:00:00Z`,
    // The reader's own git settings (signing, hooks, templates) must not change the commit.
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "prompts");
}

/** One recipe's block: its shown files and commands, each with what it printed. */
async function runRecipe(recipe: Recipe): Promise<string> {
  const { run } = await import("../src/cli/run.js");
  const dir = tempDir("llmcost-recipe-");
  writeFiles(dir, recipe.files);
  if (recipe.git) {
    commitAll(dir);
    writeFiles(dir, recipe.git.changes);
  }
  const lines: string[] = [];
  for (const path of recipe.dirs ?? []) {
    mkdirSync(join(dir, path));
    lines.push(`$ mkdir ${path}`);
  }
  for (const path of recipe.show ?? [])
    lines.push(`$ cat ${path}`, readFileSync(join(dir, path), "utf8").trimEnd());
  for (const step of recipe.steps) {
    const result = await runInProcess(run, step.argv, {
      input: step.input ?? "",
      env: { LLMCOST_TODAY: RECIPE_DAY, COLUMNS, NO_COLOR: "1" },
      cwd: dir,
    });
    lines.push(`$ ${step.shell}`);
    if (step.stdoutTo) writeFileSync(join(dir, step.stdoutTo), result.stdout);
    else lines.push(result.stdout.trimEnd());
    if (result.stderr) lines.push(result.stderr.trimEnd());
    if (result.code !== 0) lines.push("$ echo $?", String(result.code));
  }
  return [
    `<!-- recipe:begin ${recipe.name} -->`,
    "```console",
    ...lines.filter((l) => l !== ""),
    "```",
    "<!-- recipe:end -->",
  ].join("\n");
}

/** The README with every recipe's block as the CLI prints it now. */
export async function recipesUpdated(readme: string): Promise<{ path: string; expected: string }> {
  let expected = readme;
  for (const recipe of RECIPES) {
    const marker = new RegExp(`<!-- recipe:begin ${recipe.name} -->[\\s\\S]*?<!-- recipe:end -->`);
    if (!marker.test(expected))
      throw new Error(`README.md has no <!-- recipe:begin ${recipe.name} --> block`);
    const block = await runRecipe(recipe);
    expected = expected.replace(marker, () => block);
  }
  return { path: "README.md", expected };
}
