// The bad-input and fault matrix of issue 7, one test per numbered case: each runs the built CLI (in
// this process, see in-process.ts; spawned only where a case needs a process of its own) and checks the
// exit code, the one-line `llmcost: <subject>: <reason>` on stderr, and that stdout is complete or empty. Reading on worker threads (-j) must give the same outputs and messages.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, type CliRun, cleanEnv, ROOT, rowOf, shell, llmcost as spawned, tempDir } from "./cli.js";
import { bothWays, escapeRegExp, expectError, mkfifo } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const GPT4O = "gpt-4o-2024-08-06";
const json = (run: CliRun) =>
  JSON.parse(run.stdout) as {
    inputs: { source: string; results?: { model: string; inputTokens: number }[] }[];
    results: { inputTokens: number }[];
    skipped: { source: string; reason: string }[];
  };
const sources = (run: CliRun) => json(run).inputs.map((input) => input.source);

/** The input tokens of the first row of a CSV report. */
const csvTokens = (stdout: string) => Number(stdout.split("\r\n")[1]?.split(",")[4]);
const ANSI = "\u001b[";

/** A user pricing file with one model that counts one token per character, at $`input` per 1M. */
function pricingFile(input: string | number = 0.15, extra = ""): string {
  const file = join(tempDir(), "acme.json");
  writeFileSync(
    file,
    `{"provider":"acme","name":"Acme",${extra}"models":[{"id":"acme-1","name":"Acme 1","kind":"chat",` +
      `"tokenizer":"chars:1","contextWindow":100000000,"maxOutputTokens":1000,"prices":[{"from":"2025-01-01",` +
      `"input":${input},"output":0.6,"source":"https://example.com/prices","checked":"2026-11-01"}]}]}`,
  );
  return file;
}

describe("fault matrix (issue 7)", () => {
  it("1: a misspelled flag is 64, named, with the flag it resembles", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--max-cots", "5"], { input: "x" });
    expectError(run, 64, "--max-cots: unknown option (did you mean --max-cost?)");
  });

  it("2: bad numbers are 64, parsed with a strict decimal grammar", async () => {
    const dollars = "expected an amount of US dollars such as 0.50";
    for (const value of ["", "0x10", "-1", "1e400", "abc"]) {
      const run = await llmcost(["estimate", "-m", "gpt-4o", "--max-cost", value], { input: "x" });
      expectError(run, 64, `--max-cost: ${dollars}, got ${JSON.stringify(value)}`);
    }
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--output-tokens", "1.5"], { input: "x" });
    expectError(run, 64, '--output-tokens: expected a whole number ≥ 0, got "1.5"');
  });

  it("3: unknown models, Object.prototype's names included, are 64 (with a suggestion when one is close)", async () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const unknown = new RegExp(
        `^llmcost: --model ${escapeRegExp(name)}: unknown model( \\(did you mean \\S+\\?\\)|; \`llmcost models --as-of \\S+\` lists the models on sale on \\S+)?\\n$`,
      );
      expectError(await llmcost(["estimate", "-m", name], { input: "x" }), 64, unknown);
      expectError(await llmcost(["models", name]), 64, unknown);
    }
    const typo = await llmcost(["estimate", "-m", "gpt-4o-mni"], { input: "x" });
    expectError(typo, 64, "--model gpt-4o-mni: unknown model (did you mean gpt-4o-mini?)");
  });

  it("3b: a usage error after the inputs were planned (and counting threads started) still exits at once", async () => {
    // estimate plans its inputs and starts its threads before it loads prices: the failed run must
    // stop them and the walk, not wait for them. The walk here is a deep tree of many directories.
    const dir = tempDir();
    for (let i = 0; i < 40; i++) {
      mkdirSync(join(dir, `d${i}`, "a", "b"), { recursive: true });
      writeFileSync(join(dir, `d${i}`, "a", "b", "f.txt"), "some text\n");
    }
    // A hang would show as the test's timeout. Spawned: what is checked is that the process exits,
    // which threads left running would stop.
    const run = await spawned(["estimate", dir, "-m", "gpt-4o-mni", "-j", "2"]);
    expectError(run, 64, "--model gpt-4o-mni: unknown model (did you mean gpt-4o-mini?)");
    rmSync(dir, { recursive: true, force: true });
  });

  it("4: no operand with stdin a terminal or closed is 64 at once", async () => {
    // Node reopens a closed fd 0 on /dev/null before llmcost starts, so it sees a device: not read either.
    const closed = await shell("timeout 20 node bin/llmcost.js estimate -m gpt-4o 0<&-");
    expectError(closed, 64, /^llmcost: estimate: no input \(stdin is (closed|a device)\): /);
    const devNull = await shell("timeout 20 node bin/llmcost.js estimate -m gpt-4o < /dev/null");
    expectError(devNull, 64, /^llmcost: estimate: no input \(stdin is a device\): /);
    // A terminal, made by script(1): its output arrives on the terminal, so stdout holds the message.
    const tty = await shell(`timeout 20 script -qec "node bin/llmcost.js estimate -m gpt-4o" /dev/null`);
    expect(tty.code).toBe(64);
    expect(tty.stdout).toMatch(/^llmcost: estimate: no input \(stdin is a terminal\): [^\n]*\r?\n$/);
  });

  it("5: with no operand a pipe is read until it closes, however slowly; - is the explicit form", async () => {
    for (const operand of ["", "-"]) {
      // A FIFO that stays open for a while.
      const fifo = await shell(
        `(printf TechCrunch; sleep 1; printf ' TechCrunch') | node bin/llmcost.js estimate ${operand} -m gpt-4o -f csv`,
      );
      expect(fifo.stderr).toBe("");
      expect(fifo.code).toBe(0);
      expect(csvTokens(fifo.stdout)).toBe(4);
      // A socket (what Node's child_process pipes are), written in two pieces a second apart.
      const socket = await llmcost(["estimate", ...(operand ? [operand] : []), "-m", "gpt-4o", "-f", "csv"], {
        input: ["TechCrunch", " TechCrunch"],
        delayMs: 1000,
      });
      expect(socket.stderr).toBe("");
      expect(socket.code).toBe(0);
      expect(csvTokens(socket.stdout)).toBe(4);
    }
  });

  it("6: an empty file or empty stdin is 0 tokens and $0, and budgets are still checked", async () => {
    const empty = join(tempDir(), "empty.txt");
    writeFileSync(empty, "");
    for (const operand of [empty, "-"]) {
      const run = await llmcost(["estimate", operand, "-m", "gpt-4o", "-f", "json", "--max-cost", "0"], {
        input: "",
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(rowOf(run.stdout, GPT4O)).toMatchObject({ inputTokens: 0, totalCost: 0 });
      expect(JSON.parse(run.stdout).budget).toMatchObject({ passed: true, violations: [] });
      // 1,000 output tokens at $10/M are $0.01 even for an empty prompt: over a $0.005 budget.
      const over = await llmcost(
        ["estimate", operand, "-m", "gpt-4o", "-f", "json", "--output-tokens", "1000", "--max-cost", "0.005"],
        { input: "" },
      );
      expect(over.code).toBe(1);
      expect(over.stderr).toBe(`llmcost: ${GPT4O}: cost $0.01 is over --max-cost $0.005\n`);
      expect(JSON.parse(over.stdout).budget.passed).toBe(false);
    }
  });

  it("7: a missing path is 66; every unreadable input among many is reported, with no total", async () => {
    const dir = tempDir();
    const missing = join(dir, "missing.txt");
    expectError(
      await llmcost(["estimate", missing, "-m", "gpt-4o"]),
      66,
      `${missing}: no such file or directory`,
    );
    writeFileSync(join(dir, "good.txt"), "TechCrunch");
    const locked = join(dir, "locked.txt");
    writeFileSync(locked, "secret");
    chmodSync(locked, 0o000);
    // root reads a mode-000 file; /proc/self/mem is a regular file no one can read from the start (EIO).
    const asRoot = process.getuid?.() === 0;
    const args = ["estimate", join(dir, "good.txt"), "/proc/self/mem", ...(asRoot ? [] : [locked]), missing];
    const run = await bothWays([...args, "-m", "gpt-4o", "--max-cost", "0"]);
    expect(run.code).toBe(66);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").sort()).toEqual(
      [
        "",
        "llmcost: /proc/self/mem: cannot read (EIO)",
        ...(asRoot ? [] : [`llmcost: ${locked}: permission denied`]),
        `llmcost: ${missing}: no such file or directory`,
      ].sort(),
    );
  });

  it("8: a directory with no input files is 66 with the skips counted by reason, 0 with --allow-empty", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.bin"), Buffer.from([0x89, 0x00, 0x01]));
    writeFileSync(join(dir, "b.bin"), Buffer.from([0x00]));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "node_modules", "x.js"), "x");
    symlinkSync("/etc/hostname", join(dir, "link"));
    await mkfifo(join(dir, "pipe"));
    // Spawned: a walk that opened the FIFO would block a thread of this process for good.
    const reason = "no input files (2 binary, 1 ignored, 1 symbolic link, 1 special file)";

    const run = await bothWays(["estimate", dir, "-m", "gpt-4o", "-q"], spawned);
    expect(run).toEqual({ code: 66, stdout: "", stderr: `llmcost: ${dir}: ${reason}\n` });
    const loud = await spawned(["estimate", dir, "-m", "gpt-4o"]);
    expect(loud.code).toBe(66);
    expect(loud.stdout).toBe("");
    expect(loud.stderr).toContain(`llmcost: ${join(dir, "pipe")}: skipped: not a regular file\n`);
    expect(loud.stderr.endsWith(`llmcost: ${dir}: ${reason}\n`)).toBe(true);

    const allowed = await bothWays(
      ["estimate", dir, "-m", "gpt-4o", "-q", "--allow-empty", "-f", "json"],
      spawned,
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe("");
    expect(json(allowed).inputs).toEqual([]);
    expect(rowOf(allowed.stdout, GPT4O)).toMatchObject({ inputTokens: 0, totalCost: 0 });
    expect(json(allowed).skipped).toHaveLength(5);
    // Without -q the emptiness is still said, as a warning.
    const warned = await spawned(["estimate", dir, "-m", "gpt-4o", "--allow-empty"]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(`llmcost: ${dir}: ${reason}\n`);

    // An empty directory, and a shell glob that matched nothing (the shell passes it on as it is).
    const empty = tempDir();
    expect(await spawned(["estimate", empty, "-m", "gpt-4o"])).toEqual({
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

  it("12: a multi-byte character split across read chunks counts as the whole text", async () => {
    const dir = tempDir();
    // "日" (3 bytes) straddles the 64 KiB read boundary of a file, and a cut between stdin writes.
    const bytes = Buffer.concat([Buffer.alloc(65535, "a"), Buffer.from("日本語のテキスト🦄", "utf8")]);
    writeFileSync(join(dir, "split.txt"), bytes);
    const file = await bothWays([
      "estimate",
      join(dir, "split.txt"),
      "-m",
      "gpt-4o,llama-3.3-70b",
      "-f",
      "json",
    ]);
    expect(file.code).toBe(0);
    expect(file.stderr).toBe("");
    expect(json(file).inputs[0]).toMatchObject({ bytes: bytes.length, characters: 65535 + 9 });
    const piece = (start: number, end?: number) => bytes.subarray(start, end);
    const stdin = await llmcost(["estimate", "-m", "gpt-4o,llama-3.3-70b", "-f", "json"], {
      input: [piece(0, 65536), piece(65536, 65537), piece(65537, bytes.length - 2), piece(bytes.length - 2)],
      delayMs: 20,
    });
    expect(stdin.code).toBe(0);
    expect(stdin.stderr).toBe("");
    expect(json(stdin).results).toEqual(json(file).results);
  });

  it("13: CRLF is counted as it is; fixtures are kept byte for byte (-text)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "crlf.txt"), "a\r\nb\r\n");
    writeFileSync(join(dir, "lf.txt"), "a\nb\n");
    const chars = await llmcost(
      ["estimate", join(dir, "crlf.txt"), join(dir, "lf.txt"), "--per-file", "-m", "gpt-4o"].concat([
        "--tokenizer",
        "chars:1",
        "-f",
        "json",
      ]),
    );
    expect(chars.code).toBe(0);
    expect(chars.stderr).toBe("");
    expect(json(chars).inputs.map((input) => input.results?.[0]?.inputTokens)).toEqual([6, 4]);
    const fixture = join(ROOT, "test", "fixtures", "inputs", "chinese-crlf.txt");
    expect(readFileSync(fixture, "utf8")).toContain("\r\n");
    expect(readFileSync(join(ROOT, ".gitattributes"), "utf8")).toMatch(/^test\/fixtures\/\*\* -text$/m);
    const run = await llmcost(["estimate", fixture, "-m", "gpt-4o", "-f", "json"]);
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, GPT4O).inputTokens).toBe(18); // tiktoken's count, with the \r
  });

  it("14: <|endoftext|>, <|im_start|> and [INST] are counted as ordinary text", async () => {
    const dir = tempDir();
    const texts = ["<|endoftext|>", "<|im_start|>", "[INST]", "<|begin_of_text|>"];
    for (const [i, text] of texts.entries()) writeFileSync(join(dir, `${i}.txt`), text);
    const run = await llmcost([
      "estimate",
      dir,
      "-m",
      "gpt-4o,mistral-large,llama-3.3-70b",
      "--per-file",
      "-f",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    // As a control token each would be 1; as text, several.
    for (const input of json(run).inputs)
      for (const result of input.results ?? []) expect(result.inputTokens).toBeGreaterThan(1);
    const gpt4o = await llmcost(["estimate", "-m", "gpt-4o", "-f", "csv"], { input: "<|endoftext|>" });
    expect(csvTokens(gpt4o.stdout)).toBe(7);
  });

  it("15: /dev/zero and /dev/urandom are 65, named or on stdin, never an endless read", async () => {
    for (const device of ["/dev/zero", "/dev/urandom"])
      expectError(
        await llmcost(["estimate", device, "-m", "gpt-4o"]),
        65,
        `${device}: not a regular file or a pipe`,
      );
    const both = await bothWays(["estimate", "/dev/zero", "/dev/urandom", "-m", "gpt-4o"]);
    expect(both).toEqual({
      code: 65,
      stdout: "",
      stderr:
        "llmcost: /dev/zero: not a regular file or a pipe\nllmcost: /dev/urandom: not a regular file or a pipe\n",
    });
    const zero = await shell("timeout 30 node bin/llmcost.js estimate - -m gpt-4o < /dev/zero");
    expectError(zero, 65, "<stdin>: binary data (NUL byte at offset 0)");
    const random = await shell("timeout 30 node bin/llmcost.js estimate - -m gpt-4o < /dev/urandom");
    expectError(random, 65, /^llmcost: <stdin>: binary data \(NUL byte at offset \d+\)\n$/);
    const piped = await shell("timeout 30 cat /dev/zero | node bin/llmcost.js estimate -m gpt-4o");
    expectError(piped, 65, "<stdin>: binary data (NUL byte at offset 0)");
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

  it("19: a pricing file that is not JSON is 65 with line and column; a missing one is 66", async () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, '{"provider": "acme",\n  "name": oops}\n');
    const run = await llmcost(["estimate", "--pricing", file, "-m", "gpt-4o"], { input: "x" });
    expectError(run, 65, new RegExp(`^llmcost: ${escapeRegExp(file)}: 2:11: invalid JSON`));
    const dir = await llmcost(["estimate", "-m", "gpt-4o"], {
      input: "x",
      env: { LLMCOST_PRICING_DIR: join(file, "..") },
    });
    expect(dir).toEqual(run);
    const missing = join(tempDir(), "missing.json");
    const gone = await llmcost(["estimate", "--pricing", missing, "-m", "gpt-4o"], { input: "x" });
    expectError(gone, 66, `${missing}: pricing file not found`);
  });

  it("20: __proto__, constructor, prototype keys, unknown fields and duplicate ids are 65, named", async () => {
    const model = (extra = "") =>
      `{"id":"acme-1","name":"A",${extra}"kind":"chat","tokenizer":"chars:1","contextWindow":8000,` +
      `"maxOutputTokens":1000,"prices":[{"from":"2025-01-01","input":0.15,"output":0.6,` +
      `"source":"https://example.com/prices","checked":"2026-11-01"}]}`;
    const cases: [string, string, string][] = [
      [`"__proto__":{"polluted":true},"models":[${model()}]`, "__proto__: unknown field", ""],
      [`"prototype":1,"models":[${model()}]`, "prototype: unknown field", ""],
      [`"models":[${model('"constructor":1,')}]`, "models[0].constructor: unknown field", ""],
      [`"models":[${model('"colour":"red",')}]`, "models[0].colour: unknown field", ""],
      [`"models":[${model()},${model()}]`, 'models[1]: "acme-1" is defined twice in this file', ""],
    ];
    for (const [body, reason] of cases) {
      const file = join(tempDir(), "acme.json");
      writeFileSync(file, `{"provider":"acme","name":"Acme",${body}}`);
      const run = await llmcost(["estimate", "--pricing", file, "-m", "gpt-4o"], { input: "x" });
      expectError(run, 65, `${file}: ${reason}`);
    }
    // Two files of one directory that define the same id.
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), `{"provider":"acme","name":"Acme","models":[${model()}]}`);
    writeFileSync(join(dir, "b.json"), `{"provider":"acme2","name":"Acme 2","models":[${model()}]}`);
    const twice = await llmcost(["estimate", "-m", "acme-1"], {
      input: "x",
      env: { LLMCOST_PRICING_DIR: dir },
    });
    expectError(
      twice,
      65,
      `${join(dir, "b.json")}: models[0]: "acme-1" is already used by ${join(dir, "a.json")} models[0]`,
    );
    // Object.prototype staying clean is checked in-process: test/unit/pricing.test.ts.
  });

  it('21: prices -1, "1.5", 1e400 and absurd ones are 65 with the JSON path', async () => {
    const reason = "must be a number of USD per 1M tokens from 0 to 10000 with at most 6 decimals";
    for (const price of ["-1", '"1.5"', "1e400", "1e7", "0.0000001"]) {
      const file = pricingFile(price);
      const run = await llmcost(["estimate", "--pricing", file, "-m", "acme-1"], { input: "x" });
      expectError(run, 65, `${file}: models[0].prices[0].input: ${reason}`);
    }
  });

  it("22: money is exact through the CLI: 3M tokens at $0.15/M is $0.45, 12,340,000 at $2.50/M is $30.85", async () => {
    const cheap = pricingFile(0.15);
    const three = "a".repeat(3_000_000);
    const run = await llmcost(["estimate", "--pricing", cheap, "-m", "acme-1", "-f", "csv"], {
      input: three,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\r\n")[1]).toMatch(/^acme-1,acme,chars:1,false,3000000,0,0\.45,0,0\.45,/);
    // A cost equal to the budget passes; a hair under it fails.
    const atLimit = await llmcost(
      ["estimate", "--pricing", cheap, "-m", "acme-1", "--max-cost", "0.45", "-q"],
      {
        input: three,
      },
    );
    expect(atLimit.code).toBe(0);
    const under = await llmcost(
      ["estimate", "--pricing", cheap, "-m", "acme-1", "--max-cost", "0.449999", "-f", "json"],
      {
        input: three,
      },
    );
    expect(under.code).toBe(1);
    expect(under.stderr).toBe("llmcost: acme-1: cost ≈$0.45 is over --max-cost $0.449999\n");
    // 10,000 files × 1,234 tokens at $2.50/M: 100 files of 1,234 tokens on their own, and 12,340,000 at once.
    const dear = pricingFile(2.5);
    const dir = tempDir();
    for (let i = 0; i < 100; i++)
      writeFileSync(join(dir, `f${String(i).padStart(3, "0")}.txt`), "b".repeat(1234));
    const files = await llmcost([
      "estimate",
      dir,
      "--pricing",
      dear,
      "-m",
      "acme-1",
      "--per-file",
      "-f",
      "json",
    ]);
    expect(files.code).toBe(0);
    const report = JSON.parse(files.stdout);
    for (const input of report.inputs) expect(input.results[0].totalCost).toBe(0.003085);
    expect(rowOf(files.stdout, "acme-1").totalCost).toBe(0.3085);
    const all = await llmcost(["estimate", "--pricing", dear, "-m", "acme-1", "-f", "json"], {
      input: "b".repeat(12_340_000),
    });
    expect(rowOf(all.stdout, "acme-1")).toMatchObject({ inputTokens: 12_340_000, totalCost: 30.85 });
  });

  it("23: a reader that goes away (| head -1) ends estimate and models quietly, status 0", async () => {
    const dir = tempDir();
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `f${i}.txt`), `file ${i} TechCrunch`);
    for (const command of [
      `estimate ${dir} --all --per-file -q`,
      `estimate ${dir} --all --per-file -f json -q -j 2`,
      "models",
    ]) {
      const run = await shell(`node bin/llmcost.js ${command} | head -1; echo "status=\${PIPESTATUS[0]}"`);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/^[^\n]+\nstatus=0\n$/);
    }
  });

  it("23b: a stderr reader that goes away (2>&1 | head -1) loses the later warnings, not the run (it used to spin forever)", async () => {
    const dir = tempDir();
    // Over 64 KiB of warnings, more than a pipe holds: later writes must meet the closed pipe.
    for (let i = 0; i < 1000; i++)
      writeFileSync(join(dir, `binary-file-with-a-longer-name-${i}.dat`), "a\0b");
    writeFileSync(join(dir, "text.txt"), "TechCrunch");
    const out = join(tempDir(), "out.json");
    const run = await shell(
      `node bin/llmcost.js estimate ${dir} -m gpt-4o -f json 2>&1 >${out} | head -1; echo "status=\${PIPESTATUS[0]}"`,
    );
    expect(run.stdout).toMatch(
      /^llmcost: \S+binary-file-with-a-longer-name-0\.dat: skipped: binary file \(NUL byte at offset 1\)\nstatus=0\n$/,
    );
    expect(JSON.parse(readFileSync(out, "utf8")).results[0]).toMatchObject({ inputTokens: 2, exact: true });
  });

  it("24: a full disk is 74 with one line naming the cause", async () => {
    for (const command of ["estimate README.md -m gpt-4o", "estimate README.md --all -f json -q", "models"]) {
      const run = await shell(`node bin/llmcost.js ${command} > /dev/full`);
      expectError(run, 74, "write error: No space left on device");
    }
  });

  it("25: 3 MiB of JSON into a slow pipe arrives whole", async () => {
    const dir = tempDir();
    for (let i = 0; i < 35; i++)
      writeFileSync(join(dir, `f${String(i).padStart(2, "0")}.txt`), `file ${i} TechCrunch`);
    const out = join(tempDir(), "out");
    const command = `node bin/llmcost.js estimate ${dir} --all --per-file -f json -q`;
    const direct = await shell(`${command} > ${out}.direct`);
    expect(direct).toEqual({ code: 0, stdout: "", stderr: "" });
    const slow = await shell(`${command} | (sleep 1; cat) > ${out}.slow; echo "\${PIPESTATUS[0]}"`);
    expect(slow).toEqual({ code: 0, stdout: "0\n", stderr: "" });
    const written = readFileSync(`${out}.direct`, "utf8");
    expect(written.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(readFileSync(`${out}.slow`, "utf8")).toBe(written);
    expect(JSON.parse(written).inputs).toHaveLength(35);
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

  it("27: no ANSI when piped or with NO_COLOR; FORCE_COLOR and --color always force it; control characters escaped", async () => {
    const plain = await llmcost(["estimate", "-m", "gpt-4o,nonesuch-model"], { input: "x" });
    expect(plain.stdout + plain.stderr).not.toContain(ANSI);
    const noColor = await llmcost(["estimate", "-m", "gpt-4o"], { input: "x", env: { NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain(ANSI);
    const forced = await llmcost(["estimate", "-m", "gpt-4o"], { input: "x", env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(ANSI);
    const always = await llmcost(["estimate", "-m", "gpt-4o", "--color", "always"], {
      input: "x",
      env: { NO_COLOR: "1" },
    });
    expect(always.stdout).toContain(ANSI);
    const never = await llmcost(["estimate", "-m", "gpt-4o", "--color", "never"], {
      input: "x",
      env: { FORCE_COLOR: "1" },
    });
    expect(never.stdout).not.toContain(ANSI);
    const tty = await shell(`script -qec "node bin/llmcost.js estimate -m gpt-4o README.md" /dev/null`, {
      NO_COLOR: "1",
    });
    expect(tty.stdout).not.toContain(ANSI);

    // File names with ESC, LF and CR: escaped in the table and on stderr, never raw.
    const dir = tempDir();
    writeFileSync(join(dir, "a\u001b[31mred\nx.txt"), "TechCrunch");
    writeFileSync(join(dir, "b\r.bin"), Buffer.from([0]));
    const run = await llmcost(["estimate", dir, "-m", "gpt-4o", "--per-file"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${dir}/a\\u001b[31mred\\u000ax.txt`);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).not.toContain("\r");
    expect(run.stderr).toBe(`llmcost: ${dir}/b\\u000d.bin: skipped: binary file (NUL byte at offset 0)\n`);
    const missing = await llmcost(["estimate", join(dir, "c\u001b[2J\u0007"), "-m", "gpt-4o"]);
    expectError(missing, 66, `${dir}/c\\u001b[2J\\u0007: no such file or directory`);
    const model = await llmcost(["estimate", "-m", "gpt\u001b[2J"], { input: "x" });
    expectError(
      model,
      64,
      "--model gpt\\u001b[2J: unknown model; `llmcost models --as-of 2026-11-27` lists the models on sale on 2026-11-27",
    );
  });

  it("28: an uncaught exception or rejection is 70 with the stack and a request to report it, never 1; one a tokenizer module's code left is 65 naming it", async () => {
    const dir = tempDir();
    // What a module's code leaves behind — an exception thrown from its microtask, a rejection it
    // drops — is the module's failure (issue 18.19): 65 naming it, and no report.
    writeFileSync(
      join(dir, "throws.mjs"),
      'export function count() { queueMicrotask(() => { throw new Error("boom"); }); return 1; }\n',
    );
    writeFileSync(
      join(dir, "stray.mjs"),
      'export function count() { Promise.reject(new Error("stray")); return 1; }\n',
    );
    writeFileSync(join(dir, "a.txt"), "TechCrunch");
    for (const jobs of ["1", "2"]) {
      const run = await spawned([
        "estimate",
        join(dir, "a.txt"),
        "-m",
        "gpt-4o",
        "--tokenizer",
        join(dir, "throws.mjs"),
        "--max-cost",
        "0",
        "-j",
        jobs,
      ]);
      expect(run).toMatchObject({
        code: 65,
        stdout: "",
        stderr: `llmcost: ${join(dir, "throws.mjs")}: boom\n`,
      });
    }
    const stray = await spawned(
      ["estimate", "-m", "gpt-4o", "--tokenizer", join(dir, "stray.mjs"), "-f", "csv"],
      { input: "x" },
    );
    expect(stray).toMatchObject({
      code: 65,
      stdout: "",
      stderr: `llmcost: ${join(dir, "stray.mjs")}: stray\n`,
    });
    // (Spawned, as are the runs above: a module's stray failure or an uncaught one is the process's.)
    // Code that is no tokenizer module's (here preloaded into the process) throwing where nothing
    // catches it, even once the report is out: llmcost's bug, 70, never 0 or 1.
    const preload = join(dir, "crash.mjs");
    writeFileSync(preload, 'process.once("beforeExit", () => { throw new Error("boom"); });\n');
    const crash = await spawned(
      ["estimate", join(dir, "a.txt"), "-m", "gpt-4o", "--max-cost", "0", "-f", "csv"],
      { env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` } },
    );
    expect(crash.code).toBe(70);
    expect(crash.stdout).toContain("gpt-4o");
    // After the budget's verdict (exit 1), which the bug's 70 beats.
    expect(crash.stderr).toMatch(
      /(^|\n)llmcost: internal error: Error: boom\n\s+at [^\n]*crash\.mjs:1:\d+\)?\n/,
    );
    expect(crash.stderr).toMatch(
      /\nllmcost: this is a bug; please report it with the command you ran[^\n]*\n/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
