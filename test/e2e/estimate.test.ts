import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, rowOf, shell, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const FIXTURES = join(ROOT, "test", "fixtures");
const input = (name: string) => join(FIXTURES, "inputs", name);
const ANSI = "\u001b[";
// Historical models (GPT-4, GPT-4 Turbo, Claude 2.1) are priced on a date they were on sale, after the
// gpt-4o alias moved to the 2024-08-06 snapshot (2024-10-02).
const THEN = ["--as-of", "2024-10-15"];

describe("llmcost estimate: files, directories, stdin", () => {
  it("prints a table for a file, without colour when piped", async () => {
    const run = await llmcost(["estimate", join(ROOT, "README.md")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ Model +│ Provider/);
    expect(run.stdout).toContain("gpt-6-sol");
    expect(run.stdout).toContain("Output: input only");
    expect(run.stdout).not.toContain(ANSI);
  });

  it("counts TechCrunch as 2 tokens for GPT-4o and 3 for GPT-4 Turbo, priced exactly", async () => {
    const run = await llmcost(["estimate", ...THEN, "--model", "gpt-4o,gpt-4-turbo", "--format", "json"], {
      input: "TechCrunch",
    });
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06")).toMatchObject({
      inputTokens: 2,
      inputCost: 0.000005,
      exact: true,
    });
    expect(rowOf(run.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({ inputTokens: 3, inputCost: 0.00003 });
  });

  it("reads stdin with - and prices the Mistral Large launch against GPT-4 Turbo", async () => {
    const text = "Summarise the quarterly report in three bullet points.";
    const run = await llmcost(
      [
        "estimate",
        "--as-of",
        "2024-04-09",
        "-",
        "-m",
        "mistral-large-2402",
        "-m",
        "gpt-4-turbo",
        "--format",
        "json",
      ],
      {
        input: text,
      },
    );
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, "mistral-large-2402")).toMatchObject({
      inputPricePerMillion: 8,
      outputPricePerMillion: 24,
      contextWindow: 32000,
      // Mistral's v2 SentencePiece tokenizer, exact (mistral-tokenizer-js's own encoder also says 12).
      tokenizer: "mistral-v2",
      exact: true,
      inputTokens: 12,
    });
    expect(rowOf(run.stdout, "gpt-4-turbo-2024-04-09")).toMatchObject({
      inputPricePerMillion: 10,
      outputPricePerMillion: 30,
    });
  });

  it("walks a directory in name order, skipping .git, node_modules and binary files with a note each", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "b.txt"), "TechCrunch");
    writeFileSync(join(dir, "sub", "a.md"), "TechCrunch");
    writeFileSync(join(dir, ".git", "config"), "[core]");
    writeFileSync(join(dir, "node_modules", "x.js"), "x");
    writeFileSync(join(dir, "logo.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    const run = await llmcost(["estimate", dir, "-m", "gpt-4o", "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.inputs.map((i: { source: string }) => i.source)).toEqual([
      join(dir, "b.txt"),
      join(dir, "sub", "a.md"),
    ]);
    expect(report.results[0].inputTokens).toBe(4);
    expect(run.stderr).toContain(`llmcost: ${join(dir, ".git")}: skipped: ignored directory`);
    expect(run.stderr).toContain(`llmcost: ${join(dir, "node_modules")}: skipped: ignored directory`);
    expect(run.stderr).toContain(
      `llmcost: ${join(dir, "logo.png")}: skipped: binary file (NUL byte at offset 2)`,
    );
    const quiet = await llmcost(["estimate", dir, "-m", "gpt-4o", "--format", "json", "--quiet"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(run.stdout);
  });

  it("counts a character split across stdin chunks like the whole text", async () => {
    const bytes = Buffer.from("人工智能正在改变世界。", "utf8");
    const whole = await llmcost(["estimate", "-m", "gpt-4o", "--format", "json"], { input: bytes });
    const split = await llmcost(["estimate", "-m", "gpt-4o", "--format", "json"], {
      input: [bytes.subarray(0, 4), bytes.subarray(4, 17), bytes.subarray(17)],
      delayMs: 30,
    });
    expect(split.stderr).toBe("");
    expect(rowOf(split.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(
      rowOf(whole.stdout, "gpt-4o-2024-08-06").inputTokens,
    );
  });

  it("strips a UTF-8 BOM once and keeps CRLF", async () => {
    const plain = await llmcost(["estimate", input("techcrunch.txt"), "-m", "gpt-4o", "--format", "json"]);
    const bom = await llmcost(["estimate", input("techcrunch-bom.txt"), "-m", "gpt-4o", "--format", "json"]);
    expect(rowOf(bom.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(2);
    expect(rowOf(plain.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(2);
    const crlf = await llmcost([
      "estimate",
      ...THEN,
      input("chinese-crlf.txt"),
      "-m",
      "gpt-4o,gpt-4",
      "--format",
      "json",
    ]);
    // Reference counts from tiktoken's Rust core.
    expect(rowOf(crlf.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(18);
    expect(rowOf(crlf.stdout, "gpt-4-0613").inputTokens).toBe(30);
  });

  it("counts special-token text as ordinary text", async () => {
    const run = await llmcost([
      "estimate",
      ...THEN,
      input("special-tokens.txt"),
      "-m",
      "gpt-4o,gpt-4",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(23);
    expect(rowOf(run.stdout, "gpt-4-0613").inputTokens).toBe(21);
  });

  it("replaces invalid UTF-8 with one warning for the file", async () => {
    const run = await llmcost(["estimate", input("invalid-utf8.txt"), "-m", "gpt-4o", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`llmcost: ${input("invalid-utf8.txt")}: invalid UTF-8 replaced with U+FFFD\n`);
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(6);
  });

  it("empty stdin is 0 tokens and $0", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--format", "json"], { input: "" });
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06")).toMatchObject({ inputTokens: 0, totalCost: 0 });
  });
});

describe("llmcost estimate: models, output and context", () => {
  it("prices output tokens per request and flags requests that overflow the context window", async () => {
    const big = "word ".repeat(9000).trimEnd(); // 9,000 tokens in both encodings
    const run = await llmcost(
      ["estimate", ...THEN, "-m", "gpt-4,gpt-4o", "--output-tokens", "500", "--format", "json"],
      { input: big },
    );
    expect(run.code).toBe(0);
    const gpt4 = rowOf(run.stdout, "gpt-4-0613");
    expect(gpt4).toMatchObject({
      inputTokens: 9000,
      outputTokens: 500,
      fitsContext: false,
      contextWindow: 8192,
    });
    expect(gpt4.totalCost).toBe(0.3); // 9000 × $30/M + 500 × $60/M
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06").fitsContext).toBe(true);
    const table = await llmcost(["estimate", ...THEN, "-m", "gpt-4", "--output-tokens", "500"], {
      input: big,
    });
    expect(table.stdout).toMatch(/✗ 116% of 8k/);
  });

  it("derives output tokens from --output-ratio", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "--output-ratio", "0.5", "--format", "json"], {
      input: "TechCrunch TechCrunch",
    });
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06")).toMatchObject({ inputTokens: 4, outputTokens: 2 });
  });

  it("--provider and --all select models; estimates are marked", async () => {
    const run = await llmcost(["estimate", ...THEN, "--provider", "anthropic", "--format", "json"], {
      input: "hello",
    });
    const report = JSON.parse(run.stdout);
    expect(report.results.length).toBeGreaterThan(5);
    for (const row of report.results) expect(row).toMatchObject({ provider: "anthropic", exact: false });
    const all = await llmcost(["estimate", ...THEN, "--all", "--format", "json"], { input: "hello" });
    expect(JSON.parse(all.stdout).results.length).toBeGreaterThan(report.results.length);
    const table = await llmcost(["estimate", ...THEN, "-m", "claude-2.1"], { input: "hello" });
    expect(table.stdout).toMatch(/claude-2\.1 .*≈ claude-2 .*≈1 /);
    expect(table.stdout).toContain("≈ estimate");
  });
});

describe("llmcost estimate: formats", () => {
  it("csv: RFC 4180 with a header and one row per model", async () => {
    const run = await llmcost(["estimate", ...THEN, "-m", "gpt-4o,gpt-4", "--format", "csv"], {
      input: "TechCrunch",
    });
    const lines = run.stdout.split("\r\n");
    expect(lines[0]).toMatch(
      /^model,provider,tokenizer,exact,inputTokens,outputTokens,inputCost,outputCost,totalCost,/,
    );
    expect(lines[1]).toMatch(/^gpt-4o-2024-08-06,openai,o200k_base,true,2,0,0.000005,0,0.000005,/);
    expect(lines).toHaveLength(4);
  });

  it("--per-file adds per-input results in json, csv and table", async () => {
    const files = [input("techcrunch.txt"), input("chinese-crlf.txt")];
    const json = JSON.parse(
      (await llmcost(["estimate", ...files, "-m", "gpt-4o", "--per-file", "--format", "json"])).stdout,
    );
    expect(json.inputs.map((i: { results: { inputTokens: number }[] }) => i.results[0]?.inputTokens)).toEqual(
      [2, 18],
    );
    expect(json.results[0].inputTokens).toBe(20);
    const csv = (await llmcost(["estimate", ...files, "-m", "gpt-4o", "--per-file", "--format", "csv"]))
      .stdout;
    expect(csv.split("\r\n")[0]).toMatch(/^source,model,/);
    const table = (await llmcost(["estimate", ...files, "-m", "gpt-4o", "--per-file"])).stdout;
    expect(table).toContain("All 2 inputs");
  });

  it("colours only on request or on a terminal", async () => {
    expect((await llmcost(["estimate", "-m", "gpt-4o"], { input: "x" })).stdout).not.toContain(ANSI);
    expect(
      (await llmcost(["estimate", "-m", "gpt-4o", "--color", "always"], { input: "x" })).stdout,
    ).toContain(ANSI);
    expect(
      (await llmcost(["estimate", "-m", "gpt-4o"], { input: "x", env: { FORCE_COLOR: "1" } })).stdout,
    ).toContain(ANSI);
    const tty = await shell(`script -qec "node bin/llmcost.js estimate -m gpt-4o README.md" /dev/null`);
    expect(tty.stdout).toContain(ANSI);
    const noColor = await shell(`script -qec "node bin/llmcost.js estimate -m gpt-4o README.md" /dev/null`, {
      NO_COLOR: "1",
    });
    expect(noColor.stdout).not.toContain(ANSI);
  });
});

describe("llmcost: errors and exit codes", () => {
  const expectError = async (args: string[], code: number, stderr: RegExp, input?: string) => {
    const run = await llmcost(args, { input: input ?? "" });
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.code).toBe(code);
  };

  it("an unknown flag is 64 with a suggestion", () =>
    expectError(
      ["estimate", "--output-token", "5"],
      64,
      /^llmcost: --output-token: unknown option \(did you mean --output-tokens\?\)\n$/,
    ));
  it.each([["-5"], ["1.5"], ["0x10"], [""], ["abc"]])("--output-tokens %j is 64", (value) =>
    expectError(
      ["estimate", "--output-tokens", value],
      64,
      /^llmcost: --output-tokens: expected a whole number/,
    ),
  );
  it("--output-ratio 1e3 is 64", () =>
    expectError(["estimate", "--output-ratio", "1e3"], 64, /^llmcost: --output-ratio: expected a decimal/));
  it("--format xml is 64", () =>
    expectError(["estimate", "--format", "xml"], 64, /^llmcost: --format: "xml" is invalid/));
  it("an unknown model is 64 with a suggestion, never a $0 row", () =>
    expectError(
      ["estimate", "-m", "gpt4o"],
      64,
      /^llmcost: --model gpt4o: unknown model \(did you mean gpt-4o\?\)/,
      "x",
    ));
  it("model names like constructor are unknown models", () =>
    expectError(["estimate", "-m", "constructor"], 64, /^llmcost: --model constructor: unknown model/, "x"));
  it("an unknown command is 64", () =>
    expectError(["estimat"], 64, /^llmcost: estimat: unknown command \(did you mean estimate\?\)/));
  it("a missing file is 66", () =>
    expectError(
      ["estimate", "no-such-file.txt"],
      66,
      /^llmcost: no-such-file.txt: no such file or directory\n$/,
    ));
  it("a binary file named explicitly is 65", () =>
    expectError(["estimate", input("image.bin")], 65, /image\.bin: binary file \(NUL byte at offset 3\)\n$/));
  it("an empty directory is 66", () => expectError(["estimate", tempDir()], 66, /: no input files\n$/));

  it("every unreadable input is reported, and no total is printed", async () => {
    const dir = tempDir();
    const locked = join(dir, "locked.txt");
    writeFileSync(locked, "secret");
    chmodSync(locked, 0o000);
    // root reads any file, so the permission case is checked only where it can fail.
    const asRoot = process.getuid?.() === 0;
    const run = await llmcost([
      "estimate",
      "missing-a.txt",
      input("techcrunch.txt"),
      ...(asRoot ? [] : [locked]),
      "missing-b.txt",
    ]);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(66);
    expect(run.stderr).toBe(
      [
        "llmcost: missing-a.txt: no such file or directory",
        ...(asRoot ? [] : [`llmcost: ${locked}: permission denied`]),
        "llmcost: missing-b.txt: no such file or directory",
        "",
      ].join("\n"),
    );
  });

  it("a bad pricing file is 65 naming the file and JSON path", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "acme.json"),
      JSON.stringify({ provider: "acme", name: "Acme", models: [{ id: "x", name: "X", kind: "chat" }] }),
    );
    const run = await llmcost(["estimate"], { input: "x", env: { LLMCOST_PRICING_DIR: dir } });
    expect(run.stdout).toBe("");
    expect(run.code).toBe(65);
    expect(run.stderr).toBe(`llmcost: ${dir}/acme.json: models[0].tokenizer: missing\n`);
  });

  it("no path with stdin a terminal is a usage error at once, not a hang", async () => {
    const run = await shell(`timeout 20 script -qec "node bin/llmcost.js estimate" /dev/null`);
    expect(run.code).toBe(64);
    expect(run.stdout).toContain("llmcost: estimate: no input");
  });

  it("a write error is 74", async () => {
    const run = await shell("node bin/llmcost.js estimate README.md > /dev/full");
    expect(run.code).toBe(74);
    expect(run.stderr).toBe("llmcost: write error: No space left on device\n");
  });

  it("ends quietly when the reader goes away (| head -1)", async () => {
    // Five tables of every model: far more than a pipe buffer holds, so writes meet a closed reader.
    const run = await shell(
      'node bin/llmcost.js estimate --all --as-of 2025-01-01 --per-file README.md README.md README.md README.md | head -1; echo "status=$PIPESTATUS"',
    );
    // Only notes about models not on sale that day; no EPIPE, no stack.
    for (const line of run.stderr.split("\n").filter(Boolean))
      expect(line).toMatch(/^llmcost: \S+: not priced on 2025-01-01: /);
    expect(run.stdout).toBe("README.md\nstatus=0\n");
  });
});

describe("llmcost: help, version, README command", () => {
  it("--help goes to stdout with exit 0", async () => {
    const run = await llmcost(["estimate", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--output-tokens <n>");
  });
  it("--version prints the package version", async () => {
    const run = await llmcost(["--version"]);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
  it("no command prints help on stderr with 64", async () => {
    const run = await llmcost([]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("Usage: llmcost");
  });
});

describe("llmcost estimate: special files", () => {
  it("a device named explicitly is bad data, not an endless read", async () => {
    const run = await llmcost(["estimate", "/dev/zero"]);
    expect(run.code).toBe(65);
    expect(run.stderr).toBe("llmcost: /dev/zero: not a regular file or a pipe\n");
  });

  it("a pipe named explicitly is read", async () => {
    const run = await shell(
      "node bin/llmcost.js estimate -m gpt-4o -f csv <(printf TechCrunch) | sed -n 2p | cut -d, -f5",
    );
    expect(run.stdout).toBe("2\n");
  });
});
