import { bytePairMerge } from "./bpe.js";
import { binaryStringBytes, parseRanks, utf8BinaryString } from "./ranks.js";
import type { Tokenizer } from "./types.js";

export const TIKTOKEN_ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"] as const;
export type TiktokenEncoding = (typeof TIKTOKEN_ENCODINGS)[number];

// One dynamic import per encoding, so a run loads only the rank tables (1-2 MB each) its models need.
const RANKS: Record<TiktokenEncoding, () => Promise<{ default: unknown }>> = {
  o200k_base: () => import("js-tiktoken/ranks/o200k_base"),
  cl100k_base: () => import("js-tiktoken/ranks/cl100k_base"),
  p50k_base: () => import("js-tiktoken/ranks/p50k_base"),
  r50k_base: () => import("js-tiktoken/ranks/r50k_base"),
};

/** Pieces up to this many characters are remembered with their count; most words repeat. */
const CACHED_PIECE_LENGTH = 64;
/**
 * The cache stops growing here rather than evicting: on high-entropy text an evicting cache churns on
 * every piece and becomes slower than no cache at all.
 */
const CACHE_LIMIT = 200_000;

/**
 * Loads an exact OpenAI encoding. js-tiktoken's rank data is the source of truth; parsing, splitting
 * and merging are llmcost's own (its Tiktoken class builds string-keyed maps in ~1.7 s for o200k_base
 * and merges in quadratic time): the pre-tokenizer with Rust's whitespace class, an O(n log n) merge.
 */
export async function loadTiktoken(encoding: TiktokenEncoding): Promise<Tokenizer> {
  const data = (await RANKS[encoding]()).default as { pat_str: string; bpe_ranks: string };
  const ranks = parseRanks(data.bpe_ranks);
  const regex = new RegExp(withRustWhitespace(data.pat_str), "gu");
  const cache = new Map<string, number>();
  let bytesOfRank: Map<number, string> | undefined;

  /** The ranks of one piece's tokens; `binary` is its UTF-8 bytes as a binary string. */
  const pieceRanks = (binary: string): number[] => {
    const whole = ranks.get(binary);
    if (whole !== undefined) return [whole];
    const starts = bytePairMerge(binary.length, (start, end) => ranks.get(binary.slice(start, end)));
    return starts.map((start, i) => ranks.get(binary.slice(start, starts[i + 1] ?? binary.length)) as number);
  };

  return {
    id: encoding,
    exact: true,
    countedWith: encoding,
    // No special tokens: "<|endoftext|>" in a file is ordinary text, as it is for the API's billing.
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
        const tokens = ranks.has(binary)
          ? 1
          : bytePairMerge(binary.length, (start, end) => ranks.get(binary.slice(start, end))).length;
        if (piece.length <= CACHED_PIECE_LENGTH && cache.size < CACHE_LIMIT) cache.set(piece, tokens);
        total += tokens;
      }
      return total;
    },
    encode(text) {
      bytesOfRank ??= new Map([...ranks].map(([binary, rank]) => [rank, binary]));
      const tokens: { id: number; bytes: Uint8Array }[] = [];
      for (const match of text.matchAll(regex)) {
        for (const id of pieceRanks(utf8BinaryString(match[0]))) {
          tokens.push({ id, bytes: binaryStringBytes(bytesOfRank.get(id) ?? "") });
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
