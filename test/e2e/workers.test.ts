import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { llmcost, tempDir } from "./cli.js";

describe("counting on worker threads (--jobs)", () => {
  const corpus = () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    for (let i = 0; i < 9; i++) {
      const text = `File ${i}: ${"The quick brown fox jumps over the lazy dog. 日本語のテキスト。 ".repeat(200 * (i + 1))}`;
      writeFileSync(join(dir, i % 2 ? "sub" : ".", `f${i}.txt`), text);
    }
    writeFileSync(join(dir, "image.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    writeFileSync(join(dir, "bad.txt"), Buffer.from([0x61, 0xff, 0x62]));
    return dir;
  };
  const models = ["-m", "gpt-4o,claude-sonnet-4-5,mistral-embed,llama-3.3-70b"];

  it("gives the same report, warnings and order as one thread", async () => {
    const dir = corpus();
    const one = await llmcost(["estimate", dir, ...models, "--per-file", "-f", "json", "-j", "1"]);
    const three = await llmcost(["estimate", dir, ...models, "--per-file", "-f", "json", "-j", "3"]);
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    // On a machine with fewer than 3 cores, -j 3 is capped (with a warning; issue 18.14).
    expect(three.stderr.replace(/^llmcost: --jobs 3: more than the \d+ cores? available[^\n]*\n/m, "")).toBe(
      one.stderr,
    );
    expect(one.stderr).toContain("image.bin: skipped: binary file (NUL byte at offset 2)");
    expect(one.stderr).toContain("bad.txt: invalid UTF-8 replaced with U+FFFD");
  });

  it("reports an unreadable file among many, with no total", async () => {
    // /proc/self/mem is a regular file that no one can read from the start (EIO), root included.
    const run = await llmcost(["estimate", corpus(), "/proc/self/mem", ...models, "-j", "2"]);
    expect(run.code).toBe(66);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^llmcost: \/proc\/self\/mem: cannot read \(EIO\)$/m);
  });

  // One large input is cut into parts at letter boundaries, counted on the threads (split-count.ts).
  const mixed = (repeat: number) =>
    `${"The quick brown fox's 12345 jumps.\r\n 日本語のテキスト。 e\u0301 😀 ".repeat(repeat)}${"x".repeat(300_000)} end\n`;

  it("one large file in parts: the same report as one thread, default models and one", async () => {
    const file = join(tempDir(), "big.txt");
    writeFileSync(file, mixed(20_000));
    for (const pick of [[], ["-m", "gpt-4o"], models]) {
      const one = await llmcost(["estimate", file, ...pick, "-f", "json", "-j", "1", "-q"]);
      const two = await llmcost(["estimate", file, ...pick, "-f", "json", "-j", "2", "-q"]);
      expect(one.code).toBe(0);
      expect(two.stdout).toBe(one.stdout);
    }
  }, 120_000);

  it("stdin past 4 MiB with -j 2 is counted in parts, as a file of the same text on one thread", async () => {
    const dir = tempDir();
    const file = join(dir, "big.txt");
    const text = mixed(60_000);
    writeFileSync(file, text);
    const one = await llmcost([
      "estimate",
      file,
      "-m",
      "gpt-4o,claude-sonnet-4-5",
      "-f",
      "json",
      "-j",
      "1",
      "-q",
    ]);
    const piped = await llmcost(
      ["estimate", "-", "-m", "gpt-4o,claude-sonnet-4-5", "-f", "json", "-q", "-j", "2"],
      {
        input: text,
      },
    );
    expect(piped.code).toBe(0);
    const totals = (stdout: string) =>
      (JSON.parse(stdout) as { results: { model: string; inputTokens: number }[] }).results.map((row) => [
        row.model,
        row.inputTokens,
      ]);
    expect(totals(piped.stdout)).toEqual(totals(one.stdout));
  }, 120_000);

  it("a large file that cannot be read ends its threads and reports it", async () => {
    const run = await llmcost(["estimate", "/proc/self/mem", ...models, "-j", "2"]);
    expect(run.code).toBe(66);
    expect(run.stdout).toBe("");
  });
});
