import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimate, loadCatalog } from "../../src/api.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

// The billing units through the CLI and the library: flags, JSON fields, CSV columns, table notes and
// the usage errors (exit 64) of bad values, on a user pricing file with a model of each unit.

const UNITS = new URL("../fixtures/user-pricing/billing-units.json", import.meta.url).pathname;
const TEXT = "Hello   world,\tthis is a test.";
const run = (args: string[], input = TEXT) =>
  runCli(["estimate", "--pricing", UNITS, "-p", "unitstest", "--output-tokens", "10", ...args], { input });
const rows = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout).results as Record<string, unknown>[]).map((row) => [row.model, row]),
  );

describe("estimate with billing units", () => {
  it("JSON says each row's unit, characters, tier, endpoint and window, and the run's choices", async () => {
    const result = await run([
      "-f",
      "json",
      "--cache-write-ratio",
      "0.5",
      "--cache-ttl",
      "1h",
      "--at",
      "17:00",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.billing).toEqual({
      batch: false,
      cachedRatio: 0,
      cacheWriteRatio: 0.5,
      cacheTtl: "1h",
      at: "17:00",
    });
    const byModel = rows(result.stdout);
    // "Hello world, this is a test.": 23 characters that are not white space.
    expect(byModel["chars-model"]).toMatchObject({
      unit: "character",
      inputCharacters: 23,
      outputCharacters: 40,
      costExact: { input: String((23 * 1.25) / 1e6), output: String((40 * 3.75) / 1e6) },
    });
    expect(byModel["night-model"]).toMatchObject({
      unit: "token",
      offPeak: "16:30–00:30",
      inputPricePerMillion: 0.135,
    });
    expect(byModel["region-model"]).toMatchObject({ endpoint: "regional", inputPricePerMillion: 3.3 });
    const cache = byModel["cache-model"] as {
      inputTokens: number;
      cacheWriteTokens: number;
      costExact: { input: string };
    };
    expect(cache.cacheWriteTokens).toBe(Math.round(cache.inputTokens / 2));
    const written = cache.cacheWriteTokens;
    const plain = cache.inputTokens - written;
    // plain × $3 + written × $6 (1-hour) per 1M, as an exact decimal
    expect(cache.costExact.input).toBe(String((plain * 3 + written * 6) / 1e6));
  });

  it("prices one service tier, and says which models have no price in it", async () => {
    const result = await run(["-f", "json", "--service-tier", "priority"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.results.map((r: { model: string }) => r.model)).toEqual(["tier-model"]);
    expect(report.results[0]).toMatchObject({
      serviceTier: "priority",
      inputPricePerMillion: 2.5,
      outputPricePerMillion: 20,
    });
    expect(report.unavailable).toContainEqual({
      model: "night-model",
      provider: "unitstest",
      reason: "no priority service-tier price",
      named: false,
    });
  });

  it("the table says how many models have no price in the tier, not that they are off sale", async () => {
    const result = await run(["--service-tier", "priority"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "4 models with no priority service-tier price left out (listed in --format json)",
    );
    expect(result.stdout).not.toContain("not on sale");
  });

  it("a named model without the tier is warned of, never priced at standard", async () => {
    const result = await runCli(
      ["estimate", "--pricing", UNITS, "-m", "tier-model,night-model", "--service-tier", "flex"],
      { input: TEXT },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("night-model: not priced on 2026-11-27: no flex service-tier price");
    expect(result.stdout).toContain("Priced at: flex service tier (--service-tier): tier-model");
  });

  it("CSV has the billing-unit columns, with the JSON's values", async () => {
    const result = await run(["-f", "csv", "--endpoint", "global", "--at", "00:10"]);
    expect(result.code).toBe(0);
    const [header = "", ...lines] = result.stdout.trim().split("\r\n");
    const columns = header.split(",");
    const cell = (model: string, column: string) =>
      lines.find((line) => line.startsWith(`${model},`))?.split(",")[columns.indexOf(column)];
    expect(columns.slice(-9, -2)).toEqual([
      "cacheWriteTokens",
      "unit",
      "inputCharacters",
      "outputCharacters",
      "serviceTier",
      "endpoint",
      "offPeak",
    ]);
    expect(columns.slice(-2)).toEqual(["cachedInputCharacters", "cacheWriteCharacters"]);
    expect(cell("chars-model", "unit")).toBe("character");
    expect(cell("chars-model", "inputCharacters")).toBe("23");
    expect(cell("chars-model", "cachedInputCharacters")).toBe("0");
    expect(cell("region-model", "cachedInputCharacters")).toBe("");
    expect(cell("region-model", "endpoint")).toBe("global");
    expect(cell("region-model", "inputPricePerMillion")).toBe("3");
    expect(cell("night-model", "offPeak")).toBe("16:30–00:30");
  });

  it("the table says what each unit did", async () => {
    const result = await run(["--cache-write-ratio", "0.25", "--at", "20:00"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Cache writes: 0.25 of input tokens billed as 5-minute cache writes where a model prices them (--cache-write-ratio)",
    );
    // The models that price no cache writes bill the share as input, and the table names them.
    expect(result.stdout).toMatch(
      /cache writes billed as ordinary input \(the model prices none\): [^\n]*chars-model/,
    );
    expect(result.stdout).not.toMatch(/ordinary input[^\n]*cache-model/);
    expect(result.stdout).toContain(
      "Per character: chars-model bills characters, not tokens (white space excluded): 23 input characters, 40 output characters",
    );
    expect(result.stdout).toContain("Priced at: off-peak prices, 16:30–00:30 UTC (--at 20:00): night-model");
    expect(result.stdout).toContain(
      "Priced at: regional endpoint (--endpoint; regional unless global is asked for): region-model",
    );
  });

  it("counts a chat payload's and a batch file's billable characters from their texts", async () => {
    const payload = JSON.stringify({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello there, how are you?" },
      ],
    });
    const result = await runCli(
      ["estimate", "--pricing", UNITS, "-m", "chars-model", "--input", "chat", "-f", "json"],
      { input: payload },
    );
    expect(result.code, result.stderr).toBe(0);
    const [row] = JSON.parse(result.stdout).results;
    // "Be brief." 8, "Hello there, how are you?" 21: the texts' characters, not 4 per token.
    expect(row.inputCharacters).toBe(29);
    expect(row.costExact.input).toBe(String((29 * 1.25) / 1e6));
    expect(row.estimateMethod ?? "").not.toContain("characters estimated");
    const line = (id: string, content: string) =>
      JSON.stringify({
        custom_id: id,
        method: "POST",
        url: "/v1/chat/completions",
        body: { messages: [{ role: "user", content }] },
      });
    const batch = await runCli(
      [
        "estimate",
        "--pricing",
        UNITS,
        "-m",
        "chars-model",
        "--input",
        "jsonl",
        "-f",
        "json",
        "--per-request",
      ],
      { input: `${line("a", "one two")}\n${line("b", "three four five")}\n` },
    );
    expect(batch.code, batch.stderr).toBe(0);
    expect(JSON.parse(batch.stdout).results[0].inputCharacters).toBe(6 + 13);
  });

  it("bills a long chat message on Vertex AI's per-character Gemini 1.5 at its characters, not 4 a token", async () => {
    // English prose runs well over 4 characters a token: estimating from tokens under-charged.
    const words = ["billing", "characters", "vertex", "gemini", "estimate", "pricing", "a", "of"];
    let text = "";
    for (let i = 0; text.length < 20_000; i++) text += `${words[(i * 7) % words.length]} `;
    const expected = text.replace(/\s/g, "").length;
    const payload = JSON.stringify({ contents: [{ role: "user", parts: [{ text }] }] });
    const result = await runCli(
      ["estimate", "-m", "vertex/gemini-1.5-pro", "--as-of", "2024-07-01", "--input", "chat", "-f", "json"],
      { input: payload },
    );
    expect(result.code, result.stderr).toBe(0);
    const [row] = JSON.parse(result.stdout).results;
    expect(row.unit).toBe("character");
    expect(row.inputCharacters).toBe(expected);
    expect(row.inputCharacters).toBeGreaterThan(row.inputTokens * 4);
  });

  it("bills characters for a per-character model a payload names itself", async () => {
    const payload = JSON.stringify({
      model: "chars-model",
      messages: [{ role: "user", content: "Hello there, how are you?" }],
    });
    const result = await runCli(["estimate", "--pricing", UNITS, "--input", "chat", "-f", "json"], {
      input: payload,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).results[0]).toMatchObject({ model: "chars-model", inputCharacters: 21 });
  });

  it("says tool definitions' characters are an estimate", async () => {
    const payload = JSON.stringify({
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f", description: "does f", parameters: {} } }],
    });
    const result = await runCli(
      ["estimate", "--pricing", UNITS, "-m", "chars-model", "--input", "chat", "-f", "json"],
      { input: payload },
    );
    expect(result.code, result.stderr).toBe(0);
    const [row] = JSON.parse(result.stdout).results;
    // "hi" 2, "f" 1, "does f" 5, "{}" 2.
    expect(row.inputCharacters).toBe(10);
    expect(row.exact).toBe(false);
    expect(row.estimateMethod).toContain("tool definitions' characters counted as their JSON");
  });

  it("a per-character row says so in the table, and names its cached characters in JSON", async () => {
    const table = await run(["-m", "chars-model"]);
    expect(table.code, table.stderr).toBe(0);
    const row = table.stdout.split("\n").find((line) => line.includes("chars-model")) ?? "";
    expect(row).toContain("$1.25/$3.75 per 1M chars");
    expect(table.stdout).toContain("Prices: USD per 1M tokens (per 1M characters where a row says so)");
    const json = await run(["-m", "chars-model,cache-model", "-f", "json", "--cached-ratio", "0.5"]);
    const byModel = rows(json.stdout);
    // 23 characters: 12 of them (rounded half up) read from the cache.
    expect(byModel["chars-model"]).toMatchObject({
      cachedInputTokens: 12,
      cachedInputCharacters: 12,
      cacheWriteCharacters: 0,
    });
    expect(byModel["cache-model"]).toMatchObject({ cachedInputCharacters: null, cacheWriteCharacters: null });
  });

  it("prints one figure for a band that does not move the cost", async () => {
    // Gemini 1.5's count is an estimate with a band; its characters are counted exactly, so the band of
    // tokens does not move a per-character cost.
    const result = await runCli(["estimate", "-m", "vertex/gemini-1.5-pro", "--as-of", "2024-07-01"], {
      input: "Hello there, how are you? ".repeat(200),
      env: { COLUMNS: "200" },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("≈ estimated: vertex/gemini-1.5-pro could be");
    expect(result.stdout).not.toMatch(/(\$[0-9.]+)–\1(?![0-9])/);
  });

  it("merges shards of the same billing exactly, and refuses shards of different billing", async () => {
    const dir = tempDir();
    const shard = async (name: string, text: string, at: string) => {
      const result = await run(
        ["-f", "jsonl", "--at", at, "--cached-ratio", "0.4", "--cache-write-ratio", "0.5"],
        text,
      );
      expect(result.code, result.stderr).toBe(0);
      writeFileSync(join(dir, name), result.stdout);
      return join(dir, name);
    };
    const a = await shard("a.jsonl", "one two three", "17:00");
    const b = await shard("b.jsonl", "four five six seven", "17:00");
    const merged = await runCli(["merge", a, b, "-f", "json"]);
    expect(merged.code, merged.stderr).toBe(0);
    const whole = await run(
      ["-f", "json", "--at", "17:00", "--cached-ratio", "0.4", "--cache-write-ratio", "0.5"],
      "one two three",
    );
    const chars = rows(merged.stdout)["chars-model"] as { inputCharacters: number };
    // "one two three" 11 characters, "four five six seven" 16.
    expect(chars.inputCharacters).toBe(27);
    expect(rows(merged.stdout)["night-model"]).toMatchObject({ offPeak: "16:30–00:30" });
    expect(JSON.parse(merged.stdout).billing).toEqual(JSON.parse(whole.stdout).billing);
    const other = await shard("c.jsonl", "eight", "12:00");
    const refused = await runCli(["merge", a, other, "-f", "json"]);
    expect(refused.code).toBe(65);
    // Only the flag that differs is named.
    expect(refused.stderr).toContain("(different billing (--at))");
    expect(refused.stdout).toBe("");
  });

  it("merges shards priced alike whether the defaults were given or not", async () => {
    const dir = tempDir();
    const shard = async (name: string, text: string, args: string[]) => {
      const result = await run(["-f", "jsonl", ...args], text);
      expect(result.code, result.stderr).toBe(0);
      writeFileSync(join(dir, name), result.stdout);
      return join(dir, name);
    };
    const a = await shard("a.jsonl", "one two", ["--endpoint", "regional", "--service-tier", "standard"]);
    const b = await shard("b.jsonl", "three four", []);
    const merged = await runCli(["merge", a, b, "-f", "json"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(rows(merged.stdout)["region-model"]).toMatchObject({
      endpoint: "regional",
      inputPricePerMillion: 3.3,
    });
  });

  it("diff --baseline prices the new side with the report's billing units, and warns of a flag that differs", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "old.md"), "one two three");
    writeFileSync(join(dir, "new.md"), "one two three four five six");
    const saved = await runCli([
      "estimate",
      join(dir, "old.md"),
      "-m",
      "gpt-5",
      "--service-tier",
      "flex",
      "--at",
      "17:00",
      "-f",
      "json",
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    writeFileSync(join(dir, "report.json"), saved.stdout);
    const diff = (args: string[]) =>
      runCli(["diff", "--baseline", join(dir, "report.json"), join(dir, "new.md"), "-f", "json", ...args]);
    const same = await diff([]);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout).billing).toMatchObject({ serviceTier: "flex", at: "17:00" });
    expect(same.stderr).not.toContain("--service-tier");
    const other = await diff(["--service-tier", "priority"]);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toContain("--service-tier");
    expect(other.stderr).toContain("differs from the baseline's billing");
  });

  it("diff prices both sides at the tier asked for", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "old.md"), "one two three");
    writeFileSync(join(dir, "new.md"), "one two three four five six");
    const diff = (tier: string) =>
      runCli([
        "diff",
        join(dir, "old.md"),
        join(dir, "new.md"),
        "-m",
        "gpt-5",
        "--service-tier",
        tier,
        "-f",
        "json",
      ]);
    const [standard, flex] = [await diff("standard"), await diff("flex")];
    expect(flex.code, flex.stderr).toBe(0);
    expect(JSON.parse(flex.stdout).billing).toMatchObject({ serviceTier: "flex" });
    const costAfter = (run: { stdout: string }) => JSON.parse(run.stdout).results[0].costExact.after;
    // gpt-5's flex is its Batch API price: half of standard, input and output.
    expect(Number(costAfter(standard))).toBeGreaterThan(0);
    expect(Number(costAfter(flex)) * 2).toBeCloseTo(Number(costAfter(standard)), 15);
  });

  it.each([
    [["--cache-ttl", "2h"], '--cache-ttl: "2h" is invalid'],
    [["--cache-ttl", "1h"], "--cache-ttl: needs --cache-write-ratio: the share"],
    [["--service-tier", "gold"], '--service-tier: "gold" is invalid'],
    [["--endpoint", "local"], '--endpoint: "local" is invalid'],
    [["--at", "7pm"], '--at: expected a time of day, UTC, as HH:MM from 00:00 to 23:59, got "7pm"'],
    [["--at", "24:00"], "--at: expected a time of day"],
    [["--cache-write-ratio", "1.5"], '--cache-write-ratio: expected a decimal number from 0 to 1, got "1.5"'],
    [
      ["--cached-ratio", "0.75", "--cache-write-ratio", "0.5"],
      "--cache-write-ratio: with --cached-ratio 0.75, at most 0.25",
    ],
    [["--service-tier", "flex", "--batch"], "--service-tier: cannot be combined with --batch: Batch API"],
  ])("%j is a usage error (64) naming the flag, with nothing on stdout", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });
});

describe("the library takes the same options", () => {
  it("prices a tier, an endpoint, an hour and cache writes", async () => {
    const catalog = await loadCatalog({ userFiles: [UNITS], today: "2026-11-27" });
    const result = await estimate(["one two three four"], {
      catalog,
      providers: ["unitstest"],
      date: "2026-11-27",
      serviceTier: "standard",
      endpoint: "global",
      at: "16:45",
      cacheWriteRatio: "0.5",
      cacheTtl: "1h",
      onWarning: false,
    });
    expect(result.billing).toMatchObject({
      serviceTier: "standard",
      endpoint: "global",
      at: "16:45",
      cacheTtl: "1h",
    });
    const byModel = Object.fromEntries(result.results.map((r) => [r.model, r]));
    expect(byModel["night-model"]?.offPeak).toBe("16:30–00:30");
    expect(byModel["region-model"]?.endpoint).toBe("global");
    expect(byModel["chars-model"]?.inputCharacters).toBe(15);
    await expect(estimate(["x"], { catalog, providers: ["unitstest"], at: "9:00" })).rejects.toThrow(
      'at: expected a time of day, UTC, as HH:MM from 00:00 to 23:59, got "9:00"',
    );
    await expect(
      estimate(["x"], { catalog, providers: ["unitstest"], serviceTier: "turbo" as "flex" }),
    ).rejects.toThrow('serviceTier: expected "standard", "flex" or "priority"');
  });
});

describe("contradictory unit data in a pricing file", () => {
  it("is bad data (65) naming the file and the JSON path", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.json");
    const units = JSON.parse(readFileSync(UNITS, "utf8"));
    const region = units.models.find((m: { id: string }) => m.id === "region-model");
    region.prices[0].regional = { input: 2.7, output: 16.5 };
    writeFileSync(file, JSON.stringify(units));
    const result = await runCli(["models", "--pricing", file]);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain("prices[0].regional.input: is lower than the global price");
    expect(result.stdout).toBe("");
  });
});

describe("models says each price's unit and which endpoint it is", () => {
  const models = (args: string[]) =>
    runCli(["models", "--pricing", UNITS, "-p", "unitstest", ...args], { env: { COLUMNS: "200" } });

  it("the table marks a per-character price and a regional one, and lists estimate's default price", async () => {
    const result = await models([]);
    expect(result.code, result.stderr).toBe(0);
    const line = (id: string) => result.stdout.split("\n").find((each) => each.includes(id)) ?? "";
    expect(line("chars-model")).toMatch(/\$1\.25 \+1 tier¹/);
    expect(line("chars-model")).toMatch(/\$3\.75¹/);
    // Estimate prices the regional endpoint by default: $3.30, not the global $3.
    expect(line("region-model")).toMatch(/\$3\.30²/);
    expect(line("region-model")).toMatch(/\$16\.50²/);
    expect(line("cache-model")).not.toMatch(/[¹²]/);
    expect(result.stdout).toContain("¹ USD per 1M characters (white space excluded), not tokens");
    expect(result.stdout).toContain(
      "² the regional endpoint's price, which estimate uses unless --endpoint global",
    );
  });

  it("CSV appends unit and endpoint columns, with estimate's default prices", async () => {
    const result = await models(["-f", "csv"]);
    expect(result.code, result.stderr).toBe(0);
    const [header = "", ...lines] = result.stdout.trim().split("\r\n");
    const columns = header.split(",");
    expect(columns.slice(-3)).toEqual(["host", "unit", "endpoint"]);
    const cell = (model: string, column: string) =>
      lines.find((line) => line.startsWith(`${model},`))?.split(",")[columns.indexOf(column)];
    expect(cell("chars-model", "unit")).toBe("character");
    expect(cell("cache-model", "unit")).toBe("token");
    expect(cell("region-model", "endpoint")).toBe("regional");
    expect(cell("region-model", "inputPerMillion")).toBe("3.3");
    expect(cell("cache-model", "endpoint")).toBe("");
    const history = await runCli(["models", "chars-model", "--pricing", UNITS, "-f", "csv"]);
    const [head = "", first = ""] = history.stdout.split("\r\n");
    expect(head.endsWith(",checked,unit")).toBe(true);
    expect(first.endsWith(",character")).toBe(true);
  });
});
