import { describe, expect, it } from "vitest";
import { classRegexes, codePointFlags, F, flagsAt } from "../../src/tokenizers/char-classes.js";

// The class table is filled from the runtime's regexes a block at a time; here every code point is
// held to a regex test of its own, one code point at a time.
describe("char-classes", () => {
  it("gives every code point, surrogates included, the flags its classes' regexes give it", () => {
    const classes = classRegexes().map(
      ([flag, regex]) => [flag, new RegExp(regex.source.slice(1, -1), "uy")] as const,
    );
    let wrong = 0;
    const firstWrong: string[] = [];
    // Code points are tested in place in one string per 2,048 (the surrogates are one such block), without a string each.
    for (let from = 0; from < 0x110000; from += 2048) {
      const codes = Array.from({ length: 2048 }, (_, i) => from + i);
      // Lone surrogates one by one, in a string of their own: side by side, a high and a low pair up.
      const surrogates = from >= 0xd800 && from < 0xe000;
      const text = surrogates ? "" : String.fromCodePoint(...codes);
      let offset = 0;
      for (const code of codes) {
        const source = surrogates ? String.fromCharCode(code) : text;
        const at = surrogates ? 0 : offset;
        let expected = F.Known | (code === 0x0a || code === 0x0d ? F.LineBreak : 0);
        for (const [flag, regex] of classes) {
          regex.lastIndex = at;
          if (regex.test(source)) expected |= flag;
        }
        const got = codePointFlags(code);
        if (got !== expected) {
          wrong++;
          if (firstWrong.length < 5) firstWrong.push(`U+${code.toString(16)}: ${got} not ${expected}`);
        }
        offset += code > 0xffff ? 2 : 1;
      }
    }
    expect(firstWrong).toEqual([]);
    expect(wrong).toBe(0);
  });

  it("reads a surrogate pair as one wide code point, and a lone surrogate as one of no class", () => {
    const letter = "\u{10400}";
    expect(flagsAt(letter, 0, 2)).toBe(codePointFlags(0x10400) | F.Wide);
    expect(codePointFlags(0x10400) & F.Letter).toBe(F.Letter);
    // Cut before its low half, the high one stands alone.
    expect(flagsAt(letter, 0, 1)).toBe(F.Known);
    expect(flagsAt(letter, 1, 2)).toBe(F.Known);
    expect(flagsAt("\uD801x", 0, 2)).toBe(F.Known);
  });
});
