import { describe, expect, it } from "vitest";
import {
  describeJsonSyntaxError,
  describeTooDeep,
  firstDuplicateKey,
  nestedDeeperThan,
  scanJson,
} from "../../src/pricing/json-path.js";

/** A small deterministic generator (no test depends on chance). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const deep = (levels: number, inner = "1") => `${'{"a":'.repeat(levels)}${inner}${"}".repeat(levels)}`;

/** The first duplicate key found the obvious way, by recursion over a parse that keeps every key. */
function referenceDuplicate(text: string): (string | number)[] | undefined {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text.charAt(i))) i++;
  };
  const token = (): string => {
    const rest = text.slice(i);
    const match = /^("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null)/.exec(rest);
    if (!match) throw new Error(`unexpected ${rest.slice(0, 10)}`);
    i += match[0].length;
    return match[0];
  };
  const value = (path: (string | number)[]): (string | number)[] | undefined => {
    ws();
    const c = text.charAt(i);
    if (c === "{") {
      i++;
      const keys = new Set<string>();
      let found: (string | number)[] | undefined;
      for (ws(); text.charAt(i) !== "}"; ws()) {
        if (text.charAt(i) === ",") i++;
        ws();
        const key = JSON.parse(token()) as string;
        if (keys.has(key)) found ??= [...path, key];
        keys.add(key);
        ws();
        i++; // the colon
        const below = value([...path, key]);
        found ??= below;
      }
      i++;
      return found;
    }
    if (c === "[") {
      i++;
      let found: (string | number)[] | undefined;
      let index = 0;
      for (ws(); text.charAt(i) !== "]"; ws()) {
        if (text.charAt(i) === ",") i++;
        const below = value([...path, index++]);
        found ??= below;
      }
      i++;
      return found;
    }
    token();
    return undefined;
  };
  return value([]);
}

/** A random JSON value with few distinct keys, so that duplicates are common. */
function randomJson(next: () => number, depth = 0): string {
  const pick = next();
  if (depth > 4 || pick < 0.3) {
    return ["1", '"x"', "true", "null", "-2.5e3", '"a\\"b"', "[]", "{}"][Math.floor(next() * 8)] ?? "0";
  }
  const count = Math.floor(next() * 4);
  const items = Array.from({ length: count }, () => randomJson(next, depth + 1));
  if (pick < 0.6) return `[${items.join(", ")}]`;
  const keys = ["a", "b", "\\u0061", "c d"];
  return `{${items.map((item) => `"${keys[Math.floor(next() * keys.length)]}":${item}`).join(",")}}`;
}

describe("scanJson", () => {
  it("accepts exactly what JSON.parse accepts (200,000 short random texts)", () => {
    const next = random(7);
    const alphabet = [
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"',
      "a",
      "1",
      "-",
      ".",
      "e",
      " ",
      "\n",
      "\\",
      "t",
      "n",
      "u",
      "0",
    ];
    let disagreements = 0;
    for (let k = 0; k < 200_000; k++) {
      let text = "";
      const length = Math.floor(next() * 10);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      if ((scanJson(text, false) === undefined) !== valid) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it("says where a text goes wrong, as line:column, with jsonc-parser's words", () => {
    const cases: [string, string][] = [
      ["{", "1:2: invalid JSON: close brace expected"],
      ["", "1:1: invalid JSON: value expected"],
      ["[1,]", "1:4: invalid JSON: value expected"],
      ['{"a":1,}', "1:8: invalid JSON: property name expected"],
      ['{"a" 1}', "1:6: invalid JSON: colon expected"],
      ['{"a":1 "b":2}', "1:8: invalid JSON: comma expected"],
      ["[1 2]", "1:4: invalid JSON: comma expected"],
      ["1 2", "1:3: invalid JSON: end of file expected"],
      ['{"a": oops}', "1:7: invalid JSON: invalid symbol"],
      ['"abc', "1:1: invalid JSON: unexpected end of string"],
      ["1.", "1:1: invalid JSON: unexpected end of number"],
      ['{\n  "provider": "acme",\n  "name": }', "3:11: invalid JSON: value expected"],
      ['{"version": 1,\n"date": "2026-11-27",\n', "3:1: invalid JSON: property name expected"],
      ['"a\\x"', "1:3: invalid JSON: invalid escape character"],
      ['"a\nb"', "1:3: invalid JSON: invalid character"],
    ];
    expect(cases.map(([text]) => [text, describeJsonSyntaxError(text)])).toEqual(cases);
  });

  it("finds the same first duplicate key as a plain recursive reading (2,000 random documents)", () => {
    const next = random(11);
    for (let k = 0; k < 2000; k++) {
      const text = randomJson(next);
      expect(firstDuplicateKey(text), text).toEqual(referenceDuplicate(text));
    }
    expect(firstDuplicateKey('{"a":[1,{"b":1,"c":[{"d":1,"d":2}]}]}')).toEqual(["a", 1, "c", 0, "d"]);
    // Keys are compared as JSON.parse reads them: "\u0061" is "a".
    expect(firstDuplicateKey('{"a":1,"\\u0061":2}')).toEqual(["a"]);
  });

  it("takes any depth and any run of whitespace without recursion (18.1, 18.2)", () => {
    // jsonc-parser's recursive visit overflowed the stack at ~5,000 levels: exit 70.
    expect(firstDuplicateKey(deep(100_000))).toBeUndefined();
    expect(firstDuplicateKey(deep(100_000, '{"x":1,"x":2}'))).toHaveLength(100_001);
    expect(describeJsonSyntaxError(deep(100_000).slice(0, -1))).toBe(
      `1:${100_000 * 6 + 1}: invalid JSON: close brace expected`,
    );
    const spaces = " ".repeat(20_000_000);
    expect(describeJsonSyntaxError(spaces)).toBe("1:20000001: invalid JSON: value expected");
    expect(firstDuplicateKey(`{${spaces}"a":1,"a":2}`)).toEqual(["a"]);
  });
});

describe("nestedDeeperThan", () => {
  it("finds the path to a value nested too deep, and nothing in a shallow one", () => {
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBeUndefined();
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 3)).toEqual(["a", 1, "b"]);
    expect(nestedDeeperThan("text", 0)).toBeUndefined();
    const path = nestedDeeperThan(JSON.parse(`{"results":[${deep(5000)}]}`));
    expect(path).toHaveLength(64);
    expect(describeTooDeep(path ?? [])).toBe("results[0].a.a…: nested more than 64 levels deep");
  });
});
