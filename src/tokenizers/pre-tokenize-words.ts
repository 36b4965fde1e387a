import { F, flagsAt } from "./char-classes.js";
import {
  asciiDigitsEnd,
  asciiFlags,
  asciiOtherEnd,
  asciiSpaceEnd,
  asciiWordEnd,
} from "./pre-tokenize-ascii.js";
import {
  breaksEnd,
  Contractions,
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
 * cl100k_base's pattern and its kin, by hand:
 *   '(contraction)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * with llama-3's contractions (the same set, written differently), qwen-3's ('ſ as well, D = 1).
 * Every code point starts some alternative, so no text is skipped.
 */
export function wordsSplitter(contractions: number, digits: number): Splitter {
  const ascii = asciiFlags();
  const pieceEnd = (text: string, i: number, end: number): number => {
    const c = text.charCodeAt(i);
    if (c === 0x27) {
      const after = contractionEnd(text, i, end, contractions);
      if (after > 0) return after;
    }
    const flags = flagsAt(text, i, end);
    const next = i + (flags >> 15) + 1;
    if ((flags & F.Letter) !== 0) return runOf(text, next, end, F.Letter);
    // The optional prefix: one code point that is no letter, digit, CR or LF.
    if ((flags & (F.Number | F.LineBreak)) === 0 && next < end) {
      const second = flagsAt(text, next, end);
      if ((second & F.Letter) !== 0) return runOf(text, next + (second >> 15) + 1, end, F.Letter);
    }
    if ((flags & F.Number) !== 0) return digitsEnd(text, i, end, digits);
    if ((flags & F.Space) === 0) return breaksEnd(text, runWithout(text, next, end, NOT_OTHER), end, false);
    if (c === 0x20 && next < end) {
      const second = flagsAt(text, next, end);
      if ((second & NOT_OTHER) === 0) {
        const run = runWithout(text, next + (second >> 15) + 1, end, NOT_OTHER);
        return breaksEnd(text, run, end, false);
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
        next = asciiWordEnd(text, i, code, end, false);
        if (next < 0) next = asciiDigitsEnd(text, i, code, end, digits);
        if (next < 0) next = asciiOtherEnd(ascii, text, i, code, end, false, true);
        if (next < 0) next = asciiSpaceEnd(ascii, text, i, code, end);
      }
      if (next < 0) next = pieceEnd(text, i, end);
      if (next <= i) throw stuck(i);
      visit(text, i, next);
      i = next;
    }
  };
}

/** p50k_base and r50k_base: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ */
export function gpt2Splitter(): Splitter {
  const pieceEnd = (text: string, i: number, end: number): number => {
    const c = text.charCodeAt(i);
    if (c === 0x27) {
      const after = contractionEnd(text, i, end, Contractions.LowerCase);
      if (after > 0) return after;
    }
    let flags = flagsAt(text, i, end);
    let from = i + (flags >> 15) + 1;
    // " ?" then a letter, digit or other run: the space goes with the run that follows it.
    if (c === 0x20 && from < end) {
      const second = flagsAt(text, from, end);
      if ((second & NOT_OTHER) !== F.Space) {
        flags = second;
        from += (second >> 15) + 1;
      }
    }
    if ((flags & F.Letter) !== 0) return runOf(text, from, end, F.Letter);
    if ((flags & F.Number) !== 0) return runOf(text, from, end, F.Number);
    if ((flags & F.Space) === 0) return runWithout(text, from, end, NOT_OTHER);
    return spaceEnd(text, i, end, false);
  };
  return (text, visit) => {
    const end = text.length;
    let i = 0;
    while (i < end) {
      const code = text.charCodeAt(i);
      let next = code < 0x80 ? asciiWordEnd(text, i, code, end, true) : -1;
      if (next < 0) next = pieceEnd(text, i, end);
      if (next <= i) throw stuck(i);
      visit(text, i, next);
      i = next;
    }
  };
}
