import { readGeminiPayload } from "./gemini-payload.js";
import { isObject, type Json, objectAt, stringAt } from "./json-shape.js";
import { readMessagesPayload, readPlainPayload, readResponsesPayload } from "./messages-payload.js";
import { type BatchEntry, type ChatRequest, PayloadError } from "./types.js";

/**
 * Whether a JSON document is a request llmcost prices (for `--input auto`): an object with a
 * `messages` or Gemini `contents` list, or a bare list of messages (objects with a `role`).
 */
export function isPayload(value: unknown): boolean {
  if (Array.isArray(value))
    return value.length > 0 && value.every((m) => isObject(m) && typeof m.role === "string");
  return isObject(value) && (Array.isArray(value.messages) || Array.isArray(value.contents));
}

/** A chat payload: OpenAI or Anthropic `messages`, Gemini `contents`, or a bare list of messages. */
export function readPayload(value: unknown): ChatRequest {
  if (Array.isArray(value)) return readMessagesPayload({ messages: value });
  const body = objectAt(value, "(document)");
  if (body.contents !== undefined && body.messages === undefined) return readGeminiPayload(body);
  if (body.messages !== undefined) return readMessagesPayload(body);
  throw new PayloadError("(document)", 'expected a chat payload: an object with "messages" or "contents"');
}

/**
 * Whether a JSON line is meant as a batch request line (for `--input auto`): it has the fields of one,
 * valid or not, so that a line missing its custom_id is reported rather than read as text.
 */
export function isBatchLine(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    "custom_id" in value ||
    "params" in value ||
    ("url" in value && "body" in value) ||
    ("key" in value && "request" in value)
  );
}

/**
 * One line of a batch file: OpenAI Batch API (`custom_id`, `method`, `url`, `body`), Anthropic Message
 * Batches (`custom_id`, `params`), or Gemini batch (`key`, `request`).
 */
export function readBatchLine(value: unknown): BatchEntry {
  const line = objectAt(value, "(line)");
  if (line.custom_id === undefined && line.key !== undefined) {
    return {
      customId: stringAt(line.key, "key"),
      request: readGeminiPayload(objectAt(line.request, "request"), "request."),
    };
  }
  const customId = stringAt(line.custom_id, "custom_id");
  if (line.params !== undefined)
    return { customId, request: readMessagesPayload(objectAt(line.params, "params"), "params.") };
  if (line.method !== undefined && line.method !== "POST")
    throw new PayloadError("method", `expected "POST", got ${JSON.stringify(line.method)}`);
  const url = stringAt(line.url, "url");
  const body = objectAt(line.body, "body");
  return { customId, request: readOpenAiBody(url, body) };
}

/** The endpoints an OpenAI batch line can call, by path. */
function readOpenAiBody(url: string, body: Json): ChatRequest {
  const path = url.replace(/^\/v1/, "");
  if (path === "/chat/completions") return readMessagesPayload(body, "body.");
  if (path === "/responses") return readResponsesPayload(body, "body.");
  if (path === "/embeddings") return readPlainPayload(body, "input", "body.");
  if (path === "/completions") return readPlainPayload(body, "prompt", "body.");
  throw new PayloadError(
    "url",
    `unsupported endpoint ${JSON.stringify(url)} (chat/completions, responses, embeddings, completions)`,
  );
}
