import { CALIBRATION } from "./calibration-data.js";
import { countStream } from "./count-stream.js";
import { isModuleSpec, isRatioSpec, moduleTokenizer, ratioTokenizer } from "./custom.js";
import { createScriptEstimator } from "./script-estimator.js";
import { loadLlama2, loadMistralSentencePiece } from "./sentencepiece-families.js";
import { loadTiktoken, TIKTOKEN_ENCODINGS, type TiktokenEncoding } from "./tiktoken.js";
import type { Tokenizer } from "./types.js";

/** How one tokenizer id is made: loaded exactly, or estimated from a public proxy encoding. */
export type TokenizerSpec =
  | { id: string; exact: boolean; load: () => Promise<Tokenizer> }
  | { id: string; exact: true; sameCountsAs: string }
  | { id: string; exact: false; proxy: string; family: string };

const exact = (encoding: TiktokenEncoding): TokenizerSpec => ({
  id: encoding,
  exact: true,
  load: () => loadTiktoken(encoding),
});

// Families whose tokenizer llmcost cannot run yet. Their counts are the proxy encoding's count,
// marked as estimates; the proxy is the public vocabulary closest in size to the family's own.
const estimate = (id: string, family: string, proxy: TiktokenEncoding): TokenizerSpec => ({
  id,
  exact: false,
  proxy,
  family,
});

/** The tokenizers llmcost knows, by the id pricing files use. */
export const DEFAULT_TOKENIZERS: readonly TokenizerSpec[] = [
  ...TIKTOKEN_ENCODINGS.map(exact),
  // gpt-oss's encoding: o200k_base plus chat-format special tokens, which ordinary text never produces.
  { id: "o200k_harmony", exact: true, sameCountsAs: "o200k_base" },
  // Tokenizers not public: script-aware estimates fitted to the closest public vocabulary (docs/calibration.md).
  {
    id: "claude",
    exact: false,
    load: async () => createScriptEstimator("claude", CALIBRATION.claude.coefficients),
  },
  estimate("claude-2", "Claude 2 and Instant", "cl100k_base"),
  {
    id: "gemini",
    exact: false,
    load: async () => createScriptEstimator("gemini", CALIBRATION.gemini.coefficients),
  },
  { id: "mistral-v1", exact: true, load: () => loadMistralSentencePiece("v1") },
  { id: "mistral-v2", exact: true, load: () => loadMistralSentencePiece("v2") },
  { id: "mistral-v3", exact: true, load: () => loadMistralSentencePiece("v3") },
  {
    id: "mistral-tekken",
    exact: true,
    load: () => loadTiktoken("mistral-tekken"),
  },
  { id: "llama-2", exact: true, load: loadLlama2 },
  { id: "llama-3", exact: true, load: () => loadTiktoken("llama-3") },
  estimate("llama-4", "Llama 4 (200k BPE)", "o200k_base"),
  { id: "deepseek-v3", exact: true, load: () => loadTiktoken("deepseek-v3") },
  estimate("grok", "xAI Grok", "o200k_base"),
  estimate("cohere", "Cohere Command and Embed", "o200k_base"),
];

export interface TokenizerRegistry {
  /** A built-in id, a ratio spec (`chars:3.6`) or a module (a file: URL). */
  has(id: string): boolean;
  /** Whether a tokenizer id counts exactly (without loading it); undefined for an unknown id or a module. */
  isExact(id: string): boolean | undefined;
  /** Loads a tokenizer once; later calls share it. Throws for an unknown id (callers check `has`). */
  load(id: string): Promise<Tokenizer>;
}

/** A registry over `specs` plus ratio specs and modules; nothing is loaded until a selected model needs it. */
export function createTokenizerRegistry(
  specs: readonly TokenizerSpec[] = DEFAULT_TOKENIZERS,
): TokenizerRegistry {
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  const loaded = new Map<string, Promise<Tokenizer>>();
  const load = (id: string): Promise<Tokenizer> => {
    const cached = loaded.get(id);
    if (cached) return cached;
    const spec = byId.get(id);
    let promise: Promise<Tokenizer>;
    if (spec && "load" in spec) promise = spec.load();
    else if (spec && "sameCountsAs" in spec)
      promise = load(spec.sameCountsAs).then((same) => ({ ...same, id: spec.id }));
    else if (spec) promise = load(spec.proxy).then((proxy) => estimateWith(spec.id, proxy));
    else if (isRatioSpec(id)) promise = Promise.resolve(ratioTokenizer(id));
    else if (isModuleSpec(id)) promise = moduleTokenizer(id);
    else throw new Error(`unknown tokenizer "${id}"`);
    loaded.set(id, promise);
    return promise;
  };
  return {
    has: (id) => byId.has(id) || isRatioSpec(id) || isModuleSpec(id),
    isExact: (id) => byId.get(id)?.exact ?? (isRatioSpec(id) ? false : undefined),
    load,
  };
}

/** Counts with another family's encoding; it has no `encode`, since those would be the proxy's tokens. */
function estimateWith(id: string, proxy: Tokenizer): Tokenizer {
  return {
    id,
    exact: false,
    countedWith: proxy.countedWith,
    method: `counted with ${proxy.countedWith}`,
    count: (text) => proxy.count(text),
    ...(proxy.stream ? { stream: () => proxy.stream?.() ?? countStream(proxy) } : {}),
  };
}
