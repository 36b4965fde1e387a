import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTokenizers, loadCatalog } from "../../src/api.js";
import { priceInputs } from "../../src/core/estimate.js";
import { startRequestCount } from "../../src/core/requests/counted-requests.js";
import { readBatchLine, readPayload } from "../../src/core/requests/payload.js";
import { requestTokens } from "../../src/core/requests/request-tokens.js";
import { PayloadError } from "../../src/core/requests/types.js";
import { findModel } from "../../src/core/select-models.js";
import type { Model } from "../../src/pricing/types.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/requests/${name}`, import.meta.url), "utf8")) as unknown;
const catalog = await loadCatalog();
const model = (name: string, date = "2026-11-27") => findModel(catalog, name, date);
const tokens = async (payload: unknown, m: Model) => {
  const tokenizer = await defaultTokenizers().load(m.tokenizer);
  return requestTokens(readPayload(payload), m, (text) => tokenizer.count(text));
};

describe("chat overhead, checked against the providers' published examples", () => {
  // openai-cookbook, "How to count tokens with tiktoken": the six example messages, as the API counted them.
  it("OpenAI messages: 124 tokens for gpt-4o and gpt-4o-mini, 129 for gpt-4, 127 for gpt-3.5-turbo-0301", async () => {
    const payload = fixture("openai-cookbook-messages.json");
    expect((await tokens(payload, model("gpt-4o"))).tokens).toBe(124);
    expect((await tokens(payload, model("gpt-4o-mini"))).tokens).toBe(124);
    const gpt4 = model("gpt-4-0613", "2024-06-01");
    expect(await tokens(payload, gpt4)).toEqual({ tokens: 129, reasons: [], uncounted: 0 });
    expect((await tokens(payload, { ...gpt4, id: "gpt-3.5-turbo-0301" })).tokens).toBe(127);
  });

  it("OpenAI tools: the cookbook's weather tool is 101 tokens for gpt-4o, 105 for gpt-4, and marked an estimate", async () => {
    const payload = fixture("openai-cookbook-tools.json");
    const gpt4o = await tokens(payload, model("gpt-4o"));
    expect(gpt4o.tokens).toBe(101);
    expect(gpt4o.reasons).toEqual(["tool definitions by the cookbook's rule"]);
    expect((await tokens(payload, model("gpt-4-0613", "2024-06-01"))).tokens).toBe(105);
  });

  it("Anthropic: the count_tokens examples (14 without tools; 403 with the weather tool, within 5%)", async () => {
    const sonnet = model("claude-sonnet-4-5");
    expect((await tokens(fixture("anthropic-basic.json"), sonnet)).tokens).toBe(14);
    const withTools = (await tokens(fixture("anthropic-tools.json"), sonnet)).tokens;
    expect(Math.abs(withTools - 403) / 403).toBeLessThan(0.05);
  });

  // google-gemini/api-examples python/count_tokens.py and generative-ai-python samples/count_tokens.py:
  // generate_content's prompt_token_count 11 for the fox sentence, 25 after a two-turn history, and
  // count_tokens 206 for the mittens prompt with four arithmetic tools (docs/calibration.md).
  it("Gemini: Google's published examples (11 for one turn, 25 for three; tools within 10% of 206)", async () => {
    const flash = model("gemini-2.5-flash");
    const turn = (role: string, text: string) => ({ role, parts: [{ text }] });
    const fox = await tokens(
      { contents: [turn("user", "The quick brown fox jumps over the lazy dog.")] },
      flash,
    );
    expect(fox.tokens).toBe(11);
    const chat = {
      contents: [
        turn("user", "Hi my name is Bob"),
        turn("model", "Hi Bob!"),
        turn("user", "In one sentence, explain how a computer works to a young child."),
      ],
    };
    expect((await tokens(chat, flash)).tokens).toBe(25);
    const fn = (name: string, op: string) => ({
      name,
      description: `returns a ${op} b.`,
      parameters: {
        type: "OBJECT",
        properties: { a: { type: "NUMBER" }, b: { type: "NUMBER" } },
        required: ["a", "b"],
      },
    });
    const tools = await tokens(
      {
        contents: [turn("user", "I have 57 cats, each owns 44 mittens, how many mittens is that in total?")],
        tools: [
          {
            functionDeclarations: [
              fn("add", "+"),
              fn("subtract", "-"),
              fn("multiply", "*"),
              fn("divide", "/"),
            ],
          },
        ],
      },
      flash,
    );
    expect(Math.abs(tools.tokens - 206) / 206).toBeLessThan(0.1);
    expect(tools.reasons).toContain("tool declarations' formatting estimated");
  });

  it("images: low detail costs 85 on gpt-4o and 2833 on gpt-4o-mini; others are reported as not counted", async () => {
    const payload = fixture("openai-multipart.json");
    const mini = await tokens(payload, model("gpt-4o-mini"));
    const full = await tokens(payload, model("gpt-4o"));
    expect(mini.tokens - full.tokens).toBe(2833 - 85);
    expect(mini.uncounted).toBe(1);
    expect(mini.reasons).toContain("tool calls counted as their text");
    const claude = await tokens(payload, model("claude-sonnet-4-5"));
    expect(claude.uncounted).toBe(2);
  });

  it("an empty message still costs its overhead; embeddings have none", async () => {
    const empty = await tokens({ messages: [{ role: "user", content: "" }] }, model("gpt-4o"));
    expect(empty.tokens).toBe(3 + 1 + 3); // per message, "user", reply primer
    const line = readBatchLine({
      custom_id: "e",
      method: "POST",
      url: "/v1/embeddings",
      body: { model: "text-embedding-3-small", input: ["hello world", "hi"] },
    });
    const embed = model("text-embedding-3-small");
    const tokenizer = await defaultTokenizers().load(embed.tokenizer);
    expect(requestTokens(line.request, embed, (t) => tokenizer.count(t)).tokens).toBe(3);
  });
});

describe("payloads: what is read, and where a bad one is wrong", () => {
  it("reads OpenAI, Anthropic and Gemini payloads and the three batch line formats", () => {
    expect(readPayload(fixture("anthropic-basic.json"))).toMatchObject({
      format: "anthropic",
      model: { name: "claude-sonnet-4-5", path: "model" },
      system: ["You are a scientist"],
      maxOutputTokens: 1024,
    });
    const gemini = readPayload(fixture("gemini-contents.json"));
    expect(gemini).toMatchObject({
      format: "gemini",
      maxOutputTokens: 256,
      system: ["You are a terse assistant."],
    });
    expect(gemini.messages.map((m) => m.images.length)).toEqual([0, 0, 1]);
    expect(readPayload([{ role: "user", content: "hi" }]).messages).toHaveLength(1);
    const gem = readBatchLine({ key: "k1", request: { contents: [{ parts: [{ text: "hi" }] }] } });
    expect(gem.customId).toBe("k1");
    const responses = readBatchLine({
      custom_id: "r",
      method: "POST",
      url: "/v1/responses",
      body: { model: "gpt-4o", input: "hi", instructions: "be brief", max_output_tokens: 9 },
    });
    expect(responses.request).toMatchObject({
      system: ["be brief"],
      maxOutputTokens: 9,
      model: { path: "body.model" },
    });
  });

  it.each([
    [
      { custom_id: "a", method: "POST", url: "/v1/chat/completions", body: { messages: "hi" } },
      "body.messages: expected a list",
    ],
    [{ custom_id: "a", method: "GET", url: "/v1/chat/completions", body: {} }, 'method: expected "POST"'],
    [
      { custom_id: "a", method: "POST", url: "/v1/audio/speech", body: {} },
      'url: unsupported endpoint "/v1/audio/speech"',
    ],
    [
      { custom_id: "a", params: { messages: [{ role: "user", content: [{ type: "video" }] }] } },
      "params.messages[0].content[0].type: unknown content part type",
    ],
    [
      { custom_id: "a", params: { max_tokens: 0, messages: [] } },
      "params.max_tokens: expected a whole number of tokens ≥ 1",
    ],
    [{ custom_id: 7, body: {} }, "custom_id: expected a string"],
  ])("rejects %j with the JSON path", (line, message) => {
    expect(() => readBatchLine(line)).toThrow(PayloadError);
    expect(() => readBatchLine(line)).toThrow(message);
  });
});

describe("pricing requests", () => {
  const gpt4o = model("gpt-4o");
  const o3 = model("o3");
  const priceOf = async (
    requests: { tokens: number; bound: number }[],
    options: { output?: number; reasoning?: number | string; perRequest?: boolean } = {},
  ) => {
    const counter = startRequestCount("batch.jsonl", "batch");
    const tokenizers = new Map();
    for (const m of [gpt4o, o3]) tokenizers.set(m.tokenizer, await defaultTokenizers().load(m.tokenizer));
    for (const [i, { tokens: n, bound }] of requests.entries())
      counter.add(
        {
          format: "openai",
          system: [],
          messages: [],
          tools: [],
          plain: ["a ".repeat(n).trim()],
          ...(bound ? { maxOutputTokens: bound } : {}),
        },
        `r${i}`,
        i + 1,
        [gpt4o, o3],
        (m) => tokenizers.get(m.tokenizer),
      );
    return priceInputs([counter.end({ bytes: 0, characters: 0 })], [gpt4o, o3], tokenizers, {
      date: "2026-11-27",
      output: options.output === undefined ? { kind: "none" } : { kind: "tokens", tokens: options.output },
      ...(options.reasoning === undefined
        ? {}
        : {
            reasoning:
              typeof options.reasoning === "number"
                ? { kind: "tokens", tokens: options.reasoning }
                : { kind: "ratio", ratio: options.reasoning },
          }),
      billing: { batch: true, cachedShare: 0n },
      perRequest: options.perRequest ?? true,
    });
  };

  it("a bound caps output and reasoning together; reasoning only on reasoning models, billed as output", async () => {
    const priced = await priceOf([{ tokens: 10, bound: 500 }], { output: 300, reasoning: 400 });
    const [forGpt4o, forO3] = priced.inputs[0]?.results ?? [];
    expect(forGpt4o).toMatchObject({ outputTokens: 300, reasoningTokens: 0, highOutputTokens: 500 });
    expect(forO3).toMatchObject({ outputTokens: 500, reasoningTokens: 400, highOutputTokens: 500 });
    expect(forO3?.reasoningCost).toBe(400n * (forO3?.outputPrice ?? 0n));
    const ratio = await priceOf([{ tokens: 10, bound: 0 }], { output: 100, reasoning: "1.5" });
    expect(ratio.inputs[0]?.results[1]).toMatchObject({ outputTokens: 250, reasoningTokens: 150 });
  });

  it("laws: low ≤ expected ≤ high, and a file's total is the sum of its requests", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            tokens: fc.nat(40),
            bound: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000 })),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.nat(5000),
        async (requests, output) => {
          const priced = await priceOf(requests, { output, reasoning: 100 });
          const input = priced.inputs[0];
          for (const [index, total] of (input?.results ?? []).entries()) {
            expect(total.lowCost <= total.totalCost && total.totalCost <= total.highCost).toBe(true);
            const rows = (input?.requestRows ?? []).map((row) => row.results[index]);
            const sum = rows.reduce((acc, r) => acc + (r?.totalCost ?? 0n), 0n);
            expect(sum).toBe(total.totalCost);
            expect(total.requests).toBe(requests.length);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
