import { readFile } from "node:fs/promises";
import { createMergeListTokenizer } from "./merge-list-bpe.js";
import {
  type CompiledMergeList,
  compileMergeList,
  type MergeListVocabulary,
  mergeListFromBinary,
} from "./merge-list-data.js";
import { createSentencePieceTokenizer } from "./sentencepiece.js";
import type { Tokenizer } from "./types.js";

/** Mistral v2 and v3 insert 768 control tokens after <unk>, <s>, </s>; the other pieces are v1's. */
const MISTRAL_CONTROL_TOKENS = 768;

/**
 * Mistral's SentencePiece tokenizers, exact. v1 (Mistral 7B, Mixtral 8x7B) comes from the
 * mistral-tokenizer-js package; v2 and v3 are v1 plus control tokens that ordinary text never
 * produces, so they count the same and differ only in token ids.
 */
export async function loadMistralSentencePiece(version: "v1" | "v2" | "v3"): Promise<Tokenizer> {
  const { default: data } = await import("mistral-tokenizer-js");
  const shift = version === "v1" ? 0 : MISTRAL_CONTROL_TOKENS;
  return createSentencePieceTokenizer(`mistral-${version}`, {
    pieces: data.vocabById,
    merges: data.merges,
    modelId: (id) => (id < 3 ? id : id + shift),
  });
}

/** Llama 2's SentencePiece tokenizer, exact, from the llama-tokenizer-js package. */
export async function loadLlama2(): Promise<Tokenizer> {
  const { default: data } = await import("llama-tokenizer-js");
  return createSentencePieceTokenizer("llama-2", { pieces: data.vocabById, merges: data.merges });
}

/** Where the build saves Gemma 3's vocabulary in binary form (scripts/build-rank-tables.mjs). */
export const gemma3BinaryUrl = new URL("../rank-tables/gemma-3.bin", import.meta.url);

/** Gemma 3's vocabulary as shipped (tokenizers/gemma-3.json; sources in tokenizers/README.md). */
export async function readGemma3Json(): Promise<MergeListVocabulary> {
  // src/tokenizers and dist/tokenizers are both two levels below the package root.
  const url = new URL("../../tokenizers/gemma-3.json", import.meta.url);
  return JSON.parse(await readFile(url, "utf8")) as MergeListVocabulary;
}

/**
 * Gemma 3's tokenizer (gemma3_cleaned_262144_v2), exact: the one Google's SDK counts Gemini 2.0,
 * 2.5 and 3 with (docs/calibration.md). Read from the build's binary form when there is one (~60 ms),
 * else compiled from the shipped JSON (~1 s).
 */
export async function loadGemma3(): Promise<Tokenizer> {
  let vocabulary: CompiledMergeList;
  try {
    vocabulary = mergeListFromBinary(await readFile(gemma3BinaryUrl));
  } catch {
    vocabulary = compileMergeList(await readGemma3Json());
  }
  return createMergeListTokenizer("gemma-3", vocabulary);
}
