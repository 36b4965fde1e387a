import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const PRIVATE = new URL("../fixtures/user-pricing/private.json", import.meta.url).pathname;
const TEXT = "Summarise the attached quarterly report in three bullet points for the board.";
/** A run whose rows have every field filled somewhere: an estimate, a user price, a projection, a reference. */
const ARGS = [
  "estimate",
  "-m",
  "gpt-4o,claude-sonnet-5-5,our-finetune,gemini-4-hydrogen",
  "--pricing",
  PRIVATE,
  "--compare-to",
  "gpt-6-luna",
  "--requests",
  "100",
  "--output-tokens",
  "50",
];

/**
 * JSON row fields CSV does not repeat, each reviewed: `costExact` holds the input, output and total
 * costs (and the input cost's range) as exact decimals, which CSV's inputCost, outputCost, totalCost,
 * inputCostLow and inputCostHigh columns already are.
 */
const NOT_IN_CSV = new Set(["costExact"]);
/** A nested JSON figure whose CSV column is not named by joining its path (inputTokensRange.low). */
const COLUMN_OF: Record<string, string> = {
  "inputTokensRange.low": "inputTokensLow",
  "inputTokensRange.high": "inputTokensHigh",
  "inputCostRange.low": "inputCostLow",
  "inputCostRange.high": "inputCostHigh",
};

/** RFC 4180 rows (CRLF, fields quoted where needed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

/** A JSON row's figures as [CSV column, value]: scalars by their key, nested objects' by path. */
function figures(row: Record<string, unknown>): [string, unknown, string][] {
  const out: [string, unknown, string][] = [];
  for (const [key, value] of Object.entries(row)) {
    if (NOT_IN_CSV.has(key)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, leaf] of Object.entries(value)) {
        const path = `${key}.${inner}`;
        out.push([COLUMN_OF[path] ?? `${key}${inner.charAt(0).toUpperCase()}${inner.slice(1)}`, leaf, path]);
      }
    } else out.push([key, value, key]);
  }
  return out;
}

const same = (cell: string | undefined, value: unknown) =>
  value === null ? cell === "" : typeof value === "number" ? Number(cell) === value : cell === String(value);

describe("CSV carries every figure a JSON row has", () => {
  it("has a column for each scalar field of every JSON row, holding the same value", async () => {
    const json = await runCli([...ARGS, "-f", "json"], { input: TEXT });
    const csv = await runCli([...ARGS, "-f", "csv"], { input: TEXT });
    expect(json.code).toBe(0);
    expect(csv.code).toBe(0);
    const report = JSON.parse(json.stdout);
    const [header = [], ...rows] = parseCsv(csv.stdout);
    const results = report.results as Record<string, unknown>[];
    expect(rows.map((row) => row[0])).toEqual(results.map((row) => row.model));
    let compared = 0;
    for (const [index, result] of results.entries()) {
      const row = rows[index] ?? [];
      for (const [column, value, path] of figures(result)) {
        // A field null in this row (no calibration profile) may stand for several columns.
        const at = header.indexOf(column);
        if (at < 0 && value === null) {
          const named = Object.entries(COLUMN_OF).some(
            ([nested, name]) => nested.startsWith(`${path}.`) && header.includes(name),
          );
          expect(named || header.some((name) => name.startsWith(column)), `${path}: no CSV column`).toBe(
            true,
          );
          continue;
        }
        expect(at, `${path}: no CSV column ${column}`).toBeGreaterThanOrEqual(0);
        expect(same(row[at], value), `${result.model} ${path}: CSV ${row[at]}, JSON ${value}`).toBe(true);
        compared++;
      }
      // The projection is the report's, by model.
      const monthly = report.projection.monthlyCost[result.model as string];
      expect(Number(row[header.indexOf("monthlyCost")])).toBe(monthly);
    }
    expect(compared).toBeGreaterThan(results.length * 40);
    // The fields the test leans on are there: a comparison, an error band, a user file's origin.
    expect(header).toEqual(expect.arrayContaining(["comparedToRatio", "errorBandAgainst", "priceOrigin"]));
    expect(rows.some((row) => row[header.indexOf("priceOrigin")] === PRIVATE)).toBe(true);
  });

  it("keeps the existing columns first and in their order; appends the new ones", async () => {
    const csv = await runCli(["estimate", "-m", "gpt-4o", "-f", "csv"], { input: TEXT });
    const [header = [], row = []] = parseCsv(csv.stdout);
    expect(header.slice(0, 27)).toEqual(
      "model,provider,tokenizer,exact,inputTokens,outputTokens,inputCost,outputCost,totalCost,inputPricePerMillion,outputPricePerMillion,contextWindow,fitsContext,cachedInputTokens,longContext,reasoningTokens,highOutputTokens,lowCost,highCost,requests,retired,retires,successor,inputTokensLow,inputTokensHigh,inputCostLow,inputCostHigh".split(
        ",",
      ),
    );
    expect(row).toHaveLength(header.length);
    // Without --requests and --compare-to, their columns are there and empty.
    for (const column of ["monthlyCost", "comparedToModel", "comparedToRatio"])
      expect(row[header.indexOf(column)], column).toBe("");
  });

  it("--per-file: each input's rows compare within the input, and have no projection (as in JSON)", async () => {
    const run = await runCli([...ARGS, "-f", "csv", "--per-file"], { input: TEXT });
    const [header = [], ...rows] = parseCsv(run.stdout);
    expect(header[0]).toBe("source");
    const reference = rows.find((row) => row[header.indexOf("model")] === "gpt-6-luna") ?? [];
    expect(reference[header.indexOf("comparedToRatio")]).toBe("1");
    expect(rows.every((row) => row[header.indexOf("monthlyCost")] === "")).toBe(true);
  });
});

/** Every scalar of a JSON value, by its path joined as CSV names columns: rangeBefore.tokens.low → rangeBeforeTokensLow. */
function leaves(value: unknown, name = ""): [string, unknown][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[name, value]];
  return Object.entries(value).flatMap(([key, inner]) =>
    leaves(inner, name === "" ? key : `${name}${key.charAt(0).toUpperCase()}${key.slice(1)}`),
  );
}

describe("diff's CSV carries every figure a JSON row has", () => {
  it("has a column for each figure of every JSON row (per model and per file), holding the same value", async () => {
    const dir = tempDir();
    const before = join(dir, "before.txt");
    const after = join(dir, "after.txt");
    writeFileSync(before, TEXT);
    writeFileSync(after, `${TEXT} And a risk section.`);
    // An estimate (an error band on both sides) and an exact count.
    const args = ["diff", before, after, "-m", "claude-sonnet-5-5,gpt-4o"];
    const json = JSON.parse((await runCli([...args, "-f", "json"])).stdout);
    const [header = [], ...rows] = parseCsv((await runCli([...args, "-f", "csv"])).stdout);
    /**
     * JSON row fields CSV does not repeat, each reviewed: `costExact` holds the costs as exact
     * decimals, which CSV's costBefore, costAfter and costDelta columns already are.
     */
    const notInCsv = new Set(["costExact"]);
    const results = json.results as Record<string, unknown>[];
    expect(rows.map((row) => row[0])).toEqual(results.map((row) => row.model));
    let banded = 0;
    for (const [index, result] of results.entries()) {
      for (const [column, value] of Object.entries(result).flatMap(([key, inner]) =>
        notInCsv.has(key) ? [] : leaves(inner, key),
      )) {
        const at = header.indexOf(column);
        if (at < 0 && value === null) {
          expect(
            header.some((name) => name.startsWith(column)),
            `${column}: no CSV column`,
          ).toBe(true);
          continue;
        }
        expect(at, `${column}: no CSV column`).toBeGreaterThanOrEqual(0);
        expect(same(rows[index]?.[at], value), `${result.model} ${column}`).toBe(true);
        if (column === "rangeAfterCostHigh") banded++;
      }
    }
    expect(banded).toBe(1);
  });
});
