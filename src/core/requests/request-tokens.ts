import type { Model } from "../../pricing/types.js";
import { qwenChatTokens } from "./chatml.js";
import { anthropicImageTokens, geminiImageTokens, type ImageSize, openAiTiles } from "./image-size.js";
import { isObject } from "./json-shape.js";
import {
  type ChatMessage,
  type ChatRequest,
  type ImagePart,
  newMessage,
  type ToolDefinition,
} from "./types.js";

/** A request's input tokens for one model, and how sure the figure is. */
export interface RequestTokens {
  tokens: number;
  /** Why the figure is an estimate, in a few words each; empty when it follows the provider's published rule. */
  reasons: string[];
  /** Image, audio and file parts the figure leaves out (no rule, or no image size to apply it to). */
  uncounted: number;
}

type Count = (text: string) => number;

const OPENAI_ENCODINGS = new Set(["o200k_base", "o200k_harmony", "cl100k_base", "p50k_base", "r50k_base"]);

/**
 * The input tokens `model` bills for `request`, its texts counted with `count` (the model's tokenizer).
 * Chat formatting adds tokens per message; the rule depends on the model's family (see docs/requests.md).
 */
export function requestTokens(request: ChatRequest, model: Model, count: Count): RequestTokens {
  if (request.plain.length > 0) {
    return { tokens: sum(request.plain, count), reasons: [], uncounted: 0 };
  }
  if (OPENAI_ENCODINGS.has(model.tokenizer)) return openAiTokens(request, model, count);
  if (ANTHROPIC_TOKENIZERS.has(model.tokenizer)) return anthropicTokens(request, model, count);
  if (model.tokenizer === "llama-3") return llama3Tokens(request, count);
  if (model.tokenizer === "qwen-3") return qwenChatTokens(request, model, count);
  if (GEMINI_TOKENIZERS.has(model.tokenizer)) return geminiTokens(request, count);
  return genericTokens(request, count);
}

const ANTHROPIC_TOKENIZERS = new Set(["claude", "claude-2", "claude-3", "claude-4.7"]);
const GEMINI_TOKENIZERS = new Set(["gemini", "gemma-3", "gemma-4", "gemini-1", "gemini-unmapped"]);

/**
 * OpenAI's published rule (openai-cookbook, "How to count tokens with tiktoken"): every message costs
 * 3 tokens plus its encoded values (role, content, name), a name 1 more, and every reply is primed with
 * 3 (`<|start|>assistant<|message|>`). gpt-3.5-turbo-0301 used 4 per message and -1 per name.
 */
function openAiTokens(request: ChatRequest, model: Model, count: Count): RequestTokens {
  const legacy = model.id === "gpt-3.5-turbo-0301";
  const perMessage = legacy ? 4 : 3;
  const perName = legacy ? -1 : 1;
  const reasons = new Set<string>();
  let uncounted = 0;
  let tokens = 3;
  const messages = conversation(request);
  for (const message of messages) {
    tokens += perMessage + count(message.role) + sum(message.texts, count);
    if (message.texts.length > 1) reasons.add("multi-part content counted part by part");
    if (message.name !== undefined) tokens += count(message.name) + perName;
    if (message.toolTexts.length > 0) {
      tokens += sum(message.toolTexts, count);
      reasons.add("tool calls counted as their text");
    }
    const images = openAiImages(message.images, model.id);
    tokens += images.tokens;
    uncounted += images.uncounted + message.otherMedia;
    if (images.auto) reasons.add('images of detail "auto" counted as "high"');
  }
  if (request.tools.length > 0) {
    tokens += openAiToolTokens(
      request.tools,
      model.tokenizer === "cl100k_base" ? CL100K_TOOLS : O200K_TOOLS,
      count,
    );
    reasons.add("tool definitions by the cookbook's rule");
  }
  tokens += sum(request.plain, count);
  return withReasons(tokens, reasons, uncounted);
}

interface ToolConstants {
  functionStart: number;
  propertiesStart: number;
  propertyKey: number;
  enumStart: number;
  enumItem: number;
  functionsEnd: number;
}
/** The cookbook's constants for gpt-4o and gpt-4o-mini (o200k_base) and for gpt-4 and gpt-3.5-turbo. */
const O200K_TOOLS: ToolConstants = {
  functionStart: 7,
  propertiesStart: 3,
  propertyKey: 3,
  enumStart: -3,
  enumItem: 3,
  functionsEnd: 12,
};
const CL100K_TOOLS: ToolConstants = { ...O200K_TOOLS, functionStart: 10 };

/**
 * Tool definitions as the cookbook counts them: per function `name:description` (a final period
 * dropped), per property `name:type:description`, enum values; OpenAI renders tools into a hidden
 * system text whose format is not published, so this is an estimate.
 */
function openAiToolTokens(tools: readonly ToolDefinition[], k: ToolConstants, count: Count): number {
  let tokens = k.functionsEnd;
  for (const tool of tools) {
    tokens += k.functionStart + count(`${tool.name}:${tool.description.replace(/\.$/, "")}`);
    const properties =
      isObject(tool.parameters) && isObject(tool.parameters.properties) ? tool.parameters.properties : {};
    const keys = Object.keys(properties);
    if (keys.length > 0) tokens += k.propertiesStart;
    for (const key of keys) {
      const property = isObject(properties[key]) ? properties[key] : {};
      tokens += k.propertyKey;
      if (Array.isArray(property.enum)) {
        tokens += k.enumStart;
        for (const item of property.enum) tokens += k.enumItem + count(String(item));
      }
      const type = typeof property.type === "string" ? property.type : JSON.stringify(property.type ?? "");
      const description =
        typeof property.description === "string" ? property.description.replace(/\.$/, "") : "";
      tokens += count(`${key}:${type}:${description}`);
    }
  }
  return tokens;
}

/**
 * OpenAI's vision pricing, for the models that bill images by 512-pixel tiles: a "low" detail image
 * costs `base`, any other `base` + `tile` per tile (image-size.ts). Models that bill 32-pixel patches
 * (gpt-4.1-mini and -nano, o4-mini, …) are not listed: their images are not counted.
 */
function imageRule(id: string): { base: number; tile: number } | undefined {
  if (id.startsWith("gpt-4o-mini")) return { base: 2833, tile: 5667 };
  if (id.startsWith("gpt-4.1-mini") || id.startsWith("gpt-4.1-nano")) return undefined;
  if (["gpt-4o", "gpt-4.1", "gpt-4-turbo", "gpt-4.5"].some((family) => id.startsWith(family)))
    return { base: 85, tile: 170 };
  if (/^o(1|3)(-|$)/.test(id) && !id.startsWith("o1-mini") && !id.startsWith("o3-mini"))
    return { base: 75, tile: 150 };
  return undefined;
}

function openAiImages(images: readonly ImagePart[], id: string) {
  const rule = imageRule(id);
  let tokens = 0;
  let uncounted = 0;
  let auto = false;
  for (const image of images) {
    if (rule && image.detail === "low") tokens += rule.base;
    else if (rule && image.size) {
      tokens += rule.base + rule.tile * openAiTiles(image.size);
      if (image.detail !== "high") auto = true;
    } else uncounted++;
  }
  return { tokens, uncounted, auto };
}

/** Images with a known size by a family's rule; the rest (links, other formats) left out. */
function sizedImages(images: readonly ImagePart[], rule: (size: ImageSize) => number) {
  let tokens = 0;
  let uncounted = 0;
  for (const image of images) {
    if (image.size) tokens += rule(image.size);
    else uncounted++;
  }
  return { tokens, uncounted };
}

/**
 * Anthropic: the texts and tool definitions (as JSON) estimated, plus the system prompt Anthropic adds
 * when tools are declared (its published "tool use system prompt" sizes), plus a few tokens a message.
 */
function anthropicTokens(request: ChatRequest, model: Model, count: Count): RequestTokens {
  const framing = model.tokenizer === "claude-4.7" ? ANTHROPIC_FRAMING_4_7 : ANTHROPIC_FRAMING;
  let tokens = sum(request.system, count) + framing.perRequest;
  let uncounted = 0;
  for (const message of request.messages) {
    const images = sizedImages(message.images, anthropicImageTokens);
    tokens += framing.perMessage + sum(message.texts, count) + sum(message.toolTexts, count) + images.tokens;
    uncounted += images.uncounted + message.otherMedia;
  }
  if (request.tools.length > 0) {
    tokens += anthropicToolPrompt(model.id);
    for (const tool of request.tools)
      tokens += count(tool.name) + count(tool.description) + count(JSON.stringify(tool.parameters ?? {}));
  }
  return withReasons(tokens, new Set(["Anthropic's message formatting estimated"]), uncounted);
}

/**
 * Formatting tokens Anthropic adds per request and per message, fitted to its own count_tokens example
 * (system "You are a scientist", user "Hello, Claude": 14 input tokens); its tool example (403) then
 * comes out at 417 (docs/requests.md). Opus 4.7 and later: the same chat prefix went from 9 to 13
 * tokens in independent count_tokens measurements, so 4 more per request (docs/calibration.md).
 */
const ANTHROPIC_FRAMING = { perRequest: 2, perMessage: 3 };
const ANTHROPIC_FRAMING_4_7 = { perRequest: 4, perMessage: 5 };

/** Anthropic's published tool-use system prompt, tool_choice auto (the default), by model. */
function anthropicToolPrompt(id: string): number {
  if (id.startsWith("claude-3-haiku")) return 264;
  if (id.startsWith("claude-3-opus")) return 530;
  if (id.startsWith("claude-3-sonnet")) return 159;
  if (id.startsWith("claude-3-5-sonnet-20240620")) return 294;
  return 346;
}

/**
 * Llama 3's chat template: `<|begin_of_text|>`, then per message `<|start_header_id|>role<|end_header_id|>`,
 * "\n\n", the trimmed content and `<|eot_id|>`, and the assistant header as the primer.
 */
function llama3Tokens(request: ChatRequest, count: Count): RequestTokens {
  let tokens = 1 + 4 + count("assistant");
  let uncounted = 0;
  const messages = conversation(request);
  for (const message of messages) {
    tokens += 4 + count(message.role) + count([...message.texts, ...message.toolTexts].join("").trim());
    uncounted += message.images.length + message.otherMedia;
  }
  for (const tool of request.tools) tokens += count(JSON.stringify(tool));
  return withReasons(
    tokens,
    new Set(["Llama 3 chat template; a host may add its own system text"]),
    uncounted,
  );
}

/**
 * Gemini, as Google's SDK counts a request locally (each text on its own, nothing added for roles):
 * the texts, the system instruction and the tools' texts, plus the 1 token per turn that Google's
 * published multi-turn examples show (docs/calibration.md). Images by the published rule (258 tokens
 * per 768-pixel tile). Tool declarations carry formatting the SDK does not model, counted as their JSON.
 */
function geminiTokens(request: ChatRequest, count: Count): RequestTokens {
  let tokens = sum(request.system, count);
  let uncounted = 0;
  const reasons = new Set(["Gemini's 1 token per turn inferred from Google's examples"]);
  for (const message of request.messages) {
    const images = sizedImages(message.images, geminiImageTokens);
    tokens += 1 + sum(message.texts, count) + sum(message.toolTexts, count) + images.tokens;
    uncounted += images.uncounted + message.otherMedia;
  }
  if (request.tools.length > 0) reasons.add("tool declarations' formatting estimated");
  for (const tool of request.tools) tokens += count(JSON.stringify(tool));
  return withReasons(tokens, reasons, uncounted);
}

/** Families without a published rule: the texts, plus OpenAI-like overhead of 3 tokens a message and 3 for the reply. */
function genericTokens(request: ChatRequest, count: Count): RequestTokens {
  let tokens = 3;
  let uncounted = 0;
  for (const message of conversation(request)) {
    tokens += 3 + count(message.role) + sum(message.texts, count) + sum(message.toolTexts, count);
    uncounted += message.images.length + message.otherMedia;
  }
  for (const tool of request.tools) tokens += count(JSON.stringify(tool));
  return withReasons(tokens, new Set(["this family's chat formatting estimated"]), uncounted);
}

/** The messages with a system prompt given apart (Anthropic `system`, Gemini `systemInstruction`) as the first. */
function conversation(request: ChatRequest): ChatMessage[] {
  return [...request.system.map((text) => newMessage("system", [text])), ...request.messages];
}

function withReasons(tokens: number, reasons: ReadonlySet<string>, uncounted: number): RequestTokens {
  return { tokens: Math.max(0, tokens), reasons: [...reasons], uncounted };
}

function sum(texts: readonly string[], count: Count): number {
  let total = 0;
  for (const text of texts) total += count(text);
  return total;
}
