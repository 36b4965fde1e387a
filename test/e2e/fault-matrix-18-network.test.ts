// Issue 18, items 2, 3 and 16: what llmcost reads from the network, and the --count-with api cache.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowOf, tempDir } from "./cli.js";
import {
  endless,
  type FakeCountServer,
  FRAMING,
  startFakeCountServer,
  vendorTextTokens,
} from "./fake-count-server.js";
import { escapeRegExp, expectError } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

const CLAUDE = "claude-sonnet-4-6";
const GEMINI = "gemini-2.5-pro";
const MiB = 1024 * 1024;

let server: FakeCountServer;
let home = "";
beforeAll(async () => {
  server = await startFakeCountServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  home = tempDir();
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** `estimate --count-with api -f json` against the fake vendor, with a cache of the test's own. */
const counted = (args: string[], input?: string) =>
  llmcost(["estimate", "--count-with", "api", "-f", "json", ...args], {
    ...(input === undefined ? {} : { input }),
    env: {
      ANTHROPIC_API_KEY: "a-key",
      ANTHROPIC_BASE_URL: server.base,
      GEMINI_API_KEY: "g-key",
      GEMINI_BASE_URL: server.base,
      XDG_CACHE_HOME: home,
    },
  });
const cacheDir = () => join(home, "llmcost", "token-counts");
const exactly = (text: string) => vendorTextTokens(text) + FRAMING;

describe("fault matrix round two (issue 18): network", () => {
  it("18.2: an endless body stops at the cap as it arrives (pricing update 50 MiB, a count 1 MiB)", async () => {
    // pricing update --from: a chunked body that never ends is cut off at 50 MiB, not read for 30 s.
    const source: Server = createServer((_request, response) => endless(response, (n) => (written += n)));
    let written = 0;
    await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(source.address() as AddressInfo).port}/prices.json`;
      const out = join(home, "prices.json");
      const run = await llmcost(["pricing", "update", "--from", url, "-o", out, "--timeout", "25"]);
      expectError(run, 66, `${url}: larger than 50 MiB; stopped reading there`);
      expect(existsSync(out)).toBe(false);
      // What was sent beyond the cap is what the sockets buffer, not what 25 s of reading would take.
      expect(written).toBeGreaterThan(50 * MiB);
      expect(written).toBeLessThan(80 * MiB);
    } finally {
      await new Promise<void>((resolve) => source.close(() => resolve()));
    }

    // --count-with api: an endless answer is not a count; reading stops at 1 MiB, the estimate stands.
    server.replies.push("endless");
    const run = await counted(["-m", CLAUDE], "one two three");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(rowOf(run.stdout, CLAUDE)).toMatchObject({ exact: false });
    expect(JSON.parse(run.stdout).notes).toEqual([
      `--count-with api: ${CLAUDE}: the answer is larger than 1024 KiB; estimate used`,
    ]);
    expect(server.sent).toBeLessThan(16 * MiB);
  });

  it("18.3: a cache entry that is not a count llmcost wrote is warned about and counted again", async () => {
    const text = "one two three four";
    const first = await counted(["-m", CLAUDE], text);
    expect(first.stderr).toBe("");
    expect(rowOf(first.stdout, CLAUDE)).toMatchObject({ inputTokens: exactly(text), exact: true });
    const [name] = readdirSync(cacheDir());
    const entry = join(cacheDir(), name as string);
    const good = readFileSync(entry, "utf8");
    const key = (name as string).replace(/\.json$/, "");
    expect(JSON.parse(good)).toEqual({ version: 1, key, tokens: exactly(text) });

    const bad: [string, string][] = [
      [JSON.stringify({ version: 1, key, tokens: -5 }), "tokens is -5, not a whole number ≥ 0"],
      [JSON.stringify({ version: 1, key, tokens: 1.5 }), "tokens is 1.5, not a whole number ≥ 0"],
      [`{"version": 1, "key": "${key}", "tokens": 1e300}`, "tokens is 1e+300, not a whole number ≥ 0"],
      [JSON.stringify({ version: 1, key, tokens: "7" }), 'tokens is "7", not a whole number ≥ 0'],
      [JSON.stringify({ tokens: 7 }), "version missing, not 1"],
      [JSON.stringify({ version: 2, key, tokens: 7 }), "version 2, not 1"],
      [
        JSON.stringify({ version: 1, key: "0".repeat(64), tokens: 7 }),
        "written for another text (its key differs)",
      ],
      ['{"version": 1, "tok', "not JSON"],
    ];
    for (const [content, why] of bad) {
      writeFileSync(entry, content);
      server.requests.length = 0;
      const run = await counted(["-m", CLAUDE], text);
      expect(run.stderr).toBe(`llmcost: ${entry}: ${why}; ignored, counted again\n`);
      expect(run.code).toBe(0);
      expect(rowOf(run.stdout, CLAUDE)).toMatchObject({ inputTokens: exactly(text), exact: true });
      expect(server.requests).toHaveLength(1);
      expect(readFileSync(entry, "utf8")).toBe(good);
    }
    // A directory where an entry should be: warned about, counted, and the run goes on.
    rmSync(entry);
    mkdirSync(entry);
    const blocked = await counted(["-m", CLAUDE], text);
    expect(blocked.stderr).toMatch(
      new RegExp(`^llmcost: ${escapeRegExp(entry)}: not a regular file; ignored`),
    );
    expect(rowOf(blocked.stdout, CLAUDE)).toMatchObject({ inputTokens: exactly(text), exact: true });
    expect(readdirSync(cacheDir()).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  it("18.16: requests go several at a time, and 429/5xx are retried as retry-after says", async () => {
    // 4 files × 2 models, each answer 300 ms late: more than one request is in flight at once, never
    // more than 4.
    const files = [1, 2, 3, 4].map((n) => {
      const file = join(home, `file-${n}.txt`);
      writeFileSync(file, `file number ${n} says ${"hello ".repeat(n)}`);
      return file;
    });
    server.delayMs = 300;
    const run = await counted(["-m", `${CLAUDE},${GEMINI}`, "--per-file", ...files]);
    expect(run.stderr).toBe("");
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    const report = JSON.parse(run.stdout) as { inputs: { source: string; results: { exact: boolean }[] }[] };
    expect(report.inputs.flatMap((input) => input.results.map((row) => row.exact))).toEqual(
      Array(8).fill(true),
    );

    // A 429 and a 503, each asking to come back at once: retried, then counted.
    server.delayMs = 0;
    server.requests.length = 0;
    server.replies.push(
      { status: 429, headers: { "retry-after": "0" }, body: "{}" },
      { status: 503, headers: { "retry-after": "0" }, body: "{}" },
    );
    const retried = await counted(["-m", CLAUDE], "seven eight nine");
    expect(retried.stderr).toBe("");
    expect(rowOf(retried.stdout, CLAUDE)).toMatchObject({
      inputTokens: exactly("seven eight nine"),
      exact: true,
    });
    expect(server.requests.map((request) => request.text)).toEqual(Array(3).fill("seven eight nine"));
  });
});
