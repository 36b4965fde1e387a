// Issue 18, items 4 and 5: file names that are not UTF-8, and what `llmcost check` walks.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, shell, tempDir } from "./cli.js";
import { expectError } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const dirs: string[] = [];
const fresh = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `dir/` + `name` with `\xff` as the byte 0xff: a name that is not UTF-8. */
const badName = (dir: string, name = "bad\xffname.txt") =>
  Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, "latin1")]);

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    "git",
    ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd, stdio: "pipe" },
  );

const config = (dir: string, rules: unknown[]) =>
  writeFileSync(join(dir, "llmcost.config.json"), JSON.stringify({ models: ["gpt-4o"], rules }));

/** The input tokens `llmcost estimate` counts for the operands (run in `cwd`). */
async function tokensOf(cwd: string, ...operands: string[]): Promise<number> {
  const run = await llmcost(["estimate", ...operands, "-m", "gpt-4o", "-f", "json"], { cwd });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).results[0].inputTokens;
}

describe("fault matrix round two (issue 18): paths", () => {
  it("18.4: a file name that is not UTF-8 is read, counted and compared (diff --base, estimate, check)", async () => {
    const repo = fresh();
    mkdirSync(join(repo, "prompts"));
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(30));
    writeFileSync(join(repo, "prompts", "good.txt"), "hello there");
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    // +33% of the file's text: the gate must see it, not a removed file cancelling the growth.
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(40));

    const diff = await llmcost(
      ["diff", "--base", "HEAD", ".", "--fail-on-increase", "10", "-m", "gpt-4o", "-f", "json", "--per-file"],
      { cwd: repo },
    );
    expect(diff.code).toBe(1);
    const report = JSON.parse(diff.stdout);
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ["prompts/bad\\xffname.txt", "changed"],
      ["prompts/good.txt", "unchanged"],
    ]);
    expect(diff.stderr).toMatch(/cost grew by 3\d\.\d+% .*more than --fail-on-increase 10%/);
    const table = await llmcost(["diff", "--base", "HEAD", ".", "-m", "gpt-4o", "--per-file"], { cwd: repo });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/prompts\/bad\\xffname\.txt │ changed/);

    const estimate = await llmcost(["estimate", "prompts", "-m", "gpt-4o", "-f", "json", "--per-file"], {
      cwd: repo,
    });
    expect(estimate.code).toBe(0);
    expect(estimate.stderr).toBe("");
    const inputs = JSON.parse(estimate.stdout).inputs as { source: string; bytes: number }[];
    expect(inputs.map((input) => [input.source, input.bytes])).toEqual([
      ["prompts/bad\\xffname.txt", 200],
      ["prompts/good.txt", 11],
    ]);

    config(repo, [{ name: "prompts", paths: ["prompts/**"], maxTokens: 1000 }]);
    const check = await llmcost(["check", "-f", "json"], { cwd: repo });
    expect(check.code).toBe(0);
    expect(check.stderr).toBe("");
    const rule = JSON.parse(check.stdout).rules[0];
    expect(rule.files).toBe(2);
    expect(rule.results[0].inputTokens).toBe(await tokensOf(repo, "prompts"));

    // A glob sees a byte that is not UTF-8 as one character: `?` and `*` match it.
    for (const glob of ["prompts/bad?name.txt", "prompts/bad*name.txt"]) {
      config(repo, [{ name: "odd", paths: [glob], maxTokens: 1000 }]);
      const one = await llmcost(["check", "-f", "json"], { cwd: repo });
      expect(one.code, glob).toBe(0);
      expect(JSON.parse(one.stdout).rules[0].files, glob).toBe(1);
    }
  });

  it("18.4: names shown tell files apart: a name with a literal \\x is escaped, unlike a byte not UTF-8", async () => {
    const repo = fresh();
    mkdirSync(join(repo, "prompts"));
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(30));
    // The same characters as the escape above, typed: another file, which must not be shown the same.
    writeFileSync(join(repo, "prompts", "bad\\xffname.txt"), "other ".repeat(10));
    writeFileSync(join(repo, "prompts", "C\\notes.txt"), "plain");
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(40));
    const diff = await llmcost(["diff", "--base", "HEAD", ".", "-m", "gpt-4o", "-f", "json", "--per-file"], {
      cwd: repo,
    });
    expect(diff.code).toBe(0);
    const files = JSON.parse(diff.stdout).files.map((f: { file: string; status: string }) => [
      f.file,
      f.status,
    ]);
    expect(files).toEqual([
      ["prompts/C\\notes.txt", "unchanged"],
      ["prompts/bad\\\\xffname.txt", "unchanged"],
      ["prompts/bad\\xffname.txt", "changed"],
    ]);
    const estimate = await llmcost(["estimate", "prompts", "-m", "gpt-4o", "-f", "json", "--per-file"], {
      cwd: repo,
    });
    expect(estimate.code).toBe(0);
    expect(JSON.parse(estimate.stdout).inputs.map((input: { source: string }) => input.source)).toEqual([
      "prompts/C\\notes.txt",
      "prompts/bad\\\\xffname.txt",
      "prompts/bad\\xffname.txt",
    ]);
  });

  it("18.4: a name not UTF-8 given on the command line is read by its bytes (estimate, tokenize, diff --base)", async () => {
    const repo = fresh();
    mkdirSync(join(repo, "prompts"));
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(30));
    writeFileSync(badName(join(repo, "prompts"), "bad\xfename.txt"), "word ".repeat(5));
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    writeFileSync(badName(join(repo, "prompts")), "word ".repeat(40));
    const run = (args: string) => shell(`cd '${repo}' && '${process.execPath}' '${BIN}' ${args}`);

    const estimate = await run(`estimate $'prompts/bad\\xffname.txt' -m gpt-4o -f json`);
    expect(estimate.stderr).toBe("");
    expect(estimate.code).toBe(0);
    const inputs = JSON.parse(estimate.stdout).inputs as { source: string; bytes: number }[];
    expect(inputs.map((input) => [input.source, input.bytes])).toEqual([["prompts/bad\\xffname.txt", 200]]);

    // Two names that node decodes alike (both U+FFFD) are still two files.
    const tokenize = await run(
      `tokenize $'prompts/bad\\xffname.txt' $'prompts/bad\\xfename.txt' -m gpt-4o -f json`,
    );
    expect(tokenize.code).toBe(0);
    const sections = JSON.parse(tokenize.stdout).inputs as { source: string; count: number }[];
    expect(sections.map((input) => input.source)).toEqual([
      "prompts/bad\\xffname.txt",
      "prompts/bad\\xfename.txt",
    ]);
    expect(sections[0]?.count).toBeGreaterThan(sections[1]?.count ?? Infinity);

    const diff = await run(`diff --base HEAD $'prompts/bad\\xffname.txt' -m gpt-4o -f json --per-file`);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(0);
    expect(
      JSON.parse(diff.stdout).files.map((f: { file: string; status: string }) => [f.file, f.status]),
    ).toEqual([["prompts/bad\\xffname.txt", "changed"]]);

    expectError(
      await run(`estimate $'prompts/none\\xff.txt' -m gpt-4o`),
      66,
      "prompts/none\\xff.txt: no such file or directory",
    );
  });

  it("18.5: check walks as estimate does: no link followed out of the config's directory, each file once", async () => {
    const outside = fresh();
    for (const name of ["one.txt", "two.txt", "three.txt"])
      writeFileSync(join(outside, name), "secret ".repeat(50));
    const dir = fresh();
    mkdirSync(join(dir, "prompts", "sub"), { recursive: true });
    writeFileSync(join(dir, "prompts", "a.md"), "You are a helpful assistant.");
    symlinkSync(outside, join(dir, "prompts", "etclink"));
    symlinkSync("..", join(dir, "prompts", "sub", "up"));
    // Two globs matching the same file: still one file.
    config(dir, [{ name: "prompts", paths: ["prompts/**", "prompts/*.md"], maxTokens: 1000 }]);
    const run = await llmcost(["check", "-f", "json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        "llmcost: prompts/etclink: skipped: symbolic link (not followed)",
        "llmcost: prompts/sub/up: skipped: symbolic link (not followed)",
        "",
      ].join("\n"),
    );
    const rule = JSON.parse(run.stdout).rules[0];
    expect(rule.files).toBe(1);
    expect(rule.results[0].inputTokens).toBe(await tokensOf(dir, "prompts/a.md"));

    // A glob's own directory that is a link out of the config's directory is not walked either.
    symlinkSync(outside, join(dir, "linked"));
    config(dir, [{ name: "linked", paths: ["linked/**"], maxTokens: 1000 }]);
    const linked = await llmcost(["check"], { cwd: dir });
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain(
      `llmcost: linked: leads out of ${dir} (through a symbolic link): not read\n`,
    );
    expect(linked.stderr).toContain("llmcost: linked: no files match linked/**\n");
  });
});
