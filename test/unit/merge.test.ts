import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceInputs, totalEstimate } from "../../src/core/estimate.js";
import { mergeShardTexts, ShardMerge } from "../../src/core/merge.js";
import { selectModels } from "../../src/core/select-models.js";
import type { OutputAssumption } from "../../src/core/types.js";
import { renderJsonl } from "../../src/render/jsonl.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const models = selectModels(testCatalog(), { all: true }, [], "2026-11-27");
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
          { name: "one", text: renderJsonl(price(texts.slice(0, at))) },
          { name: "two", text: renderJsonl(second) },
        ];
        expect(mergeShardTexts(shards).estimate).toEqual(totalEstimate(whole));
      }),
      { numRuns: 200 },
    );
  });

  it("18.15: a stream fed in pieces of any size (lines cut anywhere) merges as the whole text does", () => {
    const texts = ["one two", "three four five", "", "six"];
    const text = renderJsonl(price(texts.slice(0, 2))) + renderJsonl(price(texts.slice(2)));
    const whole = mergeShardTexts([{ name: "s", text }]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const merge = new ShardMerge({ perInput: true });
        const stream = merge.stream("s");
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          stream.write(text.slice(at, cut));
          at = cut;
        }
        stream.write(text.slice(at));
        expect(stream.end()).toBeUndefined();
        expect(merge.shards).toBe(2);
        expect(merge.result()).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses shards priced differently, naming the shard and the difference", () => {
    const a = { name: "a.jsonl", text: renderJsonl(price(["one two"])) };
    const b = { name: "b.jsonl", text: renderJsonl(price(["three"], { kind: "tokens", tokens: 5 })) };
    expect(() => mergeShardTexts([a, b])).toThrow(
      /b\.jsonl.*priced differently from a\.jsonl \(a different output assumption\)/,
    );
  });

  const parseShard = (text: string, name: string) => mergeShardTexts([{ name, text }]);

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
    const priced = price(["one"], { kind: "none" });
    const first = priced.inputs[0]?.results[0];
    if (!first) throw new Error("no result");
    // 3 × 10^12 tokens (beyond any context, but a consistent record): the cost is far beyond 2^53.
    first.inputTokens = 3_000_000_000_000;
    const big = BigInt(first.inputTokens) * first.inputPrice;
    first.highCost += big - first.inputCost;
    first.inputCost = first.lowCost = first.totalCost = big;
    expect(big).toBeGreaterThan(2n ** 53n);
    const merged = parseShard(renderJsonl(priced), "big").estimate;
    expect(merged.results.find((r) => r.model === first.model)?.totalCost).toBe(big);
  });

  describe("18.8: each record is checked against its header (65 naming the shard and line)", () => {
    // A shard of two inputs, as lines of parsed JSON, edited and written back.
    // biome-ignore lint/suspicious/noExplicitAny: records edited field by field
    const edited = (edit: (lines: any[]) => void) => {
      const lines = renderJsonl(price(["one two three", "four five"]))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      edit(lines);
      return lines.map((line) => JSON.stringify(line)).join("\n");
    };
    const fails = (text: string, message: RegExp) =>
      expect(() => parseShard(text, "s.jsonl")).toThrow(message);

    it("a shard unedited merges", () => {
      expect(
        parseShard(
          edited(() => {}),
          "s.jsonl",
        ).estimate.inputs,
      ).toHaveLength(2);
    });

    it("a totalCost that is not input + output", () => {
      fails(
        edited((l) => {
          l[2].results[0].totalCost = "999";
        }),
        /^s\.jsonl:3: results\[0\] \(acme-large-2024\): totalCost 999 is not inputCost \+ outputCost/,
      );
    });

    it("a price that contradicts the header, even with costs made to match it", () => {
      fails(
        edited((l) => {
          const r = l[1].results[0];
          const price = BigInt(r.inputPrice) * 2n;
          const cost = BigInt(r.inputTokens) * price;
          r.highCost = `${BigInt(r.highCost) - BigInt(r.inputCost) + cost}`;
          r.totalCost = `${cost + BigInt(r.outputCost)}`;
          r.inputCost = r.lowCost = `${cost}`;
          r.inputPrice = `${price}`;
        }),
        /^s\.jsonl:2: results\[0\] \(acme-large-2024\): inputPrice \d+ contradicts the header's \d+$/,
      );
    });

    it("a cost that does not match its tokens at the price shown", () => {
      fails(
        edited((l) => {
          const r = l[1].results[0];
          r.inputCost = r.lowCost = `${BigInt(r.inputCost) + 1n}`;
          r.totalCost = `${BigInt(r.totalCost) + 1n}`;
          r.highCost = `${BigInt(r.highCost) + 1n}`;
        }),
        /^s\.jsonl:2: .*inputCost does not match its tokens at the price shown/,
      );
    });

    it("money not in picodollars", () => {
      fails(
        edited((l) => {
          l[0].money = "dollars";
        }),
        /^s\.jsonl:1: money: "dollars"; shards carry "picodollars"$/,
      );
    });

    it("an amount of 400 digits", () => {
      fails(
        edited((l) => {
          l[2].results[1].outputCost = "9".repeat(400);
        }),
        /^s\.jsonl:3: results\[1\]: outputCost: 400 digits is more than any estimate can cost/,
      );
      fails(
        edited((l) => {
          l[0].empty[0].inputPrice = "1".repeat(13);
        }),
        /^s\.jsonl:1: empty\[0\]: inputPrice: .* above any price/,
      );
    });

    it("a model's limits or names that contradict the header, and a header that starts totals above 0", () => {
      fails(
        edited((l) => {
          l[1].results[0].contextWindow = 5;
        }),
        /^s\.jsonl:2: results\[0\] \(acme-large-2024\): contextWindow 5 contradicts the header's/,
      );
      fails(
        edited((l) => {
          l[0].empty[1].inputTokens = 7;
        }),
        /^s\.jsonl:1: empty\[1\]: inputTokens: expected 0 in a result for no request$/,
      );
      fails(
        edited((l) => {
          l[1].results[0].exact = "yes";
        }),
        /^s\.jsonl:2: results\[0\]: exact: expected true or false$/,
      );
    });
  });

  it("18.3: a header's date that is no calendar date is 65 naming the shard and line", () => {
    for (const date of ["2026-13-45", "2026-02-30", "yesterday", 20260101]) {
      const lines = renderJsonl(price(["one two"]))
        .trim()
        .split("\n");
      const header = JSON.parse(lines[0] ?? "");
      header.date = date;
      const text = [JSON.stringify(header), ...lines.slice(1)].join("\n");
      expect(() => parseShard(text, "s.jsonl"), `${date}`).toThrow(
        /^s\.jsonl:1: date: expected a date as YYYY-MM-DD$/,
      );
    }
  });

  it("18.1: a record nested 5,000 deep (which JSON.stringify cannot write back) is 65 naming the shard, line and path", () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const lines = renderJsonl(price(["one two"]))
      .trim()
      .split("\n");
    const at = (line: number, field: string) =>
      lines.map((l, i) => (i === line ? l.replace(/^\{/, `{"${field}":${deep},`) : l)).join("\n");
    expect(() => parseShard(at(0, "notes2"), "s.jsonl")).toThrow(
      /^s\.jsonl:1: notes2\.a\.a\.a…: nested more than 64 levels deep: not an llmcost record$/,
    );
    expect(() => parseShard(at(1, "extra"), "s.jsonl")).toThrow(
      /^s\.jsonl:2: extra\.a\.a\.a…: nested more than 64 levels deep/,
    );
    const band = lines.map((l, i) =>
      i === 1 ? l.replace('"results":[{', `"results":[{"band":${deep},`) : l,
    );
    expect(() => parseShard(band.join("\n"), "s.jsonl")).toThrow(
      /^s\.jsonl:2: results\[0\]\.band\.a…: nested/,
    );
    // In a directory, such a file is no shard: skipped.
    const merge = new ShardMerge({ perInput: false });
    const stream = merge.stream("other.json", true);
    stream.write(`${deep}\n`);
    expect(stream.end()).toBe("skipped: not an llmcost jsonl shard (nested too deep)");
  });
});
