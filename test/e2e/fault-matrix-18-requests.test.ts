// Issue 18, items 6, 18 and 19: an OpenAI Responses body read as a request, request JSON nested too deep
// to walk, and tokenizer modules that misbehave. Each runs the built binary through real pipes.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, llmcost, rowOf, tempDir } from "./cli.js";
import { expectError } from "./fault-helpers.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (run: CliRun) =>
  JSON.parse(run.stdout) as {
    inputs: { source: string; kind: string; requests: number; skippedRequests: number }[];
    results: { model: string }[];
    skipped: { source: string; reason: string }[];
  };

/** JSON text of `{"a": {"a": … {} …}}`, `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;

describe("fault matrix round two (issue 18): requests and tokenizer modules", () => {
  it("18.6: a stand-alone OpenAI Responses body is priced for its model, within its output bound, also with --input chat", async () => {
    const file = join(dir, "responses.json");
    const body = {
      model: "gpt-4o-mini",
      instructions: "You are terse.",
      input: [{ role: "user", content: [{ type: "input_text", text: "Say hi to the world." }] }],
      max_output_tokens: 50,
    };
    writeFileSync(file, JSON.stringify(body));
    for (const args of [[file], [file, "--input", "chat"]]) {
      const run = await llmcost(["estimate", ...args, "-f", "json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(json(run).inputs[0]).toMatchObject({ kind: "chat", requests: 1 });
      expect(json(run).results.map((r) => r.model)).toEqual(["gpt-4o-mini-2024-07-18"]);
      // 3 + (3 + "system" + instructions) + (3 + "user" + text) by the cookbook's rule; the bound is its own.
      expect(rowOf(run.stdout, "gpt-4o-mini-2024-07-18")).toMatchObject({
        exact: true,
        inputTokens: 21,
        highOutputTokens: 50,
      });
    }
    // The same body on stdin, its input a plain string.
    const piped = await llmcost(["estimate", "-f", "json"], {
      input: JSON.stringify({ ...body, input: "Say hi to the world." }),
    });
    expect(rowOf(piped.stdout, "gpt-4o-mini-2024-07-18")).toMatchObject({
      inputTokens: 21,
      highOutputTokens: 50,
    });
    // Text that merely has an "input" field is still text.
    const text = await llmcost(["estimate", "-m", "gpt-4o-mini", "-f", "json"], {
      input: '{"input": "hello", "expected": "hi"}',
    });
    expect(json(text).inputs[0]?.kind).toBe("text");
  });

  it("18.18: JSON nested 5,000 deep in a tool schema or functionCall args is 65 naming the path, or skipped with --skip-invalid", async () => {
    const deep = join(dir, "deep-tools.json");
    writeFileSync(
      deep,
      `{"model":"claude-3-5-haiku-20241022","max_tokens":10,"messages":[{"role":"user","content":"hi"}],` +
        `"tools":[{"name":"t","input_schema":${nested(5000)}}]}`,
    );
    expectError(
      await llmcost(["estimate", deep]),
      65,
      `${deep}: tools[0].input_schema.a.a.a.a.a….a.a: JSON nested more than 100 levels deep (not a request llmcost can read)`,
    );
    const batch = join(dir, "deep-batch.jsonl");
    const line = (args: string) =>
      `{"key":"k","request":{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":${args}}}]}]}}`;
    writeFileSync(batch, `${line("{}")}\n${line(nested(5000))}\n`);
    const failed = await llmcost(["estimate", batch, "-m", "gemini-2.5-flash"]);
    expectError(
      failed,
      65,
      `${batch}:2: request.contents[0].parts[0].functionCall.args.a….a.a: JSON nested more than 100 levels deep (not a request llmcost can read)`,
    );
    const skipped = await llmcost([
      "estimate",
      batch,
      "-m",
      "gemini-2.5-flash",
      "--skip-invalid",
      "-f",
      "json",
    ]);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe(`llmcost: ${batch}: 1 invalid line skipped (--skip-invalid)\n`);
    expect(json(skipped).inputs[0]).toMatchObject({ requests: 1, skippedRequests: 1 });
    expect(json(skipped).skipped).toEqual([
      {
        source: `${batch}:2`,
        reason: expect.stringMatching(/functionCall\.args\.a….a.a: JSON nested more than 100 levels deep/),
      },
    ]);
  });

  it("18.19: a tokenizer module that throws or returns what is not a count is 65 naming the module; async results are awaited", async () => {
    const input = join(dir, "five.txt");
    writeFileSync(input, "one two three four five");
    let modules = 0;
    const moduleOf = (source: string) => {
      const module = join(dir, `tok-${++modules}.mjs`);
      writeFileSync(module, `${source}\n`);
      return module;
    };
    const estimate = (module: string) =>
      llmcost(["estimate", input, "-m", "gpt-4o", "--tokenizer", module, "-f", "json"]);
    const failures: [string, string][] = [
      [
        'export function count() { throw new Error("no vocabulary\\nat line 2"); }',
        "count() failed: no vocabulary",
      ],
      ['export function count() { return "7"; }', 'count() returned a string ("7"), not a whole number ≥ 0'],
      ["export function count() { return 1.5; }", "count() returned 1.5, not a whole number ≥ 0"],
      ["export function count() { return -1; }", "count() returned -1, not a whole number ≥ 0"],
      ["export function count() { return NaN; }", "count() returned NaN, not a whole number ≥ 0"],
      ["export function encode() { return null; }", "encode() returned null, not a list of token ids"],
      [
        "export function encode(text) { return text; }",
        "encode() returned a string, not a list of token ids",
      ],
      ['export async function count() { throw new Error("offline"); }', "count() failed: offline"],
      ["export async function count() { return 2.5; }", "count() returned 2.5, not a whole number ≥ 0"],
    ];
    for (const [source, reason] of failures) {
      const module = moduleOf(source);
      expectError(await estimate(module), 65, `${module}: ${reason}`);
    }
    // Over a directory, on one thread or two, the module's failure is said once (not once a file, nor
    // followed by "no input files").
    const files = join(dir, "files");
    mkdirSync(files);
    for (const name of ["a.txt", "b.txt", "c.txt"]) writeFileSync(join(files, name), "some words");
    const module = moduleOf('export function count() { throw new Error("no vocabulary"); }');
    for (const threads of ["1", "2"])
      expectError(
        await llmcost(["estimate", files, "-m", "gpt-4o", "--tokenizer", module, "-j", threads]),
        65,
        `${module}: count() failed: no vocabulary`,
      );
    // Async count and encode are awaited, then checked like any other result.
    for (const source of [
      "export async function count(text) { return text.split(' ').length; }",
      "export async function encode(text) { return new Uint32Array(text.split(' ').length); }",
      "export default { count: (text) => Promise.resolve(text.split(' ').length) };",
    ]) {
      const ok = await estimate(moduleOf(source));
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(rowOf(ok.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(5);
    }
  });
});
