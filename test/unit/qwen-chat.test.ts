// Qwen's chat template (src/core/requests/chatml.ts) against Hugging Face's rendering of it: each
// package's chat_template rendered with Jinja2 and encoded with `tokenizers` on its tokenizer.json
// (docs/research/issue-21/qwen_chat_template.py, which printed these counts).
import { describe, expect, it } from "vitest";
import { defaultTokenizers, loadCatalog } from "../../src/api.js";
import { readPayload } from "../../src/core/requests/payload.js";
import { requestTokens } from "../../src/core/requests/request-tokens.js";
import { findModel } from "../../src/core/select-models.js";

const REQUESTS: [string, { role: string; content: string }[], { qwen3: number; "qwen2.5": number }][] = [
  ["one user message", [{ role: "user", content: "Hello, Qwen!" }], { qwen3: 13, "qwen2.5": 34 }],
  [
    "system and user",
    [
      { role: "system", content: "You are a scientist." },
      { role: "user", content: "Why is the sky blue? Answer in one sentence." },
    ],
    { qwen3: 29, "qwen2.5": 29 },
  ],
  [
    "three turns",
    [
      { role: "system", content: "Answer briefly." },
      { role: "user", content: "What is 2 + 2?" },
      { role: "assistant", content: "4" },
      { role: "user", content: "And 3 + 3?\nThen stop." },
    ],
    { qwen3: 45, "qwen2.5": 45 },
  ],
  [
    "CJK and code",
    [
      {
        role: "user",
        content: "请把这段代码翻译成 Python：\n```js\nconst x = [1, 2, 3].map((n) => n * 2);\n```",
      },
    ],
    { qwen3: 42, "qwen2.5": 63 },
  ],
];

const catalog = await loadCatalog();
const base = findModel(catalog, "gpt-4o", "2026-11-27");
const tokenizer = await defaultTokenizers().load("qwen-3");
const count = (text: string) => tokenizer.count(text);

describe("Qwen's chat template", () => {
  it.each(REQUESTS)(
    "%s: the tokens Hugging Face's rendering of Qwen 3's and 2.5's templates gives",
    (_, messages, want) => {
      const request = readPayload({ model: "qwen", messages });
      const qwen3 = requestTokens(request, { ...base, id: "qwen3-32b", tokenizer: "qwen-3" }, count);
      const qwen25 = requestTokens(
        request,
        { ...base, id: "qwen2.5-72b-instruct", tokenizer: "qwen-3" },
        count,
      );
      expect({ qwen3: qwen3.tokens, "qwen2.5": qwen25.tokens }).toEqual(want);
      expect(qwen3.reasons).toEqual(["Qwen's chat template; a host may add its own system text"]);
    },
  );

  it("marks tool declarations as estimated", () => {
    const request = readPayload({
      model: "qwen",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: [
        { type: "function", function: { name: "weather", description: "Weather now", parameters: {} } },
      ],
    });
    const result = requestTokens(request, { ...base, id: "qwen3-32b", tokenizer: "qwen-3" }, count);
    expect(result.reasons).toContain(
      "tool declarations counted as their JSON, without the template's tool preamble",
    );
  });
});
