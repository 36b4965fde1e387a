import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeUtf8 } from "../../src/tokenizers/bpe-tokenizer.js";
import { RANK_SOURCES } from "../../src/tokenizers/rank-sources.js";
import { RankTable } from "../../src/tokenizers/rank-table.js";

describe("RankTable", () => {
  it("finds every token of a vocabulary, and nothing else, before and after a binary round trip", async () => {
    const built = await RANK_SOURCES.cl100k_base?.build();
    if (!built) throw new Error("no cl100k_base");
    const loaded = RankTable.fromBinary(built.toBinary());
    expect(loaded.size).toBe(built.size);
    expect(loaded.patterns).toEqual(built.patterns);
    let tokens = 0;
    built.forEach((rank, bytes) => {
      tokens++;
      expect(loaded.get(bytes, 0, bytes.length)).toBe(rank);
      expect(built.get(bytes, 0, bytes.length)).toBe(rank);
    });
    expect(tokens).toBe(100_256);
    const absent = new TextEncoder().encode("qqqqqqqqzzzzzzzzxxxxxx");
    expect(loaded.get(absent, 0, absent.length)).toBe(-1);
  });

  it("reads a table from a Buffer that does not start on a 4-byte boundary", () => {
    const table = RankTable.fromTokens(
      [
        [0, Uint8Array.of(97)],
        [1, Uint8Array.of(98)],
        [2, Uint8Array.of(97, 98)],
      ],
      ["x"],
    );
    const padded = new Uint8Array(table.toBinary().length + 1);
    padded.set(table.toBinary(), 1);
    const loaded = RankTable.fromBinary(padded.subarray(1));
    expect(loaded.get(Uint8Array.of(97, 98), 0, 2)).toBe(2);
    expect(() => RankTable.fromBinary(Uint8Array.of(1, 2, 3))).toThrow(/not a rank table/);
  });

  it("encodeUtf8 writes what TextEncoder writes, lone surrogates included", () => {
    const out = new Uint8Array(3000);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 500 }), (text) => {
        const n = encodeUtf8(text, out);
        expect(Buffer.from(out.subarray(0, n))).toEqual(Buffer.from(new TextEncoder().encode(text)));
      }),
      { numRuns: 1000 },
    );
  });
});
