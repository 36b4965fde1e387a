// The bad-input and fault matrix of issue 7, the items not covered elsewhere: each spawns the built binary
// through real pipes and checks the exit code, the one-line `llmcost: <subject>: <reason>` on stderr, and
// that stdout is complete or empty. Reading on worker threads (-j) must give the same outputs and messages.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, type CliRun, cleanEnv, llmcost, rowOf, shell, tempDir } from "./cli.js";

const GPT4O = "gpt-4o-2024-08-06";
const json = (run: CliRun) =>
  JSON.parse(run.stdout) as {
    inputs: { source: string; results?: { model: string; inputTokens: number }[] }[];
    results: { inputTokens: number }[];
    skipped: { source: string; reason: string }[];
  };
const sources = (run: CliRun) => json(run).inputs.map((input) => input.source);

/** Runs the same command on one thread and on two, and checks that nothing differs. */
async function bothWays(args: string[]): Promise<CliRun> {
  const one = await llmcost([...args, "-j", "1"]);
  const two = await llmcost([...args, "-j", "2"]);
  expect(two).toEqual(one);
  return one;
}

const mkfifo = (path: string) => shell(`mkfifo '${path}'`);

describe("fault matrix (issue 7)", () => {
  it("8: a directory with no input files is 66 with the skips counted by reason, 0 with --allow-empty", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.bin"), Buffer.from([0x89, 0x00, 0x01]));
    writeFileSync(join(dir, "b.bin"), Buffer.from([0x00]));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "node_modules", "x.js"), "x");
    symlinkSync("/etc/hostname", join(dir, "link"));
    await mkfifo(join(dir, "pipe"));
    const reason = "no input files (2 binary, 1 ignored, 1 symbolic link, 1 special file)";

    const run = await bothWays(["estimate", dir, "-m", "gpt-4o", "-q"]);
    expect(run).toEqual({ code: 66, stdout: "", stderr: `llmcost: ${dir}: ${reason}\n` });
    const loud = await llmcost(["estimate", dir, "-m", "gpt-4o"]);
    expect(loud.code).toBe(66);
    expect(loud.stdout).toBe("");
    expect(loud.stderr).toContain(`llmcost: ${join(dir, "pipe")}: skipped: not a regular file\n`);
    expect(loud.stderr.endsWith(`llmcost: ${dir}: ${reason}\n`)).toBe(true);

    const allowed = await bothWays(["estimate", dir, "-m", "gpt-4o", "-q", "--allow-empty", "-f", "json"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe("");
    expect(json(allowed).inputs).toEqual([]);
    expect(rowOf(allowed.stdout, GPT4O)).toMatchObject({ inputTokens: 0, totalCost: 0 });
    expect(json(allowed).skipped).toHaveLength(5);
    // Without -q the emptiness is still said, as a warning.
    const warned = await llmcost(["estimate", dir, "-m", "gpt-4o", "--allow-empty"]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(`llmcost: ${dir}: ${reason}\n`);

    // An empty directory, and a shell glob that matched nothing (the shell passes it on as it is).
    const empty = tempDir();
    expect(await llmcost(["estimate", empty, "-m", "gpt-4o"])).toEqual({
      code: 66,
      stdout: "",
      stderr: `llmcost: ${empty}: no input files\n`,
    });
    const glob = await shell(`node bin/llmcost.js estimate -m gpt-4o ${empty}/*.md`);
    expect(glob).toEqual({
      code: 66,
      stdout: "",
      stderr: `llmcost: ${empty}/*.md: no such file or directory\n`,
    });
  });

  it("9: files skipped in a walk are warned about and listed under skipped, in walk order", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "TechCrunch");
    symlinkSync(join(dir, "a.txt"), join(dir, "link"));
    writeFileSync(join(dir, "logo.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "z.txt"), "TechCrunch");
    const run = await bothWays(["estimate", dir, "-m", "gpt-4o", "-f", "json"]);
    expect(run.code).toBe(0);
    expect(sources(run)).toEqual([join(dir, "a.txt"), join(dir, "z.txt")]);
    expect(json(run).skipped).toEqual([
      { source: join(dir, "link"), reason: "symbolic link (not followed)" },
      { source: join(dir, "logo.png"), reason: "binary file (NUL byte at offset 2)" },
      { source: join(dir, "node_modules"), reason: "ignored directory" },
    ]);
    for (const { source, reason } of json(run).skipped)
      expect(run.stderr).toContain(`llmcost: ${source}: skipped: ${reason}\n`);
    // A run without skips has an empty list; --quiet changes stderr only.
    const clean = await llmcost(["estimate", join(dir, "a.txt"), "-m", "gpt-4o", "-f", "json"]);
    expect(json(clean).skipped).toEqual([]);
    const quiet = await llmcost(["estimate", dir, "-m", "gpt-4o", "-f", "json", "-q", "-j", "1"]);
    expect(quiet).toEqual({ code: 0, stdout: run.stdout, stderr: "" });
  });

  it("10: UTF-16 with a BOM (LE, BE) is decoded, not binary; a BOM is dropped once; counts equal UTF-8's", async () => {
    const dir = tempDir();
    const text = "Héllo wörld, 日本語のテキスト 🦄\r\nTechCrunch <|endoftext|>\n".repeat(700);
    const utf16le = Buffer.from(text, "utf16le");
    const utf16be = Buffer.from(utf16le).swap16();
    writeFileSync(join(dir, "1-utf8.txt"), text);
    writeFileSync(
      join(dir, "2-utf8-bom.txt"),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    writeFileSync(join(dir, "3-utf16le.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]));
    writeFileSync(join(dir, "4-utf16be.txt"), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]));
    // A second BOM is text (U+FEFF), not dropped.
    writeFileSync(
      join(dir, "5-utf16le-2bom.txt"),
      Buffer.concat([Buffer.from([0xff, 0xfe, 0xff, 0xfe]), utf16le]),
    );
    const run = await bothWays(["estimate", dir, "-m", "gpt-4o,mistral-embed", "--per-file", "-f", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const counts = json(run).inputs.map((input) => input.results?.map((result) => result.inputTokens));
    expect(counts).toHaveLength(5);
    const plain = counts[0];
    expect(plain?.[0]).toBeGreaterThan(1000);
    expect(counts.slice(0, 4)).toEqual([plain, plain, plain, plain]);
    expect(counts[4]).not.toEqual(plain);
    // On stdin too, split into small pieces.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]);
    const stdin = await llmcost(["estimate", "-m", "gpt-4o", "-f", "json"], {
      input: [bytes.subarray(0, 1), bytes.subarray(1, 4001), bytes.subarray(4001)],
      delayMs: 20,
    });
    expect(stdin.code).toBe(0);
    const gpt4o = json(run).inputs[0]?.results?.find((result) => result.model === GPT4O);
    expect(rowOf(stdin.stdout, GPT4O).inputTokens).toBe(gpt4o?.inputTokens);
  });

  it("11: --strict-utf8 makes invalid UTF-8 a 65 naming the file and the byte offset", async () => {
    const dir = tempDir();
    // A 3-byte character straddles the 64 KiB read boundary; the first bad byte comes after it.
    const good = Buffer.concat([Buffer.alloc(65535, "a"), Buffer.from("日本", "utf8")]);
    const bad = Buffer.concat([good, Buffer.from([0x20, 0xe6, 0x97, 0x41, 0xff])]);
    const offset = good.length + 1;
    writeFileSync(join(dir, "good.txt"), good);
    writeFileSync(join(dir, "bad.txt"), bad);
    const strict = await bothWays(["estimate", dir, "-m", "gpt-4o", "--strict-utf8"]);
    expect(strict).toEqual({
      code: 65,
      stdout: "",
      stderr: `llmcost: ${join(dir, "bad.txt")}: invalid UTF-8 at byte offset ${offset} (--strict-utf8)\n`,
    });
    const lenient = await bothWays(["estimate", dir, "-m", "gpt-4o", "-f", "json"]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe(`llmcost: ${join(dir, "bad.txt")}: invalid UTF-8 replaced with U+FFFD\n`);
    // A truncated sequence at the very end, on stdin, in pieces.
    const cut = await llmcost(["estimate", "-m", "gpt-4o", "--strict-utf8"], {
      input: [Buffer.from("ab"), Buffer.from([0xf0, 0x9f]), Buffer.from([0x98])],
      delayMs: 20,
    });
    expect(cut).toEqual({
      code: 65,
      stdout: "",
      stderr: "llmcost: <stdin>: invalid UTF-8 at byte offset 2 (--strict-utf8)\n",
    });
    const fine = await llmcost(["estimate", join(dir, "good.txt"), "-m", "gpt-4o", "--strict-utf8"]);
    expect(fine.code).toBe(0);
    expect(fine.stderr).toBe("");
  });

  it("16: symbolic links are skipped, or followed with --follow and loop detection", async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, "shared.txt"), "TechCrunch");
    writeFileSync(join(dir, "a.txt"), "TechCrunch");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "b.txt"), "TechCrunch");
    symlinkSync(".", join(dir, "loop"));
    symlinkSync("..", join(dir, "sub", "up"));
    symlinkSync(join(outside, "shared.txt"), join(dir, "shared.txt"));
    symlinkSync(join(dir, "missing"), join(dir, "zz-dangling"));

    const plain = await bothWays(["estimate", dir, "-m", "gpt-4o", "-f", "json"]);
    expect(plain.code).toBe(0);
    expect(sources(plain)).toEqual([join(dir, "a.txt"), join(dir, "sub", "b.txt")]);
    expect(json(plain).skipped.map((skip) => skip.reason)).toEqual(
      Array(4).fill("symbolic link (not followed)"),
    );

    const followed = await bothWays(["estimate", dir, "-m", "gpt-4o", "-f", "json", "--follow"]);
    expect(followed.code).toBe(0);
    expect(sources(followed)).toEqual([
      join(dir, "a.txt"),
      join(dir, "shared.txt"),
      join(dir, "sub", "b.txt"),
    ]);
    expect(json(followed).results[0]?.inputTokens).toBe(6);
    expect(json(followed).skipped).toEqual([
      { source: join(dir, "loop"), reason: "symbolic link loop (not followed again)" },
      { source: join(dir, "sub", "up"), reason: "symbolic link loop (not followed again)" },
      { source: join(dir, "zz-dangling"), reason: "symbolic link to nothing" },
    ]);
    // A directory of nothing but a loop is empty, not endless.
    const onlyLoop = tempDir();
    symlinkSync(".", join(onlyLoop, "self"));
    expect(await llmcost(["estimate", onlyLoop, "-m", "gpt-4o", "--follow", "-q"])).toEqual({
      code: 66,
      stdout: "",
      stderr: `llmcost: ${onlyLoop}: no input files (1 symbolic link)\n`,
    });
  });

  it("17: .gitignore files (nested, negations) are respected in a git work tree; --no-ignore opts out", async () => {
    const repo = tempDir();
    const file = (path: string, text = "TechCrunch") => {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), text);
    };
    mkdirSync(join(repo, ".git", "info"), { recursive: true });
    file(".git/info/exclude", "secret.txt\n");
    file(".gitignore", "*.log\nbuild/\n!keep.log\n");
    file("sub/.gitignore", "!debug.log\nlocal.txt\n");
    for (const path of ["a.txt", "x.log", "keep.log", "build/out.txt", "secret.txt", "sub/b.txt"]) file(path);
    for (const path of ["sub/debug.log", "sub/local.txt", "sub/y.log"]) file(path);
    const at = (...paths: string[]) => paths.map((path) => join(repo, path));

    const run = await bothWays(["estimate", repo, "-m", "gpt-4o", "-f", "json"]);
    expect(run.code).toBe(0);
    expect(sources(run)).toEqual(
      at(".gitignore", "a.txt", "keep.log", "sub/.gitignore", "sub/b.txt", "sub/debug.log"),
    );
    expect(json(run).skipped).toEqual([
      { source: join(repo, ".git"), reason: "ignored directory" },
      { source: join(repo, "build"), reason: "ignored by .gitignore" },
      { source: join(repo, "secret.txt"), reason: "ignored by .git/info/exclude" },
      { source: join(repo, "sub", "local.txt"), reason: "ignored by .gitignore" },
      { source: join(repo, "sub", "y.log"), reason: "ignored by .gitignore" },
      { source: join(repo, "x.log"), reason: "ignored by .gitignore" },
    ]);
    // Walking a subdirectory applies the rules from the top of the work tree down.
    const sub = await llmcost(["estimate", join(repo, "sub"), "-m", "gpt-4o", "-f", "json", "-q"]);
    expect(sources(sub)).toEqual(at("sub/.gitignore", "sub/b.txt", "sub/debug.log"));
    // A path named explicitly is always read, an ignored directory named explicitly is walked.
    const named = await llmcost(["estimate", ...at("x.log", "build"), "-m", "gpt-4o", "-f", "json"]);
    expect(named.code).toBe(0);
    expect(named.stderr).toBe("");
    expect(sources(named)).toEqual(at("x.log", "build/out.txt"));
    // --no-ignore: everything but .git itself.
    const all = await bothWays(["estimate", repo, "-m", "gpt-4o", "-f", "json", "-q", "--no-ignore"]);
    expect(sources(all)).toHaveLength(11);
    expect(json(all).skipped).toEqual([{ source: join(repo, ".git"), reason: "ignored directory" }]);
    // Outside a work tree, a .gitignore is just a file.
    const plain = tempDir();
    writeFileSync(join(plain, ".gitignore"), "*.txt\n");
    writeFileSync(join(plain, "a.txt"), "TechCrunch");
    const outside = await llmcost(["estimate", plain, "-m", "gpt-4o", "-f", "json"]);
    expect(sources(outside)).toEqual([join(plain, ".gitignore"), join(plain, "a.txt")]);
  });

  it("18: a file deleted between listing and reading is a per-file 66, not a crash", async () => {
    const dir = tempDir();
    const pipe = join(dir, "pipe");
    const victim = join(dir, "victim.txt");
    await mkfifo(pipe);
    writeFileSync(victim, "TechCrunch");
    // The pipe is read first: once llmcost has opened it, every input has been listed.
    const child = spawn(process.execPath, [BIN, "estimate", pipe, victim, "-m", "gpt-4o", "-j", "1"], {
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const writer = await open(pipe, "w");
    rmSync(victim);
    await writer.write("TechCrunch");
    await writer.close();
    const [code] = await once(child, "close");
    expect({ code, stdout, stderr }).toEqual({
      code: 66,
      stdout: "",
      stderr: `llmcost: ${victim}: no such file or directory\n`,
    });
  });

  it("26: SIGINT during a long run ends it at once, with no partial output", async () => {
    const interrupted = async (args: string[], feed?: (stdin: NodeJS.WritableStream) => void) => {
      const child = spawn(process.execPath, [BIN, "estimate", ...args, "-m", "gpt-4o", "-f", "json"], {
        env: cleanEnv(),
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.stdin.on("error", () => {});
      const closed = once(child, "close");
      if (feed) feed(child.stdin);
      else child.stdin.end();
      // Let it read and count for a while, then interrupt.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(child.exitCode).toBe(null);
      child.kill("SIGINT");
      const [code, signal] = await closed;
      // Killed by SIGINT (the shell reports 130), or exit 130: either way, nothing on stdout.
      expect(signal === "SIGINT" || code === 130).toBe(true);
      expect(stdout).toBe("");
      expect(stderr).not.toMatch(/internal error|at .*\.js/);
    };
    // A large generated stream on stdin that does not end.
    const line = Buffer.from(
      "The quick brown fox jumps over the lazy dog. 日本語のテキスト。\n".repeat(1000),
    );
    await interrupted(["-"], (stdin) => {
      const pump = () => {
        while (stdin.write(line));
      };
      stdin.on("drain", pump);
      pump();
    });
    // On worker threads: a named pipe that no one writes to, among files.
    const dir = tempDir();
    const pipe = join(dir, "pipe");
    await mkfifo(pipe);
    writeFileSync(join(dir, "a.txt"), "TechCrunch");
    await interrupted([join(dir, "a.txt"), pipe, "-j", "2"]);
  });
});
