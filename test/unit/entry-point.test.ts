// Issue 19, items 1 and 2 (review): every command counts through one entry point (count/count-run.ts
// startCounting) and finds files by one policy — check, tokenize and merge take --follow, --no-ignore
// and --strict-utf8 as estimate and diff do — and the library says when no default model is on sale.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { estimate } from "../../src/api.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

let repo: string;
/** Outside the work tree: a link to it is followed only with --follow. */
let outside: string;
const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), content);
};

beforeAll(() => {
  repo = tempDir();
  outside = tempDir();
  execFileSync("git", ["init", "-q"], { cwd: repo, stdio: "pipe" });
  write(".gitignore", "*.log\n");
  write("docs/a.txt", "hello world\n");
  write("docs/kept.log", "ignored by .gitignore unless --no-ignore\n");
  write("bad/latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  writeFileSync(join(outside, "far.txt"), "reached through a link\n");
  symlinkSync(outside, join(repo, "docs", "linked"));
  symlinkSync(join(repo, "bad"), join(repo, "docs", "inside"));
});

/** `llmcost check` on a config with one rule over `paths`, as JSON. */
async function check(paths: string[], ...args: string[]) {
  const config = join(repo, `llmcost-${paths.join("-").replace(/\W/g, "_")}.config.json`);
  writeFileSync(
    config,
    JSON.stringify({ models: ["gpt-4o"], rules: [{ name: "docs", paths, maxCost: 100 }] }),
  );
  return runCli(["check", "-c", config, "-f", "json", ...args]);
}

/** The files a check's one rule read. */
const filesOf = (stdout: string): number =>
  (JSON.parse(stdout) as { rules: { files: number }[] }).rules[0]?.files as number;

/** The inputs a `tokenize -f json` run showed. */
const sources = (stdout: string) =>
  (JSON.parse(stdout) as { inputs: { source: string }[] }).inputs.map((input) => input.source);

describe("check, tokenize and merge take the walk's options (--no-ignore, --follow, --strict-utf8)", () => {
  it("check leaves out a .gitignore'd file, and reads it with --no-ignore", async () => {
    const plain = await check(["docs/*"]);
    expect(plain.stderr).toMatch(/kept\.log: skipped: ignored by \.gitignore/);
    expect(plain.code).toBe(0);
    expect(filesOf(plain.stdout)).toBe(1);
    const all = await check(["docs/*"], "--no-ignore");
    expect(all.code).toBe(0);
    expect(all.stderr).not.toMatch(/kept\.log/);
    expect(filesOf(all.stdout)).toBe(2);
  });

  it("check follows a symbolic link only with --follow", async () => {
    const plain = await check(["docs/**/*.txt"]);
    expect(filesOf(plain.stdout)).toBe(1);
    // docs/inside leads to bad/ (read); docs/linked leads out of the config's directory: skipped even
    // when followed (nothing is read outside it).
    const followed = await check(["docs/**/*.txt"], "--follow");
    expect(followed.code).toBe(0);
    expect(filesOf(followed.stdout)).toBe(2);
  });

  it("check with --strict-utf8 fails with 65 on invalid UTF-8, and replaces it without", async () => {
    const loose = await check(["bad/*.txt"]);
    expect(loose.code).toBe(0);
    const strict = await check(["bad/*.txt"], "--strict-utf8");
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toMatch(/latin1\.txt: invalid UTF-8 at byte offset 3 \(--strict-utf8\)$/m);
  });

  it("tokenize leaves out a .gitignore'd file in a directory, and shows it with --no-ignore", async () => {
    const plain = await runCli(["tokenize", "-m", "gpt-4o", "-f", "json", join(repo, "docs")]);
    expect(plain.code).toBe(0);
    expect(sources(plain.stdout).some((s) => s.endsWith("kept.log"))).toBe(false);
    const all = await runCli(["tokenize", "-m", "gpt-4o", "-f", "json", "--no-ignore", join(repo, "docs")]);
    expect(all.code).toBe(0);
    expect(sources(all.stdout).some((s) => s.endsWith("kept.log"))).toBe(true);
  });

  it("tokenize follows a linked directory with --follow, and fails with 65 on --strict-utf8", async () => {
    const plain = await runCli(["tokenize", "-m", "gpt-4o", "-f", "json", join(repo, "docs")]);
    expect(sources(plain.stdout).some((s) => s.endsWith("far.txt"))).toBe(false);
    const followed = await runCli(["tokenize", "-m", "gpt-4o", "-f", "json", "--follow", join(repo, "docs")]);
    expect(sources(followed.stdout).some((s) => s.endsWith("far.txt"))).toBe(true);
    const strict = await runCli(["tokenize", "-m", "gpt-4o", "--strict-utf8", join(repo, "bad")]);
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe("");
  });

  it("merge takes --no-ignore, --follow and --strict-utf8 (it walks directories of shards)", async () => {
    const shards = tempDir();
    const shard = await runCli(["estimate", "-m", "gpt-4o", "-f", "jsonl", join(repo, "docs", "a.txt")]);
    expect(shard.code).toBe(0);
    writeFileSync(join(shards, "one.jsonl"), shard.stdout);
    const run = await runCli(["merge", "--no-ignore", "--follow", "--strict-utf8", "-f", "json", shards]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("diff counts through startCounting: the numbers estimate gives", () => {
  it("diff OLD NEW of two directories gives the numbers estimate gives each side", async () => {
    const diff = await runCli(["diff", "-m", "gpt-4o", "-f", "json", join(repo, "bad"), join(repo, "docs")]);
    expect(diff.code).toBe(0);
    const report = JSON.parse(diff.stdout) as { results: { tokensBefore: number; tokensAfter: number }[] };
    const tokens = async (path: string) =>
      (
        JSON.parse((await runCli(["estimate", "-m", "gpt-4o", "-f", "json", "-j", "2", path])).stdout) as {
          results: { inputTokens: number }[];
        }
      ).results[0]?.inputTokens;
    expect(report.results[0]?.tokensBefore).toBe(await tokens(join(repo, "bad")));
    expect(report.results[0]?.tokensAfter).toBe(await tokens(join(repo, "docs")));
  });
});

describe("the library says when no model can be priced on the date", () => {
  it("estimate with every default model left out fails as the CLI does (a usage error), not 0 rows", async () => {
    await expect(estimate(["hi"], { date: "2023-06-01", onWarning: false })).rejects.toThrow(
      /^models: no selected model can be priced on 2023-06-01 \(/,
    );
    const cli = await runCli(["estimate", "--as-of", "2023-06-01"], { input: "hi" });
    expect(cli.code).toBe(64);
  });
});
