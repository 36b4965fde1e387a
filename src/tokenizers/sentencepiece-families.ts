import { readFile } from "node:fs/promises";
import { createMergeListTokenizer } from "./merge-list-bpe.js";
import {
  compileMergeList,
  type MergeListVocabulary,
  mergeListFromBinary,
  mergeListToBinary,
} from "./merge-list-data.js";
import { createSentencePieceTokenizer } from "./sentencepiece.js";
import { loadTable } from "./table-cache.js";
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

/** Gemma 3's vocabulary as shipped (tokenizers/gemma-3.json; sources in tokenizers/README.md). */
export async function readGemma3Json(): Promise<MergeListVocabulary> {
  // src/tokenizers and dist/tokenizers are both two levels below the package root.
  const url = new URL("../../tokenizers/gemma-3.json", import.meta.url);
  return JSON.parse(await readFile(url, "utf8")) as MergeListVocabulary;
}

/**
 * Gemma 3's tokenizer (gemma3_cleaned_262144_v2), exact: the one Google's SDK counts Gemini 2.0,
 * 2.5 and 3 with (docs/calibration.md). Read in its compiled binary form from the cache (~20 ms), or
 * handed over by another thread; on first use compiled from the shipped JSON (~1 s) and cached.
 */
export async function loadGemma3(): Promise<Tokenizer> {
  const vocabulary = await loadTable(
    "gemma-3",
    async () => mergeListToBinary(compileMergeList(await readGemma3Json())),
    mergeListFromBinary,
  );
  return createMergeListTokenizer("gemma-3", vocabulary);
}
