import { bytePairMerge } from "./bpe.js";
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

/** Pieces up to this many characters are remembered with their count; most words repeat. */
const CACHED_PIECE_LENGTH = 64;
/**
 * The cache stops growing here rather than evicting: on high-entropy text an evicting cache churns on
 * every piece and becomes slower than no cache at all.
 */
const CACHE_LIMIT = 200_000;

/**
 * An exact tiktoken-style tokenizer: split with the pre-tokenizer `pattern` (Rust's whitespace class),
 * then merge each piece's bytes by `ranks` (binary-string keys) in O(n log n). Text that looks like a
 * special token is ordinary text, as the APIs bill it.
 */
export function createBpeTokenizer(
  id: string,
  ranks: ReadonlyMap<string, number>,
  pattern: string,
): Tokenizer {
  const regex = new RegExp(withRustWhitespace(pattern), "gu");
  const cache = new Map<string, number>();
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

  /** The ranks of one piece's tokens; `binary` is its UTF-8 bytes as a binary string. */
  const pieceRanks = (binary: string): number[] => {
    const whole = ranks.get(binary);
    if (whole !== undefined) return [whole];
    const starts = merge(binary);
    return starts.map((start, i) => ranks.get(binary.slice(start, starts[i + 1] ?? binary.length)) as number);
  };

  return {
    id,
    exact: true,
    countedWith: id,
    count(text) {
      let total = 0;
      for (const match of text.matchAll(regex)) {
        const piece = match[0];
        const known = cache.get(piece);
        if (known !== undefined) {
          total += known;
          continue;
        }
        const binary = utf8BinaryString(piece);
        const tokens = ranks.has(binary) ? 1 : merge(binary).length;
        if (piece.length <= CACHED_PIECE_LENGTH && cache.size < CACHE_LIMIT) cache.set(piece, tokens);
        total += tokens;
      }
      return total;
    },
    encode(text) {
      bytesOfRank ??= new Map([...ranks].map(([binary, rank]) => [rank, binary]));
      const tokens: { id: number; bytes: Uint8Array }[] = [];
      for (const match of text.matchAll(regex)) {
        for (const rank of pieceRanks(utf8BinaryString(match[0]))) {
          tokens.push({ id: rank, bytes: binaryStringBytes(bytesOfRank.get(rank) ?? "") });
        }
      }
      return tokens;
    },
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
