import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceInputs, totalEstimate } from "../../src/core/estimate.js";
import { mergeShards, parseShard } from "../../src/core/merge.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import { renderJsonl } from "../../src/render/jsonl.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const models = selectModels(testCatalog(), { all: true }, []);
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);
const price = (texts: string[], output: OutputAssumption = { kind: "ratio", ratio: "0.5" }) =>
  priceInputs(
    texts.map((text, i) => ({ source: `in-${i}`, text })),
    models,
    tokenizers,
    { date: "2025-01-01", output },
  );

describe("jsonl shards and merge", () => {
  it("shards written as jsonl and merged give the estimate of all inputs, exactly", () => {
    const text = fc.string({ maxLength: 60 }).map((s) => s.replace(/\s+/g, " "));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), fc.nat(), (texts, cut) => {
        const at = cut % (texts.length + 1);
        const whole = price(texts);
        // Sources stay as in the whole run: shard two's inputs are numbered from `at`.
        const second = price(texts.slice(at));
        second.inputs.forEach((input, i) => {
          input.source = `in-${at + i}`;
        });
        const shards = [
          { name: "one", shard: parseShard(renderJsonl(price(texts.slice(0, at))), "one") },
          { name: "two", shard: parseShard(renderJsonl(second), "two") },
        ];
        expect(totalEstimate(mergeShards(shards))).toEqual(totalEstimate(whole));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses shards priced differently, naming the shard and the difference", () => {
    const a = { name: "a.jsonl", shard: price(["one two"]) };
    const b = { name: "b.jsonl", shard: price(["three"], { kind: "tokens", tokens: 5 }) };
    expect(() => mergeShards([a, b])).toThrow(
      /b\.jsonl.*priced differently from a\.jsonl \(a different output assumption\)/,
    );
  });

  it("reports a malformed line by number", () => {
    const lines = renderJsonl(price(["one", "two"])).split("\n");
    lines[2] = "{not json";
    expect(() => parseShard(lines.join("\n"), "s.jsonl")).toThrow(/s\.jsonl:3: not a JSON record/);
    const wrongMoney = renderJsonl(price(["one"])).replace('"totalCost":"', '"totalCost":"-');
    expect(() => parseShard(wrongMoney, "m.jsonl")).toThrow(/totalCost: expected whole picodollars/);
    expect(() => parseShard("", "e.jsonl")).toThrow(/e\.jsonl: empty/);
    expect(() => parseShard('{"type":"input"}', "h.jsonl")).toThrow(
      /h\.jsonl:1: the first record must be the "header"/,
    );
  });

  it("keeps money exact beyond 2^53 picodollars", () => {
    const priced = price(["one"]);
    const big = 12_345_678_901_234_567_890n;
    const first = priced.inputs[0]?.results[0];
    if (!first) throw new Error("no result");
    first.totalCost = big;
    expect(parseShard(renderJsonl(priced), "big").inputs[0]?.results[0]?.totalCost).toBe(big);
  });
});
