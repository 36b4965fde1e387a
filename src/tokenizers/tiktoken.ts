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

/** Loads an exact OpenAI encoding through js-tiktoken. */
export async function loadTiktoken(encoding: TiktokenEncoding): Promise<Tokenizer> {
  const { Tiktoken } = await import("js-tiktoken/lite");
  const ranks = (await RANKS[encoding]()).default as ConstructorParameters<typeof Tiktoken>[0];
  const encoder = new Tiktoken({ ...ranks, pat_str: withRustWhitespace(ranks.pat_str) });
  // js-tiktoken keeps each rank's bytes in textMap but exposes only decode(), which loses the bytes of
  // tokens that split a character; tokenize needs them. The tests cover this use of its internals.
  const tokenBytes = (encoder as unknown as { textMap: Map<number, Uint8Array> }).textMap;
  return {
    id: encoding,
    exact: true,
    countedWith: encoding,
    // No special tokens allowed or disallowed: "<|endoftext|>" in a file is ordinary text.
    count: (text) => encoder.encode(text, [], []).length,
    encode: (text) =>
      encoder.encode(text, [], []).map((id) => ({ id, bytes: tokenBytes.get(id) ?? new Uint8Array() })),
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
