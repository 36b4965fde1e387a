// `--tokenizer hf:PATH` and `"tokenizer": "hf:./tokenizer.json"` in a user pricing file, through the
// CLI in-process: exact counts (python's, from the fixtures), the file named in the JSON, and every
// tokenizer.json llmcost cannot run refused in one line naming the file and what is missing.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const FIXTURES = resolve("test/fixtures/hf");
const corpus = JSON.parse(readFileSync(join(FIXTURES, "corpus.json"), "utf8")) as string[];
const reference = JSON.parse(readFileSync(join(FIXTURES, "reference.json"), "utf8")) as {
  tokenizers: { name: string; counts: number[]; ids: string[] }[];
};
/** python's count of corpus text `k` with fixture `name`. */
const pythonCount = (name: string, k: number) =>
  reference.tokenizers.find((t) => t.name === name)?.counts[k] as number;

const TEXT = 5; // "Hello world"
const MIXED = corpus.findIndex((text) => text.includes("<|endoftext|>Hello"));

async function estimateJson(argv: string[], input: string) {
  const { code, stdout, stderr } = await runCli(["estimate", "-f", "json", ...argv], { input });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout).results as Record<string, unknown>[];
}

describe("--tokenizer hf:PATH", () => {
  it("counts exactly with the file, and the JSON names it", async () => {
    const path = join(FIXTURES, "llama3.json");
    for (const k of [TEXT, MIXED]) {
      const [row] = await estimateJson(
        ["-m", "gpt-6-luna", "--tokenizer", `hf:${path}`],
        corpus[k] as string,
      );
      expect(row).toMatchObject({
        tokenizer: `hf:${path}`,
        countedWith: `hf:${path}`,
        exact: true,
        estimateMethod: null,
        inputTokens: pythonCount("llama3", k),
      });
    }
  });

  it("resolves a relative path from the working directory", async () => {
    const [row] = await estimateJson(
      ["-m", "gpt-6-luna", "--tokenizer", "hf:test/fixtures/hf/gemma.json"],
      corpus[TEXT] as string,
    );
    expect(row).toMatchObject({
      tokenizer: `hf:${join(FIXTURES, "gemma.json")}`,
      inputTokens: pythonCount("gemma", TEXT),
    });
  });

  it("tokenize shows the file's own token ids", async () => {
    const { code, stdout } = await runCli(
      ["tokenize", "--tokenizer", `hf:${join(FIXTURES, "gpt2.json")}`, "--ids", "-f", "json"],
      { input: corpus[TEXT] as string },
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { tokenizer: string; tokens: { id: number }[] };
    expect(report.tokenizer).toBe(`hf:${join(FIXTURES, "gpt2.json")}`);
    const ids = report.tokens.map((token) => token.id).join(",");
    const python = reference.tokenizers.find((t) => t.name === "gpt2")?.ids[TEXT];
    expect(createHash("sha1").update(ids).digest("hex").slice(0, 16)).toBe(python);
  });

  it("an empty path is a usage error", async () => {
    const { code, stdout, stderr } = await runCli(["estimate", "-m", "gpt-6-luna", "--tokenizer", "hf:"], {
      input: "x",
    });
    expect(code).toBe(64);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--tokenizer: expected hf:PATH/);
  });
});

describe('"tokenizer": "hf:…" in a user pricing file', () => {
  it("is read relative to the pricing file", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "tok"));
    copyFileSync(join(FIXTURES, "qwen.json"), join(dir, "tok", "tokenizer.json"));
    const model = {
      id: "our-qwen",
      name: "Our Qwen",
      kind: "chat",
      tokenizer: "hf:./tok/tokenizer.json",
      contextWindow: 32768,
      maxOutputTokens: 8192,
      prices: [
        { from: "2026-01-01", input: 0.2, output: 0.6, source: "https://example.com", checked: "2026-11-01" },
      ],
    };
    writeFileSync(
      join(dir, "prices.json"),
      JSON.stringify({ provider: "in-house", name: "In-house", models: [model] }),
    );
    const [row] = await estimateJson(
      ["--pricing", join(dir, "prices.json"), "-m", "our-qwen"],
      corpus[MIXED] as string,
    );
    expect(row).toMatchObject({
      model: "our-qwen",
      tokenizer: `hf:${join(dir, "tok", "tokenizer.json")}`,
      exact: true,
      inputTokens: pythonCount("qwen", MIXED),
    });
  });
});

describe("a tokenizer.json llmcost cannot run is refused, naming the file and what is missing", () => {
  const base = JSON.parse(readFileSync(join(FIXTURES, "llama2.json"), "utf8"));
  // biome-ignore lint/suspicious/noExplicitAny: each case changes a different part of the parsed JSON
  const cases: [string, (json: Record<string, any>) => unknown, RegExp][] = [
    [
      "WordPiece",
      (j) => Object.assign(j.model, { type: "WordPiece" }),
      /model type "WordPiece" is not supported/,
    ],
    ["Unigram", (j) => Object.assign(j.model, { type: "Unigram" }), /model type "Unigram" is not supported/],
    ["a null model type", (j) => Object.assign(j.model, { type: null }), /model type null is not supported/],
    ["no model type", (j) => delete j.model.type, /model type null is not supported/],
    [
      "a Precompiled normalizer",
      (j) => Object.assign(j, { normalizer: { type: "Precompiled", precompiled_charsmap: "" } }),
      /normalizer "Precompiled" is not supported/,
    ],
    [
      "a BertNormalizer",
      (j) => Object.assign(j, { normalizer: { type: "BertNormalizer" } }),
      /normalizer "BertNormalizer" is not supported/,
    ],
    [
      "a UnicodeScripts pre-tokenizer",
      (j) => Object.assign(j, { pre_tokenizer: { type: "UnicodeScripts" } }),
      /pre_tokenizer "UnicodeScripts" is not supported/,
    ],
    [
      "a step after ByteLevel",
      (j) =>
        Object.assign(j, {
          pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "ByteLevel" }, { type: "Digits" }] },
        }),
      /pre_tokenizer "Digits" after ByteLevel is not supported/,
    ],
    ["dropout", (j) => Object.assign(j.model, { dropout: 0.1 }), /model\.dropout 0\.1 is not supported/],
    [
      "a subword prefix",
      (j) => Object.assign(j.model, { continuing_subword_prefix: "##" }),
      /model\.continuing_subword_prefix "##" is not supported/,
    ],
    [
      "an end-of-word suffix",
      (j) => Object.assign(j.model, { end_of_word_suffix: "</w>" }),
      /model\.end_of_word_suffix "<\/w>" is not supported/,
    ],
    [
      "an inline flag",
      (j) =>
        Object.assign(j, {
          pre_tokenizer: { type: "Split", pattern: { Regex: "(?m)^a" }, behavior: "Isolated" },
        }),
      /regex uses the group \(\?m\)…, which llmcost cannot run as Oniguruma does/,
    ],
    [
      "a \\G anchor in a Replace normalizer",
      (j) => Object.assign(j, { normalizer: { type: "Replace", pattern: { Regex: "\\Ga" }, content: "b" } }),
      /normalizer "Replace": its regex uses the escape \\G/,
    ],
    [
      "a model field llmcost does not know",
      (j) => Object.assign(j.model, { merge_newlines: true }),
      /model: the field "merge_newlines" is not supported/,
    ],
    [
      "a pre-tokenizer field llmcost does not know",
      (j) => Object.assign(j, { pre_tokenizer: { type: "Metaspace", replacement: "▁", split_digits: true } }),
      /pre_tokenizer "Metaspace": the field "split_digits" is not supported/,
    ],
    [
      "a merge of unknown tokens",
      (j) => j.model.merges.push("zzqx yyqx"),
      /model\.merges\[\d+\]: "zzqx" is not in the vocabulary/,
    ],
    [
      "an unk token not in the vocabulary",
      (j) => Object.assign(j.model, { unk_token: "<nope>" }),
      /model\.unk_token "<nope>" is not in the vocabulary/,
    ],
  ];
  it.each(cases)("%s: exit 65", async (_, change, message) => {
    const dir = tempDir();
    const json = structuredClone(base);
    change(json);
    const path = join(dir, "tokenizer.json");
    writeFileSync(path, JSON.stringify(json));
    const { code, stdout, stderr } = await runCli(
      ["estimate", "-m", "gpt-6-luna", "--tokenizer", `hf:${path}`],
      {
        input: "Hello world",
      },
    );
    expect(code).toBe(65);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(message);
  });

  it("not JSON: exit 65; missing or a directory: exit 66", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.json"), "{ not json");
    const run = (path: string) =>
      runCli(["estimate", "-m", "gpt-6-luna", "--tokenizer", `hf:${path}`], { input: "x" });
    const bad = await run(join(dir, "bad.json"));
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/bad\.json: not JSON/);
    // The file's bytes quoted in the message reach the terminal only as escapes.
    writeFileSync(join(dir, "escapes.json"), "\u001b]0;owned\u0007\u001b[31m x");
    const escapes = await run(join(dir, "escapes.json"));
    expect(escapes.code).toBe(65);
    expect(escapes.stderr).toMatch(/escapes\.json: not JSON/);
    expect([...escapes.stderr.trimEnd()].filter((c) => c < " ")).toEqual([]);
    const missing = await run(join(dir, "missing.json"));
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/missing\.json: no such file/);
    const directory = await run(dir);
    expect(directory.code).toBe(66);
    expect(directory.stderr).toMatch(/is a directory/);
  });
});
