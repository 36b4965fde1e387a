import { AddedTokenMatcher } from "./added-tokens.js";
import { bytePairCount, bytePairMerge } from "./bpe.js";
import { cutCountStream } from "./count-stream.js";
import { cutEncodeStream } from "./encode-stream.js";
import { BigramFilter, mergeListCut } from "./merge-list-cut.js";
import { type CompiledMergeList, SPACE } from "./merge-list-data.js";
import { cachedPieceCounter } from "./piece-cache.js";
import type { Tokenizer } from "./types.js";
import { isHighSurrogate, isLowSurrogate, utf8Length } from "./utf16.js";
import { CACHED_PIECE_UNITS, hashUnits, Utf16PieceCache } from "./utf16-piece-cache.js";

/**
 * An exact tokenizer for a merge-list SentencePiece BPE without a dummy prefix (Gemma 3, which Google's
 * SDK counts Gemini with), equal token for token to Hugging Face `tokenizers` on its tokenizer.json:
 *  1. added tokens (runs of newlines, tabs and "▁", HTML tags, <unusedN>, …) are cut out of the raw
 *     text, leftmost-longest;
 *  2. the rest has its spaces read as "▁" and is merged pair by pair, the pair with the lowest merge
 *     rank first (leftmost on ties);
 *  3. a character no piece holds falls back to one token per UTF-8 byte. A lone surrogate is U+FFFD,
 *     as it is once the text is sent as UTF-8.
 * The merge list never joins a character to a "▁" after it except in ">▁</", so the text is merged in
 * segments cut before every run of spaces, and segments are counted once each (most words repeat).
 */
export function createMergeListTokenizer(id: string, vocabulary: CompiledMergeList): Tokenizer {
  // Its tables (Gemma 3's 514,906 merges hashed alone: ~130-250 ms) are made on first use, not on
  // load: a run loads every tokenizer before counting, and one counting on several threads starts the
  // others while this one's tables are being made.
  let engine: MergeListEngine | undefined;
  const built = () => {
    engine ??= mergeListEngine(vocabulary);
    return engine;
  };
  return {
    id,
    exact: true,
    countedWith: id,
    count: (text) => built().count(text),
    stream: () => cutCountStream(built().count, built().lastCut, { encodePart: built().tokensOf }),
    encode: (text) => built().tokensOf(text),
    encodeStream: () => cutEncodeStream(built().tokensOf, built().lastCut, true),
  };
}

/** What counting with a merge list needs, made from the compiled vocabulary. */
interface MergeListEngine {
  count(text: string): number;
  tokensOf(text: string): { id: number; bytes: Uint8Array }[];
  lastCut(text: string, from: number): number;
}

function mergeListEngine(vocabulary: CompiledMergeList): MergeListEngine {
  const charIds = new Int32Array(0x10000).fill(-1);
  const astralIds = new Map<number, number>();
  for (let k = 0; k + 1 < vocabulary.chars.length; k += 2) {
    const code = vocabulary.chars[k] as number;
    const pieceId = vocabulary.chars[k + 1] as number;
    if (code > 0xffff) astralIds.set(code, pieceId);
    else if (!isHighSurrogate(code) && !isLowSurrogate(code)) charIds[code] = pieceId;
  }
  const { byteIds } = vocabulary;
  const merges = new MergeTable(vocabulary.merges);
  const joinable = new BigramFilter(vocabulary.bigrams);
  const lastCut = mergeListCut(vocabulary);
  const matcher = new AddedTokenMatcher(vocabulary.added);

  const merger = new PairMerger(merges);
  // Scratch for one segment: symbols' offsets (the parts' ids and ends are the merger's).
  let offsets = new Int32Array(257);

  /** Merges a segment (spaces standing for "▁"); returns the parts' starts (symbol indices). */
  const mergeSegment = (segment: string): { starts: number[]; symbols: number } => {
    const partId = merger.reserve(segment.length);
    if (offsets.length < segment.length + 1) offsets = new Int32Array(segment.length * 2 + 1);
    let symbols = 0;
    for (let i = 0; i < segment.length; i++) {
      const unit = segment.charCodeAt(i);
      offsets[symbols] = i;
      let pieceId: number;
      if (isHighSurrogate(unit) && isLowSurrogate(segment.charCodeAt(i + 1))) {
        pieceId = astralIds.get(segment.codePointAt(i) as number) ?? -1;
        i++;
      } else pieceId = charIds[unit] as number;
      partId[symbols] = pieceId;
      symbols++;
    }
    offsets[symbols] = segment.length;
    return { starts: merger.merge(symbols), symbols };
  };
  const idOfPart = (start: number, end: number) => merger.idOf(start, end);

  /** Tokens of the part [start, end): one for a piece, else the UTF-8 bytes of its one character. */
  const partTokens = (segment: string, start: number, end: number): number => {
    if (end - start > 1 || (merger.partId[start] as number) >= 0) return 1;
    return utf8Length(segment.codePointAt(offsets[start] as number) as number);
  };

  const mergeCount = (segment: string): number => {
    const { starts, symbols } = mergeSegment(segment);
    let tokens = 0;
    for (let k = 0; k < starts.length; k++)
      tokens += partTokens(segment, starts[k] as number, (starts[k + 1] ?? symbols) as number);
    return tokens;
  };
  const countShort = cachedPieceCounter(mergeCount);
  // A long segment (a line of CJK text, a run without spaces) is cut again where no piece holds the
  // two characters side by side: no merge can join across such a cut, so the parts count on their own
  // and, being short, mostly repeat.
  const countSegment = (segment: string): number => {
    if (segment.length <= SHORT_SEGMENT) return mergeCount(segment);
    let tokens = 0;
    let start = 0;
    let previous = segment.codePointAt(0) as number;
    for (let i = previous > 0xffff ? 2 : 1; i < segment.length; i++) {
      const code = segment.codePointAt(i) as number;
      if (!joinable.has(previous, code)) {
        tokens += countShort(segment.slice(start, i));
        start = i;
      }
      previous = code;
      if (code > 0xffff) i++;
    }
    return tokens + countShort(start === 0 ? segment : segment.slice(start));
  };
  // Segments' counts, looked up where they are in the text (most words repeat).
  const segments = new Utf16PieceCache();
  const countSegmentAt = (text: string, start: number, end: number): number => {
    if (end - start > CACHED_PIECE_UNITS) return countSegment(text.slice(start, end));
    const hash = hashUnits(text, start, end);
    const known = segments.get(text, start, end, hash);
    if (known >= 0) return known;
    const tokens = countSegment(text.slice(start, end));
    segments.set(text, start, end, hash, tokens);
    return tokens;
  };

  const count = (text: string): number => {
    let tokens = 0;
    matcher.split(
      wellFormed(text),
      (plain) => {
        const spaced = asSpaces(plain);
        forEachSegmentRange(spaced, (start, end) => {
          tokens += countSegmentAt(spaced, start, end);
        });
      },
      () => {
        tokens++;
      },
    );
    return tokens;
  };

  return { count, tokensOf, lastCut };

  function tokensOf(text: string) {
    const tokens: { id: number; bytes: Uint8Array }[] = [];
    matcher.split(
      wellFormed(text),
      (plain) => {
        // The segments are the plain text with "▁" written as spaces: offsets are the same, and a
        // token's bytes are those of the plain text it came from.
        forEachSegment(asSpaces(plain), (segment, offset) => {
          const { starts, symbols } = mergeSegment(segment);
          for (let k = 0; k < starts.length; k++) {
            const start = starts[k] as number;
            const end = (starts[k + 1] ?? symbols) as number;
            const bytes = encoder.encode(
              plain.slice(offset + (offsets[start] as number), offset + (offsets[end] as number)),
            );
            const pieceId = idOfPart(start, end);
            if (pieceId >= 0) tokens.push({ id: pieceId, bytes });
            else
              for (const byte of bytes)
                tokens.push({ id: byteIds[byte] as number, bytes: Uint8Array.of(byte) });
          }
        });
      },
      (tokenId, piece) => {
        tokens.push({ id: tokenId, bytes: encoder.encode(piece) });
      },
    );
    return tokens;
  }
}

const encoder = new TextEncoder();
/** Segments longer than this are cut again at characters no piece joins (countSegment). */
const SHORT_SEGMENT = 24;

/** The text as the API receives it: a lone surrogate cannot be sent as UTF-8 and becomes U+FFFD. */
function wellFormed(text: string): string {
  const string = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return string.isWellFormed() ? text : string.toWellFormed();
}

/** Text as the merges see it, with "▁" written as a space (SentencePiece reads both as "▁"). */
function asSpaces(text: string): string {
  return text.includes(SPACE) ? text.replaceAll(SPACE, " ") : text;
}

/**
 * Calls `visit` with the bounds of each segment: the text is cut before every run of spaces that
 * follows another character, as no piece joins a character to a "▁" after it except ">▁</" (not cut).
 */
function forEachSegmentRange(text: string, visit: (start: number, end: number) => void): void {
  if (text.length === 0) return;
  let start = 0;
  let at = text.indexOf(" ", 1);
  while (at > 0) {
    const before = text.charCodeAt(at - 1);
    if (before !== 0x20 && !(before === 0x3e && text.startsWith("</", at + 1))) {
      visit(start, at);
      start = at;
    }
    at = text.indexOf(" ", at + 1);
  }
  visit(start, text.length);
}

/** forEachSegmentRange, with each segment's text and offset. */
function forEachSegment(text: string, visit: (segment: string, offset: number) => void): void {
  forEachSegmentRange(text, (start, end) =>
    visit(end - start === text.length ? text : text.slice(start, end), start),
  );
}

/**
 * Merges a row of symbols by a merge list, the pair with the lowest rank first (leftmost on ties), as
 * Hugging Face's BPE does, keeping each part's id. Fill `reserve(n)`'s array with the n symbols' ids
 * (-1 for a symbol no merge takes), then `merge(n)`.
 */
export class PairMerger {
  /** Each part's id and end, indexed by its first symbol. */
  partId = new Int32Array(256);
  private partEnd = new Int32Array(256);

  constructor(private readonly merges: MergeTable) {}

  /** The array to write n symbols' ids into. */
  reserve(n: number): Int32Array {
    if (this.partId.length < n + 1) {
      this.partId = new Int32Array(n * 2 + 1);
      this.partEnd = new Int32Array(n * 2 + 1);
    }
    for (let i = 0; i < n; i++) this.partEnd[i] = i + 1;
    return this.partId;
  }

  /** Merges the n symbols written; returns the parts' starts (symbol indices). */
  merge(n: number): number[] {
    return bytePairMerge(n, this.rankOf);
  }

  /** How many parts merging the n symbols written leaves. */
  count(n: number): number {
    return bytePairCount(n, this.rankOf);
  }

  private readonly rankOf = (start: number, end: number, middle: number): number | undefined =>
    this.merges.rank(this.idOf(start, middle), this.idOf(middle, end));

  /**
   * The id of the part [start, end). A part grows by one merge at a time and is looked at again
   * before it can merge again, so when it has grown since it was last seen, it is the merge of what
   * it was and the part that followed it.
   */
  idOf(start: number, end: number): number {
    const { partId, partEnd } = this;
    const seenEnd = partEnd[start] as number;
    if (seenEnd === end) return partId[start] as number;
    const pieceId =
      partEnd[seenEnd] === end ? this.merges.merged(partId[start] as number, partId[seenEnd] as number) : -1;
    partId[start] = pieceId;
    partEnd[start] = end;
    return pieceId;
  }
}

/**
 * The merge list as an open-addressing hash table from (left id, right id) to rank and merged id:
 * typed arrays probed with integer arithmetic, instead of a map keyed by strings built for every pair.
 */
export class MergeTable {
  /**
   * Per slot, side by side: the left part's id + 1 (0: empty), the right part's id, the rank, the
   * result — one array, not four, so a probe reads one cache line. Building it for Gemma 3's 514,906
   * merges takes ~75–100 ms either way: most of it is touching 16 MB of new memory (~3 ms/MB on the VM
   * this was measured on), which no layout of the same size avoids.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(merges: ArrayLike<number>) {
    const entries = Math.floor(merges.length / 3);
    let size = 1;
    while (size < entries * 2) size *= 2;
    this.mask = size - 1;
    const slots = new Int32Array(size * 4);
    this.slots = slots;
    for (let rank = 0; rank < entries; rank++) {
      const left = merges[3 * rank] as number;
      const right = merges[3 * rank + 1] as number;
      let slot = this.slotOf(left, right);
      while (slots[4 * slot] !== 0 && !(slots[4 * slot] === left + 1 && slots[4 * slot + 1] === right))
        slot = (slot + 1) & this.mask;
      // The first occurrence of a pair is its rank, as in the list.
      if (slots[4 * slot] !== 0) continue;
      slots[4 * slot] = left + 1;
      slots[4 * slot + 1] = right;
      slots[4 * slot + 2] = rank;
      slots[4 * slot + 3] = merges[3 * rank + 2] as number;
    }
  }

  private slotOf(left: number, right: number): number {
    return ((Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca77)) >>> 0) & this.mask;
  }

  /** Where the pair's numbers start in `slots`, or -1. */
  private find(left: number, right: number): number {
    if (left < 0 || right < 0) return -1;
    const { slots } = this;
    for (let slot = this.slotOf(left, right); ; slot = (slot + 1) & this.mask) {
      const at = slots[4 * slot] as number;
      if (at === 0) return -1;
      if (at === left + 1 && slots[4 * slot + 1] === right) return 4 * slot;
    }
  }

  /** The rank of merging `left` with `right`, or undefined when the list has no such merge. */
  rank(left: number, right: number): number | undefined {
    const at = this.find(left, right);
    return at < 0 ? undefined : this.slots[at + 2];
  }

  /** The piece merging `left` with `right` makes (-1 when none). */
  merged(left: number, right: number): number {
    const at = this.find(left, right);
    return at < 0 ? -1 : (this.slots[at + 3] as number);
  }
}
