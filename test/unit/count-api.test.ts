// --count-with api in process: waits and the deadline injected, so retries and time-outs run at once.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NetworkOptions } from "../../src/io/count-client.js";
import { rowOf, TODAY, withoutRetiring } from "../e2e/cli.js";
import {
  type FakeCountServer,
  FRAMING,
  instantNet,
  startFakeCountServer,
  vendorTextTokens,
} from "../e2e/fake-count-server.js";
import { runCli } from "./helpers.js";

const CLAUDE = "claude-sonnet-4-6";
let server: FakeCountServer;
let home = "";
/** Waits asked for by the client (the fake sleep returns at once). */
let slept: number[] = [];

beforeAll(async () => {
  server = await startFakeCountServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  home = mkdtempSync(join(tmpdir(), "llmcost-count-api-"));
  slept = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function estimate(args: string[], net: NetworkOptions = {}) {
  const run = await runCli(["estimate", "--count-with", "api", "-f", "json", "-m", CLAUDE, ...args], {
    input: "one two three",
    env: {
      LLMCOST_TODAY: TODAY,
      ANTHROPIC_API_KEY: "a-key",
      ANTHROPIC_BASE_URL: server.base,
      XDG_CACHE_HOME: home,
    },
    net: { ...instantNet(slept, TODAY), ...net },
  });
  return { ...run, stderr: withoutRetiring(run.stderr) };
}
const notesOf = (stdout: string) => (JSON.parse(stdout) as { notes: string[] }).notes;

describe("--count-with api (in process)", () => {
  it("waits as retry-after says on a 429 and a 503, backs off without it, then counts", async () => {
    server.replies.push(
      { status: 429, headers: { "retry-after": "3" }, body: "{}" },
      { status: 503, headers: { "retry-after": "2" }, body: "{}" },
      { status: 502, body: "{}" },
    );
    const run = await estimate([]);
    expect(run.stderr).toBe("");
    expect(rowOf(run.stdout, CLAUDE)).toMatchObject({
      inputTokens: vendorTextTokens("one two three") + FRAMING,
      exact: true,
    });
    expect(slept).toEqual([3000, 2000, 4000]);
    expect(server.requests).toHaveLength(4);
  });

  it("gives up after 5 tries: the estimate is used, with a note", async () => {
    for (let i = 0; i < 5; i++) server.replies.push({ status: 503, body: "overloaded" });
    const run = await estimate([]);
    expect(run.code).toBe(0);
    expect(rowOf(run.stdout, CLAUDE)).toMatchObject({ exact: false });
    expect(notesOf(run.stdout)).toEqual([`--count-with api: ${CLAUDE}: HTTP 503, 5 tries; estimate used`]);
    expect(slept).toEqual([1000, 2000, 4000, 8000]);
  });

  it("the whole run has a deadline: what is not counted by then is estimated", async () => {
    const files = [1, 2, 3, 4, 5, 6].map((n) => {
      const file = join(home, `f${n}.txt`);
      writeFileSync(file, `text ${n}`);
      return file;
    });
    for (let i = 0; i < 6; i++) server.replies.push("hang");
    const run = await estimate(["--per-file", ...files], { deadlineMs: 150 });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(notesOf(run.stdout)).toEqual([
      "--count-with api: not done within 0.2 s; the counts not made are estimates",
    ]);
    const report = JSON.parse(run.stdout) as { inputs: { results: { exact: boolean }[] }[] };
    expect(report.inputs.flatMap((input) => input.results.map((row) => row.exact))).toEqual(
      Array(6).fill(false),
    );
    // Four were sent at once and hung; the other two were never sent.
    expect(server.requests).toHaveLength(4);
  });

  it("sends at most 4 requests at a time", async () => {
    const files = Array.from({ length: 10 }, (_, n) => {
      const file = join(home, `g${n}.txt`);
      writeFileSync(file, `number ${n}`);
      return file;
    });
    server.delayMs = 300;
    const run = await estimate(files);
    expect(run.stderr).toBe("");
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });
});
