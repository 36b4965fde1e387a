// Issue 18, items 6, 18 and 19: an OpenAI Responses body read as a request, request JSON nested too deep
// to walk, and tokenizer modules that misbehave. Each runs the built CLI in this process (in-process.ts),
// but for modules whose stray failures or process.exit are the process's, which are spawned.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, rowOf, llmcost as spawned, tempDir } from "./cli.js";
import { escapeRegExp, expectError } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

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
  it("18.19: every id encode() returns is checked: a list holding what is no token id is 65 naming the module and the first such element", async () => {
    const input = join(dir, "ids.txt");
    writeFileSync(input, "one two three");
    const cases: [string, string][] = [
      ["[1, -2, 3.5]", "a list with -2 at index 1"],
      ['["a", "b"]', 'a list with a string ("a") at index 0'],
      ["[null, {}, -1]", "a list with null at index 0"],
      ["[1, [2]]", "a list with a list at index 1"],
      ["new Array(5)", "a list with a hole at index 0"],
      ["[0, 1, 2 ** 53]", "a list with 9007199254740992 at index 2"],
      ["new Int32Array([4, -1])", "a list with -1 at index 1"],
      ["new Float64Array([1, 2.5])", "a list with 2.5 at index 1"],
    ];
    for (const [index, [list, what]] of cases.entries()) {
      for (const async of ["", "async "]) {
        const module = join(dir, `ids-${index}${async ? "-async" : ""}.mjs`);
        writeFileSync(module, `export ${async}function encode() { return ${list}; }\n`);
        expectError(
          await llmcost(["estimate", input, "-m", "gpt-4o", "--tokenizer", module]),
          65,
          `${module}: encode() returned ${what}, not a token id`,
        );
      }
    }
    // Lists of ids, of any integer type, are counted by their length.
    for (const [index, list] of [
      "[0, 7, 2 ** 53 - 1]",
      "new Uint16Array(3)",
      "new Int32Array([1, 2, 3])",
      "[1n, 2n, 3n]",
    ].entries()) {
      const module = join(dir, `ids-ok-${index}.mjs`);
      writeFileSync(module, `export function encode() { return ${list}; }\n`);
      const ok = await llmcost(["estimate", input, "-m", "gpt-4o", "--tokenizer", module, "-f", "json"]);
      expect(ok.stderr).toBe("");
      expect(rowOf(ok.stdout, "gpt-4o-2024-08-06").inputTokens).toBe(3);
    }
  });

  it("18.19: what a module's code leaves behind — a rejection it drops, a throw from its microtask, process.exit — is 65 naming the module, with no report", async () => {
    // Spawned: an unhandled rejection or process.exit left by the module reaches the whole process.
    const files = join(dir, "stray-files");
    mkdirSync(files);
    for (const name of ["a.txt", "b.txt"]) writeFileSync(join(files, name), "some words");
    const cases: [string, string][] = [
      ['export function count() { Promise.reject(new Error("stray\\nmore")); return 3; }', "stray"],
      ['export function count() { Promise.reject("a string"); return 3; }', "a string"],
      ['export function count() { queueMicrotask(() => { throw new Error("boom"); }); return 3; }', "boom"],
      ["export function count() { process.exit(0); }", "count() failed: called process.exit(0)"],
      // Caught by the module, still its failure: it meant to end the run.
      [
        "export function count() { try { process.exit(3); } catch {} return 2; }",
        "count() failed: called process.exit(3)",
      ],
      [
        "process.exit(0);\nexport const count = () => 1;",
        "cannot load tokenizer module (called process.exit(0))",
      ],
      // Async: the function runs on a thread of its own, where the same is the call's failure.
      ['export async function count() { await 0; Promise.reject(new Error("later")); return 3; }', "later"],
      ["export async function count() { process.exit(0); }", "count() failed: called process.exit(0)"],
    ];
    for (const [index, [source, reason]] of cases.entries()) {
      const module = join(dir, `stray-${index}.mjs`);
      writeFileSync(module, `${source}\n`);
      // One input on the main thread; two files on two threads (a counting thread's error names the module too).
      expectError(
        await spawned(["estimate", "-m", "gpt-4o", "--tokenizer", module, "-f", "csv"], { input: "x y" }),
        65,
        `${module}: ${reason}`,
      );
      const threads = await spawned(["estimate", files, "-m", "gpt-4o", "--tokenizer", module, "-j", "2"]);
      expect(threads.stdout).toBe("");
      expect(threads.code).toBe(65);
      expect(threads.stderr).toMatch(new RegExp(`^llmcost: ${escapeRegExp(module)}: `));
    }
  });
});
