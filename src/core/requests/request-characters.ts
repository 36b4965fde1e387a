import type { Model } from "../../pricing/types.js";
import type { ChatRequest } from "./types.js";

/** A request's billable characters for a per-character price, and why the figure is an estimate. */
export interface RequestCharacters {
  characters: number;
  /** Empty when every character counted is text the request sends as it is. */
  reasons: string[];
}

/** Whether any of a model's prices bills characters (then its requests' characters are counted). */
export function billsCharacters(model: Model): boolean {
  return model.prices.some((period) => period.unit === "character");
}

/**
 * The characters a per-character price bills for `request`, counted with `count` (billable characters:
 * code points, white space left out): the system instruction, every message's texts and the plain
 * inputs exactly as sent. Vertex AI billed the text of the contents, not the roles or the chat's framing
 * (docs/billing-units.md). Tool calls, tool results and tool definitions are counted as their text (the
 * definitions as their JSON) — how Vertex counted those is not published, so the figure says it is an
 * estimate there.
 */
export function requestCharacters(request: ChatRequest, count: (text: string) => number): RequestCharacters {
  const reasons = new Set<string>();
  let characters = 0;
  for (const text of [...request.system, ...request.plain]) characters += count(text);
  for (const message of request.messages) {
    for (const text of message.texts) characters += count(text);
    if (message.toolTexts.length > 0) {
      for (const text of message.toolTexts) characters += count(text);
      reasons.add("tool calls' characters counted as their text");
    }
  }
  for (const tool of request.tools) {
    characters += count(tool.name) + count(tool.description);
    if (tool.parameters !== undefined) characters += count(JSON.stringify(tool.parameters));
    reasons.add("tool definitions' characters counted as their JSON");
  }
  return { characters, reasons: [...reasons] };
}
