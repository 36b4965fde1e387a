import { createBpeTokenizer } from "./bpe-tokenizer.js";
import { parseRanks } from "./ranks.js";
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

/**
 * Loads an exact OpenAI encoding. js-tiktoken's rank data is the source of truth; parsing, splitting
 * and merging are llmcost's own (its Tiktoken class builds string-keyed maps in ~1.7 s for o200k_base
 * and merges in quadratic time).
 */
export async function loadTiktoken(encoding: TiktokenEncoding): Promise<Tokenizer> {
  const data = (await RANKS[encoding]()).default as { pat_str: string; bpe_ranks: string };
  return createBpeTokenizer(encoding, parseRanks(data.bpe_ranks), data.pat_str);
}
