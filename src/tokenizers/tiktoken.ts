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
  const encoder = new Tiktoken(ranks);
  // Estimators that use this encoding as a proxy count the same text right after it: remember the
  // last answer so each input is tokenized once per encoding, however many models share it.
  let lastText: string | undefined;
  let lastCount = 0;
  return {
    id: encoding,
    exact: true,
    countedWith: encoding,
    method: `${encoding} (exact, js-tiktoken)`,
    count(text) {
      if (text !== lastText) {
        // No special tokens allowed or disallowed: "<|endoftext|>" in a file is ordinary text.
        lastCount = encoder.encode(text, [], []).length;
        lastText = text;
      }
      return lastCount;
    },
  };
}
