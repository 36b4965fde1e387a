// Issue 18, items 3, 4, 8, 15, 20 and the merge part of 21: shards checked record by record and merged as a
// stream; a directory's other files skipped; a LiteLLM import that skips what it cannot convert.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, shell, tempDir } from "./cli.js";
import { expectError } from "./fault-helpers.js";
import { llmcost } from "./in-process.js";

/** A shard of two inputs priced for two models, in `dir`/name. */
async function shard(dir: string, name: string, text = "The quick brown fox.") {
  writeFileSync(join(dir, `${name}-1.txt`), text);
  writeFileSync(join(dir, `${name}-2.txt`), `${text} Again, and again.`);
  const run = await llmcost(
    ["estimate", `${name}-1.txt`, `${name}-2.txt`, "-m", "gpt-4o,claude-sonnet-4-5", "-f", "jsonl"],
    { cwd: dir },
  );
  expect(run.code).toBe(0);
  writeFileSync(join(dir, `${name}.jsonl`), run.stdout);
  return join(dir, `${name}.jsonl`);
}

/** The shard at `path` with its records edited (line 1 is the header). */
// biome-ignore lint/suspicious/noExplicitAny: records edited field by field
function edit(path: string, change: (records: any[]) => void) {
  const records = readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  change(records);
  writeFileSync(path, `${records.map((record) => JSON.stringify(record)).join("\n")}\n`);
  return path;
}

describe("fault matrix round two (issue 18): merge and import", () => {
  it("18.8: a record that contradicts itself or its header, money not in picodollars, 400 digits: 65 naming the shard and line", async () => {
    const dir = tempDir();
    const total = edit(await shard(dir, "total"), (r) => {
      r[1].results[0].totalCost = "1";
    });
    expectError(
      await llmcost(["merge", total]),
      65,
      /^llmcost: .*total\.jsonl:2: results\[0\] \([\w.-]+\): totalCost 1 is not inputCost \+ outputCost \(\d+\)\n$/,
    );
    const price = edit(await shard(dir, "price"), (r) => {
      r[2].results[1].outputPrice = `${BigInt(r[2].results[1].outputPrice) + 1n}`;
    });
    expectError(
      await llmcost(["merge", price]),
      65,
      /^llmcost: .*price\.jsonl:3: results\[1\] \([\w.-]+\): outputPrice \d+ contradicts the header's \d+\n$/,
    );
    const dollars = edit(await shard(dir, "dollars"), (r) => {
      r[0].money = "dollars";
    });
    expectError(
      await llmcost(["merge", dollars]),
      65,
      /^llmcost: .*dollars\.jsonl:1: money: "dollars"; shards carry "picodollars"\n$/,
    );
    const digits = edit(await shard(dir, "digits"), (r) => {
      r[1].results[0].totalCost = "7".repeat(400);
    });
    expectError(
      await llmcost(["merge", digits, "-f", "json"]),
      65,
      /^llmcost: .*digits\.jsonl:2: results\[0\]: totalCost: 400 digits is more than any estimate can cost/,
    );
    // The same shards unedited merge.
    const good = await llmcost(["merge", await shard(dir, "good"), "-f", "json"]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).inputs).toHaveLength(2);
  });

  it("18.15: merging 40,000 records streams them: a 48 MB heap is enough (reading shards whole aborted in it)", async () => {
    const dir = tempDir();
    const path = await shard(dir, "one", "a");
    const [header, record] = readFileSync(path, "utf8").split("\n") as [string, string];
    // Four shards of 10,000 inputs each, concatenated on one stream as `cat shards/* | llmcost merge`.
    const lines: string[] = [];
    for (let part = 0; part < 4; part++) {
      lines.push(header);
      for (let i = 0; i < 10_000; i++)
        lines.push(record.replace('"source":"one-1.txt"', `"source":"part-${part}/file-${i}.txt"`));
    }
    writeFileSync(join(dir, "all.jsonl"), `${lines.join("\n")}\n`);
    const run = await shell(
      `node --max-old-space-size=48 ${BIN} merge -f json < ${join(dir, "all.jsonl")} > ${join(dir, "out.json")}`,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
    expect(report.inputs).toHaveLength(40_000);
    expect(report.inputs[39_999].source).toBe("part-3/file-9999.txt");
  }, 120_000);

  it("18.20: pricing import skips an entry that converts badly, naming its LiteLLM key; --strict makes it 65", async () => {
    const list = join(ROOT, "test", "fixtures", "litellm", "odd-entries.json");
    const args = ["pricing", "import", "--from", "litellm", list, "--include-known"];
    const run = await llmcost(args);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        `llmcost: ${list}: skipped "gpt-5-odd-cache": prices[0].cachedInput: is higher than the input price`,
        `llmcost: ${list}: skipped "gpt-5-half-batch": prices[0].batchOutput: batch prices come in pairs`,
        `llmcost: ${list}: skipped 2 entries: 2 not a valid llmcost model once converted`,
        "",
      ].join("\n"),
    );
    const models = JSON.parse(run.stdout).models as { id: string; prices: { tiers?: unknown }[] }[];
    expect(models.map((m) => m.id)).toEqual(["gpt-5-fine", "gpt-5-long", "gpt-5-long-out"]);
    expect(models[1]?.prices[0]?.tiers).toEqual([{ above: 272000, input: 2, output: 4 }]);
    expectError(
      await llmcost([...args, "--strict"]),
      65,
      `${list}: "gpt-5-odd-cache": prices[0].cachedInput: is higher than the input price (--strict; 1 more entry does not convert either)`,
    );
  });

  it("18.3: a header whose date is no calendar date is 65 naming the shard and line", async () => {
    const dir = tempDir();
    const bad = edit(await shard(dir, "date"), (r) => {
      r[0].date = "2026-13-45";
    });
    expectError(
      await llmcost(["merge", bad]),
      65,
      /^llmcost: .*date\.jsonl:1: date: expected a date as YYYY-MM-DD\n$/,
    );
    // Second of two shards on one stream: named by its line there.
    const good = await shard(dir, "good");
    const both = join(dir, "both.jsonl");
    writeFileSync(both, readFileSync(good, "utf8") + readFileSync(bad, "utf8"));
    expectError(await llmcost(["merge", both]), 65, /^llmcost: .*both\.jsonl:4: date: expected a date/);
  });

  it("18.4: pricing import skips an entry with a negative, string or 1e300 price naming its key and field; --strict makes it 65", async () => {
    const dir = tempDir();
    const entry = (prices: Record<string, unknown>) => ({
      litellm_provider: "openai",
      mode: "chat",
      max_input_tokens: 400000,
      max_output_tokens: 1000,
      input_cost_per_token: 0.000001,
      output_cost_per_token: 0.000004,
      ...prices,
    });
    const list = join(dir, "litellm.json");
    writeFileSync(
      list,
      JSON.stringify({
        "gpt-5-negative": entry({ input_cost_per_token: -0.000001 }),
        "gpt-5-string": entry({ output_cost_per_token: "0.000004" }),
        "gpt-5-huge": entry({ input_cost_per_token: 1e300 }),
        "gpt-5-fine": entry({}),
        "gpt-5-unpriced": { litellm_provider: "openai", mode: "chat", max_input_tokens: 100 },
      }),
    );
    const args = ["pricing", "import", "--from", "litellm", list, "--include-known"];
    const run = await llmcost(args);
    expect(run.stderr).toBe(
      [
        `llmcost: ${list}: skipped "gpt-5-negative": input_cost_per_token: -0.000001 is negative`,
        `llmcost: ${list}: skipped "gpt-5-string": output_cost_per_token: expected a number of USD per token, got the string "0.000004"`,
        `llmcost: ${list}: skipped "gpt-5-huge": input_cost_per_token: 1e+300 USD per token is above the most llmcost takes ($10000 per 1M tokens)`,
        `llmcost: ${list}: skipped 4 entries: 3 invalid price, 1 no per-token price`,
        "",
      ].join("\n"),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).models.map((m: { id: string }) => m.id)).toEqual(["gpt-5-fine"]);
    expectError(
      await llmcost([...args, "--strict"]),
      65,
      `${list}: "gpt-5-negative": input_cost_per_token: -0.000001 is negative (--strict; 2 more entries do not convert either)`,
    );
  });

  it("18.21: merge DIR skips a file that is no shard with a note; a shard cut short is still an error", async () => {
    const dir = tempDir();
    const shards = join(dir, "shards");
    mkdirSync(shards);
    const a = await shard(dir, "a");
    const b = await shard(dir, "b", "Something else entirely, at more length.");
    writeFileSync(join(shards, "a.jsonl"), readFileSync(a));
    writeFileSync(join(shards, "b.jsonl"), readFileSync(b));
    writeFileSync(join(shards, "README.md"), "# Shards of the nightly run\n");
    writeFileSync(join(shards, "report.json"), JSON.stringify({ results: [] }, null, 2));
    writeFileSync(join(shards, "_SUCCESS"), "");
    const merged = await llmcost(["merge", shards, "-f", "json"]);
    const named = await llmcost(["merge", a, b, "-f", "json"]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(named.stdout);
    expect(merged.stderr.split("\n").filter(Boolean).sort()).toEqual(
      [
        "README.md: skipped: not an llmcost jsonl shard (not JSON)",
        "_SUCCESS: skipped: not an llmcost jsonl shard (empty)",
        "report.json: skipped: not an llmcost jsonl shard (not JSON)",
      ].map((line) => `llmcost: ${join(shards, line)}`),
    );
    // Named, the same file is an error; so is a shard in the directory whose header is cut short.
    expectError(await llmcost(["merge", join(shards, "README.md")]), 65, /README\.md:1: not a JSON record/);
    const cut = join(dir, "cut");
    mkdirSync(cut);
    writeFileSync(join(cut, "a.jsonl"), readFileSync(a));
    writeFileSync(join(cut, "c.jsonl"), readFileSync(a, "utf8").slice(0, 200));
    expectError(await llmcost(["merge", cut]), 65, /c\.jsonl:1: not a JSON record/);
  });
});
