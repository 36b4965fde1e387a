import fc from "fast-check";
import { get_encoding } from "tiktoken";
import { beforeAll, describe, expect, it } from "vitest";
import { createBacktrackEncoder } from "../../src/tokenizers/backtrack.js";
import {
  type BacktrackData,
  backtrackDataFromBinary,
  backtrackDataToBinary,
  buildBacktrackData,
} from "../../src/tokenizers/backtrack-data.js";
import { bytePairMerge } from "../../src/tokenizers/bpe.js";
import { createBpeTokenizer } from "../../src/tokenizers/bpe-tokenizer.js";
import { RANK_SOURCES } from "../../src/tokenizers/rank-sources.js";
import { RankTable } from "../../src/tokenizers/rank-table.js";
import { createTokenizerRegistry } from "../../src/tokenizers/registry.js";

const HAN =
  "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切准注。，！？「」カタカナひらがな한국어";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
const EMOJI = ["😀", "🎉", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", " ", "a", "\u200d", "\ufe0f"];

const chars = (alphabet: string | string[], maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), maxLength });

/** Texts of the kinds where pieces run long: no spaces, high entropy, many scripts. */
const TEXTS = {
  cjk: chars(HAN, 600),
  base64: chars(BASE64, 2000),
  json: fc.json({ maxDepth: 4 }),
  letters: chars("abcdefghijklmnopqrstuvwxyz", 3000),
  "one letter": fc
    .tuple(fc.constantFrom("a", "e", "x", "z", "0", "=", "-"), fc.nat(5000))
    .map(([c, n]) => c.repeat(n)),
  emoji: chars(EMOJI, 600),
  "any code points": fc.string({ unit: "binary", maxLength: 800 }),
  "mixed scripts": fc
    .array(
      fc.oneof(
        chars(HAN, 30),
        chars("абвгдежзийклмнопрстуфхцчшщыэюя", 30),
        chars("αβγδεζηθικλμνξοπρστυφχψω", 30),
        chars("abcdefghij ,.", 30),
        chars("०१२३अआइईउऊएऐओऔकखगघ", 30),
        chars("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", 30),
      ),
    )
    .map((parts) => parts.join("")),
  "random bytes as UTF-8": fc.uint8Array({ maxLength: 2000 }).map((bytes) => new TextDecoder().decode(bytes)),
};

/** Merges with the heap (bpe.ts) and with backtracking, and returns both token rank lists. */
function bothWays(table: RankTable, data: BacktrackData, bytes: Uint8Array) {
  const rankOf = (start: number, end: number) => {
    const rank = table.get(bytes, start, end);
    return rank < 0 ? undefined : rank;
  };
  const starts = bytePairMerge(bytes.length, rankOf);
  const heap = starts.map((start, i) => table.get(bytes, start, starts[i + 1] ?? bytes.length));
  const encoder = encoderOf(data);
  const count = encoder.encode(bytes, bytes.length);
  return { heap, backtracked: Array.from(encoder.tokens().subarray(0, count)) };
}

function encoderOf(data: BacktrackData) {
  const encoder = createBacktrackEncoder(data);
  if (!encoder) throw new Error("no backtracking encoder");
  return encoder;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// Each vocabulary's table and backtracking data, computed once (a second or so each from the sources).
const tables = new Map<string, Promise<{ table: RankTable; data: BacktrackData }>>();
function load(name: string) {
  let loaded = tables.get(name);
  if (!loaded) {
    const source = RANK_SOURCES[name];
    if (!source) throw new Error(`no ${name}`);
    loaded = source.build().then((table) => ({ table, data: table.backtrack() }));
    tables.set(name, loaded);
  }
  return loaded;
}

describe.each(["o200k_base", "cl100k_base", "llama-3", "mistral-tekken", "deepseek-v3"])(
  "backtracking encoder, %s",
  (name) => {
    let table: RankTable;
    let data: BacktrackData;
    beforeAll(async () => {
      ({ table, data } = await load(name));
    }, 60_000);

    const heavy = name === "o200k_base" || name === "cl100k_base";
    it.each(Object.entries(TEXTS))("makes the heap merge's tokens on %s", (_, texts) => {
      fc.assert(
        fc.property(texts, (text) => {
          const { heap, backtracked } = bothWays(table, data, utf8(text));
          expect(backtracked).toEqual(heap);
        }),
        { numRuns: heavy ? 150 : 40 },
      );
    });

    it("makes the heap merge's tokens on any bytes, valid UTF-8 or not", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 1500 }), (bytes) => {
          const { heap, backtracked } = bothWays(table, data, bytes);
          expect(backtracked).toEqual(heap);
        }),
        { numRuns: heavy ? 300 : 60 },
      );
    });

    it("makes the heap merge's tokens where three-byte characters are whole, cut short or malformed", () => {
      // `longest` looks a whole three-byte character up by its code point; bytes that only look like
      // one must take the byte-by-byte way.
      const chars = [...HAN].map((char) => [...utf8(char)]).filter((bytes) => bytes.length === 3);
      const parts = fc.oneof(
        fc.constantFrom(...chars),
        fc.constantFrom(...chars.map((bytes) => bytes.slice(0, 2))),
        fc.tuple(fc.integer({ min: 0xe0, max: 0xef }), fc.nat(255), fc.nat(255)),
        fc.constantFrom([0x41], [0x20], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbf]),
      );
      const check = (bytes: number[]) => {
        const { heap, backtracked } = bothWays(table, data, Uint8Array.from(bytes));
        expect(backtracked).toEqual(heap);
      };
      const [first] = chars as [number[]];
      check([...first, 0xe4, 0xb8]);
      check([0xe4, 0xb8, 0x41, ...first, 0xe0, 0x80, 0x80, ...first]);
      fc.assert(
        fc.property(fc.array(parts, { maxLength: 300 }), (list) => check(list.flat())),
        { numRuns: heavy ? 200 : 50 },
      );
    });

    it("splits every token it can make into two lower-ranked tokens with the same bytes", () => {
      let unmade = 0;
      const wrong: number[] = [];
      for (let rank = 0; rank < table.size; rank++) {
        const bytes = table.bytesOf(rank);
        const left = data.left[rank] as number;
        const right = data.right[rank] as number;
        if (bytes.length < 2 || left === -2) {
          if (bytes.length >= 2) unmade++;
          continue;
        }
        const joined = [...table.bytesOf(left), ...table.bytesOf(right)];
        if (left >= rank || right >= rank || joined.join() !== bytes.join()) wrong.push(rank);
      }
      expect(wrong).toEqual([]);
      // Llama 3's vocabulary has tokens that merging their own bytes does not make; the others none.
      expect(unmade > 0).toBe(name === "llama-3");
    });
  },
);

describe("backtracking on giant pieces", () => {
  it.each(["o200k_base", "cl100k_base"])(
    "%s: n × 'a' is ceil(n / 8) tokens, up to 1,000,000",
    async (name) => {
      const { table, data } = await load(name);
      for (let n = 1; n <= 64; n++) {
        const { heap, backtracked } = bothWays(table, data, new Uint8Array(n).fill(97));
        expect(backtracked).toEqual(heap);
      }
      const encoder = encoderOf(data);
      for (const n of [8, 9, 17, 1000, 65_537, 1_000_000]) {
        const bytes = new Uint8Array(n).fill(97);
        expect(encoder.encode(bytes, n)).toBe(Math.ceil(n / 8));
      }
    },
    60_000,
  );

  it("is not used for a vocabulary where a byte is not a token", () => {
    const [a, b] = [Uint8Array.of(97), Uint8Array.of(98)];
    const table = RankTable.fromTokens(
      [
        [0, a],
        [1, b],
        [2, Uint8Array.of(97, 98)],
      ],
      ["[a-z]+|[^a-z]+"],
    );
    expect(createBacktrackEncoder(buildBacktrackData(table))).toBeUndefined();
    // A giant piece would switch to backtracking; the heap merges it instead.
    expect(createBpeTokenizer("tiny", table).count("ab".repeat(10_000) + "c".repeat(10_000))).toBe(20_000);
  });

  it("saves and reads its data unchanged", async () => {
    const { data } = await load("cl100k_base");
    const copy = new Uint8Array(backtrackDataToBinary(data).length + 1);
    copy.set(backtrackDataToBinary(data), 1);
    // From an offset that is not a multiple of 4, as a Buffer from readFile may be.
    const read = backtrackDataFromBinary(copy.subarray(1));
    for (const key of Object.keys(data) as (keyof BacktrackData)[]) expect(read[key]).toEqual(data[key]);
  }, 60_000);
});

describe("tokenizers counting with backtracking match tiktoken", () => {
  it.each(["o200k_base", "cl100k_base"])(
    "%s",
    async (encoding) => {
      const tokenizer = await createTokenizerRegistry().load(encoding);
      // One giant piece switches the tokenizer to backtracking for every long piece after it.
      expect(tokenizer.count("a".repeat(100_000))).toBe(12_500);
      const reference = get_encoding(encoding as "o200k_base");
      try {
        fc.assert(
          fc.property(fc.oneof(...Object.values(TEXTS)), (text) => {
            expect(tokenizer.count(text)).toBe(reference.encode(text, [], []).length);
            const ids = tokenizer.encode?.(text).map((token) => token.id);
            expect(ids).toEqual([...reference.encode(text, [], [])]);
          }),
          { numRuns: 300 },
        );
      } finally {
        reference.free();
      }
    },
    60_000,
  );
});
