import { codePointFlags, F, flagsAt } from "./char-classes.js";
import { breaksEnd } from "./pre-tokenize-runs.js";

// Shortcuts for the pieces most text is made of, all ASCII: a word with its space or punctuation
// before it, a run of punctuation. Each returns the piece's end where ASCII alone settles it, and -1
// where it does not (a non-ASCII character next to the run, an apostrophe): the scanner's general
// path then decides. They save the class lookups and the alternatives tried in turn, which made the
// general path no faster than V8's regex on English prose.

const NOT_OTHER = F.Space | F.Letter | F.Number;

function isAsciiLetter(code: number): boolean {
  return ((code | 0x20) - 0x61) >>> 0 < 26;
}

/** The flags of the ASCII characters, read once (they fill the class table's first block). */
export function asciiFlags(): Uint16Array {
  return Uint16Array.from({ length: 128 }, (_, code) => codePointFlags(code));
}

/**
 * o200k's words: `P?[U]*[W]+|P?[U]+[W]*` on ASCII is [A-Z]*[a-z]* (one letter at least) after an
 * optional character that is no letter, digit, CR or LF; settled if an ASCII non-letter other than
 * an apostrophe (a contraction may follow), or the end, comes after it.
 */
export function asciiCasedWordEnd(text: string, i: number, code: number, end: number): number {
  let start = i;
  if (!isAsciiLetter(code)) {
    if ((code - 0x30) >>> 0 < 10 || code === 0x0a || code === 0x0d) return -1;
    start++;
  }
  let j = start;
  while (j < end && (text.charCodeAt(j) - 0x41) >>> 0 < 26) j++;
  while (j < end && (text.charCodeAt(j) - 0x61) >>> 0 < 26) j++;
  if (j === start) return -1;
  if (j === end) return j;
  const next = text.charCodeAt(j);
  return next < 0x80 && !isAsciiLetter(next) && next !== 0x27 ? j : -1;
}

/**
 * cl100k's `[^\r\n\p{L}\p{N}]?\p{L}+` (or p50k's ` ?\p{L}+` with `spaceOnly`) on ASCII letters;
 * settled if an ASCII character or the end comes after them. An apostrophe first may start a
 * contraction: not settled here.
 */
export function asciiWordEnd(text: string, i: number, code: number, end: number, spaceOnly: boolean): number {
  let start = i;
  if (!isAsciiLetter(code)) {
    if (
      spaceOnly ? code !== 0x20 : (code - 0x30) >>> 0 < 10 || code === 0x0a || code === 0x0d || code === 0x27
    )
      return -1;
    start++;
  }
  let j = start;
  while (j < end && isAsciiLetter(text.charCodeAt(j))) j++;
  if (j === start) return -1;
  return j === end || text.charCodeAt(j) < 0x80 ? j : -1;
}

/**
 * ` ?[^\s\p{L}\p{N}]+[\r\n]*` (`[\r\n/]*` with `slash`) from an ASCII character that no word can
 * start at: punctuation not followed by a letter, or a space followed by punctuation. An apostrophe
 * first is left alone where contractions come first (`contractionsFirst`).
 */
export function asciiOtherEnd(
  ascii: Uint16Array,
  text: string,
  i: number,
  code: number,
  end: number,
  slash: boolean,
  contractionsFirst: boolean,
): number {
  let j = i + 1;
  if (code === 0x20) {
    if (j >= end) return -1;
    const next = text.charCodeAt(j);
    if (next >= 0x80 || ((ascii[next] as number) & NOT_OTHER) !== 0) return -1;
    j++;
  } else {
    if (((ascii[code] as number) & NOT_OTHER) !== 0 || (code === 0x27 && contractionsFirst)) return -1;
    // As a prefix, the character would start a word with the letter (or mark) after it.
    if (j < end) {
      const next = text.charCodeAt(j);
      if (next >= 0x80 || isAsciiLetter(next)) return -1;
    }
  }
  while (j < end) {
    const next = text.charCodeAt(j);
    if (next < 0x80) {
      if (((ascii[next] as number) & NOT_OTHER) !== 0) break;
      j++;
    } else {
      const flags = flagsAt(text, j, end);
      if ((flags & NOT_OTHER) !== 0) break;
      j += (flags >> 15) + 1;
    }
  }
  return breaksEnd(text, j, end, slash);
}

/**
 * `\s*[\r\n]+|\s+(?!\S)|\s+` on a run of two or more ASCII whitespace characters (where no word or
 * punctuation piece can start: the second character is whitespace), settled if an ASCII character or
 * the end follows the run.
 */
export function asciiSpaceEnd(
  ascii: Uint16Array,
  text: string,
  i: number,
  code: number,
  end: number,
): number {
  if (((ascii[code] as number) & F.Space) === 0) return -1;
  let j = i;
  let lastBreak = -1;
  while (j < end) {
    const next = text.charCodeAt(j);
    if (next >= 0x80) return -1;
    if (((ascii[next] as number) & F.Space) === 0) break;
    if (next === 0x0a || next === 0x0d) lastBreak = j;
    j++;
  }
  if (j - i < 2) return -1;
  if (lastBreak >= 0) return lastBreak + 1;
  return j === end ? j : j - 1;
}

/**
 * `\p{N}{1,most}` from an ASCII digit (no word starts at a digit), settled if `most` digits are taken
 * or an ASCII character or the end follows them.
 */
export function asciiDigitsEnd(text: string, i: number, code: number, end: number, most: number): number {
  if ((code - 0x30) >>> 0 >= 10) return -1;
  let j = i + 1;
  while (j < end && j - i < most && (text.charCodeAt(j) - 0x30) >>> 0 < 10) j++;
  return j === end || j - i === most || text.charCodeAt(j) < 0x80 ? j : -1;
}
