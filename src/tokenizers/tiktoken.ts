import { bytePairMerge } from "./bpe.js";
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
 * Loads an exact OpenAI encoding. js-tiktoken supplies the rank tables; splitting and merging are
 * llmcost's own: the pre-tokenizer with Rust's whitespace class, and an O(n log n) byte-pair merge.
 */
export async function loadTiktoken(encoding: TiktokenEncoding): Promise<Tokenizer> {
  const { Tiktoken } = await import("js-tiktoken/lite");
  const ranks = (await RANKS[encoding]()).default as ConstructorParameters<typeof Tiktoken>[0];
  const pattern = withRustWhitespace(ranks.pat_str);
  // js-tiktoken builds the byte-string → rank and rank → bytes maps; it exposes neither, and its own
  // encode() merges in quadratic time. The tests compare every count with tiktoken's Rust core.
  const tables = new Tiktoken({ ...ranks, pat_str: pattern }) as unknown as {
    rankMap: Map<string, number>;
    textMap: Map<number, Uint8Array>;
  };
  const { rankMap, textMap } = tables;
  const regex = new RegExp(pattern, "gu");
  const utf8 = new TextEncoder();
  const cache = new Map<string, number>();

  const rankOf = (bytes: Uint8Array, start: number, end: number) =>
    rankMap.get(bytes.subarray(start, end).join(","));
  const pieceRanks = (bytes: Uint8Array): number[] => {
    const whole = rankMap.get(bytes.join(","));
    if (whole !== undefined) return [whole];
    const starts = bytePairMerge(bytes.length, (start, end) => rankOf(bytes, start, end));
    return starts.map((start, i) => rankOf(bytes, start, starts[i + 1] ?? bytes.length) as number);
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
        const bytes = utf8.encode(piece);
        const tokens = rankMap.has(bytes.join(","))
          ? 1
          : bytePairMerge(bytes.length, (s, e) => rankOf(bytes, s, e)).length;
        if (piece.length <= CACHED_PIECE_LENGTH && cache.size < CACHE_LIMIT) cache.set(piece, tokens);
        total += tokens;
      }
      return total;
    },
    encode(text) {
      const tokens: { id: number; bytes: Uint8Array }[] = [];
      for (const match of text.matchAll(regex)) {
        for (const id of pieceRanks(utf8.encode(match[0])))
          tokens.push({ id, bytes: textMap.get(id) ?? new Uint8Array() });
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
