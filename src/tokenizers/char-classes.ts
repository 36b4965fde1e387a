import { withRustWhitespace } from "./rust-whitespace.js";

/**
 * The character classes the pre-tokenizer patterns test, as bit flags per code point. They are read
 * off the runtime's own regex engine (its Unicode tables), not a copy of them, so a scanner built on
 * them agrees with the regex it replaces on whatever Unicode version the runtime carries.
 */
export const F = {
  /** \p{L} */
  Letter: 1,
  /** \p{N} */
  Number: 2,
  /** \s, spelled as Rust's White_Space (rust-whitespace.ts) */
  Space: 4,
  /** [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]: o200k's "upper" class */
  Upper: 8,
  /** [\p{Ll}\p{Lm}\p{Lo}\p{M}]: o200k's "lower" class */
  Lower: 16,
  /** \p{M} */
  Mark: 32,
  /** \p{P} */
  Punctuation: 64,
  /** \p{S} */
  Symbol: 128,
  /** \r or \n */
  LineBreak: 256,
  /** Set on every code point whose flags are read (the others are still 0). */
  Known: 0x4000,
  /** Set by flagsAt on an astral code point: it spans two code units. */
  Wide: 0x8000,
} as const;

/** Each flag's class, as a regex class body; LineBreak, Known and Wide are set apart. */
const CLASSES: readonly (readonly [number, string])[] = [
  [F.Letter, "\\p{L}"],
  [F.Number, "\\p{N}"],
  [F.Space, withRustWhitespace("\\s")],
  [F.Upper, "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]"],
  [F.Lower, "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"],
  [F.Mark, "\\p{M}"],
  [F.Punctuation, "\\p{P}"],
  [F.Symbol, "\\p{S}"],
];

/** One regex per flag matching single code points of its class, for the property tests. */
export function classRegexes(): readonly (readonly [number, RegExp])[] {
  return CLASSES.map(([flag, body]) => [flag, new RegExp(`^${body}$`, "u")] as const);
}

/** Each class's regex, global, made on first use and kept: compiling one costs up to ~2 ms. */
let classRuns: readonly (readonly [number, RegExp])[] | undefined;

/**
 * Code points are read BLOCK at a time: larger blocks cost less per code point, smaller ones less for
 * a text that uses few. Measured (fresh processes, load ~4.5, medians of 5): the first block 4.3 ms
 * with the regexes' compilation (256: 4.1, 4096: 5.8); the CJK ideographs U+4E00-U+9FFF 10 ms
 * (256: 15-30, 4096: 12).
 */
const BLOCK = 1024;

/**
 * Every code point's flags, or 0 where its block is not read yet (F.Known is set on every entry
 * read). 2.2 MB of zeroes cost nothing until touched: a text only pays for the blocks it uses.
 */
const table = new Uint16Array(0x110000);
/** The UTF-16 of one block, reused. */
const blockUnits = new Uint16Array(2 * BLOCK);

/**
 * Fills the block of code points that holds `code`: each class's regex runs once, globally, over a
 * string of the block, and sets its flag on the runs it matches; per-code-point tests would be
 * several times slower. Returns the flags of `code`.
 */
function fillBlock(code: number): number {
  classRuns ??= CLASSES.map(([flag, body]) => [flag, new RegExp(`${body}+`, "gu")] as const);
  const first = code - (code % BLOCK);
  const units = first < 0x10000 ? 1 : 2;
  for (let i = 0; i < BLOCK; i++) {
    const c = first + i;
    // A lone surrogate is a code point of no class; U+0000 (of no class either) stands in for it, so
    // that a high and a low one do not pair up into an astral character.
    if (units === 1) blockUnits[i] = c >= 0xd800 && c <= 0xdfff ? 0 : c;
    else {
      blockUnits[2 * i] = 0xd800 + ((c - 0x10000) >> 10);
      blockUnits[2 * i + 1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
    }
  }
  const text = String.fromCharCode.apply(null, blockUnits.subarray(0, units * BLOCK) as unknown as number[]);
  table.fill(F.Known, first, first + BLOCK);
  for (const [flag, regex] of classRuns) {
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      const from = first + match.index / units;
      const to = from + match[0].length / units;
      for (let c = from; c < to; c++) table[c] = (table[c] as number) | flag;
    }
  }
  if (first === 0) {
    table[0x0a] = (table[0x0a] as number) | F.LineBreak;
    table[0x0d] = (table[0x0d] as number) | F.LineBreak;
  }
  return table[code] as number;
}

/** The flags of any code point (with F.Known); a surrogate's are those of a lone one. */
export function codePointFlags(code: number): number {
  return (table[code] as number) || fillBlock(code);
}

/**
 * The flags of the code point at text[i] (the scanners' hot path), with F.Wide if it is a surrogate
 * pair ending before `end`; a surrogate without its partner is a code point of its own, as in a `u`
 * regex.
 */
export function flagsAt(text: string, i: number, end: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= end) return (table[code] as number) || fillBlock(code);
  const low = text.charCodeAt(i + 1);
  if (low < 0xdc00 || low > 0xdfff) return (table[code] as number) || fillBlock(code);
  const astral = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  return ((table[astral] as number) || fillBlock(astral)) | F.Wide;
}

/** The flags of the BMP code unit `code`, for runs that only look for BMP characters. */
export function unitFlags(code: number): number {
  return (table[code] as number) || fillBlock(code);
}
