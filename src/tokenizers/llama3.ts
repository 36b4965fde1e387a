import { createBpeTokenizer } from "./bpe-tokenizer.js";
import type { Tokenizer } from "./types.js";

/** Llama 3's pre-tokenizer (cl100k_base's pattern, contractions in either case). */
export const LLAMA3_PATTERN =
  "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** Ids from here on are special tokens (<|begin_of_text|>, …), never produced from ordinary text. */
const FIRST_SPECIAL_ID = 128_000;

/**
 * Llama 3 (and 3.1, 3.2, 3.3: one 128k vocabulary), exact. The vocabulary comes from the
 * llama3-tokenizer-js package; it is tiktoken-style byte BPE whose merge order is its id order, so
 * the ids serve as ranks for llmcost's own merge (its package's regex has JavaScript's \s trap).
 */
export async function loadLlama3(): Promise<Tokenizer> {
  return createBpeTokenizer("llama-3", await llama3Ranks(), LLAMA3_PATTERN);
}

/** Llama 3's ranks (binary-string keys) and pre-tokenizer pattern. */
export async function llama3Ranks(): Promise<Map<string, number>> {
  const { default: llama3 } = (await import("llama3-tokenizer-js")) as unknown as {
    default: { vocabById: string[] };
  };
  const byteOf = gpt2ByteDecoder();
  const ranks = new Map<string, number>();
  llama3.vocabById.slice(0, FIRST_SPECIAL_ID).forEach((token, id) => {
    let binary = "";
    for (const char of token) binary += String.fromCharCode(byteOf.get(char) ?? 0);
    ranks.set(binary, id);
  });
  return ranks;
}

/**
 * GPT-2's byte-level alphabet, reversed: vocabularies write each byte as a printable character (bytes
 * that are printable ASCII or Latin-1 as themselves, the rest from U+0100 on).
 */
function gpt2ByteDecoder(): Map<string, number> {
  const printable = (byte: number) =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
  const decoder = new Map<string, number>();
  let next = 0;
  for (let byte = 0; byte < 256; byte++) {
    decoder.set(String.fromCharCode(printable(byte) ? byte : 256 + next++), byte);
  }
  return decoder;
}
