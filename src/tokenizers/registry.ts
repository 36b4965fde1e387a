import { BILLABLE_CHARACTERS, billableCharacters } from "./billable-characters.js";
import { BANDS, CALIBRATION } from "./calibration-data.js";
import { countStream } from "./count-stream.js";
import { isModuleSpec, isRatioSpec, moduleTokenizer, ratioTokenizer } from "./custom.js";
import { isHfSpec, loadHfTokenizer } from "./hf-load.js";
import { withNfc } from "./normalized.js";
import { createScriptEstimator } from "./script-estimator.js";
import { loadGemma3, loadLlama2, loadMistralSentencePiece } from "./sentencepiece-families.js";
import { loadTiktoken, TIKTOKEN_ENCODINGS, type TiktokenEncoding } from "./tiktoken.js";
import type { ErrorBand, Tokenizer } from "./types.js";

/** How one tokenizer id is made: loaded exactly, or estimated from a public proxy encoding. */
export type TokenizerSpec =
  | { id: string; exact: boolean; load: () => Promise<Tokenizer> }
  | { id: string; exact: boolean; sameCountsAs: string }
  | { id: string; exact: false; proxy: string; family: string; why?: string; band: ErrorBand };

const exact = (encoding: TiktokenEncoding): TokenizerSpec => ({
  id: encoding,
  exact: true,
  load: () => loadTiktoken(encoding),
});

// Families whose tokenizer llmcost cannot run. Their counts are a proxy tokenizer's count, marked as
// estimates, with the band measured for that proxy (docs/calibration.md); the proxy is the public
// vocabulary closest to the family's own.
const estimate = (id: string, family: string, proxy: string, why?: string): TokenizerSpec => ({
  id,
  exact: false,
  proxy,
  family,
  band: BANDS[id as keyof typeof BANDS],
  ...(why ? { why } : {}),
});

const scriptEstimator = (id: "claude-3" | "claude-4.7"): TokenizerSpec => ({
  id,
  exact: false,
  load: async () => ({
    ...createScriptEstimator(id, CALIBRATION[id].coefficients),
    band: BANDS[id],
  }),
});

/** The tokenizers llmcost knows, by the id pricing files use. */
export const DEFAULT_TOKENIZERS: readonly TokenizerSpec[] = [
  ...TIKTOKEN_ENCODINGS.map(exact),
  // gpt-oss's encoding: o200k_base plus chat-format special tokens, which ordinary text never produces.
  { id: "o200k_harmony", exact: true, sameCountsAs: "o200k_base" },
  // Claude's tokenizers are not public: script-aware estimates per tokenizer generation, calibrated
  // on everything public (docs/calibration.md). Claude 3 to Opus 4.6, Sonnet 4.6 and Haiku 4.5 share
  // one tokenizer; Opus 4.7 and every model after it use a new one.
  scriptEstimator("claude-3"),
  scriptEstimator("claude-4.7"),
  // Pricing files written before the split name Claude 3+ "claude".
  { id: "claude", exact: false, sameCountsAs: "claude-3" },
  estimate("claude-2", "Claude 2 and Instant", "cl100k_base"),
  // Gemini: Google's SDK counts Gemini 2.0, 2.5 and the 3 previews with Gemma 3's tokenizer, exactly.
  { id: "gemma-3", exact: true, load: loadGemma3 },
  // Pricing files written before name Gemini "gemini": the models Google's SDK counts with Gemma 3.
  { id: "gemini", exact: true, sameCountsAs: "gemma-3" },
  estimate(
    "gemma-4",
    "Gemini 3.1 and 3.5",
    "gemma-3",
    "Google's SDK counts this model with Gemma 4's tokenizer, which no npm package carries",
  ),
  estimate(
    "gemini-1",
    "Gemini 1.0 and 1.5",
    "gemma-3",
    "Google's SDK counted Gemini 1.x with Gemma 2's tokenizer, which llmcost does not ship",
  ),
  estimate(
    "gemini-unmapped",
    "Gemini models Google's SDK names no tokenizer for",
    "gemma-3",
    "Google's SDK names no tokenizer for this model",
  ),
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
  estimate("llama-4", "Llama 4 (200k BPE)", "o200k_base", "Llama 4's vocabulary is not on npm"),
  { id: "deepseek-v3", exact: true, load: () => loadTiktoken("deepseek-v3") },
  // Qwen 3 and 2.5 (one vocabulary): its tokenizer.json normalizes text to NFC before splitting.
  { id: "qwen-3", exact: true, load: async () => withNfc(await loadTiktoken("qwen-3")) },
  // Open-weight families whose tokenizers are on Hugging Face only (no npm package carries them):
  // counted with Qwen 3's, the public vocabulary nearest theirs in size and language mix (Chinese,
  // English and code, 150k-200k entries); the band is a stand-in (docs/calibration.md).
  estimate("kimi", "Moonshot Kimi K2", "qwen-3", "Kimi's tokenizer is not on npm"),
  estimate("glm", "Zhipu GLM-4.5 and later", "qwen-3", "GLM's tokenizer is not on npm"),
  estimate("minimax", "MiniMax M1 and M2", "qwen-3", "MiniMax's tokenizer is not on npm"),
  estimate("grok", "xAI Grok", "o200k_base", "xAI publishes no tokenizer for its API models"),
  estimate("cohere", "Cohere Command and Embed", "o200k_base", "Cohere's vocabulary is not on npm"),
  estimate("nova", "Amazon Nova", "o200k_base", "Amazon publishes no tokenizer for Nova"),
];

export interface TokenizerRegistry {
  /** A built-in id, a ratio spec (`chars:3.6`), a module (a file: URL) or `hf:PATH` (a tokenizer.json). */
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
    else if (spec) promise = load(spec.proxy).then((proxy) => estimateWith(spec, proxy));
    else if (isRatioSpec(id)) promise = Promise.resolve(ratioTokenizer(id));
    // Not a tokenizer a model names, so not in `has`: per-character billing's pass (estimate adds it).
    else if (id === BILLABLE_CHARACTERS) promise = Promise.resolve(billableCharacters());
    else if (isModuleSpec(id)) promise = moduleTokenizer(id);
    else if (isHfSpec(id)) promise = loadHfTokenizer(id);
    else throw new Error(`unknown tokenizer "${id}"`);
    loaded.set(id, promise);
    return promise;
  };
  return {
    has: (id) => byId.has(id) || isRatioSpec(id) || isModuleSpec(id) || isHfSpec(id),
    // A tokenizer.json's counts are its own: exact (an unsupported one fails to load instead).
    isExact: (id) => byId.get(id)?.exact ?? (isRatioSpec(id) ? false : isHfSpec(id) ? true : undefined),
    load,
  };
}

/** Counts with another family's encoding; it has no `encode`, since those would be the proxy's tokens. */
function estimateWith(spec: { id: string; why?: string; band: ErrorBand }, proxy: Tokenizer): Tokenizer {
  return {
    id: spec.id,
    exact: false,
    countedWith: proxy.countedWith,
    method: `counted with ${proxy.countedWith}${spec.why ? ` (${spec.why})` : ""}`,
    band: spec.band,
    count: (text) => proxy.count(text),
    ...(proxy.splitsAtLetters ? { splitsAtLetters: true } : {}),
    ...(proxy.stream ? { stream: () => proxy.stream?.() ?? countStream(proxy) } : {}),
  };
}
