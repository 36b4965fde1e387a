import { describe, expect, it } from "vitest";
import { parseDecimal, parseList, parseWholeNumber } from "../../src/cli/parse-values.js";

describe("flag values", () => {
  it.each(["", "0x10", "-1", "1.5", "1e3", "abc", " 1", "01", "9007199254740993"])(
    "whole number rejects %j",
    (value) => {
      expect(() => parseWholeNumber("--output-tokens", value)).toThrow(
        /^--output-tokens: expected a whole number/,
      );
    },
  );
  it("whole number accepts digits", () => expect(parseWholeNumber("--n", "1500")).toBe(1500));

  it.each(["", "0x10", "-1", "1e400", "abc", ".5", "1001"])("decimal rejects %j", (value) => {
    expect(() => parseDecimal("--output-ratio", value, 1000)).toThrow(/^--output-ratio: expected a decimal/);
  });
  it("decimal keeps the text exact", () => expect(parseDecimal("--r", "0.10", 1000)).toBe("0.10"));

  it("lists split on commas and accumulate", () => {
    expect(parseList("a, b,,c", parseList("x"))).toEqual(["x", "a", "b", "c"]);
  });
});
