// Issue 18, item 10: text with no safe cut point. A run of one character is folded as it streams
// (src/tokenizers/count-stream.ts), so the CLI counts it in a small, fixed heap.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { get_encoding } from "tiktoken";
import { afterAll, describe, expect, it } from "vitest";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";
import { BIN, rowOf, shell, tempDir } from "./cli.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1024 * 1024;

describe("fault matrix round two (issue 18): tokenizers", () => {
  it("18.10: 24 MB of one character counts exactly in a 48 MB heap, for o200k_base and Mistral v2", async () => {
    const length = 24 * MB + 5;
    const file = join(dir, "run.txt");
    writeFileSync(file, "a".repeat(length));
    // Before: the run was held whole and merged at the end (10 MB: 609 MB with Mistral v2).
    const run = await shell(
      `node --max-old-space-size=48 '${BIN}' estimate -m gpt-4o -m mistral-large-2402 --format json '${file}'`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/heap|memory|Error/);
    // o200k_base tiles a run of "a" by 8: tiktoken's own count (the Rust reference) of a short run of
    // the same length modulo 8, plus one token per 8 more.
    const short = 4096 + (length % 8);
    const tiktoken = get_encoding("o200k_base");
    const reference = tiktoken.encode("a".repeat(short)).length;
    tiktoken.free();
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(reference + (length - short) / 8);
    // Mistral v2 too: the unfolded engine's count of the short run, plus one token per 8 more.
    const mistral = await createTokenizerRegistry().load("mistral-v2");
    expect(rowOf(run.stdout, "mistral-large-2402").inputTokens).toBe(
      mistral.count("a".repeat(short)) + (length - short) / 8,
    );
  });
});
