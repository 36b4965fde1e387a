import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const PRIVATE = new URL("../fixtures/user-pricing/private.json", import.meta.url).pathname;
const TEXT = "Summarise the attached report in three bullet points.";
const MODELS = ["-m", "gpt-4o,gpt-6-luna,our-finetune"];
const estimate = (args: string[], env: Record<string, string> = {}) =>
  runCli(["estimate", ...MODELS, ...args], { input: TEXT, env });
const rowsOf = (stdout: string) => JSON.parse(stdout).results as Record<string, unknown>[];
const originOf = (rows: Record<string, unknown>[]) =>
  Object.fromEntries(rows.map((row) => [row.model, row.priceOrigin]));

describe("priceOrigin: where each price came from", () => {
  it("is the user file as named for the models it prices, shipped for the others", async () => {
    const run = await estimate(["--pricing", PRIVATE, "-f", "json", "--per-file"]);
    expect(run.code).toBe(0);
    const expected = {
      "gpt-4o-2024-08-06": PRIVATE,
      "our-finetune": PRIVATE,
      "gpt-6-luna": "shipped",
    };
    expect(originOf(rowsOf(run.stdout))).toEqual(expected);
    // Each input's rows say it too.
    expect(originOf(JSON.parse(run.stdout).inputs[0].results)).toEqual(expected);
    const shipped = await runCli(["estimate", "-m", "gpt-4o", "-f", "json"], { input: TEXT });
    expect(originOf(rowsOf(shipped.stdout))).toEqual({ "gpt-4o-2024-08-06": "shipped" });
  });

  it("diff says it per model in JSON and CSV, and per file with --per-file", async () => {
    const dir = tempDir();
    const [before, after] = ["before.txt", "after.txt"].map((name, i) => {
      const path = join(dir, name);
      writeFileSync(path, TEXT.repeat(i + 1));
      return path;
    });
    const args = ["diff", before ?? "", after ?? "", ...MODELS, "--pricing", PRIVATE];
    const json = await runCli([...args, "-f", "json", "--per-file"]);
    expect(json.code, json.stderr).toBe(0);
    const expected = { "gpt-4o-2024-08-06": PRIVATE, "our-finetune": PRIVATE, "gpt-6-luna": "shipped" };
    expect(originOf(rowsOf(json.stdout))).toEqual(expected);
    expect(originOf(JSON.parse(json.stdout).files[0].results)).toEqual(expected);
    const csv = (await runCli([...args, "-f", "csv"])).stdout.trim().split("\r\n");
    const column = csv[0]?.split(",").indexOf("priceOrigin") ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(
      Object.fromEntries(csv.slice(1).map((line) => [line.split(",")[0], line.split(",")[column]])),
    ).toEqual(expected);
  });

  it("names a file of LLMCOST_PRICING as the variable gives it", async () => {
    const run = await estimate(["-f", "json"], { LLMCOST_PRICING: PRIVATE });
    expect(originOf(rowsOf(run.stdout))["our-finetune"]).toBe(PRIVATE);
  });

  it("--show-sources lists each model's origin, page and dates under the table, in the table's order", async () => {
    const plain = await estimate(["--pricing", PRIVATE]);
    expect(plain.stdout).toMatch(/; where each came from: --show-sources\n/);
    expect(plain.stdout).not.toMatch(/Price sources:/);
    const run = await estimate(["--pricing", PRIVATE, "--show-sources"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/--show-sources/);
    const json = rowsOf((await estimate(["--pricing", PRIVATE, "-f", "json"])).stdout);
    const lines = run.stdout.split("\n");
    const at = lines.indexOf("Price sources:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 1 + json.length)).toEqual(
      json.map((row) => {
        const price = row.price as { source: string; from: string; checked: string };
        const origin = row.priceOrigin === "shipped" ? "shipped" : PRIVATE;
        return expect.stringMatching(
          new RegExp(
            `^  ${row.model} +${escapeRegExp(origin)}: ${escapeRegExp(price.source)} \\(from ${price.from}, checked ${price.checked}\\)$`,
          ),
        );
      }),
    );
  });

  it("--show-sources in markdown: a note per model", async () => {
    const run = await estimate(["--pricing", PRIVATE, "--show-sources", "-f", "markdown"]);
    expect(run.stdout).toContain(
      `- Price of our-finetune: ${PRIVATE}: https://example.com/finetune (from 2025-01-01, checked 2026-11-01)`,
    );
  });

  it("travels in shards: merge says the same origins, and refuses one that is not a name", async () => {
    const shard = await estimate(["--pricing", PRIVATE, "-f", "jsonl"]);
    expect(shard.code).toBe(0);
    const merged = await runCli(["merge", "-f", "json"], { input: shard.stdout });
    const direct = await estimate(["--pricing", PRIVATE, "-f", "json"]);
    expect(originOf(rowsOf(merged.stdout))).toEqual(originOf(rowsOf(direct.stdout)));
    const table = await runCli(["merge", "--show-sources"], { input: shard.stdout });
    expect(table.stdout).toMatch(
      new RegExp(`\n  our-finetune +${escapeRegExp(PRIVATE)}: https://example\\.com/finetune `),
    );
    const bad = shard.stdout.replace(`"priceOrigin":${JSON.stringify(PRIVATE)}`, '"priceOrigin":7');
    expect(bad).not.toBe(shard.stdout);
    const refused = await runCli(["merge"], { input: bad });
    expect(refused.code).toBe(65);
    expect(refused.stderr).toMatch(/priceOrigin: expected a pricing file's name/);
  });
});

describe("models: priceOrigin", () => {
  it("says which models a user file gives, in JSON, one model's JSON and CSV", async () => {
    const json = await runCli(["models", "--pricing", PRIVATE, "-f", "json"]);
    const origins = Object.fromEntries(
      (JSON.parse(json.stdout).models as { id: string; priceOrigin: string }[]).map((m) => [
        m.id,
        m.priceOrigin,
      ]),
    );
    expect(origins["our-finetune"]).toBe(PRIVATE);
    expect(origins["gpt-4o-2024-08-06"]).toBe(PRIVATE);
    expect(origins["gpt-6-luna"]).toBe("shipped");
    const one = await runCli(["models", "our-finetune", "--pricing", PRIVATE, "-f", "json"]);
    expect(JSON.parse(one.stdout).model.priceOrigin).toBe(PRIVATE);
    const csv = (await runCli(["models", "--pricing", PRIVATE, "-f", "csv"])).stdout.split("\r\n");
    // unit and endpoint (issue 21's billing units) are appended after host.
    expect(csv[0]?.endsWith(",available,priceOrigin,host,unit,endpoint")).toBe(true);
    expect(csv.find((line) => line.startsWith("our-finetune,"))?.endsWith(`,${PRIVATE},,token,`)).toBe(true);
    expect(csv.find((line) => line.startsWith("gpt-6-luna,"))?.endsWith(",shipped,,token,")).toBe(true);
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
