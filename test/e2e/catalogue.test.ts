import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, rowOf, shell, tempDir } from "./cli.js";
import { llmcost } from "./in-process.js";

const FIXTURES = join(ROOT, "test", "fixtures");
const PRIVATE = join(FIXTURES, "user-pricing", "private.json");
const LITELLM = join(FIXTURES, "litellm", "small.json");

describe("--as-of, --batch, --cached-ratio, tiers, user prices", () => {
  it("a model named for a date before its launch is a usage error naming its first price", async () => {
    const run = await llmcost(
      ["estimate", "-m", "gpt-4o,mistral-large-2402", "--as-of", "2024-03-01", "-f", "json"],
      { input: "TechCrunch" },
    );
    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "llmcost: --model gpt-4o: the price list has no model named gpt-4o on 2024-03-01: the first it names is gpt-4o-2024-05-13, from 2024-05-13\n",
    );
  });

  it("LLMCOST_TODAY sets the date a run treats as today", async () => {
    const run = await llmcost(["estimate", "-m", "gpt-4o", "-f", "json"], {
      input: "x",
      env: { LLMCOST_TODAY: "2024-06-01" },
    });
    expect(JSON.parse(run.stdout).results[0].model).toBe("gpt-4o-2024-05-13");
    const bad = await llmcost(["estimate", "-m", "gpt-4o"], {
      input: "x",
      env: { LLMCOST_TODAY: "tomorrow" },
    });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('llmcost: LLMCOST_TODAY: expected a date as YYYY-MM-DD, got "tomorrow"\n');
  });

  it("a future date uses the announced prices recorded, and warns only of models without one", async () => {
    const run = await llmcost(
      ["estimate", "-m", "gpt-4o,gemini-3.6-flash", "--as-of", "2027-01-01", "-f", "json"],
      { input: "x" },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "llmcost: --as-of 2027-01-01: is after today (2026-11-27): gpt-4o-2024-08-06 priced as known today; no announced change is recorded for it\n",
    );
    expect(rowOf(run.stdout, "gemini-3.6-flash")).toMatchObject({
      inputPricePerMillion: 1.5,
      outputPricePerMillion: 7.5,
    });
    const announced = await llmcost(["estimate", "-m", "gemini-3.6-flash", "--as-of", "2027-02-01"], {
      input: "x",
    });
    expect(announced.allStderr).toBe("");
  });

  it.each([["2024-02-30"], ["yesterday"], ["2024-3-1"]])("--as-of %s is a usage error", async (date) => {
    const run = await llmcost(["estimate", "--as-of", date], { input: "x" });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^llmcost: --as-of: expected a date as YYYY-MM-DD/);
  });

  it("a user file replaces a shipped model and adds a private one", async () => {
    const run = await llmcost(["estimate", "--pricing", PRIVATE, "-m", "gpt-4o,our-finetune", "-f", "json"], {
      input: "TechCrunch",
    });
    expect(run.stderr).toBe("");
    expect(rowOf(run.stdout, "gpt-4o-2024-08-06")).toMatchObject({
      inputTokens: 2,
      inputPricePerMillion: 2,
      inputCost: 0.000004,
    });
    expect(rowOf(run.stdout, "our-finetune")).toMatchObject({ provider: "in-house", inputCost: 0.000002 });
    const viaEnv = await llmcost(["estimate", "-m", "our-finetune", "-f", "json"], {
      input: "TechCrunch",
      env: { LLMCOST_PRICING: PRIVATE },
    });
    expect(rowOf(viaEnv.stdout, "our-finetune").inputTokens).toBe(2);
  });

  it("bills cached reads, batch prices and long-context tiers exactly", async () => {
    const price = async (args: string[], text: string) =>
      rowOf(
        (
          await llmcost(["estimate", "--pricing", PRIVATE, "-m", "our-finetune", "-f", "json", ...args], {
            input: text,
          })
        ).stdout,
        "our-finetune",
      );
    // 2 tokens: half cached at $0.10, half at $1 → $0.0000011
    expect(await price(["--cached-ratio", "0.5"], "TechCrunch")).toMatchObject({
      cachedInputTokens: 1,
      inputCost: 0.0000011,
    });
    // Batch: $0.50 in, $2 out; 10 output tokens
    expect(await price(["--batch", "--output-tokens", "10"], "TechCrunch")).toMatchObject({
      inputCost: 0.000001,
      outputCost: 0.00002,
    });
    // 12 tokens pass the 10-token tier: the whole request at $2 in / $8 out
    const long = await price(
      ["--output-tokens", "1"],
      "one two three four five six seven eight nine ten eleven twelve",
    );
    expect(long).toMatchObject({
      inputTokens: 12,
      inputCost: 0.000024,
      outputCost: 0.000008,
      longContext: true,
      // The prices shown are the ones billed: the tier's.
      inputPricePerMillion: 2,
      outputPricePerMillion: 8,
    });
  });

  it("--max-price-age fails a run that uses an old price", async () => {
    const run = await llmcost(
      [
        "estimate",
        "--pricing",
        PRIVATE,
        "-m",
        "our-finetune",
        "--max-price-age",
        "1",
        "--as-of",
        "2026-01-01",
      ],
      {
        input: "x",
      },
    );
    expect(run.code).toBe(65);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^llmcost: --max-price-age 1: prices checked more than 1 days ago: our-finetune \(checked 2026-11-01\)\n$/,
    );
    const ok = await llmcost(
      ["estimate", "--pricing", PRIVATE, "-m", "our-finetune", "--max-price-age", "100000"],
      { input: "x" },
    );
    expect(ok.code).toBe(0);
  });

  it("the table footer says when prices were checked", async () => {
    const run = await llmcost(["estimate", "--pricing", PRIVATE, "-m", "our-finetune"], { input: "x" });
    expect(run.stdout).toContain("checked 2026-11-01");
  });
});

describe("llmcost models", () => {
  it("lists a provider's models with prices", async () => {
    const run = await llmcost(["models", "--provider", "openai", "--as-of", "2024-10-01", "-f", "json"]);
    expect(run.code).toBe(0);
    const { models } = JSON.parse(run.stdout);
    expect(models.length).toBeGreaterThan(20);
    for (const m of models) expect(m.provider).toBe("openai");
    expect(models.find((m: { id: string }) => m.id === "gpt-4-0613")).toMatchObject({
      exact: true,
      tokenizer: "cl100k_base",
      contextWindow: 8192,
      price: { input: 30, output: 60 },
    });
  });

  it("searches, and prices as of a date", async () => {
    const run = await llmcost(["models", "--search", "4O-MINI", "--as-of", "2024-07-01", "-f", "csv"]);
    const lines = run.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,provider,name,kind,tokenizer,exact,/);
    // `available` is false for each, and the price is the shipped one (priceOrigin, issue 20); columns are
    // found by name, since later columns (host, issue 21) are appended after them.
    const head = (lines[0] ?? "").split(",");
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.join(",")).toContain("4o-mini");
      expect(row[head.indexOf("available")]).toBe("false");
      expect(row[head.indexOf("priceOrigin")]).toBe("shipped");
    }
  });

  it("shows one model's whole price history", async () => {
    const run = await llmcost(["models", "our-finetune", "--pricing", PRIVATE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Our fine-tune (our-finetune), In-house");
    expect(run.stdout).toContain("reasoning tokens billed as output");
    expect(run.stdout).toMatch(
      /2025-01-01 .*\$1\.00 .*\$4\.00 .*\$0\.10 .*\$0\.50\/\$2\.00 .*>10: \$2\.00\/\$8\.00/,
    );
    const csv = (await llmcost(["models", "our-finetune", "--pricing", PRIVATE, "-f", "csv"])).stdout.split(
      "\r\n",
    );
    expect(csv[0]).toBe(
      "id,from,to,input,output,cachedInput,cacheWrite,batchInput,batchOutput,tiers,source,checked,unit",
    );
    expect(csv[1]).toBe(
      "our-finetune,2025-01-01,,1,4,0.1,,0.5,2,>10:2/8,https://example.com/finetune,2026-11-01,token",
    );
    const json = JSON.parse((await llmcost(["models", "gpt-4o", "-f", "json"])).stdout);
    expect(json.model.id).toBe("gpt-4o-2024-08-06");
    expect(json.model.prices.length).toBeGreaterThan(0);
  });

  it("an unknown model or provider is a usage error", async () => {
    expect((await llmcost(["models", "gpt4o"])).stderr).toMatch(
      /^llmcost: --model gpt4o: unknown model \(did you mean gpt-4o\?\)/,
    );
    expect((await llmcost(["models", "--provider", "opnai"])).code).toBe(64);
  });

  it("ends quietly into head", async () => {
    const run = await shell('node bin/llmcost.js models | head -1; echo "status=$PIPESTATUS"');
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^┌.*\nstatus=0\n$/);
  });
});

describe("llmcost pricing import | check", () => {
  it("imports only what the catalogue lacks, unless told otherwise", async () => {
    const run = await llmcost(["pricing", "import", "--from", "litellm", LITELLM]);
    expect(run.code).toBe(0);
    // All four usable entries are models llmcost already prices with their history.
    expect(JSON.parse(run.stdout).models).toEqual([]);
    expect(run.stderr).toContain("4 already in llmcost's catalogue");
  });

  it("imports a LiteLLM file, counting what it skips", async () => {
    const args = [
      "pricing",
      "import",
      "--from",
      "litellm",
      LITELLM,
      "--include-known",
      "--checked",
      "2026-07-24",
    ];
    const run = await llmcost(args);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).models.map((m: { id: string }) => m.id)).toEqual([
      "gpt-4o",
      "claude-3-haiku-20240307",
      "gemini/gemini-2.5-pro",
      "text-embedding-3-small",
    ]);
    expect(run.stderr).toContain(
      "skipped 3 entries: 1 mode image_generation, 1 no tokenizer known for the family, 1 no per-token price",
    );
    expect(JSON.parse(run.stdout).models[0].prices[0].checked).toBe("2026-07-24");
  });

  it("the imported file prices by the tokenizer Google's SDK names: gemini-2.5-pro exactly (Gemma 3)", async () => {
    const out = join(tempDir(), "lite.json");
    expect(
      (await llmcost(["pricing", "import", "--from", "litellm", LITELLM, "--include-known", "-o", out])).code,
    ).toBe(0);
    const run = await llmcost(["estimate", "--pricing", out, "-m", "gemini/gemini-2.5-pro", "-f", "json"], {
      input: "x",
    });
    expect(rowOf(run.stdout, "gemini/gemini-2.5-pro")).toMatchObject({
      inputPricePerMillion: 1.25,
      exact: true,
      countedWith: "gemma-3",
    });
  });

  it("refuses to write into the shipped catalogue", async () => {
    const run = await llmcost([
      "pricing",
      "import",
      "--from",
      "litellm",
      LITELLM,
      "-o",
      join(ROOT, "pricing", "x.json"),
    ]);
    expect(run.code).toBe(64);
  });

  it("check validates and lists differences beyond a threshold", async () => {
    const valid = await llmcost(["pricing", "check", PRIVATE]);
    expect(valid.stdout).toMatch(/^pricing: \d+ models from \d+ providers are valid\n$/);
    const diff = await llmcost(["pricing", "check", "--against", PRIVATE, "--threshold", "10"]);
    expect(diff.code).toBe(0);
    // Prices as the tables show them, percentages by the one rule, nouns and verbs agreeing.
    expect(diff.stdout).toContain("gpt-4o-2024-08-06 input: $2.50 here, $2.00 there (-20%)");
    expect(diff.stdout).toMatch(
      /\n1 model compared on .*: 2 prices differ by more than 10%; 1 model of the other list is not/,
    );
    const strict = await llmcost(["pricing", "check", "--against", PRIVATE, "--threshold", "10", "--strict"]);
    expect(strict.code).toBe(65);
    expect(strict.stderr).toBe("llmcost: pricing check: 2 prices differ by more than 10%\n");
  });

  it("check matches a LiteLLM list's names to the catalogue's, dated aliases and provider prefixes included", async () => {
    const run = await llmcost(["pricing", "check", "--against", LITELLM, "-f", "json"]);
    const report = JSON.parse(run.stdout);
    // gpt-4o (a dated alias), gemini/gemini-2.5-pro and text-embedding-3-small; claude-3-haiku is retired.
    expect(report).toMatchObject({ compared: 3, unknown: [] });
  });

  it("check fails with 65 on an invalid file", async () => {
    const bad = join(tempDir(), "bad.json");
    writeFileSync(bad, JSON.stringify({ provider: "x", name: "X", models: [{ id: "y" }] }));
    const run = await llmcost(["pricing", "check", bad]);
    expect(run.code).toBe(65);
    expect(run.stderr).toBe(`llmcost: ${bad}: models[0].name: missing\n`);
  });
});

describe("llmcost pricing update (against a local server)", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    const good = readFileSync(LITELLM);
    server = createServer((request, response) => {
      if (request.url === "/good.json") return response.end(good);
      if (request.url === "/broken.json") return response.end('{"gpt-4o": {');
      if (request.url === "/slow.json") {
        const timer = setTimeout(() => response.end(good), 5000);
        response.on("close", () => clearTimeout(timer));
        return;
      }
      response.statusCode = 404;
      response.end("not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("writes a good file, and a failed or invalid download leaves it untouched", async () => {
    // In a directory that exists: -o never makes one (issue 18, item 1).
    const out = join(tempDir(), "pricing.json");
    const good = await llmcost([
      "pricing",
      "update",
      "--from",
      `${base}/good.json`,
      "-o",
      out,
      "--include-known",
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe("");
    const written = readFileSync(out, "utf8");
    expect(JSON.parse(written).models).toHaveLength(4);

    const broken = await llmcost(["pricing", "update", "--from", `${base}/broken.json`, "-o", out]);
    expect(broken.code).toBe(65);
    expect(broken.stderr).toMatch(/broken\.json: 1:13: invalid JSON/);
    const slow = await llmcost([
      "pricing",
      "update",
      "--from",
      `${base}/slow.json`,
      "-o",
      out,
      "--timeout",
      "1",
    ]);
    expect(slow.code).toBe(66);
    expect(slow.stderr).toMatch(/slow\.json: no complete answer within 1 s\n$/);
    const missing = await llmcost(["pricing", "update", "--from", `${base}/missing.json`, "-o", out]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/missing\.json: HTTP 404 Not Found\n$/);
    expect(readFileSync(out, "utf8")).toBe(written);
  });

  it("needs an output file, and a timeout of at least a second", async () => {
    expect((await llmcost(["pricing", "update", "--from", `${base}/good.json`])).code).toBe(64);
    const out = join(tempDir(), "p.json");
    const zero = await llmcost([
      "pricing",
      "update",
      "--from",
      `${base}/good.json`,
      "-o",
      out,
      "--timeout",
      "0",
    ]);
    expect(zero.code).toBe(64);
  });

  it("only http and https are fetched", async () => {
    const run = await llmcost([
      "pricing",
      "update",
      "--from",
      "file:///etc/passwd",
      "-o",
      join(tempDir(), "p.json"),
    ]);
    expect(run.code).toBe(64);
  });
});
