import { rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rowOf, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

// A stand-in for the providers' counting endpoints: it counts words, and records every request.
const requests: { url: string; key: string; body: string }[] = [];
let server: Server;
let base = "";

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
  });
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await read(request);
    const key = String(request.headers["x-api-key"] ?? request.headers["x-goog-api-key"] ?? "");
    requests.push({ url: request.url ?? "", key, body });
    response.setHeader("content-type", "application/json");
    if (key === "bad") {
      response.statusCode = 401;
      return response.end("{}");
    }
    const json = JSON.parse(body);
    if (request.url === "/v1/messages/count_tokens")
      return response.end(JSON.stringify({ input_tokens: words(json.messages[0].content) + 7 }));
    if (request.url?.endsWith(":countTokens"))
      return response.end(JSON.stringify({ totalTokens: words(json.contents[0].parts[0].text) }));
    response.statusCode = 404;
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A cache directory for one test, removed after it. */
const made: string[] = [];
const cache = () => {
  made.push(tempDir());
  return made.at(-1) as string;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("--count-with api", () => {
  it("counts with the providers' endpoints, then from the cache without a request", async () => {
    const env = {
      ANTHROPIC_API_KEY: "a-key",
      ANTHROPIC_BASE_URL: base,
      GEMINI_API_KEY: "g-key",
      GEMINI_BASE_URL: base,
      XDG_CACHE_HOME: cache(),
    };
    const args = [
      "estimate",
      "-m",
      "claude-sonnet-4-6,gemini-2.5-pro,gpt-4o",
      "--count-with",
      "api",
      "-f",
      "json",
    ];
    requests.length = 0;
    const first = await llmcost(args, { input: "one two three", env });
    expect(first.stderr).toBe("");
    expect(rowOf(first.stdout, "claude-sonnet-4-6")).toMatchObject({
      inputTokens: 10,
      exact: true,
      countedWith: "anthropic-api",
      estimateMethod: null,
    });
    expect(rowOf(first.stdout, "gemini-2.5-pro")).toMatchObject({
      inputTokens: 3,
      exact: true,
      countedWith: "gemini-api",
    });
    expect(rowOf(first.stdout, "gpt-4o-2024-08-06")).toMatchObject({
      exact: true,
      countedWith: "o200k_base",
    });
    // Sent concurrently: in either order.
    expect(requests.map((r) => [r.url, r.key]).sort()).toEqual([
      ["/v1/messages/count_tokens", "a-key"],
      ["/v1beta/models/gemini-2.5-pro:countTokens", "g-key"],
    ]);
    const anthropic = requests.find((r) => r.url === "/v1/messages/count_tokens");
    expect(JSON.parse(anthropic?.body ?? "{}")).toEqual({
      model: "claude-sonnet-4-6",
      messages: [{ role: "user", content: "one two three" }],
    });

    requests.length = 0;
    const second = await llmcost(args, { input: "one two three", env });
    expect(requests).toEqual([]);
    expect(second.stdout).toBe(first.stdout);
  });

  it("without a key the estimate is used, and the table says so", async () => {
    const run = await llmcost(["estimate", "-m", "claude-sonnet-4-6", "--count-with", "api"], {
      input: "one two three",
      env: { XDG_CACHE_HOME: cache() },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "--count-with api: ANTHROPIC_API_KEY is not set; anthropic counts are estimates",
    );
    expect(run.stdout).toMatch(/claude-sonnet-4-6 .*≈ claude/);
  });

  it("is not combined with --tokenizer, which picks the local count", async () => {
    const run = await llmcost(
      ["estimate", "-m", "claude-sonnet-4-6", "--count-with", "api", "--tokenizer", "chars:4"],
      {
        input: "one two three",
      },
    );
    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^llmcost: --count-with api: cannot be combined with --tokenizer/);
  });

  it("a failing endpoint leaves the estimate, with a note", async () => {
    const run = await llmcost(["estimate", "-m", "claude-sonnet-4-6", "--count-with", "api", "-f", "json"], {
      input: "one two",
      env: { ANTHROPIC_API_KEY: "bad", ANTHROPIC_BASE_URL: base, XDG_CACHE_HOME: cache() },
    });
    const report = JSON.parse(run.stdout);
    expect(report.results[0]).toMatchObject({ exact: false, countedWith: "claude-3" });
    expect(report.notes).toEqual([
      "--count-with api: anthropic rejected the key (401); check ANTHROPIC_API_KEY; estimates used",
    ]);
  });
});
