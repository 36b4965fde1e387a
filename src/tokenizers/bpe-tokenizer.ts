import { bytePairMerge } from "./bpe.js";
import { cutCountStream } from "./count-stream.js";
import { lastLetterBoundary } from "./letter-boundary.js";
import { cachedPieceCounter } from "./piece-cache.js";
import { binaryStringBytes, utf8BinaryString } from "./ranks.js";
import type { Tokenizer } from "./types.js";

/** Byte runs up to this long are looked up by an integer key (6 bytes fit a double exactly). */
const SHORT = 6;

/** Bytes start..end of a binary string as one integer. */
function pack(binary: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 256 + binary.charCodeAt(i);
  return value;
}

export interface BpeOptions {
  /** Added to each rank to give the model's token id (vocabularies whose special tokens come first). */
  readonly idOffset?: number;
}

/**
 * An exact tiktoken-style tokenizer: split with the pre-tokenizer `pattern` (Rust's whitespace class),
 * then merge each piece's bytes by `ranks` (binary-string keys) in O(n log n). Text that looks like a
 * special token is ordinary text, as the APIs bill it. A list of patterns splits in stages, as Hugging
 * Face's "Isolated" split sequence does: each stage splits the pieces of the one before, keeping the
 * text between matches as pieces too.
 */
export function createBpeTokenizer(
  id: string,
  ranks: ReadonlyMap<string, number>,
  pattern: string | readonly string[],
  options: BpeOptions = {},
): Tokenizer {
  const forEachPiece = pieceSplitter(typeof pattern === "string" ? [pattern] : pattern);
  const idOffset = options.idOffset ?? 0;
  let bytesOfRank: Map<number, string> | undefined;
  // Most lookups during a merge are of short byte runs (a pair, one CJK character, two); those go
  // through integer keys, which need no new string per lookup. Longer runs are looked up by string.
  const pairRanks = new Int32Array(65_536).fill(-1);
  const shortRanks = [3, 4, 5, 6].map(() => new Map<number, number>());
  for (const [binary, rank] of ranks) {
    if (binary.length === 2) pairRanks[(binary.charCodeAt(0) << 8) | binary.charCodeAt(1)] = rank;
    else if (binary.length <= SHORT) shortRanks[binary.length - 3]?.set(pack(binary, 0, binary.length), rank);
  }
  const rankOf = (binary: string, start: number, end: number): number | undefined => {
    const length = end - start;
    if (length === 2) {
      const rank = pairRanks[(binary.charCodeAt(start) << 8) | binary.charCodeAt(start + 1)] as number;
      return rank < 0 ? undefined : rank;
    }
    if (length <= SHORT) return shortRanks[length - 3]?.get(pack(binary, start, end));
    return ranks.get(binary.slice(start, end));
  };
  const merge = (binary: string) => bytePairMerge(binary.length, (start, end) => rankOf(binary, start, end));

  const countPiece = cachedPieceCounter((piece) => {
    const binary = utf8BinaryString(piece);
    return ranks.has(binary) ? 1 : merge(binary).length;
  });

  /** The ranks of one piece's tokens; `binary` is its UTF-8 bytes as a binary string. */
  const pieceRanks = (binary: string): number[] => {
    const whole = ranks.get(binary);
    if (whole !== undefined) return [whole];
    const starts = merge(binary);
    return starts.map((start, i) => ranks.get(binary.slice(start, starts[i + 1] ?? binary.length)) as number);
  };

  const count = (text: string) => {
    let total = 0;
    forEachPiece(text, (piece) => {
      total += countPiece(piece);
    });
    return total;
  };

  return {
    id,
    exact: true,
    countedWith: id,
    count,
    stream: () => cutCountStream(count, lastLetterBoundary),
    encode(text) {
      bytesOfRank ??= new Map([...ranks].map(([binary, rank]) => [rank, binary]));
      const tokens: { id: number; bytes: Uint8Array }[] = [];
      forEachPiece(text, (piece) => {
        for (const rank of pieceRanks(utf8BinaryString(piece))) {
          tokens.push({ id: rank + idOffset, bytes: binaryStringBytes(bytesOfRank?.get(rank) ?? "") });
        }
      });
      return tokens;
    },
  };
}

/** Splits a text into pre-tokenizer pieces with one regex, or in stages with several. */
function pieceSplitter(patterns: readonly string[]): (text: string, visit: (piece: string) => void) => void {
  const regexes = patterns.map((source) => new RegExp(withRustWhitespace(source), "gu"));
  const [only] = regexes;
  if (regexes.length === 1 && only) {
    return (text, visit) => {
      for (const match of text.matchAll(only)) visit(match[0]);
    };
  }
  const split = (text: string, stage: number, visit: (piece: string) => void): void => {
    const regex = regexes[stage];
    if (!regex) {
      visit(text);
      return;
    }
    let last = 0;
    for (const match of text.matchAll(regex)) {
      if (match.index > last) split(text.slice(last, match.index), stage + 1, visit);
      if (match[0].length > 0) split(match[0], stage + 1, visit);
      last = match.index + match[0].length;
    }
    if (last < text.length) split(text.slice(last), stage + 1, visit);
  };
  return (text, visit) => {
    if (text.length > 0) split(text, 0, visit);
  };
}

// tiktoken's reference implementation is Rust, where \s is Unicode White_Space. JavaScript's \s also
// matches U+FEFF and misses U+0085, so js-tiktoken splits " \uFEFFa" differently and miscounts
// (found by the differential test against tiktoken). Spell Rust's class out instead.
const RUST_WHITESPACE = "\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Rewrites \s and \S in a regex source to Rust's whitespace class, inside and outside [...] alike. */
export function withRustWhitespace(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const next = pattern[i + 1];
    if (char === "\\" && (next === "s" || next === "S")) {
      if (inClass && next === "S") throw new Error("\\S inside a character class is not supported");
      out += inClass ? RUST_WHITESPACE : next === "s" ? `[${RUST_WHITESPACE}]` : `[^${RUST_WHITESPACE}]`;
      i++;
    } else if (char === "\\") {
      out += char + (next ?? "");
      i++;
    } else {
      if (char === "[") inClass = true;
      else if (char === "]") inClass = false;
      out += char;
    }
  }
  return out;
}
