// Issue 18 (items 14, 17, 21): the command line is checked whole before any input is read.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { llmcost as spawned, tempDir } from "./cli.js";
import { expectError, mkfifo } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fault matrix round two (issue 18): the command line", () => {
  it("18.17: a model that cannot be priced is 64 before a FIFO with no writer is read", async () => {
    const fifo = join(dir, "never-written");
    await mkfifo(fifo);
    // Spawned: a run that opened the FIFO would block a thread of this process for good.
    const run = await spawned(["estimate", "-m", "mistral-large-2402", "--batch", fifo]);
    expectError(
      run,
      64,
      "estimate: no selected model can be priced on 2026-11-27 (mistral-large-2402: no batch price)",
    );
  });

  it("18.17: check says a later rule's bad model before reading an earlier rule's files", async () => {
    const repo = join(dir, "check-repo");
    mkdirSync(join(repo, "prompts"), { recursive: true });
    writeFileSync(join(repo, "prompts", "a.md"), "Hello");
    // Read, this file would be warned about ("skipped: binary file") before the error.
    writeFileSync(join(repo, "prompts", "b.md"), Buffer.from([0x61, 0x00, 0x62]));
    const rules = [
      { name: "first", paths: ["prompts/*.md"], maxTokens: 100 },
      { name: "second", paths: ["prompts/*.md"], models: ["no-such-model"], maxTokens: 100 },
    ];
    writeFileSync(join(repo, "llmcost.config.json"), JSON.stringify({ models: ["gpt-4o-mini"], rules }));
    const run = await llmcost(["check"], { cwd: repo });
    expectError(run, 65, /^llmcost: llmcost\.config\.json: rules\[1\]\.models: no-such-model: unknown model/);
  });

  it("18.14: -j far above the cores is capped with a warning, and the count is the same", async () => {
    const file = join(dir, "a.txt");
    writeFileSync(file, "Hello, world.\n");
    const capped = await llmcost(["estimate", "-m", "gpt-4o-mini", "-f", "json", "-j", "100000", file, file]);
    const plain = await llmcost(["estimate", "-m", "gpt-4o-mini", "-f", "json", file, file]);
    expect(capped.code).toBe(0);
    expect(capped.stderr).toMatch(
      /^llmcost: --jobs 100000: more than the \d+ cores? available: \d+ threads? used\n/,
    );
    expect(capped.stdout).toBe(plain.stdout);
  });

  it("18.21: `llmcost pricing` prints its help; `help bogus` and empty names are 64", async () => {
    const group = await llmcost(["pricing"]);
    expect(group.code).toBe(64);
    expect(group.stdout).toBe("");
    expect(group.stderr).toMatch(/^Usage: llmcost pricing /);
    expectError(await llmcost(["help", "bogus"]), 64, "bogus: unknown command");
    expectError(
      await llmcost(["estimate", "-p", ""], { input: "x" }),
      64,
      '--provider: expected a provider name, got ""',
    );
    expectError(
      await llmcost(["estimate", "--compare-to", ""], { input: "x" }),
      64,
      "--compare-to: expected a model id or alias, got an empty name",
    );
    expectError(
      await llmcost([
        "pricing",
        "update",
        "--from",
        "http://127.0.0.1:9/x",
        "-o",
        join(dir, "p.json"),
        "--timeout",
        "99999999999",
      ]),
      64,
      '--timeout: expected 1 to 3600 seconds, got "99999999999"',
    );
  });
});
