// `hf:` tokenizers against Hugging Face `tokenizers` itself: the fixtures in test/fixtures/hf/ are small
// BPE tokenizers of each kind the loader runs, trained with python `tokenizers`, with the count and the
// token ids python gives for every text of a fuzz corpus (all scripts, emoji, whitespace runs, digits,
// added tokens in the text). Written by scripts/hf-fixtures.py.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createBpeTokenizer } from "../../src/tokenizers/bpe-tokenizer.js";
import { loadHfTokenizer } from "../../src/tokenizers/hf-load.js";
import { RankTable } from "../../src/tokenizers/rank-table.js";

const dir = new URL("../fixtures/hf/", import.meta.url).pathname;
const corpus = JSON.parse(readFileSync(`${dir}corpus.json`, "utf8")) as string[];
const reference = JSON.parse(readFileSync(`${dir}reference.json`, "utf8")) as {
  tokenizers: { name: string; shows: string; counts: number[]; ids: string[] }[];
};

/** python's digest of a list of ids (scripts/hf-fixtures.py `digest`). */
const digest = (ids: number[]) => createHash("sha1").update(ids.join(",")).digest("hex").slice(0, 16);

describe("hf: tokenizer.json files, against python tokenizers", () => {
  it("has a fixture of every kind, and a corpus of every kind of text", () => {
    expect(reference.tokenizers.map((t) => t.name)).toEqual([
      "pairs",
      "gpt2",
      "llama3",
      "qwen",
      "o200k",
      "deepseek",
      "llama2",
      "metaspace",
      "gemma",
      "roberta",
      "words",
      "whitespace",
      "lowercase",
    ]);
    expect(corpus.length).toBeGreaterThan(200);
  });

  for (const { name, shows, counts, ids } of reference.tokenizers) {
    it(`${name} (${shows}): every count and every token id`, async () => {
      const tokenizer = await loadHfTokenizer(`hf:${dir}${name}.json`);
      expect(tokenizer.exact).toBe(true);
      const wrong = corpus.flatMap((text, k) => {
        const encoded = tokenizer.encode?.(text) ?? [];
        const count = tokenizer.count(text);
        return count === counts[k] && encoded.length === count && digest(encoded.map((t) => t.id)) === ids[k]
          ? []
          : [{ text, count, python: counts[k] }];
      });
      expect(wrong).toEqual([]);
      // The counts are not all alike: the fixture exercises what it says.
      expect(new Set(counts).size).toBeGreaterThan(name === "pairs" ? 5 : 20);
    });
  }

  it("merges by pair, as tokenizers does; merging by merged token (tiktoken's way) would not count the same", async () => {
    const hf = await loadHfTokenizer(`hf:${dir}pairs.json`);
    // The same vocabulary, each token ranked by the merge that makes it, merged tiktoken's way.
    const json = JSON.parse(readFileSync(`${dir}pairs.json`, "utf8"));
    const vocab = json.model.vocab as Record<string, number>;
    const rankOf = new Map<string, number>();
    (json.model.merges as [string, string][]).forEach(([left, right], rank) => {
      if (!rankOf.has(left + right)) rankOf.set(left + right, 100 + rank);
    });
    const encoder = new TextEncoder();
    const table = RankTable.fromTokens(
      Object.keys(vocab).map((token) => [
        rankOf.get(token) ?? (vocab[token] as number),
        encoder.encode(token),
      ]),
      ["\\S+|\\s+"],
    );
    const tiktokenStyle = createBpeTokenizer("pairs-by-token", table);
    // python: "abc" is ['a', 'bc'] (b + c merges first and no merge joins a + bc); by token, a + bc is "abc".
    expect(hf.count("abc")).toBe(2);
    expect(tiktokenStyle.count("abc")).toBe(1);
  });

  it("counts a lone surrogate as U+FFFD, as the text is sent", async () => {
    for (const { name, counts } of reference.tokenizers) {
      const tokenizer = await loadHfTokenizer(`hf:${dir}${name}.json`);
      corpus.forEach((text, k) => {
        if (text.includes("\ufffd"))
          expect(tokenizer.count(text.replaceAll("\ufffd", "\ud800")), `${name}: ${text}`).toBe(counts[k]);
      });
    }
  });
});
