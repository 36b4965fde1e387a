// Issue 18 (items 7 and 11): `llmcost tokenize` over several files, and over text too large to hold.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shell, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface TokenJson {
  tokens: { id: number; text: string; start: number; end: number }[];
  count: number;
}

describe("fault matrix round two (issue 18): tokenize", () => {
  it("18.7: a directory's files are tokenized each on its own, with a total that is the sum", async () => {
    // Joined, "i" + "hi" was one token "ihi"; each file on its own is "i" and "hi".
    const texts = join(dir, "texts");
    mkdirSync(texts);
    writeFileSync(join(texts, "a.txt"), "i");
    writeFileSync(join(texts, "b.txt"), "hi");
    const run = await llmcost(["tokenize", "-m", "gpt-4o", texts]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      [
        `==> ${join(texts, "a.txt")} <==`,
        "i",
        "1 token",
        "",
        `==> ${join(texts, "b.txt")} <==`,
        "hi",
        "1 token",
        "",
        "2 tokens in 2 files, each tokenized on its own · gpt-4o-2024-08-06 · o200k_base, exact",
        "",
      ].join("\n"),
    );
    // Named one by one, and as JSON: one entry per file, offsets from each file's start.
    const json = await llmcost([
      "tokenize",
      "-m",
      "gpt-4o",
      "-f",
      "json",
      join(texts, "a.txt"),
      join(texts, "b.txt"),
    ]);
    const view = JSON.parse(json.stdout) as { inputs: (TokenJson & { source: string })[]; count: number };
    expect(view.inputs.map((input) => [input.source, input.tokens.map((t) => t.text), input.count])).toEqual([
      [join(texts, "a.txt"), ["i"], 1],
      [join(texts, "b.txt"), ["hi"], 1],
    ]);
    expect(view.inputs[1]?.tokens[0]).toMatchObject({ start: 0, end: 2 });
    expect(view.count).toBe(2);
  });

  it("18.11: the token view is streamed: `| head -c 10` ends an endless input, with exit 0", async () => {
    // Before, the whole input was read before a token was shown: this never ended.
    const run = await shell(
      `yes 'The quick brown fox jumps over the lazy dog.' | node bin/llmcost.js tokenize -m gpt-4o | head -c 10; echo " \${PIPESTATUS[1]}"`,
      { LLMCOST_TODAY: "2026-11-27" },
    );
    expect(run.stdout).toBe("The| quick 0\n");
    expect(run.stderr).toBe("");
    const json = await shell(
      `yes 'The quick brown fox.' | node bin/llmcost.js tokenize -m gpt-4o -f json | head -c 12; echo " \${PIPESTATUS[1]}"`,
    );
    expect(json.stdout).toBe('{\n  "version 0\n');
  });

  it("18.11: memory does not grow with the text: a 4 MB text's JSON view fits a 48 MB heap", async () => {
    // Held whole, the view took ~200 bytes per byte of text (10 MB: 2.1 GB): this aborted (134).
    // Ten lines of 4 MB: one stream, and what it shows ends as a JSON document should.
    const run = await shell(
      `yes 'Streaming keeps memory flat, whatever the size of the text. 日本語。🦄' | head -c 4000000 | NODE_OPTIONS=--max-old-space-size=48 node bin/llmcost.js tokenize -m gpt-4o -f json | tail -n 4; echo "\${PIPESTATUS[2]}"`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^ {2}\],\n {2}"count": \d{6,},\n {2}"exact": true\n\}\n0\n$/);
  }, 120_000);

  it("18.11: a view written in many pieces is one JSON document whose offsets tile the text", async () => {
    const big = join(dir, "big.txt");
    const line = "Each batch of output ends where a token ends. 它们是日本語。🦄\n";
    writeFileSync(big, line.repeat(4000));
    const run = await llmcost(["tokenize", "-m", "gpt-4o", "-f", "json", big]);
    const view = JSON.parse(run.stdout) as TokenJson;
    expect(view.count).toBe(view.tokens.length);
    expect(view.tokens.at(-1)?.end).toBe(Buffer.byteLength(line) * 4000);
    expect(view.tokens.every((t, i) => t.start === (i === 0 ? 0 : view.tokens[i - 1]?.end))).toBe(true);
    expect(view.tokens.slice(0, 3).map((t) => t.text)).toEqual(["Each", " batch", " of"]);
  });

  it("18.11: a tokenizer that counts without splitting says so at once and stops at EPIPE", async () => {
    // Before, nothing was written until the input ended: with an endless input this never ended.
    for (const model of ["claude-fable-5", "claude-sonnet-4-5", "gemini-3.1-pro-preview"]) {
      const run = await shell(
        `yes | node bin/llmcost.js tokenize - -m ${model} | head -c 10; echo " \${PIPESTATUS[1]}"`,
        { LLMCOST_TODAY: "2026-11-27" },
      );
      expect(run.stdout).toBe("(this toke 0\n");
      expect(run.stderr).toBe("");
    }
    const json = await shell(
      `yes | node bin/llmcost.js tokenize - -m claude-fable-5 -f json | head -c 12; echo " \${PIPESTATUS[1]}"`,
      { LLMCOST_TODAY: "2026-11-27" },
    );
    expect(json.stdout).toBe('{\n  "version 0\n');
  }, 60_000);

  it("18.11: an estimate's count in the token view is the count estimate gives", async () => {
    // 1.5 MB of mixed scripts: past the size where the view writes its start before the count.
    const mixed = join(dir, "mixed.txt");
    writeFileSync(mixed, "Plain words, 日本語の文章, Ελληνικά, 12345 🦄\n\ufeffx".repeat(30_000));
    for (const model of ["claude-fable-5", "claude-sonnet-4-5", "gemini-3.1-pro-preview", "claude-2.1"]) {
      const view = await llmcost(["tokenize", "-m", model, "-f", "json", mixed]);
      const estimate = await llmcost(["estimate", "-m", model, "-f", "json", mixed]);
      const [result] = (JSON.parse(estimate.stdout) as { results: { inputTokens: number }[] }).results;
      expect(JSON.parse(view.stdout)).toMatchObject({ tokens: null, count: result?.inputTokens });
      const text = await llmcost(["tokenize", "-m", model, mixed]);
      expect(text.stdout).toMatch(
        /^\(this tokenizer counts tokens without splitting the text\)\n≈[\d,]+ tokens · /,
      );
      expect(text.stdout.match(/≈([\d,]+) tokens/)?.[1]?.replace(/,/g, "")).toBe(String(result?.inputTokens));
    }
  }, 120_000);
});
