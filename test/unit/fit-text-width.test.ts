import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/render/fit-text.js";

// displayWidth takes the length of a text whose every character is one column and a grapheme of its
// own; anything else goes through the grapheme segmenter. The two ways must agree.
describe("display width, the short way", () => {
  it("measures text of one-column characters (taken the short way) as the grapheme segmenter does", () => {
    // An Ω (one column, and not among the short way's characters) sends the whole line through the
    // grapheme segmenter.
    fc.assert(
      fc.property(fc.stringMatching(/^[ -~]*$/), fc.stringMatching(/^[ -~]*$/), (a, b) => {
        expect(displayWidth(`${a}${b}`) + 1).toBe(displayWidth(`${a}Ω${b}`));
      }),
    );
    expect(displayWidth("gpt-4o  $2.50\u001b[1m ~\u001b[0m")).toBe(15);
    // Every character measured the short way, one by one, against the segmenter: beside an Ω (one
    // column, measured the long way), each adds one column and joins neither neighbour.
    const shortWay =
      /[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2070-\u20c0\u2100-\u22ff\u2500-\u257f]/;
    const wrong: string[] = [];
    for (let code = 0x20; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (!shortWay.test(char)) continue;
      if (
        displayWidth(char) !== 1 ||
        displayWidth(`Ω${char}Ω`) !== 3 ||
        displayWidth(`${char}${char}Ω`) !== 3
      )
        wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ -~\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2190-\u22ff]*$/),
        (text) => {
          expect(displayWidth(text)).toBe(text.length);
          expect(displayWidth(`${text}Ω`)).toBe(text.length + 1);
        },
      ),
    );
    expect(displayWidth("a\u0301")).toBe(1);
  });
});
