import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { computeEstimate } from "../../src/core/estimate.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import { renderCsv } from "../../src/render/csv.js";
import { renderJson, toJsonReport } from "../../src/render/json.js";
import { renderTable } from "../../src/render/table.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const catalog = testCatalog();
const estimateOf = (
  texts: string[],
  output: OutputAssumption = { kind: "none" },
  names = ["acme-small", "bard-verse"],
) =>
  computeEstimate(
    texts.map((text, i) => ({ source: i === 0 ? 'a,"b".txt' : `in-${i}`, text })),
    selectModels(catalog, { models: names }, [], "2026-11-27"),
    new Map([
      ["words", wordTokenizer()],
      ["guess", wordTokenizer("guess", false)],
    ]),
    { date: "2025-01-01", output },
  );
const million = Array.from({ length: 1_000_000 }, () => "x").join(" ");

describe("JSON report", () => {
  it("keeps the contract's field names", () => {
    const report = toJsonReport(estimateOf(["a b"]), { perFile: true });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["version", "inputs", "results"]));
    expect(report.version).toBe(1);
    expect(Object.keys(report.inputs[0] ?? {})).toEqual(
      expect.arrayContaining(["source", "bytes", "characters", "results"]),
    );
    const contract = ["model", "provider", "tokenizer", "exact", "inputTokens", "outputTokens", "inputCost"];
    contract.push("outputCost", "totalCost", "contextWindow", "fitsContext");
    expect(Object.keys(report.results[0] ?? {})).toEqual(expect.arrayContaining(contract));
  });

  it("writes costs as the exact decimal: 3 × 1M tokens at $0.15 is 0.45", () => {
    const text = renderJson(estimateOf([million, million, million], { kind: "none" }, ["acme-small"]));
    expect(text).toContain('"totalCost": 0.45,');
    expect(JSON.parse(text).results[0].inputTokens).toBe(3_000_000);
  });

  it("per-file results appear only when asked", () => {
    expect(toJsonReport(estimateOf(["a"])).inputs[0]).not.toHaveProperty("results");
  });
});

describe("CSV", () => {
  it("is RFC 4180: header, CRLF, quoted fields", () => {
    const csv = renderCsv(estimateOf(["a b", "c"], { kind: "tokens", tokens: 10 }), { perFile: true });
    const lines = csv.split("\r\n");
    // The columns appended since (issue 20) follow these, in test/unit/csv-figures.test.ts.
    expect(lines[0]).toMatch(
      /^source,model,provider,tokenizer,exact,inputTokens,outputTokens,inputCost,outputCost,totalCost,inputPricePerMillion,outputPricePerMillion,contextWindow,fitsContext,cachedInputTokens,longContext,reasoningTokens,highOutputTokens,lowCost,highCost,requests,retired,retires,successor,inputTokensLow,inputTokensHigh,inputCostLow,inputCostHigh,name,/,
    );
    expect(
      lines[1]?.startsWith(
        '"a,""b"".txt",acme-small,acme,words,true,2,10,0.0000003,0.000006,0.0000063,0.15,0.6,100,true,0,false,0,50,0.0000003,0.0000303,1,,,,,,,,ACME-SMALL,',
      ),
    ).toBe(true);
    expect(lines).toHaveLength(6);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});

describe("table", () => {
  const plain = new Chalk({ level: 0 });
  it("shows money, estimates and the output assumption", () => {
    const text = renderTable(estimateOf(["a b"]), { chalk: plain });
    expect(text).toMatch(/acme-small .*\$0\.15 .*\$0\.0000003/);
    expect(text).toMatch(/bard-verse .*≈ guess .*≈2 .*≈\$0\.000006/);
    expect(text).toContain("Output: input only");
    expect(text).toContain("in force on 2025-01-01");
    expect(text).not.toContain("\u001b[");
  });

  it("colours only when asked", () => {
    expect(renderTable(estimateOf(["a"]), { chalk: new Chalk({ level: 1 }) })).toContain("\u001b[");
  });

  it("flags requests over the context window", () => {
    const big = Array.from({ length: 120 }, () => "w").join(" ");
    expect(renderTable(estimateOf([big]), { chalk: plain })).toContain("✗ 120% of 100");
  });
});
