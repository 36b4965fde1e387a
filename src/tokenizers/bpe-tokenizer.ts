import { createBacktrackEncoder } from "./backtrack.js";
import { bytePairCount, bytePairMerge } from "./bpe.js";
import { BytePieceCache, CACHED_PIECE_BYTES } from "./byte-piece-cache.js";
import { cutCountStream } from "./count-stream.js";
import { cutEncodeStream } from "./encode-stream.js";
import { bpeCuts } from "./long-piece-cut.js";
import { pieceSplitter } from "./piece-splitter.js";
import { hashBytes, type RankTable } from "./rank-table.js";
import type { Tokenizer } from "./types.js";

/** Pieces of this many bytes or more go to the backtracking encoder (measured faster from ~8 bytes)… */
const BACKTRACK_PIECE = 16;
/**
 * …once this many bytes of pieces of at least TRIGGER_PIECE bytes have been merged, or one piece of
 * GIANT_PIECE. Reading its data and warming its code up costs ~15-20 ms (o200k_base: ~9 ms reading
 * 9.6 MB); on CJK it then saves ~0.2 ms per KB against the heap, so it pays back after ~90 KB of long
 * pieces. Switching a little before that, at 64 KB, measured: a 100 KB CJK file ~13 ms slower, a
 * 200 KB one ~15 ms faster (at that rate any larger one ~13 ms faster).
 */
const BACKTRACK_AFTER = 64 * 1024;
const TRIGGER_PIECE = 32;
const GIANT_PIECE = 8 * 1024;
/** Once backtracking, pieces longer than this (bytes) skip the piece cache: they seldom repeat. */
const UNCACHED_PIECE = 32;

export interface BpeOptions {
  /** Added to each rank to give the model's token id (vocabularies whose special tokens come first). */
  readonly idOffset?: number;
}

/**
 * An exact tiktoken-style tokenizer: split with the vocabulary's pre-tokenizer pattern (Rust's
 * whitespace class), then merge each piece's bytes by rank: short pieces with a heap (bpe.ts), long
 * ones in linear time by backtracking (backtrack.ts) once there are enough. Text that looks like a
 * special token is ordinary text, as the APIs bill it. A list of patterns splits in stages, as Hugging
 * Face's "Isolated" split sequence does: each stage splits the pieces of the one before, keeping the
 * text between matches as pieces too.
 */
export function createBpeTokenizer(id: string, ranks: RankTable, options: BpeOptions = {}): Tokenizer {
  const forEachPiece = pieceSplitter(ranks.patterns);
  const idOffset = options.idOffset ?? 0;
  // Pairs are the most frequent lookups in a merge: a direct table, 2 bytes → rank.
  const pairRanks = ranks.pairRanks();
  // Each piece is encoded into one reused buffer: no new string or array per piece.
  let bytes = new Uint8Array(4096);
  const encode = (text: string, start: number, end: number): number => {
    if (bytes.length < (end - start) * 3) bytes = new Uint8Array((end - start) * 3 + 4096);
    return encodeUtf8(text, bytes, start, end);
  };
  const charRanks = ranks.threeByteRanks();
  const rankOf = (start: number, end: number): number | undefined => {
    let rank: number;
    const first = bytes[start] as number;
    if (end - start === 2) rank = pairRanks[(first << 8) | (bytes[start + 1] as number)] as number;
    // Our own UTF-8 is valid, so a lead byte 0xE_ is followed by its two continuation bytes.
    else if (end - start === 3 && first >> 4 === 0xe)
      rank = charRanks[
        ((first & 0x0f) << 12) |
          (((bytes[start + 1] as number) & 0x3f) << 6) |
          ((bytes[start + 2] as number) & 0x3f)
      ] as number;
    else rank = ranks.get(bytes, start, end);
    return rank < 0 ? undefined : rank;
  };
  const merge = (length: number) => bytePairMerge(length, rankOf);
  const longestFrom = ranks.longestTokenByFirstByte();
  /** Whether bytes[0, length) is short enough to be one token. */
  const mayBeWhole = (length: number) => length <= (longestFrom[bytes[0] as number] as number);
  // null: loaded, but unusable (a byte that is not a token).
  let backtracker: ReturnType<typeof createBacktrackEncoder> | null;
  let longBytes = 0;
  const backtrackerFor = (length: number) => {
    if (length < BACKTRACK_PIECE || backtracker === null) return undefined;
    if (backtracker) return backtracker;
    if (length >= TRIGGER_PIECE) longBytes += length;
    if (longBytes >= BACKTRACK_AFTER || length >= GIANT_PIECE)
      backtracker = createBacktrackEncoder(ranks.backtrack()) ?? null;
    return backtracker ?? undefined;
  };
  const mergeCount = (length: number): number =>
    backtrackerFor(length)?.encode(bytes, length) ?? bytePairCount(length, rankOf);

  /** Tokens in bytes[0, length), whose hashBytes() is `hash` (any number where !mayBeWhole(length)). */
  const countBytes = (length: number, hash: number): number => {
    // A piece that is a token is one token, as in tiktoken, even where merging would not produce it:
    // llama-3 has such tokens (" характеристи", 26 bytes), which merging counts as 6.
    if (mayBeWhole(length) && ranks.getHashed(bytes, 0, length, hash) >= 0) return 1;
    return mergeCount(length);
  };
  const cache = new BytePieceCache();
  /** Tokens in the piece text[start, end). */
  const countPiece = (text: string, start: number, end: number): number => {
    const length = encode(text, start, end);
    if (length > CACHED_PIECE_BYTES || (backtracker && length > UNCACHED_PIECE))
      return countBytes(length, mayBeWhole(length) ? hashBytes(bytes, 0, length) : 0);
    const hash = hashBytes(bytes, 0, length);
    const known = cache.get(bytes, length, hash);
    if (known >= 0) return known;
    const tokens = countBytes(length, hash);
    cache.set(bytes, length, hash, tokens);
    return tokens;
  };

  /** The ranks of the tokens of the piece text[start, end). */
  const pieceRanks = (text: string, start: number, end: number): number[] => {
    const length = encode(text, start, end);
    const whole = ranks.get(bytes, 0, length);
    if (whole >= 0) return [whole];
    const encoder = backtrackerFor(length);
    if (encoder) {
      const count = encoder.encode(bytes, length);
      return Array.from(encoder.tokens().subarray(0, count));
    }
    const starts = merge(length);
    return starts.map((start, i) => ranks.get(bytes, start, starts[i + 1] ?? length));
  };

  // Where its streams may cut the text: letter boundaries, and inside one long piece (long-piece-cut.ts).
  const cuts = bpeCuts(id, {
    lastPieceStart: (text) => {
      let last = 0;
      forEachPiece(text, (_, start) => {
        last = start;
      });
      return last;
    },
    utf8: encodeUtf8,
    encoder: backtrackerFor,
    longest: Math.max(...longestFrom),
  });

  const count = (text: string) => {
    let total = 0;
    forEachPiece(text, (source, start, end) => {
      total += countPiece(source, start, end);
    });
    return total;
  };

  return {
    id,
    exact: true,
    countedWith: id,
    count,
    splitsAtLetters: true,
    stream: () => cutCountStream(count, cuts()),
    encode: (text: string) => tokensOf(text, true),
    // The token view renders each token and lets it go: views into the rank table, not copies, halve
    // its time and memory on a long piece. `encode` hands tokens to callers that may keep or change them.
    encodeStream: () => cutEncodeStream((text: string) => tokensOf(text, false), cuts()),
  };

  function tokensOf(text: string, copy: boolean) {
    const tokens: { id: number; bytes: Uint8Array }[] = [];
    forEachPiece(text, (source, start, end) => {
      for (const rank of pieceRanks(source, start, end)) {
        const bytes = ranks.bytesOf(rank);
        tokens.push({ id: rank + idOffset, bytes: copy ? bytes.slice() : bytes });
      }
    });
    return tokens;
  }
}

export { withRustWhitespace } from "./rust-whitespace.js";

/**
 * Writes the UTF-8 bytes of text[start, end) into `out` (which holds at least 3 bytes per UTF-16 unit)
 * and returns how many; a lone surrogate becomes U+FFFD, as TextEncoder does. Pieces are short, and a
 * loop in JavaScript beats TextEncoder.encodeInto's call overhead on them (measured ~1.7x on prose).
 */
export function encodeUtf8(text: string, out: Uint8Array, start = 0, end = text.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && i + 1 < end && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return n;
}
