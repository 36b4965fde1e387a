import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeUtf8,
  firstInvalidUtf8,
  firstNulOffset,
  sniffEncoding,
  Utf8Stream,
} from "../../src/io/decode.js";

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

describe("Utf8Stream", () => {
  const decodeIn = (data: Uint8Array, cuts: number[], encoding?: "utf-8" | "utf-16le" | "utf-16be") => {
    const stream = new Utf8Stream(encoding);
    const points = [0, ...cuts.filter((cut) => cut < data.length).sort((a, b) => a - b), data.length];
    let text = "";
    for (let i = 1; i < points.length; i++) text += stream.decode(data.subarray(points[i - 1], points[i]));
    text += stream.end();
    return { text, replaced: stream.replaced, firstInvalid: stream.firstInvalid };
  };
  const cuts = fc.array(fc.nat(300), { maxLength: 8 });

  it("never throws, whatever the bytes and however they are cut, in every encoding", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        cuts,
        fc.constantFrom("utf-8", "utf-16le", "utf-16be"),
        (data, at, encoding) => {
          expect(typeof decodeIn(data, at, encoding as "utf-8").text).toBe("string");
        },
      ),
    );
  });

  it("finds the first invalid UTF-8 sequence at the same offset however the bytes are cut", () => {
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 4 }).map(utf8),
      fc.uint8Array({ minLength: 1, maxLength: 3 }),
    );
    const data = fc
      .array(piece, { maxLength: 12 })
      .map((pieces) => Uint8Array.from(pieces.flatMap((p) => [...p])));
    fc.assert(
      fc.property(data, cuts, (bytes, at) => {
        const whole = decodeIn(bytes, []);
        const offset = firstInvalidUtf8(bytes);
        expect(whole.firstInvalid ?? -1).toBe(offset);
        expect(whole.replaced).toBe(offset >= 0);
        expect(decodeIn(bytes, at)).toEqual(whole);
        // Everything before the offset is valid UTF-8.
        if (offset >= 0) expect(decodeUtf8(bytes.subarray(0, offset)).replaced).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("locates bad sequences like the WHATWG decoder replaces them", () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xff))).toBe(1);
    expect(firstInvalidUtf8(bytes(0x61, 0xe6, 0x97, 0x41))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc0, 0x80))).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(bytes(0x61, 0xf0, 0x9f, 0x98))).toBe(1); // cut short at the end
    expect(firstInvalidUtf8(bytes(0x61, 0xf0, 0x9f, 0x98), false)).toBe(-1);
    expect(firstInvalidUtf8(utf8("日本語 🦄"))).toBe(-1);
  });

  it("decodes UTF-16 after its BOM, dropping the BOM once, as sniffEncoding picks it", () => {
    const text = "Héllo 日本 🦄\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    expect(sniffEncoding(le)).toBe("utf-16le");
    expect(sniffEncoding(be)).toBe("utf-16be");
    expect(sniffEncoding(utf8("\uFEFFa"))).toBe("utf-8");
    expect(sniffEncoding(bytes(0xff))).toBe("utf-8");
    fc.assert(
      fc.property(cuts, (at) => {
        expect(decodeIn(le, at, "utf-16le")).toEqual({ text, replaced: false, firstInvalid: undefined });
        expect(decodeIn(be, at, "utf-16be")).toEqual({ text, replaced: false, firstInvalid: undefined });
      }),
    );
    // A lone surrogate is replaced and said.
    expect(decodeIn(bytes(0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00), [], "utf-16le")).toMatchObject({
      text: "\uFFFDa",
      replaced: true,
    });
  });
});
