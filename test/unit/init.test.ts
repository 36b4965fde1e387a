// `llmcost init` (issue 20, item 5): a starter llmcost.config.json that `llmcost check` passes and the
// shipped config schema accepts, never written over a file without --force.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { CONFIG_SCHEMA_REF, escapeGlob, starterGroups } from "../../src/core/init-config.js";
import { runInProcess } from "../run-in-process.js";
import { tempDir } from "../temp-dir.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const env = { LLMCOST_TODAY: "2026-11-27" };

async function runIn(cwd: string, argv: string[]) {
  const { run } = await import("../../src/cli/run.js");
  return runInProcess(run, argv, { input: "", env, cwd });
}

const configSchema = JSON.parse(readFileSync(join(ROOT, "schema", "llmcost.config.schema.json"), "utf8"));
const validateConfig = new Ajv2020({ allErrors: true, strict: false }).compile(configSchema);

function write(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const readConfig = (dir: string) => JSON.parse(readFileSync(join(dir, "llmcost.config.json"), "utf8"));

describe("llmcost init", () => {
  it("writes a rule per prompt directory and prompt-like extension, which check passes and the schema accepts", async () => {
    const dir = tempDir();
    write(dir, {
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "drafts/\n",
      "prompts/system.md": "You are a helpful assistant.",
      "prompts/nested/user.txt": "Summarise the text below.",
      "prompts/.hidden.md": "not a rule's file",
      "agents/instructions/reviewer.md": "Review the diff.",
      "README.md": "# A project of prompts",
      "CHANGELOG.md": "## 1.0.0",
      "docs/guide.md": "How to use it.",
      "notes.txt": "Some notes.",
      "requirements.txt": "ajv==1",
      "drafts/idea.md": "ignored by .gitignore",
      "node_modules/pkg/readme.md": "never walked",
      ".github/copilot.md": "a dot directory: check's globs skip it",
      "src/app.ts": "console.log(1);",
    });
    // Two models keep check's counting short; the default set is checked on its own below.
    const init = await runIn(dir, ["init", "-m", "gpt-6-luna,claude-sonnet-5-5"]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    const config = readConfig(dir);
    expect(config.$schema).toBe(CONFIG_SCHEMA_REF);
    expect(config.rules).toEqual([
      { name: "agents/instructions/", paths: ["agents/instructions/**"], maxContextShare: 0.8 },
      { name: "prompts/", paths: ["prompts/**"], maxContextShare: 0.8 },
      {
        name: "*.md files",
        paths: ["**/*.md", "!agents/instructions/**", "!prompts/**", "!CHANGELOG.md"],
        maxContextShare: 0.8,
      },
      {
        name: "*.txt files",
        paths: ["**/*.txt", "!agents/instructions/**", "!prompts/**", "!requirements.txt"],
        maxContextShare: 0.8,
      },
    ]);
    expect(init.stdout).toContain("wrote llmcost.config.json: 4 rules");
    expect(init.stdout).toContain("prompts/: prompts/** (2 files)");
    expect(init.stdout).toContain(
      "*.md files: **/*.md !agents/instructions/** !prompts/** !CHANGELOG.md (2 files)",
    );
    expect(validateConfig(config), JSON.stringify(validateConfig.errors)).toBe(true);

    // check reads it and finds exactly the files init counted.
    const check = await runIn(dir, ["check", "--format", "json"]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.rules.map((rule: { name: string; files: number }) => [rule.name, rule.files])).toEqual([
      ["agents/instructions/", 1],
      ["prompts/", 2],
      ["*.md files", 2],
      ["*.txt files", 1],
    ]);
  });

  it("with nothing prompt-like, writes the default models and a prompts/ rule that passes while empty", async () => {
    const dir = tempDir();
    write(dir, { "src/app.ts": "x" });
    const init = await runIn(dir, ["init"]);
    expect(init.code).toBe(0);
    const config = readConfig(dir);
    expect(config.rules).toEqual([
      { name: "prompts/", paths: ["prompts/**"], maxContextShare: 0.8, allowEmpty: true },
    ]);
    expect(validateConfig(config)).toBe(true);
    expect(config.models.length).toBeGreaterThan(0);
    expect(DEFAULT_MODELS).toEqual(expect.arrayContaining(config.models));
    expect(init.stdout).toContain("(no files yet (allowEmpty))");
    // check takes the default models (each must be priced on the date) and the empty rule.
    const check = await runIn(dir, ["check", "--format", "json"]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).rules[0]).toMatchObject({ files: 0, passed: true });
  });

  it("uses the default models on sale on the run's date", async () => {
    const dir = tempDir();
    await runIn(dir, ["init"]);
    const { models } = readConfig(dir);
    const { run } = await import("../../src/cli/run.js");
    const estimate = await runInProcess(run, ["estimate", "--format", "json", "-"], {
      input: "x",
      env,
      cwd: dir,
    });
    const priced = JSON.parse(estimate.stdout).results.length;
    expect(models).toHaveLength(priced);
  });

  it("writes the models named with -m, as named; a model unknown or not priced on the date is a usage error", async () => {
    const dir = tempDir();
    const init = await runIn(dir, ["init", "-m", "gpt-4o-mini,claude-sonnet-4-5", "-m", "gpt-4o-mini"]);
    expect(init.code).toBe(0);
    expect(readConfig(dir).models).toEqual(["gpt-4o-mini", "claude-sonnet-4-5"]);
    const other = tempDir();
    const unknown = await runIn(other, ["init", "-m", "gpt-4o-mimi"]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^llmcost: --model gpt-4o-mimi: unknown model.*gpt-4o-mini/);
    const { run } = await import("../../src/cli/run.js");
    const early = await runInProcess(run, ["init", "-m", "gpt-4o-mini"], {
      input: "",
      env: { LLMCOST_TODAY: "2023-01-01" },
      cwd: other,
    });
    expect(early.code).toBe(64);
    expect(early.stderr).toMatch(/^llmcost: --model gpt-4o-mini.*2023-01-01/);
    expect(existsSync(join(other, "llmcost.config.json"))).toBe(false);
  });

  it("reads nothing from stdin: a closed stdin is no matter", async () => {
    const dir = tempDir();
    const { run } = await import("../../src/cli/run.js");
    const stdin = new PassThrough(); // never ended: a read would hang the run
    const sink = () => new PassThrough();
    const code = await run({
      argv: ["init"],
      stdin,
      stdinKind: "closed",
      stdout: sink(),
      stderr: sink(),
      env,
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(readConfig(dir).rules).toHaveLength(1);
  });

  it("never replaces an existing file without --force (64, naming it), and replaces it with --force", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "llmcost.config.json"), "mine");
    const refused = await runIn(dir, ["init"]);
    expect(refused.code).toBe(64);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe("llmcost: llmcost.config.json: already exists (--force replaces it)\n");
    expect(readFileSync(join(dir, "llmcost.config.json"), "utf8")).toBe("mine");
    // Said first: before a model is looked up or the tree walked.
    const first = await runIn(dir, ["init", "-m", "no-such-model"]);
    expect(first.stderr).toBe(refused.stderr);
    const forced = await runIn(dir, ["init", "--force"]);
    expect(forced.code).toBe(0);
    expect(readConfig(dir).$schema).toBe(CONFIG_SCHEMA_REF);
  });

  it("refuses a directory or a dangling link in its place, even with --force (74)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "llmcost.config.json"));
    const directory = await runIn(dir, ["init", "--force"]);
    expect(directory.code).toBe(74);
    expect(directory.stderr).toBe(
      "llmcost: llmcost.config.json: exists and is not a regular file; not written\n",
    );
    const other = tempDir();
    symlinkSync(join(other, "nowhere"), join(other, "llmcost.config.json"));
    const dangling = await runIn(other, ["init", "--force"]);
    expect(dangling.code).toBe(74);
    expect(dangling.stderr).toContain("llmcost.config.json: is a symbolic link to nothing");
  });
});

describe("starterGroups", () => {
  it("escapes glob characters in names and keeps an extension as written", () => {
    const groups = starterGroups(["my [old] prompts/prompts/a.md", "x/NOTES.TXT", "a/b.prompt"]);
    expect(groups.map((group) => group.rule.paths)).toEqual([
      ["my \\[old\\] prompts/prompts/**"],
      ["**/*.TXT", "!my \\[old\\] prompts/prompts/**"],
      ["**/*.prompt", "!my \\[old\\] prompts/prompts/**"],
    ]);
    expect(escapeGlob("a*b?{c}")).toBe("a\\*b\\?\\{c\\}");
  });

  it("names a directory with glob characters so that check finds its files", async () => {
    const dir = tempDir();
    write(dir, { "my [old] prompts/prompts/a.md": "Hello.", "my [old] prompts/prompts/b.md": "Hi." });
    expect((await runIn(dir, ["init"])).code).toBe(0);
    const check = await runIn(dir, ["check", "--format", "json"]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).rules[0].files).toBe(2);
  });

  it("does not make a rule of paperwork alone", () => {
    expect(starterGroups(["LICENSE.txt", "CHANGELOG.md"]).map((group) => group.rule.name)).toEqual([
      "prompts/",
    ]);
  });
});
