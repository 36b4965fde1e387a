import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

// diff --base finds and reads files as estimate does (io/discover.ts): run in process from a git work
// tree (this file's own process: vitest runs each test file in a fork).
describe("one file discovery: diff --base against estimate's walk", () => {
  const home = process.cwd();
  let repo: string;
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), content);
  };
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
      {
        cwd: repo,
        stdio: "pipe",
      },
    );
  beforeAll(() => {
    repo = tempDir();
    git("init", "-q");
    write("a.txt", "hello world\n");
    write("tracked.log", "tracked, then ignored\n");
    write("node_modules/pkg/index.js", "module.exports = 1;\n");
    // UTF-16LE with a lone low surrogate: invalid UTF-16, not invalid UTF-8.
    write("wide.txt", Buffer.from([0xff, 0xfe, 0x68, 0x00, 0x00, 0xdc, 0x0a, 0x00]));
    symlinkSync("a.txt", join(repo, "link.txt"));
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    write(".gitignore", "*.log\nnode_modules/\n");
    write("untracked.log", "ignored and untracked\n");
    process.chdir(repo);
  });
  afterAll(() => process.chdir(home));

  const files = (stdout: string) =>
    (JSON.parse(stdout) as { files: { file: string }[] }).files.map((file) => file.file).sort();
  const diff = (...args: string[]) =>
    runCli(["diff", "--base", "HEAD", "-m", "gpt-4o", "-f", "json", "--per-file", ...args]);

  it("leaves out what the walk leaves out: a tracked file .gitignore ignores, node_modules", async () => {
    const estimate = await runCli(["estimate", ".", "-m", "gpt-4o", "-f", "json", "--per-file"]);
    expect(estimate.code).toBe(0);
    const walked = (JSON.parse(estimate.stdout) as { inputs: { source: string }[] }).inputs
      .map((input) => input.source)
      .sort();
    const run = await diff();
    expect(run.code).toBe(0);
    expect(files(run.stdout)).toEqual([".gitignore", "a.txt", "wide.txt"]);
    expect(files(run.stdout)).toEqual(walked);
    // Ignored files are left out quietly, as git leaves them out.
    expect(run.stderr).not.toMatch(/ignored/);
  });

  it("reads what .gitignore ignores with --no-ignore, on both sides", async () => {
    const run = await diff("--no-ignore");
    expect(run.code).toBe(0);
    expect(files(run.stdout)).toEqual([".gitignore", "a.txt", "tracked.log", "untracked.log", "wide.txt"]);
  });

  it("says a UTF-16 file's invalid text is invalid UTF-16LE, on both sides", async () => {
    const run = await diff();
    expect(run.stderr).toContain("llmcost: wide.txt: invalid UTF-16LE replaced with U+FFFD\n");
    expect(run.stderr).toContain("llmcost: HEAD:wide.txt: invalid UTF-16LE replaced with U+FFFD\n");
    expect(run.stderr).not.toMatch(/invalid UTF-8/);
  });

  it("fails with 65 and nothing on stdout under --strict-utf8", async () => {
    const run = await diff("--strict-utf8");
    expect(run).toMatchObject({ code: 65, stdout: "" });
    expect(run.stderr).toContain("llmcost: wide.txt: invalid UTF-16LE (--strict-utf8)\n");
  });

  it("follows a symbolic link on both sides with --follow, and notes it without", async () => {
    const plain = await diff();
    expect(plain.stderr).toContain("llmcost: link.txt: skipped: symbolic link (not followed)\n");
    const run = await diff("--follow");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { files: { file: string; status: string }[] };
    expect(json.files.find((file) => file.file === "link.txt")?.status).toBe("unchanged");
  });

  it("applies --no-ignore to diff OLD NEW as well", async () => {
    const plain = await runCli(["diff", ".", ".", "-m", "gpt-4o", "-f", "json", "--per-file"]);
    const all = await runCli(["diff", ".", ".", "-m", "gpt-4o", "-f", "json", "--per-file", "--no-ignore"]);
    expect(files(plain.stdout)).not.toContain("untracked.log");
    expect(files(all.stdout)).toContain("untracked.log");
  });
});
