import { createBpeTokenizer } from "./bpe-tokenizer.js";
import { loadRankTable, RANK_SOURCES } from "./rank-sources.js";
import type { Tokenizer } from "./types.js";

export const TIKTOKEN_ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"] as const;
export type TiktokenEncoding = (typeof TIKTOKEN_ENCODINGS)[number];

/**
 * Loads an exact tiktoken-style vocabulary: OpenAI's encodings (js-tiktoken's rank data is the source
 * of truth) and the ones shipped in tokenizers/ (Llama 3, tekken, DeepSeek V3). Splitting and merging
 * are llmcost's own (js-tiktoken's Tiktoken class builds string-keyed maps in ~1.7 s for o200k_base
 * and merges in quadratic time).
 */
export async function loadTiktoken(name: string): Promise<Tokenizer> {
  return createBpeTokenizer(name, await loadRankTable(name), { idOffset: RANK_SOURCES[name]?.idOffset ?? 0 });
}
