import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { regexPieceSplitter, type Splitter, scannerFor } from "../../src/tokenizers/piece-splitter.js";

// Each hand-written scanner against the regex it stands for (the shipped pattern itself, not the
// copy piece-splitter.ts recognizes), piece for piece, on strings drawn to hit every rule's edges.

/** The shipped vocabularies' patterns: tokenizers/*.json, and js-tiktoken's encodings. */
async function shippedPatterns(): Promise<Record<string, readonly string[]>> {
  const lists: Record<string, readonly string[]> = {};
  const folder = new URL("../../tokenizers/", import.meta.url);
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
    const { patterns } = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as { patterns?: string[] };
    if (patterns) lists[file.replace(/\.json$/, "")] = patterns;
  }
  for (const encoding of ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]) {
    const ranks = (await import(`js-tiktoken/ranks/${encoding}`)) as { default: { pat_str: string } };
    lists[encoding] = [ranks.default.pat_str];
  }
  return lists;
}
const SHIPPED = await shippedPatterns();

function pieces(split: Splitter, text: string): string[] {
  const out: string[] = [];
  split(text, (source, start, end) => {
    out.push(source.slice(start, end));
  });
  return out;
}

const CONTRACTION_TAILS = ["s", "S", "t", "T", "re", "rE", "Re", "RE", "ve", "vE", "Ve", "VE", "m", "M"];
const MORE_TAILS = ["ll", "lL", "Ll", "LL", "d", "D", "ſ", "K", "r", "R", "l", "v", "e", "x", ""];

/** Characters with a part in some rule, by kind. */
const KINDS = {
  ascii: [..."abcxyzABCXYZsStTreRE", "A", "z"],
  digits: [..."0123459", "\u0660", "\u0669", "\uFF10", "\u{1D7CE}", "\u2167", "\u00B2", "\u3007"],
  letters: [
    ..."éßÀǅʰ日本語中文ἀΩωЖжאבعربहि",
    "\u01C5",
    "\u02B0",
    "\u3042",
    "\u30A2",
    "\u30FC",
    "\u{10400}",
    "\u{10428}",
    "\u{20000}",
    "\u{1D400}",
    "\uAC00",
    "\u0E01",
  ],
  marks: ["\u0301", "\u0903", "\u20DD", "\u0300", "\u3099", "\u{1D167}"],
  spaces: [
    "\t",
    "\n",
    "\r",
    "\v",
    "\f",
    " ",
    " ",
    " ",
    "\u0085",
    "\u00A0",
    "\u1680",
    "\u2000",
    "\u200A",
    "\u2028",
    "\u2029",
    "\u202F",
    "\u205F",
    "\u3000",
  ],
  notSpaces: ["\uFEFF", "\u180E", "\u200B", "\u001C", "\u0000", "\u007F"],
  symbols: [
    ..."/'\"!?.,;:-_()[]{}@#$%^&*+=<>|\\~`",
    "！",
    "。",
    "、",
    "・",
    "\u30A0",
    "\u309B",
    "€",
    "😀",
    "👍🏽",
    "\u{1F3FD}",
    "\u2014",
    "\u00A9",
  ],
  surrogates: ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D"],
  cjkEdges: [
    "\u4E00",
    "\u9FA5",
    "\u9FA6",
    "\u9FFF",
    "\u3040",
    "\u309F",
    "\u30A0",
    "\u30FF",
    "\u3100",
    "\u303F",
    "\u3400",
  ],
};

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KINDS.ascii) },
  { weight: 2, arbitrary: fc.constantFrom(...KINDS.digits) },
  { weight: 3, arbitrary: fc.constantFrom(...KINDS.letters) },
  { weight: 2, arbitrary: fc.constantFrom(...KINDS.marks) },
  { weight: 5, arbitrary: fc.constantFrom(...KINDS.spaces) },
  { weight: 1, arbitrary: fc.constantFrom(...KINDS.notSpaces) },
  { weight: 3, arbitrary: fc.constantFrom(...KINDS.symbols) },
  { weight: 1, arbitrary: fc.constantFrom(...KINDS.surrogates) },
  { weight: 1, arbitrary: fc.constantFrom(...KINDS.cjkEdges) },
  { weight: 3, arbitrary: fc.constantFrom(...CONTRACTION_TAILS, ...MORE_TAILS).map((tail) => `'${tail}`) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(" ", " ", "\t", "\r", "\n", "\u3000", "\u00A0", "\u0085"),
      maxLength: 12,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)) },
);
const text = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(""));
const longText = fc.array(fragment, { minLength: 100, maxLength: 400 }).map((parts) => parts.join(""));
/** Code units at random: surrogates pair up or not, by chance. */
const randomUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
  maxLength: 30,
});

describe("pre-tokenizer scanners", () => {
  it("exist for every shipped vocabulary's patterns, so none of them falls back to the regex", () => {
    expect(Object.keys(SHIPPED).sort()).toEqual([
      "cl100k_base",
      "deepseek-v3",
      "llama-3",
      "mistral-tekken-240718",
      "o200k_base",
      "p50k_base",
      "qwen-3",
      "r50k_base",
    ]);
    for (const [name, patterns] of Object.entries(SHIPPED)) expect(scannerFor(patterns), name).toBeDefined();
  });

  it("do not claim a pattern that differs by one character", () => {
    const [o200k] = SHIPPED.o200k_base as string[];
    expect(scannerFor([(o200k as string).replace("{1,3}", "{1,4}")])).toBeUndefined();
    expect(scannerFor([...(SHIPPED["deepseek-v3"] as string[]).slice(1)])).toBeUndefined();
  });

  for (const [name, patterns] of Object.entries(SHIPPED)) {
    describe(name, () => {
      const scanner = scannerFor(patterns) as Splitter;
      const regex = regexPieceSplitter(patterns);
      const same = (input: string) => {
        expect(pieces(scanner, input)).toEqual(pieces(regex, input));
      };

      it("splits as the regex on hand-picked edges", () => {
        for (const input of [
          "",
          "Hello WORLD it's  fine\n\n  x",
          "\u0301A ab\u0301C \u0301\u0301a A\u0301b",
          "  \r\n\t 123456 ！。 日本語のテキスト 中文 a/b\n/ 'RE 'll 'ſ",
          "\uD800x \uDC00 😀👍🏽 \u0085\u00A0\uFEFF a",
          "x  ",
          " \n a\n \n  ",
          "ǅungla ʰa ABCdef ABC'S abc'S",
          "\u{1D7CE}\u{1D7CF}\u{1D7D0}\u{1D7D1}12",
        ])
          same(input);
      });

      it("splits as the regex on random strings of interesting characters", () => {
        fc.assert(fc.property(text, same), { numRuns: 6000 });
      });

      it("splits as the regex on random code units", () => {
        fc.assert(fc.property(randomUnits, same), { numRuns: 2000 });
      });

      it("splits as the regex on long strings (long runs of spaces and line breaks among them)", () => {
        fc.assert(fc.property(longText, same), { numRuns: 300 });
      });

      it("covers the text: its pieces, in order, are the whole of it", () => {
        fc.assert(
          fc.property(text, (input) => {
            expect(pieces(scanner, input).join("")).toBe(input);
          }),
          { numRuns: 300 },
        );
      });
    });
  }
});
