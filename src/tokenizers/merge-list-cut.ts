import type { CompiledMergeList } from "./merge-list-data.js";
import { isHighSurrogate, isLowSurrogate } from "./utf16.js";

/**
 * Which two characters may stand side by side in a piece, as a bit set over a hash of the pair: a
 * pair it has never seen may share a bit with one it has (it then says "may join", and the text is
 * simply not cut there), but a pair it says cannot join is in no piece.
 */
export class BigramFilter {
  private readonly bits = new Uint32Array(1 << 15);

  constructor(pairs: ArrayLike<number>) {
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      const bit = this.bitOf(pairs[k] as number, pairs[k + 1] as number);
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
    }
  }

  private bitOf(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x632be5ab, 0x85ebca77)) >>> 12;
  }

  has(first: number, second: number): boolean {
    const bit = this.bitOf(first, second);
    return ((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }
}

/** Held characters without a space to cut before, after which cuts of kind (2) are looked for. */
let JUNCTIONS_AFTER = 1 << 16;

/** For tests: look for cuts of kind (2) in texts this long, so that small texts are cut too. */
export function setJunctionsAfter(length: number): void {
  JUNCTIONS_AFTER = length;
}

/**
 * Where a merge-list tokenizer's stream may be cut (the last p ≥ from, or -1):
 *  1. before a space that follows a character that is neither a space, "▁", ">" nor part of a
 *     surrogate pair. No added token holds a space, and the segments of the two sides are those of
 *     the whole;
 *  2. (issue 18, item 10: 20 MB of digits, which Gemma 3 never joins, were held whole, ~1 GB) between
 *     two characters x, y, neither a space, "▁", "<" nor a surrogate, where no merge joins a part
 *     ending in x to one starting with y (`junctions`), and no added token could span p (none occurs
 *     in the text across p, nor could with what is still to come: checked for each added token
 *     holding x y, such as "<unused12>" for "12"). Then the added tokens found before p are those of
 *     text[0, p) (leftmost-longest only ever chooses among matches that end by p) and those after are
 *     those of text[p, …); p stays inside a segment (no space at it, and "<" is refused so the ">▁</"
 *     exception reads the same on both sides). In that segment no part ever spans p: parts start as
 *     single characters, and the first merge to make one spanning p would join a part ending at p
 *     (in x) to one starting there (with y). With no pair across p ever mergeable, the lowest-rank
 *     merges on each side are the merges each side makes alone, so the parts, and the tokens, of the
 *     whole are those of text[0, p) followed by those of text[p, …). (Text before 0 is past an
 *     earlier cut, which nothing spans.)
 */
export function mergeListCut(vocabulary: CompiledMergeList): (text: string, from: number) => number {
  let junctions: BigramFilter | undefined;
  // Each added token by the pairs of code units it holds, with where in it the pair starts.
  const addedByPair = new Map<number, { token: string; offset: number }[]>();
  for (const [token] of vocabulary.added)
    for (let k = 0; k + 1 < token.length; k++) {
      const key = token.charCodeAt(k) * 0x10000 + token.charCodeAt(k + 1);
      const list = addedByPair.get(key) ?? [];
      list.push({ token, offset: k });
      addedByPair.set(key, list);
    }
  /** Whether an added token holding text[p - 1, p + 1) matches the text (as far as it goes) there. */
  const addedSpans = (text: string, p: number, x: number, y: number): boolean => {
    for (const { token, offset } of addedByPair.get(x * 0x10000 + y) ?? []) {
      const at = p - 1 - offset;
      if (at < 0) continue;
      const seen = text.slice(at, at + token.length);
      if (token.startsWith(seen)) return true;
    }
    return false;
  };
  return (text, from) => {
    const lowest = Math.max(from, 1);
    // From the end back (the last cut is wanted), over the text not looked at before. A cut before a
    // space (1) first: prose has one near its end, and then the junctions, whose fixed point costs
    // ~0.6 s and ~50 MB for Gemma 3's merge list, are never worked out.
    for (let p = text.length - 1; p >= lowest; p--) {
      if (text.charCodeAt(p) !== 0x20) continue;
      const x = text.charCodeAt(p - 1);
      if (x !== 0x20 && x !== 0x2581 && x !== 0x3e && !isHighSurrogate(x) && !isLowSurrogate(x)) return p;
    }
    // (2) only for a long text with no space to cut before (digits, CJK, hostile input): until then
    // the text is simply held, as a small file is held whole.
    if (text.length < JUNCTIONS_AFTER) return -1;
    junctions ??= junctionsOf(vocabulary);
    for (let p = text.length - 1; p >= lowest; p--) {
      const x = text.charCodeAt(p - 1);
      const y = text.charCodeAt(p);
      const surrogate = isHighSurrogate(x) || isLowSurrogate(x);
      if (y === 0x20) continue;
      if (x === 0x20 || x === 0x2581 || x === 0x3c || y === 0x2581 || surrogate) continue;
      if (isHighSurrogate(y) || isLowSurrogate(y)) continue;
      if (!junctions.has(x, y) && !addedSpans(text, p, x, y)) return p;
    }
    return -1;
  };
}

/**
 * The (last character of the left part, first character of the right part) of every merge that can
 * happen, "▁" read as a space: each piece's first and last characters are followed from the
 * single-character pieces through the merges (to a fixed point, whatever order the list is in); a
 * merge of a piece no text can make never happens.
 */
function junctionsOf(vocabulary: CompiledMergeList): BigramFilter {
  const { chars, merges } = vocabulary;
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (let k = 0; k + 1 < chars.length; k += 2) {
    first.set(chars[k + 1] as number, chars[k] as number);
    last.set(chars[k + 1] as number, chars[k] as number);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k + 2 < merges.length; k += 3) {
      const merged = merges[k + 2] as number;
      const head = first.get(merges[k] as number);
      const tail = last.get(merges[k + 1] as number);
      if (head !== undefined && !first.has(merged)) {
        first.set(merged, head);
        changed = true;
      }
      if (tail !== undefined && !last.has(merged)) {
        last.set(merged, tail);
        changed = true;
      }
    }
  }
  const pairs: number[] = [];
  for (let k = 0; k + 2 < merges.length; k += 3) {
    const tail = last.get(merges[k] as number);
    const head = first.get(merges[k + 1] as number);
    if (tail !== undefined && head !== undefined) pairs.push(tail, head);
  }
  return new BigramFilter(pairs);
}
