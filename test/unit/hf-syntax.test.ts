// Oniguruma syntax that JavaScript reads otherwise, against python `tokenizers`
// (test/fixtures/hf/syntax.json, written by scripts/hf-fixtures.py --syntax): class escapes alone and
// inside brackets matched over every code point, and quantifier forms ({,n}, {n}?, comments) split
// as python splits them. Each form is translated exactly or refused by name, never read otherwise.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HfPlan } from "../../src/tokenizers/hf-json.js";
import { createPipeline } from "../../src/tokenizers/hf-pipeline.js";
import { onigToJs, UnsupportedPattern } from "../../src/tokenizers/hf-regex.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/hf/syntax.json", import.meta.url), "utf8")) as {
  texts: string[];
  cases: { pattern: string; pieces: string[][] }[];
  counts: { pattern: string; counts: number[] }[];
  classes: Record<string, [number, number][]>;
};

function isolated(pattern: string, text: string): string[] {
  const plan: HfPlan = {
    normalizers: [],
    preTokenizers: [{ type: "split", pattern: onigToJs(pattern), behavior: "Isolated", invert: false }],
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

const codesOf = (ranges: [number, number][]) => {
  const codes = new Set<number>();
  for (const [from, to] of ranges) for (let code = from; code <= to; code++) codes.add(code);
  return codes;
};
// Characters Unicode assigned after the version python's Oniguruma has (unassigned there, assigned in
// this Node's tables): every property differs on them, and no translation can say them (left out
// here, counted below; see docs/tokenizer-json.md).
const pythonUnassigned = codesOf(fixture.classes["\\p{Cn}"] ?? []);
const newer = new Set([...pythonUnassigned].filter((code) => !/\p{Cn}/u.test(String.fromCodePoint(code))));
/** Escapes inside brackets hf-regex.ts refuses (by name) rather than spell. */
const REFUSED = new Set(["[\\W]", "[^\\W]", "[\\S]", "[^\\S]", "[\\D]", "[^\\D]", "[\\H]", "[^\\H]"]);

describe("class escapes, against python over every code point", () => {
  it("knows which characters are newer than python's Unicode", () => {
    expect(newer.size).toBeGreaterThan(0);
    expect(newer.size).toBeLessThan(6000);
  });

  for (const [pattern, ranges] of Object.entries(fixture.classes)) {
    if (REFUSED.has(pattern)) {
      it(`${pattern} is refused, naming the escape`, () => {
        expect(() => onigToJs(pattern)).toThrow(/inside a character class/);
      });
      continue;
    }
    it(`${pattern} matches exactly python's code points`, () => {
      const python = codesOf(ranges);
      const regex = new RegExp(`^(?:${onigToJs(pattern)})$`, "u");
      const wrong: string[] = [];
      for (let code = 0; code < 0x110000; code++) {
        if ((code >= 0xd800 && code <= 0xdfff) || newer.has(code)) continue;
        if (regex.test(String.fromCodePoint(code)) !== python.has(code)) wrong.push(code.toString(16));
      }
      expect(wrong.slice(0, 20), `${wrong.length} code points differ`).toEqual([]);
    });
  }

  it("covers \\w inside and outside brackets, where Oniguruma's sets differ", () => {
    const size = (pattern: string) =>
      (fixture.classes[pattern] ?? []).reduce((sum, [from, to]) => sum + to - from + 1, 0);
    // ² ³ ¹ ¼ ½ ¾ are \w alone but not [\w].
    expect(size("\\w") - size("[\\w]")).toBe(6);
  });
});

describe("quantifier and syntax forms, against python", () => {
  for (const { pattern, pieces } of fixture.cases) {
    it(`${pattern} splits as python does`, () => {
      expect(fixture.texts.map((text) => isolated(pattern, text))).toEqual(pieces);
    });
  }

  it("reads {,n} as {0,n}: the reviewer's repro counts 8 pieces, as python", () => {
    expect(isolated("a{,2}|[^a\\n]", "aaaa\n\n\n\nbb")).toHaveLength(8);
  });

  it("refuses, by name, forms it cannot run as Oniguruma does", () => {
    for (const [pattern, what] of [
      ["a{1,2}+", /\{1,2\}\+/],
      ["\\d{2,3}+", /\{2,3\}\+/],
      ["a{2,1}", /interval \{2,1\}/],
      ["a**", /./],
      ["a{2}*", /./],
      ["\\Qa\\E", /escape \\Q/],
      ["a\\Kb", /escape \\K/],
      ["\\R", /escape \\R/],
      ["\\X", /escape \\X/],
      ["\\0", /escape \\0/],
      ["\\012", /escape \\0/],
      ["\\ca", /escape \\c/],
      ["\\e", /escape \\e/],
      ["[a[b]]", /nested/],
      ["[[:alpha:]]", /POSIX/],
      ["(?#open", /unclosed comment/],
    ] as const) {
      let message = "";
      try {
        new RegExp(onigToJs(pattern), "gu");
      } catch (error) {
        message = (error as Error).message;
        if (!(error instanceof UnsupportedPattern || error instanceof SyntaxError)) throw error;
      }
      expect(message, pattern).toMatch(what);
    }
  });
});

describe("the reviewer's repros, whole through the CLI, against python's counts", () => {
  const qwen = JSON.parse(readFileSync(new URL("../fixtures/hf/qwen.json", import.meta.url), "utf8"));
  for (const { pattern, counts } of fixture.counts) {
    it(`the qwen fixture with its Split pattern ${pattern} counts as python does`, async () => {
      const dir = tempDir();
      const json = structuredClone(qwen);
      json.pre_tokenizer.pretokenizers[0].pattern.Regex = pattern;
      writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(json));
      const ours: number[] = [];
      for (const text of fixture.texts) {
        const { code, stdout } = await runCli(
          ["estimate", "-f", "json", "-m", "gpt-6-luna", "--tokenizer", `hf:${join(dir, "tokenizer.json")}`],
          { input: text },
        );
        expect(code).toBe(0);
        ours.push(JSON.parse(stdout).results[0].inputTokens);
      }
      expect(ours).toEqual(counts);
    });
  }
});
