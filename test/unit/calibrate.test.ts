import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { estimateWith, planEstimate } from "../../src/api.js";
import { calibrateOptions } from "../../src/cli/calibrate-command.js";
import { measureSamples } from "../../src/cli/calibrate-measure.js";
import type { NetworkOptions } from "../../src/io/count-client.js";
import { TODAY, withoutRetiring } from "../e2e/cli.js";
import {
  type FakeCountServer,
  FRAMING,
  prose,
  startFakeCountServer,
  vendorTextTokens,
} from "../e2e/fake-count-server.js";
import { runCli } from "./helpers.js";

const CLAUDE = "claude-sonnet-4-6";
let server: FakeCountServer;
let home = "";
let corpus = "";
/** Waits asked for by the client (the fake sleep returns at once). */
let slept: number[] = [];

beforeAll(async () => {
  server = await startFakeCountServer();
});
afterAll(() => server.close());
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "llmcost-calibrate-"));
  mkdirSync(join(home, ".config"));
  corpus = join(home, "corpus");
  mkdirSync(corpus);
  for (let seed = 1; seed <= 8; seed++) writeFileSync(join(corpus, `chapter-${seed}.md`), prose(seed, 6000));
  server.requests.length = 0;
  server.replies.length = 0;
  slept = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI in process, with the fake vendor's address and key, a fake sleep and a fixed clock. */
async function llmcost(argv: string[], env: Record<string, string> = {}, net: NetworkOptions = {}) {
  const run = await runCli(argv, {
    env: {
      LLMCOST_TODAY: TODAY,
      HOME: home,
      ANTHROPIC_API_KEY: "a-key",
      ANTHROPIC_BASE_URL: server.base,
      GEMINI_API_KEY: "g-key",
      GEMINI_BASE_URL: server.base,
      ...env,
    },
    net: {
      sleep: async (ms) => {
        slept.push(ms);
      },
      now: () => Date.parse(`${TODAY}T12:00:00Z`),
      ...net,
    },
  });
  return { ...run, stderr: withoutRetiring(run.stderr) };
}

const profileDir = () => join(home, ".config", "llmcost", "calibration");
const SENDING =
  /^llmcost: calibrate: sending \d+ requests to http:\/\/127\.0\.0\.1:\d+\/v1\/messages\/count_tokens\n/;

/** The tokenizer id a model is estimated with (the JSON report's `tokenizer`), whatever it is named. */
async function tokenizerOf(model: string): Promise<string> {
  const file = join(home, "probe.txt");
  writeFileSync(file, "x");
  const run = await llmcost(["estimate", file, "-m", model, "-f", "json", "--no-calibration"]);
  return JSON.parse(run.stdout).results[0].tokenizer;
}

describe("llmcost calibrate → estimate", () => {
  it("fits the estimator to the vendor's counts of the user's prose, and estimate applies the profile", async () => {
    const tokenizer = await tokenizerOf(CLAUDE);
    const calibrate = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-f", "json"]);
    expect(calibrate.stderr).toMatch(SENDING);
    expect(calibrate.code).toBe(0);
    const report = JSON.parse(calibrate.stdout);
    const path = join(profileDir(), `${tokenizer}.json`);
    expect(report.profilePath).toBe(path);
    const { profilePath: _, ...saved } = report;
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(saved);
    expect(saved).toMatchObject({
      version: 1,
      tokenizer,
      model: CLAUDE,
      provider: "anthropic",
      created: TODAY,
      framing: FRAMING,
      error: { method: "leave-one-file-out" },
    });
    // 8 files of 6,000 bytes in chunks of at most 4 KB: 16 chunks, after the two framing probes.
    expect(server.requests.map((r) => r.text).slice(0, 2)).toEqual(["a", "b"]);
    expect(server.requests).toHaveLength(2 + saved.samples);
    expect(saved.samples).toBe(16);
    expect(server.requests.every((r) => r.key === "a-key" && r.url === "/v1/messages/count_tokens")).toBe(
      true,
    );
    expect(Object.keys(saved.scales)).toEqual(["prose"]);
    const { before, after } = saved.error;
    console.log(
      `calibrate e2e: scale ${saved.scale}; error before mean ${before.overall.mean} worst ${before.overall.worst}; after (held out) mean ${after.overall.mean} worst ${after.overall.worst}`,
    );
    expect(before.overall.mean).toBeGreaterThan(0.05);
    expect(after.overall.mean).toBeLessThan(0.02);
    expect(after.overall.worst).toBeLessThan(before.overall.worst);

    // A file calibrate never saw: within 3% of the vendor's count, offline.
    const unseen = join(home, "unseen.md");
    const text = prose(99, 5000);
    writeFileSync(unseen, text);
    const sent = server.requests.length;
    const estimate = await llmcost(["estimate", unseen, "-m", CLAUDE, "-f", "json"]);
    expect(estimate.stderr).toBe("");
    expect(server.requests).toHaveLength(sent);
    const row = JSON.parse(estimate.stdout).results[0];
    expect(row).toMatchObject({
      exact: false,
      calibratedWith: { profile: path, created: TODAY, samples: 16, model: CLAUDE },
    });
    expect(row.estimateMethod).toMatch(/calibrated/);
    // The range is the profile's: its held-out worst error, around the calibrated count.
    expect(row.errorBand.against).toMatch(/^16 samples of your text, held out/);
    expect(row.inputTokensRange.low).toBeLessThanOrEqual(vendorTextTokens(text));
    expect(row.inputTokensRange.high).toBeGreaterThanOrEqual(vendorTextTokens(text));
    const vendor = vendorTextTokens(text);
    const plainRun = await llmcost(["estimate", unseen, "-m", CLAUDE, "-f", "json", "--no-calibration"]);
    const plain = JSON.parse(plainRun.stdout).results[0];
    console.log(
      `unseen file: vendor ${vendor} tokens, calibrated ${row.inputTokens} (${pct(row.inputTokens, vendor)}), plain ${plain.inputTokens} (${pct(plain.inputTokens, vendor)})`,
    );
    expect(Math.abs(row.inputTokens - vendor) / vendor).toBeLessThan(0.03);
    expect(Math.abs(plain.inputTokens - vendor) / vendor).toBeGreaterThan(0.05);
    expect(plain).toMatchObject({ calibratedWith: null });
    expect(plain.estimateMethod).not.toMatch(/calibrated/);
    expect(row.inputTokens).toBe(Math.round(plain.inputTokens * saved.scales.prose));

    const table = await llmcost(["estimate", unseen, "-m", CLAUDE]);
    expect(table.stdout).toContain(
      `${tokenizer} calibrated with ~/.config/llmcost/calibration/${tokenizer}.json (16 samples, ${TODAY})`,
    );
    const markdown = await llmcost(["estimate", unseen, "-m", CLAUDE, "-f", "markdown"]);
    expect(markdown.stdout).toContain(`${tokenizer} calibrated with`);
    // Exact models are never scaled, and a profile is not loaded for them.
    const exact = await llmcost(["estimate", unseen, "-m", "gpt-4o", "-f", "json"]);
    expect(JSON.parse(exact.stdout).results[0].calibratedWith).toBeNull();
  });

  it("prints a table by default: scale and error per kind, and where the profile went", async () => {
    writeFileSync(join(corpus, "tool.ts"), "export const x = (a: number) => a * 2;\n".repeat(40));
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(
      /measured against anthropic's token count for claude-sonnet-4-6 on 2026-11-27/,
    );
    expect(run.stdout).toMatch(/│ prose +│ +16 │ +×\d\.\d{3} │ +\d+\.\d% \/ \d+\.\d% │/);
    expect(run.stdout).toMatch(/│ code +│ +1 │ +×\d\.\d{3} \(all\) │/);
    expect(run.stdout).toMatch(/│ all +│ +17 │/);
    expect(run.stdout).toMatch(/framing: 9 tokens per request/);
    expect(run.stdout).toMatch(/Saved ~\/\.config\/llmcost\/calibration\/[\w.-]+\.json/);
    // At 60 columns (COLUMNS, as in a pipe) the error columns' titles wrap and every line fits.
    const narrow = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"], { COLUMNS: "60" });
    const lines = narrow.stdout.split("\n");
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(60);
    expect(narrow.stdout).toMatch(/│ prose +│.* +×\d\.\d{3} │ +\d+\.\d% \/ \d+\.\d% │/);
  });

  it("works for Gemini models the same way, with their own key and endpoint", async () => {
    // Whichever Gemini model is on sale and estimated (not counted exactly) in the shipped price list.
    const list = await llmcost([
      "estimate",
      join(corpus, "chapter-1.md"),
      "-p",
      "google",
      "-f",
      "json",
      "--no-calibration",
    ]);
    const row = JSON.parse(list.stdout).results.find(
      (r: { exact: boolean; kind: string }) => !r.exact && r.kind === "chat",
    );
    expect(row, "an estimated Gemini model").toBeDefined();
    server.requests.length = 0;
    const run = await llmcost(["calibrate", corpus, "-m", row.model, "-f", "json", "--max-requests", "6"]);
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => [r.url, r.key])[0]).toEqual([
      `/v1beta/models/${row.model}:countTokens`,
      "g-key",
    ]);
    expect(server.requests).toHaveLength(8);
    expect(JSON.parse(run.stdout)).toMatchObject({
      tokenizer: row.tokenizer,
      samples: 6,
      provider: "google",
      framing: FRAMING,
    });
    expect(existsSync(join(profileDir(), `${row.tokenizer}.json`))).toBe(true);
  });

  it("--profile saves where asked, in a directory that exists; it makes no directory", async () => {
    const path = join(home, "mine.json");
    const run = await llmcost([
      "calibrate",
      corpus,
      "-m",
      CLAUDE,
      "--profile",
      path,
      "--max-requests",
      "3",
      "-q",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(path, "utf8")).samples).toBe(3);
    expect(existsSync(join(home, ".config", "llmcost"))).toBe(false);

    server.requests.length = 0;
    const missing = await llmcost([
      "calibrate",
      corpus,
      "-m",
      CLAUDE,
      "--profile",
      join(home, "no", "p.json"),
    ]);
    expect(missing.code).toBe(74);
    expect(missing.stderr).toMatch(/: no such directory: .*\/no\n$/);
    const directory = await llmcost(["calibrate", corpus, "-m", CLAUDE, "--profile", corpus]);
    expect(directory.code).toBe(74);
    expect(directory.stderr).toMatch(/corpus: exists and is not a regular file\n$/);
    expect(server.requests).toEqual([]);
  });

  it("makes only llmcost/calibration under the config home, never the config home itself", async () => {
    rmSync(join(home, ".config"), { recursive: true });
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE]);
    expect(run.code).toBe(74);
    expect(run.stderr).toMatch(/no such directory: .*\/\.config\n$/);
    expect(existsSync(join(home, ".config"))).toBe(false);
    expect(server.requests).toEqual([]);

    const xdg = join(home, "xdg");
    mkdirSync(xdg);
    const ok = await llmcost(["calibrate", corpus, "-m", CLAUDE, "--max-requests", "2", "-q"], {
      XDG_CONFIG_HOME: xdg,
    });
    expect(ok.code).toBe(0);
    expect(readdirSync(join(xdg, "llmcost", "calibration"))).toHaveLength(1);
  });
});

describe("llmcost calibrate: what stops it", () => {
  const noProfileWritten = () => expect(existsSync(profileDir())).toBe(false);

  it("without a key: exit 64 naming the variable, nothing sent", async () => {
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE], { ANTHROPIC_API_KEY: "" });
    expect(run).toMatchObject({ code: 64, stdout: "" });
    expect(run.stderr).toMatch(/^llmcost: ANTHROPIC_API_KEY: not set: calibrate needs an? anthropic API key/);
    expect(server.requests).toEqual([]);
  });

  it("a model counted exactly, or whose provider has no endpoint: exit 64 naming the model", async () => {
    const exact = await llmcost(["calibrate", corpus, "-m", "gpt-4o"]);
    expect(exact.code).toBe(64);
    expect(exact.stderr).toMatch(/^llmcost: gpt-4o[\w-]*: is counted exactly \(o200k_base\)/);
    const grok = await llmcost(["calibrate", corpus, "-m", "grok-4"]);
    expect(grok.code).toBe(64);
    expect(grok.stderr).toMatch(/^llmcost: grok-4[\w.-]*: xai has no token-counting endpoint/);
    const none = await llmcost(["calibrate", corpus]);
    expect(none.code).toBe(64);
    expect(server.requests).toEqual([]);
  });

  it("401: one line, exit 74, no profile", async () => {
    server.replies.push({ status: 401, body: '{"error": {"message": "invalid x-api-key"}}' });
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(run).toEqual({
      code: 74,
      stdout: "",
      stderr: "llmcost: calibrate: anthropic rejected the key (401); check ANTHROPIC_API_KEY\n",
    });
    noProfileWritten();
  });

  it("429 waits as retry-after says (seconds, or an HTTP date; at most 60 s), then goes on", async () => {
    const now = Date.parse(`${TODAY}T12:00:00Z`);
    server.replies.push(
      { status: 429, headers: { "retry-after": "3" }, body: "{}" },
      { status: 429, headers: { "retry-after": new Date(now + 5000).toUTCString() }, body: "{}" },
      { status: 429, headers: { "retry-after": "3600" }, body: "{}" },
      { status: 429, body: "{}" },
    );
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "--max-requests", "2", "-q"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(slept).toEqual([3000, 5000, 60_000, 8000]);
    expect(server.requests.map((r) => r.text).slice(0, 5)).toEqual(["a", "a", "a", "a", "a"]);
  });

  it("5xx is retried a bounded number of times, then exit 74", async () => {
    for (let i = 0; i < 5; i++) server.replies.push({ status: 503, body: "overloaded" });
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(run.code).toBe(74);
    expect(run.stderr).toMatch(
      /^llmcost: http:\/\/127\.0\.0\.1:\d+\/v1\/messages\/count_tokens: HTTP 503, 5 tries\n$/,
    );
    expect(slept).toEqual([1000, 2000, 4000, 8000]);
    expect(server.requests).toHaveLength(5);
    noProfileWritten();
  });

  it.each([
    ["not JSON", { status: 200, body: "<html>oops</html>" }, "the answer is not JSON"],
    ["no count", { status: 200, body: '{"tokens": 5}' }, "no input_tokens in the answer"],
    [
      "a negative count",
      { status: 200, body: '{"input_tokens": -5}' },
      "input_tokens is -5, not a whole number ≥ 0",
    ],
    [
      "a fraction",
      { status: 200, body: '{"input_tokens": 2.5}' },
      "input_tokens is 2.5, not a whole number ≥ 0",
    ],
    [
      "a string",
      { status: 200, body: '{"input_tokens": "7"}' },
      'input_tokens is "7", not a whole number ≥ 0',
    ],
    [
      "over 1 MB",
      { status: 200, body: `{"input_tokens": 5, "pad": "${"x".repeat(1_100_000)}"}` },
      "the answer is larger than 1024 KiB",
    ],
    [
      "a 400",
      { status: 400, body: '{"error": {"message": "model: not found"}}' },
      "HTTP 400: model: not found",
    ],
  ])("an answer that is %s: one line naming the endpoint, exit 74", async (_, reply, reason) => {
    server.replies.push(reply);
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(run.code).toBe(74);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^llmcost: http:\/\/127\.0\.0\.1:\d+\/v1\/messages\/count_tokens: /);
    expect(run.stderr).toContain(`: ${reason}\n`);
    expect(run.stderr.split("\n")).toHaveLength(2);
    noProfileWritten();
  });

  it("a body without a content-length over 1 MB is cut off as it is read", async () => {
    // Chunked: the size is known only while reading.
    server.replies.push({
      status: 200,
      headers: { "transfer-encoding": "chunked" },
      body: "9".repeat(2_000_000),
    });
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(run.code).toBe(74);
    expect(run.stderr).toContain("the answer is larger than 1024 KiB");
  });

  it("no answer in time: retried, then exit 74", async () => {
    for (let i = 0; i < 5; i++) server.replies.push("hang");
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"], {}, { timeoutMs: 100 });
    expect(run.code).toBe(74);
    expect(run.stderr).toMatch(/count_tokens: no answer within 0\.1 s, 5 tries\n$/);
    noProfileWritten();
  });

  it("the whole run has a deadline", async () => {
    for (let i = 0; i < 5; i++) server.replies.push("hang");
    const run = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"], {}, { deadlineMs: 150 });
    expect(run).toMatchObject({ code: 74, stdout: "" });
    expect(run.stderr).toBe("llmcost: calibrate: not done within 0.2 s; stopped, no profile written\n");
    noProfileWritten();
  });

  it("a failed run leaves the profile there as it was, and no temporary file", async () => {
    expect((await llmcost(["calibrate", corpus, "-m", CLAUDE, "--max-requests", "2", "-q"])).code).toBe(0);
    const [name] = readdirSync(profileDir());
    const before = readFileSync(join(profileDir(), name as string), "utf8");
    server.replies.push({ status: 200, body: "{}" });
    const failed = await llmcost(["calibrate", corpus, "-m", CLAUDE, "-q"]);
    expect(failed.code).toBe(74);
    expect(readdirSync(profileDir())).toEqual([name]);
    expect(readFileSync(join(profileDir(), name as string), "utf8")).toBe(before);
  });
});

describe("estimate with a profile that cannot be used", () => {
  async function withProfile(edit: (profile: Record<string, unknown>) => unknown) {
    expect((await llmcost(["calibrate", corpus, "-m", CLAUDE, "--max-requests", "4", "-q"])).code).toBe(0);
    const [name] = readdirSync(profileDir());
    const path = join(profileDir(), name as string);
    const edited = edit(JSON.parse(readFileSync(path, "utf8")));
    writeFileSync(path, typeof edited === "string" ? edited : JSON.stringify(edited));
    const file = join(corpus, "chapter-1.md");
    const plain = await llmcost(["estimate", file, "-m", CLAUDE, "-f", "json", "--no-calibration"]);
    expect(plain.stderr).toBe("");
    const run = await llmcost(["estimate", file, "-m", CLAUDE, "-f", "json"]);
    return { run, path, plain: JSON.parse(plain.stdout).results[0].inputTokens as number };
  }

  it.each([
    ["not JSON", () => "{ half a profile", "not JSON"],
    [
      "a scale that is not a number",
      (p: Record<string, unknown>) => ({ ...p, scale: "NaN" }),
      "scale: expected a number from 0.2 to 5",
    ],
    [
      "a scale out of range",
      (p: Record<string, unknown>) => ({ ...p, scale: 40 }),
      "scale: expected a number from 0.2 to 5",
    ],
    [
      "a negative kind scale",
      (p: Record<string, unknown>) => ({ ...p, scales: { prose: -1 } }),
      "scales.prose: expected a number",
    ],
    [
      "negative framing",
      (p: Record<string, unknown>) => ({ ...p, framing: -3 }),
      "framing: expected a whole number ≥ 0",
    ],
    ["another version", (p: Record<string, unknown>) => ({ ...p, version: 2 }), "version: expected 1"],
    [
      "another estimator",
      (p: Record<string, unknown>) => ({ ...p, estimatorProbe: 1 }),
      "made with another version of the",
    ],
  ])("%s: a one-line warning, and the plain estimate", async (_, edit, reason) => {
    const { run, path, plain } = await withProfile(edit);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`llmcost: ${path}: `);
    expect(run.stderr).toContain(reason);
    expect(run.stderr.split("\n")).toHaveLength(2);
    const row = JSON.parse(run.stdout).results[0];
    expect(row).toMatchObject({ inputTokens: plain, calibratedWith: null });
    expect(Number.isSafeInteger(row.inputTokens) && row.inputTokens > 0).toBe(true);
  });

  it("-q hides the warning; --no-calibration does not read the profile", async () => {
    const { path } = await withProfile(() => "garbage");
    const file = join(corpus, "chapter-1.md");
    expect((await llmcost(["estimate", file, "-m", CLAUDE, "-q"])).stderr).toBe("");
    const ignored = await llmcost(["estimate", file, "-m", CLAUDE, "--no-calibration"]);
    expect(ignored.stderr).not.toContain(path);
  });
});

describe("docs/commands/calibrate.md", () => {
  it("documents every option of llmcost calibrate", () => {
    const page = readFileSync(new URL("../../docs/commands/calibrate.md", import.meta.url), "utf8");
    for (const option of calibrateOptions()) expect(page, option.flags).toContain(`\`${option.flags}\``);
  });
});

const pct = (count: number, vendor: number) => `${(((count - vendor) / vendor) * 100).toFixed(1)}%`;

describe("the library", () => {
  it("applies a profile passed as calibration, to text inputs of that estimator only", async () => {
    const request = { models: [CLAUDE, "gpt-4o"], date: TODAY };
    const plain = estimateWith(await planEstimate(request), "Hello there, general Kenobi.");
    const claude = plain.results.find((r) => r.model === CLAUDE);
    const ref = { profile: "/p.json", created: TODAY, samples: 9, model: CLAUDE };
    const calibration = new Map([[claude?.tokenizer as string, { scale: 2, scales: {}, bands: {}, ref }]]);
    const scaled = estimateWith(
      await planEstimate({ ...request, calibration }),
      "Hello there, general Kenobi.",
    );
    const row = scaled.results.find((r) => r.model === CLAUDE);
    expect(row?.inputTokens).toBe((claude?.inputTokens ?? 0) * 2);
    expect(row?.calibratedWith).toEqual(ref);
    const gpt = (estimate: typeof plain) => estimate.results.find((r) => r.model !== CLAUDE);
    expect(gpt(scaled)?.inputTokens).toBe(gpt(plain)?.inputTokens);
    expect(gpt(scaled)?.calibratedWith).toBeUndefined();
  });
});

describe("measureSamples", () => {
  const chunk = (text: string) => ({ source: "a.md", kind: "prose" as const, text, bytes: text.length });
  const client = (framing: (text: string) => number) => ({
    url: "https://example.com/count",
    count: async (text: string) => text.length + framing(text),
  });
  const tokenizer = { id: "est", exact: false, countedWith: "est", count: (text: string) => text.length * 2 };

  it("on a terminal, redraws a count of requests in place and clears it at the end", async () => {
    let written = "";
    const stderr = Object.assign(
      new Writable({
        write(data, _encoding, done) {
          written += String(data);
          done();
        },
      }),
      { isTTY: true },
    );
    const warnings: string[] = [];
    const measured = await measureSamples(
      client(() => 6),
      tokenizer,
      [chunk("hello"), chunk("hi")],
      {
        stderr,
        quiet: false,
        warn: (_, reason) => warnings.push(reason),
        provider: "acme",
      },
    );
    expect(measured).toEqual({
      framing: 6,
      samples: [
        { source: "a.md", kind: "prose", estimate: 10, vendor: 5 },
        { source: "a.md", kind: "prose", estimate: 4, vendor: 2 },
      ],
    });
    expect(warnings).toEqual([]);
    expect(written).toContain("\r\u001b[2Kllmcost: calibrate: 2/4 requests to https://example.com/count");
    expect(written.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("two one-letter texts counted differently: the lower gives the framing, with a warning", async () => {
    const warnings: string[] = [];
    const measured = await measureSamples(
      client((text) => (text === "b" ? 8 : 7)),
      tokenizer,
      [chunk("x")],
      {
        stderr: new Writable({ write: (_data, _encoding, done) => done() }),
        quiet: true,
        warn: (_, reason) => warnings.push(reason),
        provider: "acme",
      },
    );
    expect(measured.framing).toBe(7);
    expect(warnings).toEqual(["acme counted the one-letter texts as 8 and 9 tokens; framing taken as 7"]);
  });
});
