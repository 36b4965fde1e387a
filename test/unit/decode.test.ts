import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstNulOffset } from "../../src/io/decode.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeUtf8", () => {
  it("strips one leading BOM, only one", () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ text: "a", replaced: false });
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61)).text).toBe("\uFEFFa");
  });

  it("replaces invalid bytes with U+FFFD and says so", () => {
    expect(decodeUtf8(bytes(0x61, 0xff, 0x62))).toEqual({ text: "a\uFFFDb", replaced: true });
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(typeof decodeUtf8(data).text).toBe("string");
      }),
    );
  });

  it("round-trips any valid text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const decoded = decodeUtf8(utf8(text));
        expect(decoded).toEqual({ text: text.replace(/^\uFEFF/, ""), replaced: false });
      }),
    );
  });
});

describe("firstNulOffset", () => {
  it("finds a NUL in the first 8 KiB only", () => {
    expect(firstNulOffset(bytes(1, 2, 0, 3))).toBe(2);
    expect(firstNulOffset(utf8("plain text"))).toBe(-1);
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    expect(firstNulOffset(late)).toBe(-1);
  });
});
