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
// Each run's table cache starts empty (test/table-cache-setup.ts), so these processes may build their
// families' tables in their small heaps first (six at once in the digits case: ~28 s on a loaded
// 2-core machine); the limit is for a hang, not a speed check.
const COLD_TABLES_TIMEOUT = 120_000;

describe("fault matrix round two (issue 18): tokenizers", () => {
  it(
    "18.10: 24 MB of one character counts exactly in a 48 MB heap, for o200k_base and Mistral v2",
    async () => {
      const length = 24 * MB + 5;
      const file = join(dir, "run.txt");
      writeFileSync(file, "a".repeat(length));
      // The heap bounds counting, whatever the input; building a vocabulary's table on first use costs
      // the same for any input (and the run's cache may be cold, depending on which tests ran first).
      const warm = join(dir, "warm.txt");
      writeFileSync(warm, "a");
      await shell(`node '${BIN}' estimate -m gpt-4o -m mistral-large-2402 '${warm}'`);
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
    },
    COLD_TABLES_TIMEOUT,
  );

  it(
    "18.10: 24 MB of random letters without a space counts exactly in a 64 MB heap (one piece cut inside)",
    async () => {
      // Random lower-case letters: one o200k_base piece, cut at token boundaries every longer text keeps.
      const letters = Buffer.from(randomUnits(24 * MB, (state) => 0x61 + (state % 26)));
      const file = join(dir, "letters.txt");
      writeFileSync(file, letters);
      // Before: the piece was held whole (10 MB: 185 MB, 16 s).
      const run = await shell(
        `node --max-old-space-size=64 '${BIN}' estimate -m gpt-4o --format json '${file}'`,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/heap|memory|Error/);
      // The un-cut engine's count in this process (tiktoken takes minutes on one piece this long; the
      // unit tests compare the cut with tiktoken on 30 KB pieces).
      const o200k = await createTokenizerRegistry().load("o200k_base");
      expect(rowOf(run.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(
        o200k.count(letters.toString("latin1")),
      );
    },
    COLD_TABLES_TIMEOUT,
  );

  it(
    "18.10: 24 MB of digits without a separator counts in a 64 MB heap, for each family that held it",
    async () => {
      // A random block of digits repeated: its length is a multiple of 3, so each family's pieces (groups
      // of 1-3 digits; Gemma: one digit each) tile the file by the block. Before: the run was held whole
      // (20 MB: 280 MB with o200k_base, 958 MB with Gemma 3).
      const block = Buffer.from(randomUnits(3 * 1024, (state) => 0x30 + (state % 10)));
      const repeats = (24 * MB) / block.length;
      const file = join(dir, "digits.txt");
      writeFileSync(file, Buffer.concat(Array.from({ length: repeats }, () => block)));
      const models = {
        "gpt-4o-2024-08-06": "o200k_base",
        "gpt-4-0314": "cl100k_base",
        "llama-3-8b": "llama-3",
        "deepseek-chat": "deepseek-v3",
        "mistral-small-2501": "mistral-tekken",
        "gemini-2.0-flash-001": "gemma-3",
      };
      const run = await shell(
        `node --max-old-space-size=64 '${BIN}' estimate ${Object.keys(models)
          .map((model) => `-m ${model}`)
          .join(" ")} --format json '${file}'`,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/heap|memory|Error/);
      const registry = createTokenizerRegistry();
      const text = block.toString("latin1");
      for (const [model, id] of Object.entries(models)) {
        // The un-cut engine's count of the block, checked to tile (three blocks count three times one).
        const tokenizer = await registry.load(id);
        const one = tokenizer.count(text);
        expect(tokenizer.count(text.repeat(3)), id).toBe(3 * one);
        expect(rowOf(run.stdout, model).inputTokens, model).toBe(repeats * one);
      }
    },
    COLD_TABLES_TIMEOUT,
  );

  it("18.10: 6 MB of random CJK counts exactly in a 64 MB heap with DeepSeek V3 (its CJK stage cut inside)", async () => {
    const text = new TextDecoder("utf-16le").decode(
      randomUnits(2 * MB, (state) => 0x4e00 + (state % 20_000)),
    );
    const file = join(dir, "cjk.txt");
    writeFileSync(file, text);
    // Before: the piece was held whole (10 MB: 242 MB). (The un-cut engine below overflows the regex
    // stack on one piece of ~4 M characters, so the text is smaller than the other cases'.)
    const run = await shell(
      `node --max-old-space-size=64 '${BIN}' estimate -m deepseek-chat --format json '${file}'`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/heap|memory|Error/);
    const deepseek = await createTokenizerRegistry().load("deepseek-v3");
    expect(rowOf(run.stdout, "deepseek-chat").inputTokens).toBe(deepseek.count(text));
  });

  it("18.10: 8 MB of random letters without a space counts exactly in a 64 MB heap with Gemma 3 (cut where no merge joins)", async () => {
    const letters = Buffer.from(randomUnits(8 * MB, (state) => 0x61 + (state % 26)));
    const file = join(dir, "gemma-letters.txt");
    writeFileSync(file, letters);
    // Before: the segment was held whole and merged at the end (10 MB: 221 MB, 11 s).
    const run = await shell(
      `node --max-old-space-size=64 '${BIN}' estimate -m gemini-2.0-flash-001 --format json '${file}'`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/heap|memory|Error/);
    const gemma = await createTokenizerRegistry().load("gemma-3");
    expect(rowOf(run.stdout, "gemini-2.0-flash-001").inputTokens).toBe(
      gemma.count(letters.toString("latin1")),
    );
  });

  it("18.10: 30 MB of spaces on stdin is counted as text in a 64 MB heap, not held for a first character", async () => {
    // Before: stdin that was all whitespace was held, waiting to see whether a request followed.
    const run = await shell(
      `head -c ${30 * MB} /dev/zero | tr '\\0' ' ' | node --max-old-space-size=64 '${BIN}' estimate -m gpt-4o --format json`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/heap|memory|Error/);
    const o200k = await createTokenizerRegistry().load("o200k_base");
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(countSpaces(o200k, 30 * MB));
  });
});

/** The count of `length` spaces, streamed as the CLI streams them. */
function countSpaces(
  tokenizer: { stream?: () => { write(chunk: string): void; end(): number } },
  length: number,
) {
  const stream = tokenizer.stream?.();
  if (!stream) return -1;
  const chunk = " ".repeat(MB);
  for (let i = 0; i < length / MB; i++) stream.write(chunk);
  return stream.end();
}

/** `length` seeded pseudo-random UTF-16 units, each `unit(state)`. */
function randomUnits(length: number, unit: (state: number) => number): Uint16Array {
  let state = 12345;
  const units = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    units[i] = unit(state >>> 8);
  }
  return units;
}
