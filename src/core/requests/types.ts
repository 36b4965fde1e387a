import type { ImageSize } from "./image-size.js";

/** The wire formats llmcost reads requests in. */
export type PayloadFormat = "openai" | "anthropic" | "gemini";

/** One message of a conversation, reduced to what is billed. */
export interface ChatMessage {
  role: string;
  /** OpenAI's `name` (a participant name, billed with its own overhead). */
  name?: string;
  /** Text parts, in order. */
  texts: string[];
  /** Tool calls and tool results as text (function names, JSON arguments, results). */
  toolTexts: string[];
  /** Image parts, with the detail asked for and, for embedded images, their size (for the token rules). */
  images: ImagePart[];
  /** Audio, video, document and file parts: not counted. */
  otherMedia: number;
}

/** A message with `texts` and nothing else yet. */
export function newMessage(role: string, texts: string[] = []): ChatMessage {
  return { role, texts, toolTexts: [], images: [], otherMedia: 0 };
}

export interface ImagePart {
  /** OpenAI's `detail`: "low", "high" or "auto". */
  detail?: string;
  size?: ImageSize;
}

/** A tool (function) a request declares. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** The JSON Schema of its parameters, as given (may be absent). */
  parameters: unknown;
}

/**
 * One API request reduced to what decides its bill: the texts, the conversation's shape (which
 * carries per-message overhead), tool definitions, and the output bound.
 */
export interface ChatRequest {
  format: PayloadFormat;
  /** The model the payload names, and where (for messages: "body.model"). */
  model?: { name: string; path: string };
  /** Anthropic `system` and Gemini `systemInstruction`: billed as a system turn. */
  system: string[];
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** Embedding or completion inputs: plain texts without chat overhead. */
  plain: string[];
  /** max_tokens, max_completion_tokens, max_output_tokens or maxOutputTokens. */
  maxOutputTokens?: number;
}

/** A request as a batch file carries it: its id and line. */
export interface BatchEntry {
  customId: string;
  request: ChatRequest;
}

/** A payload that cannot be priced: where in the JSON (a path such as `messages[2].content`) and why. */
export class PayloadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = "PayloadError";
  }
}
