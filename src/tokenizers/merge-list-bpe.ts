import { bytePairMerge } from "./bpe.js";
import { cutCountStream } from "./count-stream.js";
import { cachedPieceCounter } from "./piece-cache.js";
import type { Tokenizer } from "./types.js";
import { isHighSurrogate, isLowSurrogate } from "./utf16.js";

/**
 * A SentencePiece BPE vocabulary written as a Hugging Face tokenizer.json writes it (Gemma 3): pieces
 * by id, the merge list in rank order, and the added tokens matched whole before anything else.
 */
export interface MergeListVocabulary {
  /** Pieces by id; spaces are written "▁" and byte-fallback pieces "<0xNN>". */
  readonly pieces: readonly string[];
  /** The merges in rank order, as id pairs: [left0, right0, left1, right1, …]. */
  readonly merges: ArrayLike<number>;
  /** Ids of the pieces matched whole in the raw text (SentencePiece's user-defined symbols). */
  readonly addedTokens: readonly number[];
  /** Ids of control pieces (<bos>, <start_of_turn>, …): text never produces them, as the APIs bill it. */
  readonly controlTokens: readonly number[];
}

const SPACE = "▁";
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/**
 * An exact tokenizer for a merge-list SentencePiece BPE without a dummy prefix (Gemma 3, which Google's
 * SDK counts Gemini with), equal token for token to Hugging Face `tokenizers` on its tokenizer.json:
 *  1. added tokens (runs of newlines, tabs and "▁", HTML tags, <unusedN>, …) are cut out of the raw
 *     text, leftmost-longest;
 *  2. the rest has its spaces written "▁" and is merged pair by pair, the pair with the lowest merge
 *     rank first (leftmost on ties);
 *  3. a character no piece holds falls back to one token per UTF-8 byte. A lone surrogate is U+FFFD,
 *     as it is once the text is sent as UTF-8.
 * The merge list never joins a character to a "▁" after it except in ">▁</", so the text is merged in
 * segments cut before every run of "▁", and segments are counted once each (most words repeat).
 */
export function createMergeListTokenizer(id: string, vocabulary: MergeListVocabulary): Tokenizer {
  const { pieces } = vocabulary;
  const control = new Set(vocabulary.controlTokens);
  const idOf = new Map<string, number>();
  const byteIds = new Int32Array(256).fill(-1);
  pieces.forEach((piece, pieceId) => {
    const byte = BYTE_PIECE.exec(piece);
    if (byte) byteIds[Number.parseInt(byte[1] as string, 16)] = pieceId;
    // Added tokens are pieces too: the merge list builds runs of "▁" from spaces, as SentencePiece does.
    else if (!control.has(pieceId)) {
      // Keyed as the text reads: the engine works on text whose "▁" are spaces, not the reverse,
      // which saves rewriting every space of the input.
      const key = piece.replaceAll(SPACE, " ");
      if (!idOf.has(key)) idOf.set(key, pieceId);
    }
  });
  const charIds = new Int32Array(0x10000).fill(-1);
  const astralIds = new Map<number, number>();
  for (const [piece, pieceId] of idOf) {
    const code = piece.codePointAt(0) as number;
    if (piece.length === 1 && !isHighSurrogate(code) && !isLowSurrogate(code)) charIds[code] = pieceId;
    else if (piece.length === 2 && code > 0xffff) astralIds.set(code, pieceId);
  }
  const merges = new MergeTable(vocabulary.merges, pieces.length);
  const matcher = new AddedTokenMatcher(
    vocabulary.addedTokens.map((tokenId) => [pieces[tokenId] as string, tokenId]),
  );

  // Scratch for one segment: its code points' ids, UTF-16 offsets and (for unknown ones) UTF-8 sizes.
  let partId = new Int32Array(256);
  let partEnd = new Int32Array(256);
  let offsets = new Int32Array(257);

  /** Merges a segment (spaces standing for "▁"); returns the parts' starts (symbol indices), symbols' ids in partId. */
  const mergeSegment = (segment: string): { starts: number[]; symbols: number } => {
    if (partId.length < segment.length) {
      partId = new Int32Array(segment.length * 2);
      partEnd = new Int32Array(segment.length * 2);
      offsets = new Int32Array(segment.length * 2 + 1);
    }
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
      partEnd[symbols] = symbols + 1;
      symbols++;
    }
    offsets[symbols] = segment.length;
    // The id of the part [start, end): known when it has not grown since it was last seen, else the
    // piece its text spells (a merge only ever makes a piece of the vocabulary).
    const idOfPart = (start: number, end: number): number => {
      if (partEnd[start] === end) return partId[start] as number;
      const pieceId = idOf.get(segment.slice(offsets[start], offsets[end])) ?? -1;
      partId[start] = pieceId;
      partEnd[start] = end;
      return pieceId;
    };
    const starts = bytePairMerge(symbols, (start, end, middle) =>
      merges.rank(idOfPart(start, middle), idOfPart(middle, end)),
    );
    return { starts, symbols };
  };

  /** Tokens of the part [start, end): one for a piece, else the UTF-8 bytes of its one character. */
  const partTokens = (segment: string, start: number, end: number): number => {
    if (end - start > 1 || (partId[start] as number) >= 0) return 1;
    return utf8Length(segment.codePointAt(offsets[start] as number) as number);
  };

  const countSegment = cachedPieceCounter((segment) => {
    if (idOf.has(segment)) return 1;
    const { starts, symbols } = mergeSegment(segment);
    let tokens = 0;
    for (let k = 0; k < starts.length; k++)
      tokens += partTokens(segment, starts[k] as number, (starts[k + 1] ?? symbols) as number);
    return tokens;
  });

  const count = (text: string): number => {
    let tokens = 0;
    matcher.split(
      wellFormed(text),
      (plain) => {
        forEachSegment(asSpaces(plain), (segment) => {
          tokens += countSegment(segment);
        });
      },
      () => {
        tokens++;
      },
    );
    return tokens;
  };

  return {
    id,
    exact: true,
    countedWith: id,
    count,
    stream: () => cutCountStream(count, lastCut),
    encode(text) {
      const tokens: { id: number; bytes: Uint8Array }[] = [];
      matcher.split(
        wellFormed(text),
        (plain) => {
          // The segments are the plain text with "▁" written as spaces: offsets are the same, and a
          // token's bytes are those of the plain text it came from.
          forEachSegment(asSpaces(plain), (segment, offset) => {
            const whole = idOf.get(segment);
            if (whole !== undefined) {
              tokens.push({ id: whole, bytes: encoder.encode(plain.slice(offset, offset + segment.length)) });
              return;
            }
            const { starts, symbols } = mergeSegment(segment);
            for (let k = 0; k < starts.length; k++) {
              const start = starts[k] as number;
              const end = (starts[k + 1] ?? symbols) as number;
              const piece = segment.slice(offsets[start], offsets[end]);
              const bytes = encoder.encode(
                plain.slice(offset + (offsets[start] as number), offset + (offsets[end] as number)),
              );
              const pieceId = end - start > 1 ? idOf.get(piece) : (partId[start] as number);
              if (pieceId !== undefined && pieceId >= 0) tokens.push({ id: pieceId, bytes });
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
    },
  };
}

const encoder = new TextEncoder();

/** The bytes of a character in UTF-8. */
function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

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
 * Calls `visit` with the text cut before every run of spaces that follows another character: no piece
 * joins a character to a "▁" after it except ">▁</", which is never cut.
 */
function forEachSegment(text: string, visit: (segment: string, offset: number) => void): void {
  if (text.length === 0) return;
  let start = 0;
  let at = text.indexOf(" ", 1);
  while (at > 0) {
    const before = text.charCodeAt(at - 1);
    if (before !== 0x20 && !(before === 0x3e && text.startsWith("</", at + 1))) {
      visit(text.slice(start, at), start);
      start = at;
    }
    at = text.indexOf(" ", at + 1);
  }
  visit(start === 0 ? text : text.slice(start), start);
}

/**
 * Where a stream may be cut: before a space that follows a character that is neither a space, "▁",
 * ">" nor part of a surrogate pair. No added token holds a space, and the segments of the two sides
 * are those of the whole.
 */
function lastCut(text: string, from: number): number {
  for (let p = text.lastIndexOf(" "); p >= Math.max(from, 1); p = text.lastIndexOf(" ", p - 1)) {
    const before = text.charCodeAt(p - 1);
    if (
      before !== 0x20 &&
      before !== 0x2581 &&
      before !== 0x3e &&
      !isHighSurrogate(before) &&
      !isLowSurrogate(before)
    )
      return p;
    if (p === 0) break;
  }
  return -1;
}

/**
 * The merge list as an open-addressing hash table from (left id, right id) to rank: two typed arrays
 * probed with integer arithmetic, instead of a map keyed by strings built for every pair tried.
 */
class MergeTable {
  private readonly lefts: Int32Array;
  private readonly rights: Int32Array;
  private readonly ranks: Int32Array;
  private readonly mask: number;

  constructor(merges: ArrayLike<number>, vocabularySize: number) {
    const entries = merges.length / 2;
    let size = 1;
    while (size < entries * 2) size *= 2;
    this.mask = size - 1;
    this.lefts = new Int32Array(size).fill(-1);
    this.rights = new Int32Array(size);
    this.ranks = new Int32Array(size);
    for (let rank = 0; rank < entries; rank++) {
      const left = merges[2 * rank] as number;
      const right = merges[2 * rank + 1] as number;
      if (left < 0 || right < 0 || left >= vocabularySize || right >= vocabularySize) continue;
      let slot = this.slotOf(left, right);
      while (this.lefts[slot] !== -1) {
        if (this.lefts[slot] === left && this.rights[slot] === right) break;
        slot = (slot + 1) & this.mask;
      }
      // The first occurrence of a pair is its rank, as in the list.
      if (this.lefts[slot] === -1) {
        this.lefts[slot] = left;
        this.rights[slot] = right;
        this.ranks[slot] = rank;
      }
    }
  }

  private slotOf(left: number, right: number): number {
    return ((Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca77)) >>> 0) & this.mask;
  }

  /** The rank of merging `left` with `right`, or undefined when the list has no such merge. */
  rank(left: number, right: number): number | undefined {
    if (left < 0 || right < 0) return undefined;
    let slot = this.slotOf(left, right);
    for (;;) {
      const at = this.lefts[slot] as number;
      if (at === -1) return undefined;
      if (at === left && this.rights[slot] === right) return this.ranks[slot];
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * Finds added tokens in raw text, leftmost-longest, as Hugging Face `tokenizers` does. Tokens that are
 * runs of one character (newlines, tabs, "▁") are matched by run length; the others (tags) by lookup.
 */
class AddedTokenMatcher {
  /** Per first character: the run lengths that are tokens (runs), or the tokens by text (others). */
  private readonly runs = new Map<number, { byLength: Map<number, number>; longest: number }>();
  private readonly words = new Map<number, { byText: Map<string, number>; lengths: number[] }>();
  /** 1 for the code units an added token starts with. */
  private readonly starts = new Uint8Array(0x10000);

  constructor(tokens: readonly (readonly [string, number])[]) {
    for (const [text, tokenId] of tokens) {
      const first = text.charCodeAt(0);
      this.starts[first] = 1;
      if ([...text].every((char) => char.charCodeAt(0) === first) && text.length === [...text].length) {
        const runs = this.runs.get(first) ?? { byLength: new Map<number, number>(), longest: 0 };
        runs.byLength.set(text.length, tokenId);
        runs.longest = Math.max(runs.longest, text.length);
        this.runs.set(first, runs);
      } else {
        const words = this.words.get(first) ?? { byText: new Map<string, number>(), lengths: [] };
        words.byText.set(text, tokenId);
        if (!words.lengths.includes(text.length)) words.lengths.push(text.length);
        words.lengths.sort((a, b) => b - a);
        this.words.set(first, words);
      }
    }
  }

  /** Calls `plain` with the text between added tokens and `token` for each added token, in order. */
  split(text: string, plain: (text: string) => void, token: (tokenId: number, piece: string) => void): void {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (this.starts[unit] === 0) continue;
      const match = this.matchAt(text, i, unit);
      if (match === undefined) continue;
      if (i > from) plain(text.slice(from, i));
      token(match.tokenId, text.slice(i, i + match.length));
      from = i + match.length;
      i = from - 1;
    }
    if (from < text.length) plain(from === 0 ? text : text.slice(from));
  }

  private matchAt(text: string, i: number, unit: number): { tokenId: number; length: number } | undefined {
    let best: { tokenId: number; length: number } | undefined;
    const words = this.words.get(unit);
    if (words) {
      for (const length of words.lengths) {
        const tokenId = words.byText.get(text.slice(i, i + length));
        if (tokenId !== undefined) {
          best = { tokenId, length };
          break;
        }
      }
    }
    const runs = this.runs.get(unit);
    if (runs) {
      // Only as far as the longest run token: a long run is matched in steps, not rescanned each time.
      let run = 1;
      while (run < runs.longest && text.charCodeAt(i + run) === unit) run++;
      for (let length = run; length > (best?.length ?? 0); length--) {
        const tokenId = runs.byLength.get(length);
        if (tokenId !== undefined) return { tokenId, length };
      }
    }
    return best;
  }
}
