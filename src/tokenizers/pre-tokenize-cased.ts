import { F, flagsAt } from "./char-classes.js";
import {
  asciiCasedWordEnd,
  asciiDigitsEnd,
  asciiFlags,
  asciiOtherEnd,
  asciiSpaceEnd,
} from "./pre-tokenize-ascii.js";
import {
  breaksEnd,
  contractionEnd,
  digitsEnd,
  runOf,
  runWithout,
  type Splitter,
  spaceEnd,
  stuck,
} from "./pre-tokenize-runs.js";

const NOT_OTHER = F.Space | F.Letter | F.Number;

/**
 * End of `[U]*[W]+` from i (U: F.Upper, W: F.Lower), or -1. Greedy with backtracking: the upper run
 * is taken whole if a lower character follows it; else it gives back code points down to its last
 * one that is lower too (Lm, Lo, M are both), which then ends the match.
 */
function upperThenLowerEnd(text: string, i: number, end: number): number {
  let lastLower = -1;
  while (i < end) {
    const flags = flagsAt(text, i, end);
    const next = i + (flags >> 15) + 1;
    if ((flags & F.Upper) === 0) {
      if ((flags & F.Lower) !== 0) return runOf(text, next, end, F.Lower);
      break;
    }
    if ((flags & F.Lower) !== 0) lastLower = next;
    i = next;
  }
  return lastLower;
}

/** End of `[U]+[W]*` from i, or -1. */
function upperRunEnd(text: string, i: number, end: number): number {
  if (i >= end || (flagsAt(text, i, end) & F.Upper) === 0) return -1;
  return runOf(text, runOf(text, i, end, F.Upper), end, F.Lower);
}

/**
 * o200k_base's pattern, and mistral tekken's (no contractions, single digits), by hand:
 *   P?[U]*[W]+(contraction)?|P?[U]+[W]*(contraction)?|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n/]*|
 *   \s*[\r\n]+|\s+(?!\S)|\s+
 * where P = [^\r\n\p{L}\p{N}], U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}].
 * A combining mark is in P, U and W at once, which is why each word alternative is tried with the
 * prefix first and then, when the first code point is a mark, without it ("\u0301A" is "\u0301", "A").
 */
export function casedSplitter(contractions: number, digits: number): Splitter {
  const ascii = asciiFlags();
  const pieceEnd = (text: string, i: number, end: number): number => {
    const flags = flagsAt(text, i, end);
    const next = i + (flags >> 15) + 1;
    const prefixed = (flags & (F.Letter | F.Number | F.LineBreak)) === 0;
    let word = upperThenLowerEnd(text, prefixed ? next : i, end);
    if (word < 0 && prefixed && (flags & F.Mark) !== 0) word = upperThenLowerEnd(text, i, end);
    if (word < 0) word = upperRunEnd(text, prefixed ? next : i, end);
    if (word < 0 && prefixed && (flags & F.Mark) !== 0) word = upperRunEnd(text, i, end);
    if (word >= 0) {
      if (word < end && text.charCodeAt(word) === 0x27) {
        const after = contractionEnd(text, word, end, contractions);
        if (after > 0) return after;
      }
      return word;
    }
    if ((flags & F.Number) !== 0) return digitsEnd(text, i, end, digits);
    if ((flags & F.Space) === 0) return breaksEnd(text, runWithout(text, next, end, NOT_OTHER), end, true);
    if (text.charCodeAt(i) === 0x20 && next < end) {
      const second = flagsAt(text, next, end);
      if ((second & NOT_OTHER) === 0) {
        const run = runWithout(text, next + (second >> 15) + 1, end, NOT_OTHER);
        return breaksEnd(text, run, end, true);
      }
    }
    return spaceEnd(text, i, end, true);
  };
  return (text, visit) => {
    const end = text.length;
    let i = 0;
    while (i < end) {
      const code = text.charCodeAt(i);
      let next = -1;
      if (code < 0x80) {
        next = asciiCasedWordEnd(text, i, code, end);
        if (next < 0) next = asciiDigitsEnd(text, i, code, end, digits);
        if (next < 0) next = asciiOtherEnd(ascii, text, i, code, end, true, false);
        if (next < 0) next = asciiSpaceEnd(ascii, text, i, code, end);
      }
      if (next < 0) next = pieceEnd(text, i, end);
      if (next <= i) throw stuck(i);
      visit(text, i, next);
      i = next;
    }
  };
}
