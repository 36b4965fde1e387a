import { embeddedImageSize } from "./image-size.js";
import {
  arrayAt,
  firstBound,
  isObject,
  type Json,
  objectAt,
  optionalString,
  stringAt,
} from "./json-shape.js";
import { modelOf } from "./messages-payload.js";
import { type ChatMessage, type ChatRequest, newMessage, type ToolDefinition } from "./types.js";

/** A Gemini `generateContent` body: `contents` of `parts`, `systemInstruction`, `tools`, `generationConfig`. */
export function readGeminiPayload(body: Json, prefix = ""): ChatRequest {
  const messages = arrayAt(body.contents, `${prefix}contents`).map((content, i) =>
    readContent(content, `${prefix}contents[${i}]`),
  );
  const system =
    body.systemInstruction === undefined
      ? []
      : readContent(body.systemInstruction, `${prefix}systemInstruction`).texts;
  const config =
    body.generationConfig === undefined ? {} : objectAt(body.generationConfig, `${prefix}generationConfig`);
  return {
    format: "gemini",
    ...modelOf(body, prefix),
    system,
    messages,
    tools: readTools(body, prefix),
    plain: [],
    maxOutputTokens: firstBound(config, ["maxOutputTokens"], `${prefix}generationConfig.`),
  };
}

function readContent(value: unknown, path: string): ChatMessage {
  const content = objectAt(value, path);
  const message = newMessage(optionalString(content.role, `${path}.role`) ?? "user");
  for (const [i, part] of arrayAt(content.parts, `${path}.parts`).entries()) {
    const at = `${path}.parts[${i}]`;
    const p = objectAt(part, at);
    if (typeof p.text === "string") message.texts.push(p.text);
    else if (isObject(p.functionCall))
      message.toolTexts.push(
        stringAt(p.functionCall.name, `${at}.functionCall.name`),
        JSON.stringify(p.functionCall.args ?? {}),
      );
    else if (isObject(p.functionResponse))
      message.toolTexts.push(
        stringAt(p.functionResponse.name, `${at}.functionResponse.name`),
        JSON.stringify(p.functionResponse.response ?? {}),
      );
    else if (isObject(p.inlineData) && String(p.inlineData.mimeType).startsWith("image/")) {
      const size = typeof p.inlineData.data === "string" ? embeddedImageSize(p.inlineData.data) : undefined;
      message.images.push(size ? { size } : {});
    } else if (p.inlineData !== undefined || p.fileData !== undefined) message.otherMedia++;
    else if (p.text !== undefined) stringAt(p.text, `${at}.text`);
  }
  return message;
}

function readTools(body: Json, prefix: string): ToolDefinition[] {
  if (body.tools === undefined) return [];
  const tools: ToolDefinition[] = [];
  for (const [i, value] of arrayAt(body.tools, `${prefix}tools`).entries()) {
    const tool = objectAt(value, `${prefix}tools[${i}]`);
    if (tool.functionDeclarations === undefined) continue;
    const path = `${prefix}tools[${i}].functionDeclarations`;
    for (const [j, fn] of arrayAt(tool.functionDeclarations, path).entries()) {
      const declaration = objectAt(fn, `${path}[${j}]`);
      tools.push({
        name: stringAt(declaration.name, `${path}[${j}].name`),
        description: optionalString(declaration.description, `${path}[${j}].description`) ?? "",
        parameters: declaration.parameters ?? declaration.parametersJsonSchema,
      });
    }
  }
  return tools;
}
