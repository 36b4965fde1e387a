import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sideOf } from "../../src/core/diff.js";
import { estimateReport, parseBaseline } from "../../src/core/documents/estimate-report.js";
import {
  parseHeader,
  parseInput,
  shardHeaderRecord,
  shardInputRecord,
} from "../../src/core/documents/shard.js";
import { priceInputs, totalEstimate } from "../../src/core/estimate.js";
import { selectModels } from "../../src/core/select-models.js";
import type { Estimate, ModelResult, PricedInput, PricedInputs } from "../../src/core/types.js";
import { MAX_USD_PER_MILLION } from "../../src/pricing/validate.js";
import { renderJson } from "../../src/render/json.js";
import { jsonlHeader, jsonlInput } from "../../src/render/jsonl.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

// Each document's writer, JSON text, then its reader: the same values back, money exact to the picodollar.

const models = selectModels(testCatalog(), { all: true }, [], "2026-11-27");
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);
/** A real priced run to take the models' names, limits and price periods from. */
const template = priceInputs([{ source: "a.txt", text: "one two" }], models, tokenizers, {
  date: "2025-01-01",
  output: { kind: "ratio", ratio: "0.5" },
});
const empties = template.empty;

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const MAX_PRICE = BigInt(MAX_USD_PER_MILLION) * 10n ** 6n;
const count = fc.integer({ min: 0, max: 2 ** 40 });
const amount = fc.bigInt({ min: 0n, max: 10n ** 27n });

/** Money and counts of one model's result in an estimate report (any amounts: the report checks none). */
const reportResult = fc.record({
  inputTokens: count,
  exact: fc.boolean(),
  inputCost: amount,
  outputCost: amount,
  band: fc.option(fc.record({ low: count, high: count, costLow: amount, costHigh: amount }), {
    nil: undefined,
  }),
});

function reportRow(start: ModelResult, r: ValueOf<typeof reportResult>): ModelResult {
  const { band, ...money } = r;
  return {
    ...start,
    ...money,
    totalCost: r.inputCost + r.outputCost,
    ...(band
      ? {
          inputTokensRange: { low: band.low, high: band.high },
          inputCostRange: { low: band.costLow, high: band.costHigh },
        }
      : {}),
  };
}

const reportEstimate = fc
  .record({
    totals: fc.tuple(...empties.map(() => reportResult)),
    files: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.tuple(...empties.map(() => reportResult))), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .map(({ totals, files }): Estimate => {
    const { empty: _, inputs: __, ...context } = template;
    const rows = (list: typeof totals) => list.map((r, i) => reportRow(empties[i] as ModelResult, r));
    return {
      ...context,
      inputs: files.map(([source], i) => ({ source, bytes: i, characters: i })),
      results: rows(totals),
      perInput: files.map(([source, results]) => ({ source, results: rows(results) })),
    };
  });

describe("estimate report: writer and baseline reader", () => {
  it("gives back every model's tokens, exactness, cost and range, exactly, in totals and per file", () => {
    fc.assert(
      fc.property(reportEstimate, (estimate) => {
        const baseline = parseBaseline(JSON.stringify(estimateReport(estimate, { perFile: true })), "r.json");
        expect(baseline.side).toEqual(sideOf(estimate));
        expect(baseline.date).toBe(estimate.date);
        expect(baseline.output).toEqual(estimate.output);
        expect(baseline.billing).toEqual(estimate.billing);
      }),
      { numRuns: 60 },
    );
  });

  it("reads a cost a USD number cannot hold from costExact: $1,234,567.890123456789 stays exact", () => {
    const estimate = totalEstimate(template);
    const cost = 1_234_567_890_123_456_789n;
    const results = estimate.results.map((r) => ({ ...r, inputCost: cost, outputCost: 0n, totalCost: cost }));
    const text = renderJson({ ...estimate, results });
    const row = JSON.parse(text).results[0];
    expect(row.totalCost).toBe(1234567.8901234567);
    expect(row.costExact).toEqual({
      input: "1234567.890123456789",
      output: "0",
      total: "1234567.890123456789",
      inputRange: null,
    });
    expect(parseBaseline(text, "r.json").side.results[0]?.cost).toBe(cost);
  });

  it("reads a report without costExact (written before it) from the USD numbers, as before", () => {
    const estimate = totalEstimate(template);
    const report = JSON.parse(renderJson(estimate, { perFile: true }));
    for (const row of [...report.results, ...report.inputs.flatMap((i: { results: unknown[] }) => i.results)])
      delete row.costExact;
    expect(parseBaseline(JSON.stringify(report), "old.json").side).toEqual(sideOf(estimate));
  });

  it("names a malformed costExact field", () => {
    const report = JSON.parse(renderJson(totalEstimate(template)));
    report.results[1].costExact.total = 0.5;
    expect(() => parseBaseline(JSON.stringify(report), "r.json")).toThrow(
      "r.json: results[1].costExact.total: expected a USD decimal string",
    );
    report.results[1].costExact = "0.5";
    expect(() => parseBaseline(JSON.stringify(report), "r.json")).toThrow(
      "r.json: results[1].costExact: expected an object of USD decimal strings",
    );
  });
});

/** The most a shard's reader takes as an amount: every token a count holds at the highest price. */
const shardAmount = fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) * MAX_PRICE });
/** One model's result for one request, consistent with its prices as a shard's reader checks. */
const shardResult = fc.record({
  inputTokens: count,
  outputTokens: count,
  highOutputTokens: count,
  band: fc.option(fc.record({ low: count, high: count, costLow: shardAmount, costHigh: shardAmount }), {
    nil: undefined,
  }),
});

function shardRow(start: ModelResult, r: ValueOf<typeof shardResult>): ModelResult {
  const inputCost = BigInt(r.inputTokens) * start.inputPrice;
  const outputCost = BigInt(r.outputTokens) * start.outputPrice;
  const { band, ...counts } = r;
  return {
    ...start,
    ...counts,
    requests: 1,
    inputCost,
    outputCost,
    totalCost: inputCost + outputCost,
    lowCost: inputCost,
    highCost: inputCost + BigInt(r.highOutputTokens) * start.outputPrice,
    ...(band
      ? {
          inputTokensRange: { low: band.low, high: band.high },
          inputCostRange: { low: band.costLow, high: band.costHigh },
        }
      : {}),
  };
}

const price = fc.bigInt({ min: 0n, max: MAX_PRICE });
const shard = fc
  .record({
    prices: fc.tuple(...empties.map(() => fc.tuple(price, price))),
    inputs: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.tuple(...empties.map(() => shardResult))), {
      maxLength: 4,
    }),
  })
  .map(({ prices, inputs }): PricedInputs => {
    const empty = empties.map((start, i) => {
      const [inputPrice, outputPrice] = prices[i] as [bigint, bigint];
      return { ...start, inputPrice, outputPrice };
    });
    return {
      ...template,
      empty,
      inputs: inputs.map(
        ([source, results], i): PricedInput => ({
          source,
          bytes: i,
          characters: i,
          kind: "text",
          requests: 1,
          results: results.map((r, m) => shardRow(empty[m] as ModelResult, r)),
        }),
      ),
    };
  });

describe("shard: writer and reader", () => {
  it("gives back the header and every input record, money exact as picodollars", () => {
    fc.assert(
      fc.property(shard, (priced) => {
        const { inputs, ...header } = priced;
        const read = parseHeader(JSON.parse(JSON.stringify(shardHeaderRecord(header))), "s:1");
        expect(read).toEqual(header);
        inputs.forEach((input, i) => {
          expect(parseInput(JSON.parse(JSON.stringify(shardInputRecord(input))), read, `s:${i + 2}`)).toEqual(
            input,
          );
        });
      }),
      { numRuns: 60 },
    );
  });

  it("writes one record a line: the lines are the records as JSON", () => {
    const { inputs, ...header } = template;
    expect(JSON.parse(jsonlHeader(header))).toEqual(shardHeaderRecord(header));
    for (const input of inputs) expect(JSON.parse(jsonlInput(input))).toEqual(shardInputRecord(input));
  });
});
