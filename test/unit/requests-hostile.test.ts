// Issue 18, items 6 and 18: stand-alone OpenAI Responses bodies, and request JSON nested too deep to walk.
import { describe, expect, it } from "vitest";
import { defaultTokenizers, loadCatalog } from "../../src/api.js";
import { checkDepth, MAX_JSON_DEPTH } from "../../src/core/requests/json-depth.js";
import { isPayload, readBatchLine, readPayload } from "../../src/core/requests/payload.js";
import { requestTokens } from "../../src/core/requests/request-tokens.js";
import { PayloadError } from "../../src/core/requests/types.js";
import { findModel } from "../../src/core/select-models.js";

const catalog = await loadCatalog();
const gpt4o = findModel(catalog, "gpt-4o", "2026-11-27");
const o200k = await defaultTokenizers().load("o200k_base");
const count = (text: string) => o200k.count(text);

/** JSON text of `{"a": {"a": … {} …}}`, `depth` objects deep (JSON.stringify itself overflows on these). */
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
/** A parsed document with `deep` (JSON text) spliced in at a place. */
const withDeep = (template: string, depth = 5000) => JSON.parse(template.replace('"DEEP"', nested(depth)));

function payloadError(read: () => unknown): PayloadError {
  try {
    read();
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error("expected a PayloadError");
}

describe("18.6: a stand-alone OpenAI Responses body is a request", () => {
  const body = {
    model: "gpt-4o",
    instructions: "You are terse.",
    input: "Say hi to the world.",
    max_output_tokens: 50,
  };

  it("is detected, and read with its model, instructions and output bound", () => {
    expect(isPayload(body)).toBe(true);
    const request = readPayload(body);
    expect(request).toMatchObject({
      format: "openai",
      model: { name: "gpt-4o", path: "model" },
      system: ["You are terse."],
      maxOutputTokens: 50,
    });
    expect(request.messages).toHaveLength(1);
    expect(request.messages[0]).toMatchObject({ role: "user", texts: ["Say hi to the world."] });
    // As chat: a system and a user message by the cookbook's rule.
    const expected =
      3 + (3 + count("system") + count(body.instructions)) + (3 + count("user") + count(body.input));
    expect(requestTokens(request, gpt4o, count).tokens).toBe(expected);
  });

  it("reads input items: messages with input_text parts, function calls and their outputs", () => {
    const request = readPayload({
      model: "gpt-4o",
      input: [
        { role: "developer", content: "Be brief." },
        { type: "message", role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }] },
        { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"city":"Paris"}' },
        { type: "function_call_output", call_id: "c1", output: '{"temp":21}' },
        { type: "reasoning", id: "r1", summary: [] },
      ],
      tools: [{ type: "web_search" }, { type: "function", name: "get_weather", parameters: {} }],
    });
    expect(request.messages.map((m) => m.role)).toEqual(["developer", "user", "assistant", "tool"]);
    expect(request.messages[1]?.texts).toEqual(["Weather in Paris?"]);
    expect(request.messages[2]?.toolTexts).toEqual(["get_weather", '{"city":"Paris"}']);
    expect(request.messages[3]?.toolTexts).toEqual(['{"temp":21}']);
    // The reasoning item's text is not in the request: a part not counted.
    expect(request.messages[3]?.otherMedia).toBe(1);
    expect(request.tools.map((t) => t.name)).toEqual(["get_weather"]);
  });

  it("an embeddings body or a lone input field is not taken for one", () => {
    expect(isPayload({ model: "text-embedding-3-small", input: "hello" })).toBe(false);
    expect(isPayload({ input: "hello", expected: "hi" })).toBe(false);
    expect(isPayload({ input: ["a", "b"] })).toBe(false);
    expect(isPayload({ input: [{ role: "user", content: "hi" }] })).toBe(true);
    expect(isPayload({ input: "hi", max_output_tokens: 5 })).toBe(true);
  });

  it("a bad Responses body is reported with its path", () => {
    expect(payloadError(() => readPayload({ model: "gpt-4o", input: 5 })).message).toBe(
      "input: expected a list, got number 5",
    );
    expect(
      payloadError(() => readPayload({ input: [{ type: "function_call", arguments: "{}" }] })).message,
    ).toBe("input[0].name: expected a string, got nothing (the field is missing)");
  });
});

describe("18.18: request JSON nested thousands deep is refused with its path, not a stack overflow", () => {
  const cases: [string, () => unknown, string][] = [
    [
      "an Anthropic tool schema",
      () =>
        readPayload(
          withDeep('{"model":"claude-3-5-haiku","messages":[],"tools":[{"name":"t","input_schema":"DEEP"}]}'),
        ),
      "tools[0].input_schema.a.a.a.a.a….a.a",
    ],
    [
      "a tool_use input",
      () =>
        readPayload(
          withDeep(
            '{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"x","name":"t","input":"DEEP"}]}]}',
          ),
        ),
      "messages[0].content[0].input.a.a.a….a.a",
    ],
    [
      "Gemini functionDeclarations",
      () =>
        readPayload(
          withDeep('{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parameters":"DEEP"}]}]}'),
        ),
      "tools[0].functionDeclarations[0].parameters.a.a.a….a.a",
    ],
    [
      "a Gemini functionCall's args, in a batch line",
      () =>
        readBatchLine(
          withDeep(
            '{"key":"k","request":{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":"DEEP"}}]}]}}',
          ),
        ),
      "request.contents[0].parts[0].functionCall.args.a….a.a",
    ],
  ];
  for (const [name, read, path] of cases)
    it(name, () => {
      const error = payloadError(read);
      expect(error.path).toBe(path);
      expect(error.reason).toBe(
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep (not a request llmcost can read)`,
      );
    });

  it("nesting up to the limit is read and counted", () => {
    const request = readPayload(
      withDeep(
        '{"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"t","input_schema":"DEEP"}]}',
        97,
      ),
    );
    expect(requestTokens(request, gpt4o, count).tokens).toBeGreaterThan(0);
    expect(() => checkDepth(JSON.parse(nested(MAX_JSON_DEPTH)))).not.toThrow();
    expect(() => checkDepth(JSON.parse(nested(MAX_JSON_DEPTH + 1)))).toThrow(PayloadError);
  });

  it("lists count as levels too, and odd keys are quoted in the path", () => {
    const deepList = JSON.parse(`{"we ird":${"[".repeat(200)}${"]".repeat(200)}}`);
    expect(payloadError(() => checkDepth(deepList)).path).toBe('["we ird"][0][0][0][0][0][0][0]…[0][0]');
  });
});
