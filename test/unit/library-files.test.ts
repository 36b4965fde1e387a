import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTokenizerRegistry,
  DEFAULT_TOKENIZERS,
  type EstimateWarning,
  estimateFiles,
  toUsdNumber,
} from "../../src/index.js";
import { bundledCountWorker } from "../count-worker-bundle.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

// Worker threads cannot run the TypeScript sources: the counting threads are given the worker bundled
// from them (as the build bundles it) instead of dist/count/count-worker.js, and counted as started.
const worker = vi.hoisted(() => ({ script: undefined as URL | undefined, started: 0 }));
vi.mock("../../src/count/count-in-workers.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/count/count-in-workers.js")>();
  return {
    ...real,
    startCountWorkers: (count: number) => {
      worker.started += count;
      return real.startCountWorkers(count, worker.script);
    },
  };
});

const DATE = "2026-11-27";
const MODELS = ["gpt-4o", "claude-sonnet-4-5"];
const REQUESTS = join(import.meta.dirname, "..", "fixtures", "requests");

/** A directory of text files in two levels, one binary file, and a .gitignore'd file. */
function corpus(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "sub"));
  for (let i = 0; i < 6; i++)
    writeFileSync(
      join(dir, i % 2 ? "sub" : ".", `f${i}.txt`),
      `File ${i}: ${"The quick brown fox. ".repeat(50 * (i + 1))}`,
    );
  writeFileSync(join(dir, "image.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
  return dir;
}

/** The CLI's JSON report of the same run: what the library's estimate must agree with. */
async function cliReport(argv: string[]) {
  const run = await runCli(["estimate", ...argv, "--as-of", DATE, "-f", "json", "-q"]);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as { results: { model: string; inputTokens: number; totalCost: number }[] };
}

const rows = (results: { model: string; inputTokens: number }[]) =>
  results.map(({ model, inputTokens }) => [model, inputTokens]);

describe("estimateFiles: the library estimates files as the CLI does", () => {
  beforeAll(async () => {
    worker.script = await bundledCountWorker();
  });

  it("a directory: walked, each file counted, the binary file skipped with a warning", async () => {
    const dir = corpus();
    const warnings: EstimateWarning[] = [];
    const progress = new Set<string>();
    const result = await estimateFiles(
      dir,
      { models: MODELS, date: DATE, onWarning: (warning) => warnings.push(warning) },
      { threads: 1, onProgress: (source) => progress.add(source) },
    );
    expect(result.inputs).toHaveLength(6);
    expect(rows(result.results)).toEqual(rows((await cliReport([dir, "-m", MODELS.join(",")])).results));
    expect(warnings.map((w) => w.reason)).toContain("skipped: binary file (NUL byte at offset 2)");
    expect(progress.size).toBe(6);
  });

  it("a directory on worker threads (forced below the 8 MiB threshold): the same estimate as one thread", async () => {
    const dir = corpus();
    const one = await estimateFiles([dir], { models: MODELS, date: DATE, onWarning: false }, { threads: 1 });
    const before = worker.started;
    const two = await estimateFiles([dir], { models: MODELS, date: DATE, onWarning: false }, { threads: 2 });
    expect(worker.started - before).toBe(1);
    expect(two).toEqual(one);
  });

  it("one large file in parts on worker threads: the same estimate as one thread", async () => {
    const file = join(tempDir(), "large.txt");
    writeFileSync(file, `${"Words, more words; 12345 日本語。\n".repeat(40_000)}`);
    const request = { models: MODELS, date: DATE, onWarning: false } as const;
    const one = await estimateFiles(file, request, { threads: 1 });
    const before = worker.started;
    const two = await estimateFiles(file, request, { threads: 2 });
    expect(worker.started - before).toBe(1);
    expect(two).toEqual(one);
  });

  it("aborted, before or while it reads on worker threads: rejects with the signal's reason, not a partial estimate", async () => {
    const dir = corpus();
    const request = { models: MODELS, date: DATE, onWarning: false } as const;
    const before = new AbortController();
    before.abort(new Error("stopped before"));
    await expect(estimateFiles(dir, request, { threads: 2, signal: before.signal })).rejects.toThrow(
      "stopped before",
    );
    // Aborted as the first piece of input is read: the rest is never counted.
    const during = new AbortController();
    const reading = estimateFiles(dir, request, {
      threads: 2,
      signal: during.signal,
      onProgress: () => during.abort(new Error("stopped while reading")),
    });
    await expect(reading).rejects.toThrow("stopped while reading");
  });

  it("a tokenizer registry of the caller's own counts on the calling thread: threads load llmcost's", async () => {
    const file = join(tempDir(), "large.txt");
    writeFileSync(file, "Some words to count. ".repeat(40_000));
    const tokenizers = createTokenizerRegistry([
      ...DEFAULT_TOKENIZERS.filter((spec) => spec.id !== "o200k_base"),
      {
        id: "o200k_base",
        exact: false,
        load: async () => ({
          id: "o200k_base",
          exact: false,
          countedWith: "o200k_base",
          count: (text) => text.length,
        }),
      },
    ]);
    const before = worker.started;
    const result = await estimateFiles(file, { models: ["gpt-4o"], date: DATE, tokenizers }, { threads: 2 });
    expect(worker.started - before).toBe(0);
    expect(result.results[0]?.inputTokens).toBe(21 * 40_000);
  });

  it("a batch .jsonl file: each request priced for the model it names, at Batch API rates", async () => {
    const file = join(tempDir(), "batch.jsonl");
    copyFileSync(join(REQUESTS, "openai-batch.jsonl"), file);
    const result = await estimateFiles(file, { date: DATE }, { input: "jsonl" });
    expect(result.results.map((r) => r.model)).toEqual(["gpt-4o-mini-2024-07-18"]);
    expect(result.notes).toContain("batch files are priced at Batch API rates");
    const cli = await cliReport([file, "--input", "jsonl"]);
    expect(result.results.map((r) => [r.model, r.inputTokens, toUsdNumber(r.totalCost)])).toEqual(
      cli.results.map((r) => [r.model, r.inputTokens, r.totalCost]),
    );
  });

  it("invalid request lines fail it, or with skipInvalid are listed in skipped", async () => {
    const file = join(REQUESTS, "malformed-batch.jsonl");
    await expect(estimateFiles(file, { date: DATE }, { input: "jsonl" })).rejects.toThrow(/malformed-batch/);
    const warnings: EstimateWarning[] = [];
    const result = await estimateFiles(
      file,
      { date: DATE, onWarning: (warning) => warnings.push(warning) },
      { input: "jsonl", skipInvalid: true },
    );
    expect(result.skipped.map((s) => s.source)).toEqual([`${file}:2`, `${file}:3`]);
    // The library names its own option, not the CLI's flag (which the CLI puts back).
    expect(warnings.map((w) => w.reason)).toContain("2 invalid lines skipped (`skipInvalid`)");
  });

  it("wrong arguments are named: paths, an unknown option, - without a stdin", async () => {
    await expect(estimateFiles([] as string[])).rejects.toThrow(/paths: expected a path or a non-empty list/);
    await expect(estimateFiles(["a"], {}, { jobs: 2 } as never)).rejects.toThrow(/jobs.*not an option/);
    await expect(estimateFiles("-")).rejects.toThrow(/stdin/);
  });
});
