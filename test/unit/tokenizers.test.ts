import { readFileSync } from "node:fs";
import fc from "fast-check";
import { get_encoding, Tiktoken } from "tiktoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRustWhitespace } from "../../src/tokenizers/bpe-tokenizer.js";
import { createTokenizerRegistry, DEFAULT_TOKENIZERS } from "../../src/tokenizers/registry.js";
import { TIKTOKEN_ENCODINGS } from "../../src/tokenizers/tiktoken.js";

const registry = createTokenizerRegistry();

describe("exact OpenAI encodings", () => {
  // Counts computed with tiktoken's Rust core (the `tiktoken` package, WASM): an independent reference.
  it.each([
    ["o200k_base", "TechCrunch", 2],
    ["cl100k_base", "TechCrunch", 3],
    ["p50k_base", "TechCrunch", 2],
    ["r50k_base", "TechCrunch", 2],
    ["o200k_base", "你好，世界！这是一个测试。", 8],
    ["cl100k_base", "你好，世界！这是一个测试。", 12],
    ["p50k_base", "你好，世界！这是一个测试。", 25],
    ["cl100k_base", "a".repeat(1000), 125],
    ["o200k_base", "<|endoftext|>", 7],
    ["cl100k_base", "<|endoftext|>", 7],
    ["o200k_base", "", 0],
    // JavaScript's \s matches U+FEFF and Rust's does not: unpatched js-tiktoken says 3 and 11.
    ["o200k_base", " \uFEFFa", 2],
    ["p50k_base", " \uFEFF<|endoftext|>", 10],
  ])("%s counts %j as %i tokens", async (encoding, text, expected) => {
    const tokenizer = await registry.load(encoding);
    expect(tokenizer.exact).toBe(true);
    expect(tokenizer.count(text)).toBe(expected);
  });

  describe("agree with tiktoken's Rust core on arbitrary text", () => {
    const references = new Map<string, Tiktoken>();
    beforeAll(() => {
      for (const encoding of TIKTOKEN_ENCODINGS) references.set(encoding, get_encoding(encoding));
    });
    afterAll(() => {
      for (const reference of references.values()) reference.free();
    });
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            "<|endoftext|>",
            "<|im_start|>",
            "[INST]",
            "\r\n",
            " ",
            "  ",
            "日本語",
            "🦄",
            "123",
            "don't",
            "\uFEFF",
            "\u0085",
            "a",
            "\u00a0",
          ),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join("")),
    );
    it.each(TIKTOKEN_ENCODINGS)("%s", async (encoding) => {
      const tokenizer = await registry.load(encoding);
      const reference = references.get(encoding);
      if (!reference) throw new Error("no reference");
      fc.assert(
        fc.property(text, (sample) => {
          expect(tokenizer.count(sample)).toBe(reference.encode(sample, [], []).length);
        }),
        { numRuns: 400 },
      );
    });
  });
});

describe("withRustWhitespace", () => {
  it("rewrites \\s and \\S in and out of classes, and leaves other escapes", () => {
    const rewritten = withRustWhitespace(String.raw`\s+(?!\S)|[^\s\p{L}]`);
    expect(rewritten).not.toMatch(/\\[sS]/);
    const whitespace = new RegExp(withRustWhitespace(String.raw`^\s$`), "u");
    expect(whitespace.test("\uFEFF")).toBe(false);
    expect(whitespace.test("\u0085")).toBe(true);
    expect(new RegExp(withRustWhitespace(String.raw`^[^\s]$`), "u").test("\uFEFF")).toBe(true);
    expect(withRustWhitespace(String.raw`a\\s`)).toBe(String.raw`a\\s`);
  });
});

describe("registry", () => {
  it("knows every tokenizer id without loading any", () => {
    const fresh = createTokenizerRegistry();
    for (const spec of DEFAULT_TOKENIZERS) expect(fresh.has(spec.id)).toBe(true);
    expect(fresh.has("constructor")).toBe(false);
  });

  it("loads each tokenizer once", async () => {
    let loads = 0;
    const fresh = createTokenizerRegistry([
      {
        id: "words",
        exact: true,
        load: async () => {
          loads++;
          return {
            id: "words",
            exact: true,
            countedWith: "words",
            method: "test",
            count: (t) => t.split(" ").length,
          };
        },
      },
      {
        id: "guess",
        exact: false,
        proxy: "words",
        family: "Guess",
        band: { low: 0.9, high: 1.2, against: "test" },
      },
    ]);
    const [a, b, guess] = await Promise.all([fresh.load("words"), fresh.load("words"), fresh.load("guess")]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(guess).toMatchObject({ id: "guess", exact: false, countedWith: "words" });
    expect(guess.count("one two three")).toBe(3);
  });

  it("marks families without a public tokenizer as estimates", async () => {
    const claude = await registry.load("claude");
    expect(claude).toMatchObject({ exact: false, countedWith: "claude-3" });
    expect(claude.method).toMatch(/scripts/);
    const grok = await registry.load("grok");
    expect(grok).toMatchObject({
      exact: false,
      countedWith: "o200k_base",
      method: "counted with o200k_base (xAI publishes no tokenizer for its API models)",
    });
    expect(grok.count("TechCrunch")).toBe(2);
  });
});

describe("Llama 3, exact", () => {
  it("agrees with llama3-tokenizer-js (a second implementation) on arbitrary text", async () => {
    const { default: reference } = (await import("llama3-tokenizer-js")) as unknown as {
      default: { encode(text: string, options: { bos: boolean; eos: boolean }): number[] };
    };
    const tokenizer = await registry.load("llama-3");
    expect(tokenizer.exact).toBe(true);
    // The reference splits with JavaScript's \s (wrong for U+FEFF and U+0085) and reads <|…|> as special
    // tokens; text with those is left out here and compared with tiktoken's Rust core below.
    const comparable = (text: string) => !/[\uFEFF\u0085]|<\|/.test(text);
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc
        .array(fc.constantFrom("\r\n", " ", "   ", "日本語", "🦄", "123456", "don't", "I'LL", "\t", "x"), {
          maxLength: 40,
        })
        .map((p) => p.join("")),
    );
    fc.assert(
      fc.property(text.filter(comparable), (sample) => {
        expect(tokenizer.count(sample)).toBe(reference.encode(sample, { bos: false, eos: false }).length);
      }),
      { numRuns: 500 },
    );
  });

  it("a piece that is a token merging never produces is one token, however long (as both references say)", async () => {
    const { default: reference } = (await import("llama3-tokenizer-js")) as unknown as {
      default: { encode(text: string, options: { bos: boolean; eos: boolean }): number[] };
    };
    const tokenizer = await registry.load("llama-3");
    // Tokens of llama-3's vocabulary longer than 24 bytes that no merge produces (found by backtrack-data.ts).
    for (const word of [" характеристи", " використання", " профессиональ", " використовувати"]) {
      expect(reference.encode(word, { bos: false, eos: false })).toHaveLength(1);
      expect(tokenizer.count(word)).toBe(1);
      expect(tokenizer.count(word.repeat(3))).toBe(3);
    }
  });
});

describe("other open families, exact", () => {
  /** Counts on which two other implementations agree (docs/research/tokenizers/README.md says how). */
  const references = JSON.parse(
    readFileSync(new URL("../fixtures/tokenizers/reference-counts.json", import.meta.url), "utf8"),
  ) as {
    families: Record<
      string,
      { references: string[]; samples: { name: string; text: string; count: number }[] }
    >;
  };

  it.each(Object.keys(references.families))("%s matches its reference counts", async (id) => {
    const tokenizer = await registry.load(id);
    expect(tokenizer.exact).toBe(true);
    const family = references.families[id];
    expect(family?.samples.length).toBeGreaterThan(30);
    for (const { name, text, count } of family?.samples ?? [])
      expect([name, tokenizer.count(text)]).toEqual([name, count]);
  });

  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 120 }),
    fc.string({ unit: "binary", maxLength: 60 }),
    fc
      .array(
        fc.constantFrom(
          " ",
          "   ",
          "\n",
          "\r\n",
          "\t",
          "日本語",
          "🦄",
          "123456",
          "don't",
          "<s>",
          "[INST]",
          "<0x41>",
          "▁",
          "a",
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join("")),
  );

  it.each([
    ["mistral-v1", "mistral-tokenizer-js"],
    ["llama-2", "llama-tokenizer-js"],
  ])("%s agrees with %s's own encoder on arbitrary text", async (id, name) => {
    const { default: reference } = (await import(name)) as {
      default: { encode(text: string, bos: boolean, skipCache: boolean): number[] };
    };
    const tokenizer = await registry.load(id);
    fc.assert(
      fc.property(text, (sample) => {
        expect(tokenizer.count(sample)).toBe(
          sample === "" ? 0 : reference.encode(sample, false, true).length,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("counts control-token text as ordinary text", async () => {
    const llama2 = await registry.load("llama-2");
    expect(llama2.count("<s>")).toBeGreaterThan(1);
    expect(llama2.count("<0x41>")).toBeGreaterThan(1);
    expect((await registry.load("mistral-v3")).count("[INST]")).toBeGreaterThan(1);
  });

  it("Mistral v2 and v3 count as v1 and shift ids past their 768 control tokens", async () => {
    const [v1, v2, v3] = await Promise.all(
      ["mistral-v1", "mistral-v2", "mistral-v3"].map((id) => registry.load(id)),
    );
    for (const { text } of references.families["mistral-v1"]?.samples ?? []) {
      expect(v2?.count(text)).toBe(v1?.count(text));
      expect(v3?.count(text)).toBe(v1?.count(text));
    }
    const ids = (tokenizer: typeof v1) => tokenizer?.encode?.("Hello world").map((token) => token.id);
    expect(ids(v3)).toEqual(ids(v1)?.map((id) => id + 768));
  });

  it("o200k_harmony counts as o200k_base and shares its pass", async () => {
    const [harmony, base] = await Promise.all([registry.load("o200k_harmony"), registry.load("o200k_base")]);
    expect(harmony).toMatchObject({ id: "o200k_harmony", exact: true, countedWith: "o200k_base" });
    expect(harmony.count("TechCrunch <|start|>")).toBe(base.count("TechCrunch <|start|>"));
  });

  it.each(["mistral-v1", "llama-2", "mistral-tekken", "deepseek-v3"])(
    "%s: encode gives count tokens whose bytes spell the text",
    async (id) => {
      const tokenizer = await registry.load(id);
      fc.assert(
        fc.property(text, (sample) => {
          const tokens = tokenizer.encode?.(sample) ?? [];
          expect(tokens.length).toBe(tokenizer.count(sample));
          expect(Buffer.concat(tokens.map((token) => token.bytes))).toEqual(Buffer.from(sample, "utf8"));
        }),
        { numRuns: 200 },
      );
    },
  );
});

describe("Llama 3 and tekken agree with tiktoken's Rust core run on the same ranks", () => {
  /** js-tiktoken's rank text ("! <first rank> <base64> …") in tiktoken's format ("<base64> <rank>" lines). */
  const tiktokenRanks = (bpeRanks: string) =>
    bpeRanks
      .split("\n")
      .filter(Boolean)
      .flatMap((line) => {
        const [, first, ...tokens] = line.split(" ");
        return tokens.map((token, i) => `${token} ${Number(first) + i}`);
      })
      .join("\n");
  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 120 }),
    fc
      .array(
        fc.constantFrom(
          "<|eot_id|>",
          "[INST]",
          " ",
          "\r\n",
          "日本語",
          "🦄",
          "123456",
          "I'LL",
          "\uFEFF",
          "\u0085",
          "a",
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join("")),
  );
  it.each([
    ["llama-3", "llama-3.json"],
    ["mistral-tekken", "mistral-tekken-240718.json"],
  ])("%s", async (id, fileName) => {
    const file = JSON.parse(
      readFileSync(new URL(`../../tokenizers/${fileName}`, import.meta.url), "utf8"),
    ) as {
      bpe_ranks: string;
      patterns: string[];
    };
    const reference = new Tiktoken(tiktokenRanks(file.bpe_ranks), {}, file.patterns[0] as string);
    const tokenizer = await registry.load(id);
    try {
      fc.assert(
        fc.property(text, (sample) => {
          expect(tokenizer.count(sample)).toBe(reference.encode_ordinary(sample).length);
        }),
        { numRuns: 400 },
      );
    } finally {
      reference.free();
    }
  });
});
