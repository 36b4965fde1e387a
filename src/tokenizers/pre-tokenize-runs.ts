import { F, flagsAt, unitFlags } from "./char-classes.js";

// The pieces the pre-tokenizer scanners share. Each returns where a run that starts at `i` ends,
// never reading at or past `end` (a `u` regex sees a surrogate pair as one code point, hence flagsAt).

/** Splits a text into pieces, calling visit(text, start, end) for each. */
export type Splitter = (text: string, visit: (source: string, start: number, end: number) => void) => void;

/** Which contractions a pattern's `'s|'t|…` alternatives take. */
export const Contractions = {
  None: 0,
  /** 's 't 're 've 'm 'll 'd in any case (cl100k, o200k, llama-3) */
  AnyCase: 1,
  /** the same, and 'ſ (U+017F) with the s (qwen-3) */
  AnyCaseLongS: 2,
  /** lower case only (p50k, r50k) */
  LowerCase: 3,
} as const;

/** End of the contraction whose apostrophe is text[i], or -1. */
export function contractionEnd(text: string, i: number, end: number, mode: number): number {
  if (mode === Contractions.None || i + 1 >= end) return -1;
  let c = text.charCodeAt(i + 1);
  if (mode !== Contractions.LowerCase && c >= 0x41 && c <= 0x5a) c += 0x20;
  if (c === 0x73 || c === 0x74 || c === 0x6d || c === 0x64) return i + 2; // s t m d
  if (c === 0x17f && mode === Contractions.AnyCaseLongS) return i + 2;
  if ((c !== 0x72 && c !== 0x76 && c !== 0x6c) || i + 2 >= end) return -1; // r v l
  let d = text.charCodeAt(i + 2);
  if (mode !== Contractions.LowerCase && d >= 0x41 && d <= 0x5a) d += 0x20;
  return (c === 0x6c ? d === 0x6c : d === 0x65) ? i + 3 : -1; // ll, re, ve
}

/** End of the run from i of code points with any of the `mask` flags. */
export function runOf(text: string, i: number, end: number, mask: number): number {
  while (i < end) {
    const flags = flagsAt(text, i, end);
    if ((flags & mask) === 0) break;
    i += (flags >> 15) + 1;
  }
  return i;
}

/** End of the run from i of code points with none of the `mask` flags. */
export function runWithout(text: string, i: number, end: number, mask: number): number {
  while (i < end) {
    const flags = flagsAt(text, i, end);
    if ((flags & mask) !== 0) break;
    i += (flags >> 15) + 1;
  }
  return i;
}

/** End of at most `most` code points of \p{N} from i. */
export function digitsEnd(text: string, i: number, end: number, most: number): number {
  for (let n = 0; n < most && i < end; n++) {
    const flags = flagsAt(text, i, end);
    if ((flags & F.Number) === 0) break;
    i += (flags >> 15) + 1;
  }
  return i;
}

/** End of [\r\n]* from i, or [\r\n/]* with `slash`. */
export function breaksEnd(text: string, i: number, end: number, slash: boolean): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d && (c !== 0x2f || !slash)) break;
    i++;
  }
  return i;
}

/**
 * The whitespace alternatives from i (a whitespace character): `\s*[\r\n]+` (with `lineBreaks`) ends
 * after the run's last CR or LF; else `\s+(?!\S)` leaves the run's last character to the piece that
 * follows, unless the run ends the text; else `\s+` takes a run of one.
 */
export function spaceEnd(text: string, i: number, end: number, lineBreaks: boolean): number {
  const start = i;
  let lastBreak = -1;
  while (i < end) {
    // Every whitespace character is in the BMP: a surrogate (of no class) ends the run.
    const c = text.charCodeAt(i);
    if ((unitFlags(c) & F.Space) === 0) break;
    if (c === 0x0a || c === 0x0d) lastBreak = i;
    i++;
  }
  if (lineBreaks && lastBreak >= 0) return lastBreak + 1;
  return i === end || i - start === 1 ? i : i - 1;
}

/**
 * What a scanner throws when it found no piece where one must start: a bug in it, not bad input. The
 * loops trust the scanners for speed, and an empty piece would have them loop for ever.
 */
export function stuck(at: number): Error {
  return new Error(`pre-tokenizer scanner made no progress at UTF-16 unit ${at}`);
}
