// The io's working directory is where a run reads from (issue 19, item 6): run(io) with io.cwd set
// reads relative operands, globs and named files there — not in this process's working directory —
// and shows every name as typed, so its output is what the same run gives started in that directory.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../run-in-process.js";
import { tempDir } from "../temp-dir.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const env = { LLMCOST_TODAY: "2026-11-27" };
let dir: string;

beforeAll(() => {
  dir = tempDir();
  // A work tree (its .git is what makes .gitignore apply) with an ignored file among the prompts.
  mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "prompts", "nested"), { recursive: true });
  writeFileSync(join(dir, ".gitignore"), "draft.md\n");
  writeFileSync(
    join(dir, "prompts", "system.md"),
    "You are a helpful assistant. Answer in three bullet points.",
  );
  writeFileSync(join(dir, "prompts", "nested", "user.md"), "TechCrunch");
  writeFileSync(join(dir, "prompts", "draft.md"), "not counted: ignored");
  writeFileSync(join(dir, "notes.txt"), "Some notes, a little longer than the prompts are.");
  writeFileSync(join(dir, "old.md"), "You are a helpful assistant.");
  writeFileSync(
    join(dir, "llmcost.config.json"),
    JSON.stringify({
      models: ["gpt-4o"],
      rules: [{ name: "prompts", paths: ["prompts/**/*.md"], maxTokens: 100 }],
    }),
  );
});

async function runIn(argv: string[], cwd: string | undefined) {
  const { run } = await import("../../src/cli/run.js");
  return runInProcess(run, argv, { input: "", env, ...(cwd === undefined ? {} : { cwd }) });
}

/**
 * Runs `command` (its words split on spaces) with io.cwd = dir from this process's directory, and
 * again started in dir; expects the two to write the same and end with `code`. Returns the first.
 */
async function sameBothWays(command: string, code: number) {
  const argv = command.split(" ");
  expect(process.cwd()).not.toBe(dir);
  const viaIo = await runIn(argv, dir);
  const home = process.cwd();
  process.chdir(dir);
  try {
    expect(viaIo).toEqual(await runIn(argv, undefined));
  } finally {
    process.chdir(home);
  }
  expect(viaIo.code).toBe(code);
  return viaIo;
}

describe("io.cwd is where a run reads", () => {
  it("estimate reads a relative file and walks a relative directory there, .gitignore honoured", async () => {
    const viaIo = await sameBothWays("estimate notes.txt prompts -m gpt-4o -f json --per-file", 0);
    const report = JSON.parse(viaIo.stdout);
    expect(report.inputs.map((input: { source: string }) => input.source)).toEqual([
      "notes.txt",
      "prompts/nested/user.md",
      "prompts/system.md",
    ]);
    expect(report.skipped).toEqual([{ source: "prompts/draft.md", reason: "ignored by .gitignore" }]);
  });

  it("check finds the config there and matches its globs there", async () => {
    const viaIo = await sameBothWays("check -f json", 0);
    expect(JSON.parse(viaIo.stdout).rules[0].files).toBe(2);
  });

  it("tokenize reads a relative file there", async () => {
    const viaIo = await sameBothWays("tokenize notes.txt -m gpt-4o", 0);
    expect(viaIo.stdout).toContain("notes");
  });

  it("diff OLD NEW reads both relative files there", async () => {
    await sameBothWays("diff old.md prompts/system.md -m gpt-4o", 0);
  });

  it("diff --baseline reads a relative baseline file there", async () => {
    const saved = await runIn(["estimate", "prompts", "-m", "gpt-4o", "-f", "json"], dir);
    expect(saved.code).toBe(0);
    writeFileSync(join(dir, "baseline.json"), saved.stdout);
    await sameBothWays("diff --baseline baseline.json prompts -m gpt-4o", 0);
  });

  it("merge reads a relative shard there", async () => {
    const shard = await runIn(["estimate", "prompts", "-m", "gpt-4o", "-f", "jsonl"], dir);
    expect(shard.code).toBe(0);
    writeFileSync(join(dir, "shard.jsonl"), shard.stdout);
    await sameBothWays("merge shard.jsonl", 0);
  });

  it("--pricing reads a relative pricing file there, named as typed", async () => {
    const price = {
      from: "2024-01-01",
      input: 1,
      output: 1,
      source: "https://a.example",
      checked: "2025-01-01",
    };
    const model = { id: "acme-1", name: "A", kind: "chat", tokenizer: "o200k_base", contextWindow: 100 };
    const models = [{ ...model, maxOutputTokens: 5, prices: [price] }];
    writeFileSync(join(dir, "acme.json"), JSON.stringify({ provider: "acme", name: "Acme", models }));
    await sameBothWays("estimate notes.txt --pricing acme.json -m acme-1 -f json", 0);
    writeFileSync(join(dir, "broken.json"), "{");
    const broken = await sameBothWays("estimate notes.txt --pricing broken.json -m acme-1", 65);
    expect(broken.stderr).toMatch(/^llmcost: broken\.json: /);
  });

  it("pricing import reads a relative list and writes -o there, named as typed", async () => {
    copyFileSync(join(ROOT, "test", "fixtures", "litellm", "small.json"), join(dir, "litellm.json"));
    mkdirSync(join(dir, "made"));
    const made = await runIn(
      ["pricing", "import", "--from", "litellm", "litellm.json", "--include-known", "-o", "made/out.json"],
      dir,
    );
    expect(made.code).toBe(0);
    expect(made.stderr).toMatch(/^llmcost: made\/out\.json: wrote \d+ models/m);
    expect(JSON.parse(readFileSync(join(dir, "made", "out.json"), "utf8")).models.length).toBeGreaterThan(0);
    const refused = await sameBothWays("pricing import --from litellm litellm.json -o nowhere/out.json", 74);
    expect(refused.stderr).toBe("llmcost: nowhere/out.json: no such directory: nowhere\n");
  });

  it("a missing relative operand is named as typed", async () => {
    const viaIo = await sameBothWays("estimate missing.txt -m gpt-4o", 66);
    expect(viaIo.stderr).toBe("llmcost: missing.txt: no such file or directory\n");
  });
});
