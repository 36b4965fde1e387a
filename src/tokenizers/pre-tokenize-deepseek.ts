import { F, flagsAt } from "./char-classes.js";
import { asciiFlags } from "./pre-tokenize-ascii.js";
import { breaksEnd, runOf, type Splitter, spaceEnd, stuck } from "./pre-tokenize-runs.js";

type Visit = Parameters<Splitter>[1];

/** [一-龥぀-ゟ゠-ヿ]: the ideographs U+4E00-U+9FA5, hiragana and katakana U+3040-U+30FF. */
function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fa5) || (code >= 0x3040 && code <= 0x30ff);
}

/** ASCII punctuation and symbols: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ */
function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

const PUNCTUATION_OR_SYMBOL = F.Punctuation | F.Symbol;
const LETTER_OR_MARK = F.Letter | F.Mark;

/**
 * DeepSeek V3's three "Isolated" stages by hand; each splits the pieces of the one before, the text
 * between its matches staying pieces too:
 *   1. \p{N}{1,3}
 *   2. [一-龥぀-ゟ゠-ヿ]+
 *   3. [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+|
 *      ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * A piece of a stage is a string of its own to the regex: nothing looks past its end.
 */
export function deepSeekSplitter(): Splitter {
  const ascii = asciiFlags();
  /** Where stage 3's match at i ends, or -1 if none starts there. */
  const matchEnd = (text: string, i: number, end: number): number => {
    const c = text.charCodeAt(i);
    if (isAsciiPunctuation(c) && i + 1 < end && isAsciiLetter(text.charCodeAt(i + 1))) {
      let j = i + 2;
      while (j < end && isAsciiLetter(text.charCodeAt(j))) j++;
      return j;
    }
    const flags = flagsAt(text, i, end);
    const next = i + (flags >> 15) + 1;
    if ((flags & LETTER_OR_MARK) !== 0) return runOf(text, next, end, LETTER_OR_MARK);
    if ((flags & (F.Letter | PUNCTUATION_OR_SYMBOL | F.LineBreak)) === 0 && next < end) {
      const second = flagsAt(text, next, end);
      if ((second & LETTER_OR_MARK) !== 0) return runOf(text, next, end, LETTER_OR_MARK);
    }
    if ((flags & PUNCTUATION_OR_SYMBOL) !== 0)
      return breaksEnd(text, runOf(text, next, end, PUNCTUATION_OR_SYMBOL), end, false);
    if (c === 0x20 && next < end && (flagsAt(text, next, end) & PUNCTUATION_OR_SYMBOL) !== 0)
      return breaksEnd(text, runOf(text, next, end, PUNCTUATION_OR_SYMBOL), end, false);
    if ((flags & F.Space) !== 0) return spaceEnd(text, i, end, true);
    return -1;
  };

  const stage3 = (text: string, start: number, end: number, visit: Visit): void => {
    let gap = start;
    let i = start;
    while (i < end) {
      const code = text.charCodeAt(i);
      let matched = -1;
      // `[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+` on ASCII letters after an optional space, control
      // or digit, settled if an ASCII character or the end follows them. Written here rather than
      // called: in the default model set's run the call was not inlined (~80 ms of ~2.4 s, 10 MB prose).
      if (code < 0x80) {
        let j = isAsciiLetter(code)
          ? i
          : ((ascii[code] as number) & (PUNCTUATION_OR_SYMBOL | F.LineBreak)) === 0
            ? i + 1
            : -1;
        if (j >= 0) {
          const letters = j;
          while (j < end && isAsciiLetter(text.charCodeAt(j))) j++;
          if (j > letters && (j === end || text.charCodeAt(j) < 0x80)) matched = j;
        }
      }
      if (matched < 0) matched = matchEnd(text, i, end);
      if (matched < 0) {
        i += (flagsAt(text, i, end) >> 15) + 1;
        continue;
      }
      if (matched <= i) throw stuck(i);
      if (gap < i) visit(text, gap, i);
      visit(text, i, matched);
      i = gap = matched;
    }
    if (gap < end) visit(text, gap, end);
  };

  // Stages 1 and 2 in one pass: no digit is CJK, so the CJK runs inside stage 1's gaps are the CJK
  // runs of the text, and every other stretch between digits and CJK runs goes to stage 3 as it is.
  return (text, visit) => {
    const end = text.length;
    let gap = 0;
    let i = 0;
    while (i < end) {
      const code = text.charCodeAt(i);
      let j = i;
      if (code < 0x80) {
        if (((ascii[code] as number) & F.Number) === 0) {
          i++;
          continue;
        }
      } else if (isCjk(code)) {
        j = i + 1;
        while (j < end && isCjk(text.charCodeAt(j))) j++;
      } else {
        const flags = flagsAt(text, i, end);
        if ((flags & F.Number) === 0) {
          i += (flags >> 15) + 1;
          continue;
        }
      }
      if (gap < i) stage3(text, gap, i, visit);
      if (j > i) stage3(text, i, j, visit);
      else {
        for (let n = 0; n < 3 && j < end; n++) {
          const digit = flagsAt(text, j, end);
          if ((digit & F.Number) === 0) break;
          j += (digit >> 15) + 1;
        }
        // Stages 2 and 3 leave a run of digits whole: no digit is CJK, a letter, a mark, P, S or space.
        visit(text, i, j);
      }
      i = gap = j;
    }
    if (gap < end) stage3(text, gap, end, visit);
  };
}
