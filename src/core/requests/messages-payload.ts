import { embeddedImageSize } from "./image-size.js";
import {
  arrayAt,
  firstBound,
  isObject,
  type Json,
  kindOf,
  objectAt,
  optionalString,
  stringAt,
} from "./json-shape.js";
import {
  type ChatMessage,
  type ChatRequest,
  type ImagePart,
  newMessage,
  PayloadError,
  type ToolDefinition,
} from "./types.js";

/**
 * A `messages` payload: OpenAI Chat Completions or Anthropic Messages. The two share their shape, so one
 * reader takes both vocabularies (string or part-list content; image_url / image parts; tool calls and
 * results; `tools` with `function.parameters` or `input_schema`; a top-level Anthropic `system`).
 * `prefix` is where the body sits in the line ("body." in an OpenAI batch line).
 */
export function readMessagesPayload(body: Json, prefix = ""): ChatRequest {
  const messages = arrayAt(body.messages, `${prefix}messages`).map((message, i) =>
    readMessage(message, `${prefix}messages[${i}]`),
  );
  return {
    format: isAnthropic(body) ? "anthropic" : "openai",
    ...modelOf(body, prefix),
    system: systemTexts(body.system, `${prefix}system`),
    messages,
    tools: readTools(body, prefix),
    plain: [],
    maxOutputTokens: firstBound(body, ["max_completion_tokens", "max_tokens"], prefix),
  };
}

/**
 * An OpenAI Responses API body: `input` (a string, or a list of items: messages, function calls and
 * their outputs), `instructions`, `max_output_tokens`.
 */
export function readResponsesPayload(body: Json, prefix = ""): ChatRequest {
  const input = body.input;
  const messages: ChatMessage[] = [];
  if (typeof input === "string") messages.push(newMessage("user", [input]));
  else
    for (const [i, item] of arrayAt(input, `${prefix}input`).entries())
      readResponsesItem(item, `${prefix}input[${i}]`, messages);
  const instructions = optionalString(body.instructions, `${prefix}instructions`);
  return {
    format: "openai",
    ...modelOf(body, prefix),
    system: instructions === undefined ? [] : [instructions],
    messages,
    tools: readTools(body, prefix),
    plain: [],
    maxOutputTokens: firstBound(body, ["max_output_tokens"], prefix),
  };
}

/**
 * One item of a Responses `input`: a message (with or without `type: "message"`), a function call
 * (billed as its name and arguments), or a function call's output. Other items (reasoning, item
 * references, built-in tool calls) carry text llmcost cannot see: each is a part not counted.
 */
function readResponsesItem(value: unknown, path: string, into: ChatMessage[]): void {
  const item = objectAt(value, path);
  const type = optionalString(item.type, `${path}.type`);
  if (type === undefined || type === "message") {
    into.push(readMessage(item, path));
  } else if (type === "function_call") {
    const call = newMessage("assistant");
    call.toolTexts.push(
      stringAt(item.name, `${path}.name`),
      stringAt(item.arguments ?? "", `${path}.arguments`),
    );
    into.push(call);
  } else if (type === "function_call_output") {
    const output = newMessage("tool");
    if (typeof item.output === "string") output.toolTexts.push(item.output);
    else {
      readContent(item.output, `${path}.output`, output);
      output.toolTexts.push(...output.texts.splice(0));
    }
    into.push(output);
  } else {
    const last = into.at(-1) ?? newMessage("assistant");
    if (into.length === 0) into.push(last);
    last.otherMedia++;
  }
}

/** Embeddings (`input`) and legacy completions (`prompt`): plain texts. */
export function readPlainPayload(body: Json, field: "input" | "prompt", prefix = ""): ChatRequest {
  const value = body[field];
  const path = `${prefix}${field}`;
  const plain =
    typeof value === "string"
      ? [value]
      : arrayAt(value, path).map((text, i) => stringAt(text, `${path}[${i}]`));
  return {
    format: "openai",
    ...modelOf(body, prefix),
    system: [],
    messages: [],
    tools: [],
    plain,
    maxOutputTokens: firstBound(body, ["max_tokens"], prefix),
  };
}

export function modelOf(body: Json, prefix: string): Pick<ChatRequest, "model"> {
  const name = optionalString(body.model, `${prefix}model`);
  return name === undefined ? {} : { model: { name, path: `${prefix}model` } };
}

const ANTHROPIC_PARTS = new Set(["image", "tool_use", "tool_result", "document", "thinking"]);

function isAnthropic(body: Json): boolean {
  if (typeof body.model === "string" && body.model.startsWith("claude")) return true;
  if (body.system !== undefined) return true;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.some((tool) => isObject(tool) && "input_schema" in tool)) return true;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.some(
    (m) =>
      isObject(m) &&
      Array.isArray(m.content) &&
      m.content.some((part) => isObject(part) && ANTHROPIC_PARTS.has(String(part.type))),
  );
}

function readMessage(value: unknown, path: string): ChatMessage {
  const message = objectAt(value, path);
  const role = stringAt(message.role, `${path}.role`);
  const name = optionalString(message.name, `${path}.name`);
  const result = newMessage(role);
  if (name !== undefined) result.name = name;
  readContent(message.content, `${path}.content`, result);
  for (const [i, call] of (message.tool_calls === undefined
    ? []
    : arrayAt(message.tool_calls, `${path}.tool_calls`)
  ).entries()) {
    const fn = objectAt(
      objectAt(call, `${path}.tool_calls[${i}]`).function,
      `${path}.tool_calls[${i}].function`,
    );
    result.toolTexts.push(
      stringAt(fn.name, `${path}.tool_calls[${i}].function.name`),
      stringAt(fn.arguments ?? "", `${path}.tool_calls[${i}].function.arguments`),
    );
  }
  if (message.function_call !== undefined) {
    const fn = objectAt(message.function_call, `${path}.function_call`);
    result.toolTexts.push(stringAt(fn.name, `${path}.function_call.name`), String(fn.arguments ?? ""));
  }
  return result;
}

/** Message content: a string, null (an assistant turn that only calls tools), or a list of parts. */
function readContent(content: unknown, path: string, into: ChatMessage): void {
  if (content === null || content === undefined) return;
  if (typeof content === "string") {
    into.texts.push(content);
    return;
  }
  if (!Array.isArray(content))
    throw new PayloadError(path, `expected a string or a list of parts, got ${kindOf(content)}`);
  for (const [i, value] of content.entries()) {
    const at = `${path}[${i}]`;
    const part = objectAt(value, at);
    const type = stringAt(part.type, `${at}.type`);
    if (type === "text" || type === "input_text" || type === "output_text")
      into.texts.push(stringAt(part.text, `${at}.text`));
    else if (type === "image_url" || type === "image" || type === "input_image")
      into.images.push(imagePart(part));
    else if (type === "tool_use") {
      into.toolTexts.push(stringAt(part.name, `${at}.name`), JSON.stringify(part.input ?? {}));
    } else if (type === "tool_result") {
      const inner = newMessage("tool");
      readContent(part.content, `${at}.content`, inner);
      into.toolTexts.push(...inner.texts, ...inner.toolTexts);
      into.images.push(...inner.images);
      into.otherMedia += inner.otherMedia;
    } else if (type === "thinking" || type === "redacted_thinking") {
      // Earlier turns' thinking blocks are stripped by the API and not billed as input.
    } else if (type === "input_audio" || type === "file" || type === "document" || type === "input_file")
      into.otherMedia++;
    else throw new PayloadError(`${at}.type`, `unknown content part type ${JSON.stringify(type)}`);
  }
}

/**
 * An image part: OpenAI `image_url: {url, detail}` (or a bare URL string), Responses `image_url` and
 * `detail`, Anthropic `source: {type: "base64", data}`. Embedded images carry their size.
 */
function imagePart(part: Json): ImagePart {
  const nested = isObject(part.image_url) ? part.image_url : undefined;
  const detail = nested?.detail ?? part.detail;
  const source = isObject(part.source) ? part.source : undefined;
  const data = nested?.url ?? part.image_url ?? (source?.type === "base64" ? source.data : undefined);
  const size = typeof data === "string" ? embeddedImageSize(data) : undefined;
  return { ...(typeof detail === "string" ? { detail } : {}), ...(size ? { size } : {}) };
}

function systemTexts(system: unknown, path: string): string[] {
  if (system === undefined || system === null) return [];
  if (typeof system === "string") return [system];
  return arrayAt(system, path).map((part, i) =>
    stringAt(objectAt(part, `${path}[${i}]`).text, `${path}[${i}].text`),
  );
}

/** `tools` (OpenAI `{type: "function", function}`, Responses `{type: "function", name}`, Anthropic `{name, input_schema}`) and legacy `functions`. */
function readTools(body: Json, prefix: string): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  const list = (field: string) =>
    body[field] === undefined ? [] : arrayAt(body[field], `${prefix}${field}`);
  for (const [i, value] of list("tools").entries()) {
    const at = `${prefix}tools[${i}]`;
    const tool = objectAt(value, at);
    if (isObject(tool.function)) tools.push(readFunction(tool.function, `${at}.function`, "parameters"));
    else if ("input_schema" in tool) tools.push(readFunction(tool, at, "input_schema"));
    else if (typeof tool.name === "string") tools.push(readFunction(tool, at, "parameters"));
    // Responses' built-in tools (web_search, file_search, …) declare no schema to count.
    else if (typeof tool.type === "string" && tool.type !== "function") continue;
    else throw new PayloadError(at, `expected a function tool, got ${kindOf(tool.type)}`);
  }
  for (const [i, value] of list("functions").entries())
    tools.push(
      readFunction(objectAt(value, `${prefix}functions[${i}]`), `${prefix}functions[${i}]`, "parameters"),
    );
  return tools;
}

function readFunction(fn: Json, path: string, schemaField: string): ToolDefinition {
  return {
    name: stringAt(fn.name, `${path}.name`),
    description: optionalString(fn.description, `${path}.description`) ?? "",
    parameters: fn[schemaField],
  };
}
