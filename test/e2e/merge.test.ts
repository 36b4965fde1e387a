import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, shell, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

describe("llmcost merge: sharded runs add up to one run", () => {
  const corpus = () => {
    const dir = tempDir();
    for (const shard of ["a", "b", "c"]) mkdirSync(join(dir, shard));
    writeFileSync(join(dir, "a", "one.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(50));
    writeFileSync(join(dir, "a", "two.md"), "# 標題\n\n日本語のテキスト。🦄 emoji.\n");
    writeFileSync(join(dir, "b", "three.json"), JSON.stringify({ a: [1, 2, 3], b: "x".repeat(300) }));
    writeFileSync(join(dir, "c", "four.txt"), "");
    return dir;
  };

  it("merge of jsonl shards (files, and concatenated on a pipe) prints what one run prints", async () => {
    const dir = corpus();
    const flags =
      "-m gpt-4o,claude-sonnet-4-5,mistral-embed,mistral-large-2512,llama-3.3-70b,deepseek-flash --output-ratio 0.5";
    const run = await shell(
      [
        `cd ${dir}`,
        `node ${BIN} estimate a b c ${flags} -f json > whole.json`,
        ...["a", "b", "c"].map((s) => `node ${BIN} estimate ${s} ${flags} -f jsonl > ${s}.jsonl`),
        `node ${BIN} merge a.jsonl b.jsonl c.jsonl -f json > merged.json`,
        `cat a.jsonl b.jsonl c.jsonl | node ${BIN} merge -f json > piped.json`,
        "cmp whole.json merged.json && cmp whole.json piped.json && echo same",
      ].join(" && "),
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("same\n");
  });

  it("refuses shards priced differently (65) and says why; a bad line is named (65)", async () => {
    const dir = corpus();
    const shard = async (name: string, args: string[]) =>
      writeFileSync(
        join(dir, name),
        (await llmcost(["estimate", ...args, "-f", "jsonl"], { cwd: dir })).stdout,
      );
    await shard("a.jsonl", ["a", "-m", "gpt-4o"]);
    await shard("b.jsonl", ["b", "-m", "gpt-4o", "--as-of", "2025-01-01"]);
    writeFileSync(join(dir, "bad.jsonl"), '{"type":"header"\n');
    const mixed = await llmcost(["merge", join(dir, "a.jsonl"), join(dir, "b.jsonl")]);
    expect(mixed.code).toBe(65);
    expect(mixed.stdout).toBe("");
    expect(mixed.stderr).toMatch(
      /b\.jsonl: priced differently from .*a\.jsonl \(prices of 2026-11-27 vs 2025-01-01\)/,
    );
    const bad = await llmcost(["merge", join(dir, "bad.jsonl")]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/^llmcost: .*bad\.jsonl:1: not a JSON record/);
  });
});
