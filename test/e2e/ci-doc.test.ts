import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cleanEnv, ROOT, tempDir } from "./cli.js";

/**
 * docs/ci.md's commands, run as written: the lines of the shell block after the `ci-commands` marker,
 * so the documented workflow cannot drift from what is tested.
 */
const doc = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
const commands = (() => {
  const marker = doc.indexOf("<!-- ci-commands");
  const block = /```sh\n([\s\S]*?)```/.exec(doc.slice(marker));
  if (marker < 0 || !block?.[1]) throw new Error("docs/ci.md: no ci-commands shell block");
  return block[1].split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
})();

const GPT4O = "gpt-4o-2024-08-06";

/** A git repository with a base commit (also as origin/main) and a head commit on top. */
function repository(head: Record<string, string>) {
  const dir = tempDir();
  const repo = join(dir, "repo");
  mkdirSync(join(repo, "prompts", "examples"), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd: repo, stdio: "pipe" },
    )
      .toString()
      .trim();
  git("init", "-q");
  git("symbolic-ref", "HEAD", "refs/heads/main");
  const config = {
    models: ["gpt-4o"],
    rules: [
      { name: "prompts", paths: ["prompts/**/*.md"], maxCost: 0.01, maxCostPerFile: 0.00005 },
      { name: "few-shot", paths: ["prompts/examples/*.md"], maxTokens: 200 },
    ],
  };
  writeFileSync(join(repo, "llmcost.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(repo, "prompts", "system.md"), "You are a helpful assistant. Answer briefly.\n");
  writeFileSync(join(repo, "prompts", "examples", "one.md"), "Q: What is 2 + 2?\nA: 4\n");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  // What actions/checkout with fetch-depth 0 leaves: the base branch as a remote-tracking ref.
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  const base = git("rev-parse", "HEAD");
  for (const [file, text] of Object.entries(head)) writeFileSync(join(repo, file), text);
  git("add", "-A");
  git("commit", "-q", "-m", "head");
  // `npx llmcost` runs this checkout's CLI (a shim on PATH), never the registry.
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh\nif [ "$1" = llmcost ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\necho "npx: only llmcost here" >&2\nexit 127\n`,
  );
  chmodSync(join(bin, "npx"), 0o755);
  const summary = join(dir, "summary.md");
  writeFileSync(summary, "## An earlier step\n");
  const report = join(dir, "llmcost-diff.md");
  return { dir, repo, bin, base, summary, report };
}

/** Each documented command, in order, as the CI runner runs it (bash, in the checkout). */
function runDocumented(setup: ReturnType<typeof repository>) {
  return commands.map((command) => {
    const run = spawnSync("bash", ["-c", command], {
      cwd: setup.repo,
      encoding: "utf8",
      env: cleanEnv({
        PATH: `${setup.bin}:${process.env.PATH ?? ""}`,
        BASE_REF: "main",
        REPORT: setup.report,
        GITHUB_ACTIONS: "true",
        GITHUB_WORKSPACE: setup.repo,
        GITHUB_STEP_SUMMARY: setup.summary,
      }),
    });
    return { command, code: run.status, stdout: run.stdout, stderr: run.stderr };
  });
}

describe("docs/ci.md", () => {
  it("has the two documented commands, and the workflows run the same ones", () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npx llmcost check$/);
    expect(commands[1]).toMatch(
      /^npx llmcost diff --base "origin\/\$BASE_REF" .*--format markdown --fail-on-increase 10/,
    );
    // Every llmcost line of the GitHub and GitLab workflows is one of the tested commands.
    const workflowLines = [...doc.matchAll(/^\s*(?:- )?(?:run: )?(npx llmcost .*)$/gm)]
      .map((m) => m[1]?.trim())
      .filter((line) => line !== undefined && !line.includes("llmcost@"));
    expect(workflowLines.length).toBeGreaterThanOrEqual(4);
    for (const line of workflowLines) expect(commands).toContain(line);
  });

  it("fails a change that breaks a budget and grows the cost: exit codes, annotations, markdown, summary", () => {
    const setup = repository({
      "prompts/system.md":
        "You are a helpful assistant. Answer at length, politely, with examples, citations and a summary at the end of every answer.\n",
    });
    const [check, diff] = runDocumented(setup);
    if (!check || !diff) throw new Error("two commands expected");

    expect(check.code, check.stderr).toBe(1);
    expect(check.stderr).toMatch(
      new RegExp(
        `^::error file=prompts/system\\.md,title=llmcost budget::prompts: ${GPT4O}: cost per file \\$0\\.0000[0-9]+ is over maxCostPerFile \\$0\\.00005$`,
        "m",
      ),
    );
    expect(check.stdout).toContain("✗ 1 of 2 rules fails");

    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toBe(""); // the report went to $REPORT
    expect(diff.stderr).toMatch(
      new RegExp(
        `^::error title=llmcost budget::${GPT4O}: cost grew by [0-9.]+%25 \\(.*\\), more than --fail-on-increase 10%25$`,
        "m",
      ),
    );
    const report = readFileSync(setup.report, "utf8");
    expect(report).toContain(
      `### llmcost diff: \`origin/main\` (\`${setup.base.slice(0, 12)}\`) → \`working tree\``,
    );
    expect(report).toMatch(
      new RegExp(`^\\| \`${GPT4O}\` \\| [0-9]+ \\| [0-9]+ \\| \\+[0-9]+ \\| .* \\| ↑ [0-9.]+% \\|$`, "m"),
    );
    expect(report).toContain(`**❌ Fail:** \`${GPT4O}\` grew by more than 10% (--fail-on-increase 10)`);
    expect(report).not.toContain("\u001b["); // no colour
    expect(report).not.toMatch(/\d{2}:\d{2}:\d{2}/); // no timestamp

    // Appended to the summary, after what was there: the check's report, then the diff's.
    const summary = readFileSync(setup.summary, "utf8");
    expect(summary.startsWith("## An earlier step\n\n### llmcost check\n")).toBe(true);
    expect(summary).toContain("**❌ 1 of 2 rules fails**");
    expect(summary.endsWith(`\n${report}`)).toBe(true);

    // The same commands give the same report: stable, diff-friendly.
    writeFileSync(setup.summary, "");
    const again = runDocumented(setup);
    expect(again.map((run) => run.code)).toEqual([1, 1]);
    expect(readFileSync(setup.report, "utf8")).toBe(report);
  });

  it("passes a small change within the budgets: exit 0, no annotations, a passing verdict", () => {
    const setup = repository({
      "prompts/system.md": "You are a helpful assistant. Answer briefly!\n",
    });
    const [check, diff] = runDocumented(setup);
    if (!check || !diff) throw new Error("two commands expected");
    expect([check.code, diff.code], check.stderr + diff.stderr).toEqual([0, 0]);
    expect(check.stderr + diff.stderr).not.toContain("::error");
    const report = readFileSync(setup.report, "utf8");
    expect(report).toContain("**✅ Pass:** no model's cost grew by more than 10% (--fail-on-increase 10)");
    const summary = readFileSync(setup.summary, "utf8");
    expect(summary).toContain("**✅ all 2 rules pass**");
    expect(summary.endsWith(`\n${report}`)).toBe(true);
  });
});
