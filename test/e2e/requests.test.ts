import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, rowOf, shell, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const FIXTURES = "test/fixtures/requests";
const at = (name: string) => join(FIXTURES, name);
interface Report {
  billing: { batch: boolean };
  notes: string[];
  inputs: {
    source: string;
    kind: string;
    requests: number;
    skippedRequests: number;
    requestList?: unknown[];
  }[];
  results: Record<string, unknown>[];
  skipped: { source: string; reason: string }[];
  budget?: { on: string; passed: boolean };
}
const report = (stdout: string) => JSON.parse(stdout) as Report;

describe("llmcost estimate: chat payloads and batch files", () => {
  it("an OpenAI batch file: its own model, at batch rates, every line a request", async () => {
    const run = await llmcost(["estimate", at("openai-batch.jsonl"), "-f", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = report(run.stdout);
    // Billed per input: a batch file at batch rates ($0.075 a million for gpt-4o-mini, half of $0.15).
    expect(json.billing.batch).toBe(false);
    expect(json.notes).toContain("batch files are priced at Batch API rates");
    expect(rowOf(run.stdout, "gpt-4o-mini-2024-07-18").inputPricePerMillion).toBe(0.075);
    expect(json.inputs[0]).toMatchObject({ kind: "batch", requests: 3, skippedRequests: 0 });
    expect(json.results.map((r) => r.model)).toEqual(["gpt-4o-mini-2024-07-18"]);
    // 3 + "system" + text + 3 + "user" + "Hello world!" + 3 per line, by the cookbook's rule (checked in unit tests).
    expect(rowOf(run.stdout, "gpt-4o-mini-2024-07-18")).toMatchObject({
      exact: true,
      requests: 3,
      highOutputTokens: 2050,
    });
  });

  it("--per-request lists each request by custom_id, in JSON and CSV; the CSV rows add up to the total", async () => {
    const csv = await llmcost(["estimate", at("openai-batch.jsonl"), "--per-request", "-f", "csv"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^source,request,line,model,/);
    expect(lines.slice(1).map((line) => line.split(",").slice(1, 3).join(":"))).toEqual([
      "request-1:1",
      "request-2:2",
      "request-3:4",
    ]);
    const json = report(
      (await llmcost(["estimate", at("openai-batch.jsonl"), "--per-request", "-f", "json"])).stdout,
    );
    expect(json.inputs[0]?.requestList).toHaveLength(3);
    const table = await llmcost(["estimate", at("openai-batch.jsonl"), "--per-request"]);
    expect(table.stdout).toContain("openai-batch.jsonl: each request");
    expect(table.stdout).toContain("request-3");
  });

  it("an Anthropic batch naming two models prices each request for its own model; -m prices all for the named", async () => {
    const own = report((await llmcost(["estimate", at("anthropic-batch.jsonl"), "-f", "json"])).stdout);
    expect(own.results.map((r) => [r.model, r.requests]).sort()).toEqual([
      ["claude-haiku-4-5-20251001", 1],
      ["claude-sonnet-4-5-20250929", 1],
    ]);
    const body = report((await llmcost(["estimate", at("anthropic-batch-body.json"), "-f", "json"])).stdout);
    expect(body.inputs[0]).toMatchObject({ kind: "batch", requests: 2 });
    const named = report(
      (await llmcost(["estimate", at("anthropic-batch.jsonl"), "-m", "gpt-4o", "-f", "json"])).stdout,
    );
    expect(named.results.map((r) => [r.model, r.requests])).toEqual([["gpt-4o-2024-08-06", 2]]);
  });

  it("a chat payload on stdin is detected; --input text counts the same bytes as text", async () => {
    const payload = await shell(`node ${BIN} estimate -f json < ${at("anthropic-basic.json")}`);
    expect(rowOf(payload.stdout, "claude-sonnet-4-5-20250929")).toMatchObject({
      inputTokens: 14,
      exact: false,
    });
    const text = await shell(
      `node ${BIN} estimate --input text -m claude-sonnet-4-5 -f json < ${at("anthropic-basic.json")}`,
    );
    expect(report(text.stdout).inputs[0]?.kind).toBe("text");
    // A batch file piped in is read as one too, line by line.
    const piped = await shell(`cat ${at("openai-batch.jsonl")} | node ${BIN} estimate -f json`);
    expect(report(piped.stdout).inputs[0]).toMatchObject({ source: "<stdin>", kind: "batch", requests: 3 });
    // JSON that is not a payload stays text in auto mode.
    const plain = await llmcost(["estimate", "package.json", "-m", "gpt-4o", "-f", "json"]);
    expect(report(plain.stdout).inputs[0]?.kind).toBe("text");
  });

  it("malformed lines are named by line number (65, nothing on stdout); --skip-invalid skips and counts them", async () => {
    const bad = await llmcost(["estimate", at("malformed-batch.jsonl")]);
    expect(bad.code).toBe(65);
    expect(bad.stdout).toBe("");
    const lines = bad.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^llmcost: test\/fixtures\/requests\/malformed-batch\.jsonl:2: not valid JSON/);
    expect(lines[1]).toBe(
      "llmcost: test/fixtures/requests/malformed-batch.jsonl:3: body.messages: expected a list, got nothing (the field is missing)",
    );
    const skipped = await llmcost(["estimate", at("malformed-batch.jsonl"), "--skip-invalid", "-f", "json"]);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe(
      "llmcost: test/fixtures/requests/malformed-batch.jsonl: 2 invalid lines skipped (--skip-invalid)\n",
    );
    const json = report(skipped.stdout);
    expect(json.inputs[0]).toMatchObject({ requests: 2, skippedRequests: 2 });
    expect(json.skipped.map((s) => s.source)).toEqual([
      "test/fixtures/requests/malformed-batch.jsonl:2",
      "test/fixtures/requests/malformed-batch.jsonl:3",
    ]);
    const forced = await llmcost(["estimate", "--input", "chat", "-m", "gpt-4o"], {
      input: '{"messages": [\n{"role": "user"}\n',
    });
    expect(forced.code).toBe(65);
    expect(forced.stderr).toMatch(/^llmcost: <stdin>:\d+: not valid JSON/);
  });

  it("ranges: --budget-on high fails a budget the expected cost meets (exit 1, said on stderr)", async () => {
    const args = ["estimate", at("openai-batch.jsonl"), "--output-tokens", "10", "--max-cost", "0.0001"];
    const expected = await llmcost([...args, "-f", "json"]);
    expect(expected.code).toBe(0);
    const high = await llmcost([...args, "--budget-on", "high", "-f", "json"]);
    expect(high.code).toBe(1);
    expect(high.stderr).toMatch(
      /^llmcost: gpt-4o-mini-2024-07-18: high cost \$0\.000\d+ is over --max-cost \$0\.0001\n$/,
    );
    expect(report(high.stdout).budget).toMatchObject({ on: "high", passed: false });
    const table = await llmcost([...args]);
    expect(table.stdout).toContain("Low–high");
  });

  it("batch rates stay with the batch file; a model without a batch price is priced at standard rates, not dropped", async () => {
    const dir = tempDir();
    const text = join(dir, "notes.txt");
    writeFileSync(text, "plain text next to a batch file\n");
    const mixed = report(
      (
        await llmcost([
          "estimate",
          at("openai-batch.jsonl"),
          text,
          "-m",
          "gpt-4o",
          "-f",
          "json",
          "--per-file",
        ])
      ).stdout,
    );
    expect(mixed.results[0]).toMatchObject({ inputPricePerMillion: 2.5 });
    const batchOnly = report(
      (await llmcost(["estimate", at("openai-batch.jsonl"), "-m", "gpt-4o", "-f", "json"])).stdout,
    );
    expect(batchOnly.results[0]).toMatchObject({ inputPricePerMillion: 1.25 });
    const noBatch = join(dir, "llama.jsonl");
    const line = (model: string) =>
      JSON.stringify({
        custom_id: model,
        method: "POST",
        url: "/v1/chat/completions",
        body: { model, messages: [{ role: "user", content: "hi" }] },
      });
    writeFileSync(noBatch, `${line("llama-3.3-70b")}\n${line("gpt-4o")}\n`);
    const run = await llmcost(["estimate", noBatch, "-f", "json"]);
    expect(run.code).toBe(0);
    const json = report(run.stdout);
    expect(json.results.map((r) => r.requests)).toEqual([1, 1]);
    expect(json.notes.join("\n")).toMatch(
      /no batch price in the price list, standard rates used: llama-3\.3-70b/,
    );
  });

  it("a .jsonl that starts with a broken request, a line without custom_id, a broken .json payload: reported (65), not read as text", async () => {
    const dir = tempDir();
    const batch = join(dir, "batch.jsonl");
    writeFileSync(
      batch,
      `{"custom_id": "x"\n${readFileSync(at("openai-batch.jsonl"), "utf8")}{"method": "POST", "url": "/v1/chat/completions", "body": {"messages": []}}\n`,
    );
    const run = await llmcost(["estimate", batch]);
    expect(run.code).toBe(65);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/batch\.jsonl:1: not valid JSON/);
    expect(run.stderr).toMatch(/batch\.jsonl:6: custom_id: expected a string, got nothing/);
    const payload = join(dir, "payload.json");
    writeFileSync(payload, '{"model": "gpt-4o", "messages": [\n  {"role": "user", "content": 5}\n]}');
    const field = await llmcost(["estimate", payload]);
    expect(field.code).toBe(65);
    expect(field.stderr).toBe(
      `llmcost: ${payload}: messages[0].content: expected a string or a list of parts, got number 5\n`,
    );
    writeFileSync(payload, '{"model": "gpt-4o", "messages": [\n');
    expect((await llmcost(["estimate", payload])).code).toBe(65);
    // A Gemini REST model name works; an empty batch file is no input (66).
    const gemini = join(dir, "gemini.jsonl");
    writeFileSync(
      gemini,
      '{"key": "k", "request": {"model": "models/gemini-2.5-flash", "contents": [{"parts": [{"text": "hi"}]}]}}\n',
    );
    expect((await llmcost(["estimate", gemini, "-f", "json"])).code).toBe(0);
    const empty = join(dir, "empty.jsonl");
    writeFileSync(empty, "");
    const none = await llmcost(["estimate", empty, "--input", "jsonl"]);
    expect(none.code).toBe(66);
    expect(none.stderr).toMatch(/empty\.jsonl: no requests/);
  });

  it("a generated 50,000-line batch file is streamed line by line in bounded memory", async () => {
    const dir = tempDir();
    const file = join(dir, "big.jsonl");
    const out = createWriteStream(file);
    const filler = "lorem ipsum dolor sit amet ".repeat(36); // ~1 kB a line: a 50 MB file
    for (let i = 0; i < 50_000; i++) {
      const body = {
        model: "gpt-4o-mini",
        max_tokens: 100,
        messages: [{ role: "user", content: `${i} ${filler}` }],
      };
      out.write(
        `${JSON.stringify({ custom_id: `r${i}`, method: "POST", url: "/v1/chat/completions", body })}\n`,
      );
    }
    await new Promise((resolve) => out.end(resolve));
    // A heap of 96 MB could not hold the 50 MB file as a string (100 MB in UTF-16), let alone parse it whole.
    const run = await shell(`node --max-old-space-size=96 ${BIN} estimate ${file} -f json`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = report(run.stdout);
    expect(json.inputs[0]).toMatchObject({ kind: "batch", requests: 50_000 });
    expect(rowOf(run.stdout, "gpt-4o-mini-2024-07-18")).toMatchObject({
      requests: 50_000,
      highOutputTokens: 5_000_000,
    });
  }, 120_000);
});
