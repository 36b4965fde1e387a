// Split pre-tokenizers against python `tokenizers` (test/fixtures/hf/splits.json, written by
// scripts/hf-fixtures.py): every behaviour, inverted or not, over patterns whose Oniguruma meaning
// JavaScript spells differently — so each rewrite of hf-regex.ts is checked against the real thing.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HfPlan } from "../../src/tokenizers/hf-json.js";
import { createPipeline } from "../../src/tokenizers/hf-pipeline.js";
import {
  findMatches,
  onigToJs,
  type SplitBehavior,
  UnsupportedPattern,
} from "../../src/tokenizers/hf-regex.js";
import { readPreTokenizers } from "../../src/tokenizers/hf-steps.js";
import { HF_COMBINING_MARK_CLASS } from "../../src/tokenizers/hf-unicode-sets.js";

const cases = JSON.parse(readFileSync(new URL("../fixtures/hf/splits.json", import.meta.url), "utf8")) as {
  pattern: string;
  behavior: string;
  invert: boolean;
  text: string;
  pieces: string[];
}[];

const BEHAVIOR: Record<string, SplitBehavior> = {
  removed: "Removed",
  isolated: "Isolated",
  merged_with_previous: "MergedWithPrevious",
  merged_with_next: "MergedWithNext",
  contiguous: "Contiguous",
};

function pieces(pattern: string, behavior: string, invert: boolean, text: string): string[] {
  const plan: HfPlan = {
    normalizers: [],
    preTokenizers: [
      { type: "split", pattern: onigToJs(pattern), behavior: BEHAVIOR[behavior] as SplitBehavior, invert },
    ],
    byteLevel: false,
    ignoreMerges: false,
    fallbackIds: [],
    byteIds: [],
    unkId: -1,
    fuseUnk: false,
    added: [],
  };
  const out: string[] = [];
  createPipeline(plan)(text, {
    piece: (source, start, end) => out.push(source.slice(start, end)),
    added() {},
  });
  return out;
}

describe("Split pre-tokenizers, against python tokenizers", () => {
  it("covers every behaviour and pattern", () => {
    expect(cases.length).toBe(1920);
    expect(new Set(cases.map((c) => c.behavior)).size).toBe(5);
  });

  // {1,3}+ is a repeat of the interval to Oniguruma (not possessive, as it was read before): refused
  // now (test/unit/hf-syntax.test.ts), so this fixture pattern is checked for that instead.
  const REFUSED = "\\p{L}++|\\p{N}{1,3}+";
  it("refuses the one fixture pattern with an interval followed by +", () => {
    expect(cases.some((c) => c.pattern === REFUSED)).toBe(true);
    expect(() => onigToJs(REFUSED)).toThrow(UnsupportedPattern);
  });

  it("cuts every text as python does", () => {
    const wrong = cases
      .filter(({ pattern }) => pattern !== REFUSED)
      .filter(
        ({ pattern, behavior, invert, text, pieces: python }) =>
          JSON.stringify(pieces(pattern, behavior, invert, text)) !== JSON.stringify(python),
      );
    expect(wrong.map((c) => ({ ...c, ours: pieces(c.pattern, c.behavior, c.invert, c.text) }))).toEqual([]);
  });
});

describe("Punctuation and BertPreTokenizer", () => {
  it("cut at exactly the characters python's cut at, over every code point", () => {
    const python = JSON.parse(
      readFileSync(new URL("../fixtures/hf/punctuation.json", import.meta.url), "utf8"),
    ) as number[];
    const isolated = new Set<number>();
    const plan: HfPlan = {
      normalizers: [],
      preTokenizers: readPreTokenizers({ type: "Punctuation", behavior: "Isolated" }, () => {
        throw new Error("refused");
      }).steps,
      byteLevel: false,
      ignoreMerges: false,
      fallbackIds: [],
      byteIds: [],
      unkId: -1,
      fuseUnk: false,
      added: [],
    };
    const codes: number[] = [];
    for (let code = 0; code < 0x110000; code++)
      if ((code < 0xd800 || code > 0xdfff) && code !== 0x61) codes.push(code);
    const text = codes.map((code) => String.fromCodePoint(code)).join("a");
    createPipeline(plan)(text, {
      piece(source, start, end) {
        const piece = source.slice(start, end);
        if (piece !== "a" && [...piece].length === 1) isolated.add(piece.codePointAt(0) as number);
      },
      added() {},
    });
    expect([...isolated].sort((a, b) => a - b)).toEqual(python);
    expect(python.length).toBe(726);
  });

  it("StripAccents removes exactly the characters python's removes, over every code point", () => {
    const python = new Set(
      JSON.parse(
        readFileSync(new URL("../fixtures/hf/combining-marks.json", import.meta.url), "utf8"),
      ) as number[],
    );
    const strip = new RegExp(HF_COMBINING_MARK_CLASS, "u");
    const wrong: number[] = [];
    for (let code = 0; code < 0x110000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (strip.test(String.fromCodePoint(code)) !== python.has(code)) wrong.push(code);
    }
    expect(wrong).toEqual([]);
    expect(python.size).toBeGreaterThan(2000);
  });

  it("BertPreTokenizer drops whitespace and isolates punctuation", () => {
    const { steps } = readPreTokenizers({ type: "BertPreTokenizer" }, () => {
      throw new Error("refused");
    });
    const out: string[] = [];
    const plan = { ...emptyPlan(), preTokenizers: steps };
    createPipeline(plan)("Hey friend!     How are you?!?", {
      piece: (source, start, end) => out.push(source.slice(start, end)),
      added() {},
    });
    // tokenizers' own test of BertPreTokenizer (pre_tokenizers/bert.rs).
    expect(out).toEqual(["Hey", "friend", "!", "How", "are", "you", "?", "!", "?"]);
  });
});

function emptyPlan(): HfPlan {
  return {
    normalizers: [],
    preTokenizers: [],
    byteLevel: false,
    ignoreMerges: false,
    fallbackIds: [],
    byteIds: [],
    unkId: -1,
    fuseUnk: false,
    added: [],
  };
}

describe("Oniguruma patterns in JavaScript", () => {
  it("refuses what it cannot run the same, naming it", () => {
    for (const [pattern, what] of [
      ["a\\1", /escape \\1/],
      ["(a", /unclosed group/],
      ["(?m)a", /the group \(\?m/],
      ["\\Aa", /escape \\A/],
      ["[[:alpha:]]", /POSIX/],
      ["[a[b]]", /nested/],
      ["[a&&b]", /intersection/],
      ["(?i:é)", /non-ASCII letter/],
      ["\\p{NoSuchThing}", /property/],
    ] as const) {
      expect(() => onigToJs(pattern), pattern).toThrow(what);
      expect(() => onigToJs(pattern), pattern).toThrow(UnsupportedPattern);
    }
  });

  it("skips an empty match right after a match, as Oniguruma's iterator does", () => {
    expect(findMatches(new RegExp(onigToJs("a|"), "gu"), "ab")).toEqual([
      [0, 1],
      [2, 2],
    ]);
  });
});
