import { readGeminiPayload } from "./gemini-payload.js";
import { checkDepth } from "./json-depth.js";
import { isObject, type Json, objectAt, stringAt } from "./json-shape.js";
import { readMessagesPayload, readPlainPayload, readResponsesPayload } from "./messages-payload.js";
import { type BatchEntry, type ChatRequest, PayloadError } from "./types.js";

/**
 * Whether a JSON document is a request llmcost prices (for `--input auto`): an object with a
 * `messages` or Gemini `contents` list, an OpenAI Responses body, or a bare list of messages (objects
 * with a `role`).
 */
export function isPayload(value: unknown): boolean {
  if (Array.isArray(value))
    return value.length > 0 && value.every((m) => isObject(m) && typeof m.role === "string");
  return (
    isObject(value) && (Array.isArray(value.messages) || Array.isArray(value.contents) || isResponses(value))
  );
}

/**
 * An OpenAI Responses body (`{"model", "instructions", "input", "max_output_tokens"}`): `input` is a
 * string or a list of items. Embeddings bodies also have an `input`, so a body is taken as Responses
 * only when it has a field only Responses has, or input items (objects), or names a model that does not
 * embed; a lone `{"input": "…"}` stays text.
 */
function isResponses(body: Json): boolean {
  const { input, model } = body;
  const items = Array.isArray(input) && input.length > 0 && input.every(isObject);
  if (typeof input !== "string" && !items) return false;
  if (items || "instructions" in body || "max_output_tokens" in body) return true;
  return typeof model === "string" && !/embed/i.test(model);
}

/** A chat payload: OpenAI or Anthropic `messages`, Gemini `contents`, an OpenAI Responses body, or a bare list of messages. */
export function readPayload(value: unknown): ChatRequest {
  checkDepth(value);
  if (Array.isArray(value)) return readMessagesPayload({ messages: value });
  const body = objectAt(value, "(document)");
  if (body.contents !== undefined && body.messages === undefined) return readGeminiPayload(body);
  if (body.messages !== undefined) return readMessagesPayload(body);
  if (body.input !== undefined) return readResponsesPayload(body);
  throw new PayloadError(
    "(document)",
    'expected a chat payload: an object with "messages", "contents" or "input" (OpenAI Responses)',
  );
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
  checkDepth(value);
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
