import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BillingMode, billedInput, ratesFor } from "../../src/core/billing.js";
import { computeEstimate } from "../../src/core/estimate.js";
import { startRequestCount } from "../../src/core/requests/counted-requests.js";
import { newMessage } from "../../src/core/requests/types.js";
import type { ModelResult } from "../../src/core/types.js";
import { windowAt, windowCovers } from "../../src/pricing/off-peak.js";
import type { Model, PricePeriod } from "../../src/pricing/types.js";
import { parseProviderFile } from "../../src/pricing/validate.js";
import { BILLABLE_CHARACTERS, billableCharacters } from "../../src/tokenizers/billable-characters.js";
import { wordTokenizer } from "./helpers.js";

// Exact picodollars for each billing unit of docs/billing-units.md, on the fixture's models (prices in
// USD per 1M units, so a price of 3 is 3,000,000 picodollars a unit). The word tokenizer counts
// space-separated words: "w w … w" (n words) is n tokens.

const FIXTURE = new URL("../fixtures/user-pricing/billing-units.json", import.meta.url);
const MODELS = parseProviderFile(readFileSync(FIXTURE, "utf8"), "billing-units.json").models;
const model = (id: string) => MODELS.find((m) => m.id === id) as Model;
const TOKENIZERS = new Map([
  ["o200k_base", wordTokenizer("o200k_base")],
  [BILLABLE_CHARACTERS, billableCharacters()],
]);
const words = (n: number) => Array.from({ length: n }, () => "w").join(" ");
const STANDARD: BillingMode = { batch: false, cachedShare: 0n };

function price(id: string, text: string, billing: Partial<BillingMode> = {}, outputTokens = 10) {
  const estimate = computeEstimate([{ source: "t", text }], [model(id)], TOKENIZERS, {
    date: "2025-01-01",
    output: { kind: "tokens", tokens: outputTokens },
    billing: { ...STANDARD, ...billing },
  });
  return { row: estimate.results[0] as ModelResult, estimate };
}

describe("per-character billing", () => {
  it("bills characters, white space excluded, and 4 characters per output token", () => {
    // "ab cd\tef\n😀": 7 billable characters (the emoji is one code point), 2 words.
    const { row } = price("chars-model", "ab cd\tef\n😀");
    expect(row).toMatchObject({
      unit: "character",
      inputTokens: 2,
      inputCharacters: 7,
      outputCharacters: 40,
    });
    expect(row.inputCost).toBe(7n * 1_250_000n);
    expect(row.outputCost).toBe(40n * 3_750_000n);
    expect(row.totalCost).toBe(158_750_000n);
    // The high end: the model's 8192 output tokens as characters.
    expect(row.highCost).toBe(8_750_000n + 8192n * 4n * 3_750_000n);
  });

  it("moves to the long-context tier by tokens, as Vertex AI did, and bills its characters", () => {
    const { row } = price("chars-model", words(128_001), {}, 0);
    expect(row.inputCharacters).toBe(128_001);
    expect(row.longContext).toBe(true);
    expect(row.inputCost).toBe(128_001n * 2_500_000n);
  });

  it("bills a request's characters as the same texts given as text would be (property)", () => {
    const counter = billableCharacters();
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { maxLength: 4 }),
        fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (system, texts) => {
          const counting = startRequestCount("chat.json", "chat");
          const request = {
            format: "openai" as const,
            system,
            messages: texts.map((text) => newMessage("user", [text])),
            tools: [],
            plain: [],
          };
          counting.add(request, "r", 1, [model("chars-model")], () => wordTokenizer("o200k_base"));
          const counted = counting.end({ bytes: 0, characters: 0 });
          const estimate = computeEstimate([counted], [model("chars-model")], TOKENIZERS, {
            date: "2025-01-01",
            output: { kind: "none" },
          });
          const expected = [...system, ...texts].reduce((sum, text) => sum + counter.count(text), 0);
          expect(estimate.results[0]?.inputCharacters).toBe(expected);
          expect(estimate.results[0]?.inputCost).toBe(BigInt(expected) * 1_250_000n);
        },
      ),
    );
  });

  it("counts Google's own examples as Vertex AI's CountTokens did (totalBillableCharacters)", () => {
    // cloud.google.com/vertex-ai/generative-ai/docs/samples/generativeaionvertexai-token-count-sample-with-genai:
    // "hello world" → 10; ["hello world", "what's the weather today"] → 31.
    const counter = billableCharacters();
    expect(counter.count("hello world")).toBe(10);
    expect(counter.count("hello world") + counter.count("what's the weather today")).toBe(31);
  });

  it("leaves out exactly what JavaScript's \\s matches, over every BMP character", () => {
    const counter = billableCharacters();
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const character = String.fromCharCode(c);
      if (counter.count(character) !== (/\s/.test(character) ? 0 : 1)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it("counts characters the same however a text is cut (the stream of a large input)", () => {
    const counter = billableCharacters();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.nat(), (text, at) => {
        const cut = Math.min(at, text.length);
        const stream = counter.stream?.();
        stream?.write(text.slice(0, cut));
        stream?.write(text.slice(cut));
        expect(stream?.end()).toBe(counter.count(text));
        expect(counter.count(text)).toBe([...text].filter((c) => !/\s/.test(c)).length);
      }),
    );
  });
});

describe("cache writes", () => {
  const text = words(100);
  it("bills the write share at the 5-minute price by default, the rest as before", () => {
    const { row } = price("cache-model", text, { cachedShare: 250_000n, cacheWriteShare: 500_000n }, 0);
    expect(row).toMatchObject({ cachedInputTokens: 25, cacheWriteTokens: 50 });
    // 25 × $3 + 25 × $0.30 + 50 × $3.75 per 1M
    expect(row.inputCost).toBe(75_000_000n + 7_500_000n + 187_500_000n);
  });

  it("bills 1-hour writes at their own price", () => {
    const { row } = price(
      "cache-model",
      text,
      { cachedShare: 250_000n, cacheWriteShare: 500_000n, cacheTtl: "1h" },
      0,
    );
    expect(row.inputCost).toBe(75_000_000n + 7_500_000n + 300_000_000n);
  });

  it("takes the batch discount on writes too", () => {
    const { row } = price(
      "cache-model",
      text,
      { batch: true, cachedShare: 250_000n, cacheWriteShare: 500_000n },
      0,
    );
    expect(row.inputCost).toBe(37_500_000n + 3_750_000n + 93_750_000n);
  });

  it("bills writes as input where a model bills none, and leaves out a model with no 1-hour price", () => {
    const { row } = price("tier-model", text, { cacheWriteShare: 500_000n, cacheTtl: "1h" }, 0);
    expect(row.inputCost).toBe(100n * 1_250_000n);
    const period: PricePeriod = { ...(model("cache-model").prices[0] as PricePeriod) };
    delete period.cacheWrite1h;
    const without = { ...model("cache-model"), prices: [period] };
    const estimate = computeEstimate([{ source: "t", text }], [without], TOKENIZERS, {
      date: "2025-01-01",
      output: { kind: "none" },
      billing: { ...STANDARD, cacheWriteShare: 100_000n, cacheTtl: "1h" },
    });
    expect(estimate.unavailable).toEqual([
      { model: "cache-model", provider: "unitstest", reason: "no 1-hour cache-write price", named: true },
    ]);
  });

  it("never bills more units than the input has (reads and writes rounded apart)", () => {
    const period = model("cache-model").prices[0] as PricePeriod;
    const billed = billedInput(period, 1, { ...STANDARD, cachedShare: 500_000n, cacheWriteShare: 500_000n });
    expect(billed.cachedInputTokens + billed.cacheWriteTokens).toBe(1);
  });
});

describe("batch with long-context tiers", () => {
  const period = model("cache-model").prices[0] as PricePeriod;
  it("uses a tier's own batch prices, its cache prices following its discount", () => {
    const rates = ratesFor(period, 200_001, { ...STANDARD, batch: true, cacheTtl: "1h" });
    expect(rates).toMatchObject({ input: 2_500_000n, output: 10_000_000n, tierAbove: 200_000 });
    expect(rates.cachedInput).toBe(250_000n); // $0.60 × 2.5/6
    expect(rates.cacheWrite).toBe(5_000_000n); // $12 × 2.5/6
  });

  it("scales a tier without batch prices by the period's batch discount", () => {
    const tiers = period.tiers?.map(({ batchInput: _, batchOutput: __, ...tier }) => tier);
    const rates = ratesFor({ ...period, tiers }, 200_001, { ...STANDARD, batch: true });
    expect(rates).toMatchObject({ input: 3_000_000n, output: 11_250_000n });
  });

  it("is never dearer than standard where batch prices are below standard (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (tokens, cached, write) => {
          const mode = {
            ...STANDARD,
            cachedShare: BigInt(cached),
            cacheWriteShare: BigInt(Math.min(write, 1_000_000 - cached)),
          };
          const standard = billedInput(period, tokens, mode);
          const batch = billedInput(period, tokens, { ...mode, batch: true });
          expect(batch.inputCost <= standard.inputCost).toBe(true);
          expect(batch.rates.output <= standard.rates.output).toBe(true);
        },
      ),
    );
  });
});

describe("service tiers", () => {
  const text = words(100);
  it("prices flex and priority at their own prices, standard at the period's", () => {
    expect(price("tier-model", text).row.totalCost).toBe(125_000_000n + 100_000_000n);
    const flex = price("tier-model", text, { serviceTier: "flex" }).row;
    expect(flex).toMatchObject({ serviceTier: "flex", totalCost: 62_500_000n + 50_000_000n });
    const priority = price("tier-model", text, { serviceTier: "priority" }).row;
    expect(priority).toMatchObject({ serviceTier: "priority", totalCost: 250_000_000n + 200_000_000n });
  });

  it("never prices a model without the tier at its standard price", () => {
    const { estimate } = price("cache-model", text, { serviceTier: "priority" });
    expect(estimate.results).toEqual([]);
    expect(estimate.unavailable[0]?.reason).toBe("no priority service-tier price");
  });

  it("keeps flex ≤ standard ≤ priority for any request (property)", () => {
    const usd = fc.integer({ min: 0, max: 100_000_000 }).map(BigInt);
    const arbitrary = fc
      .tuple(
        usd,
        usd,
        usd,
        usd,
        usd,
        usd,
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
      )
      .map(([a, b, c, d, e, f, tokens, cached]) => {
        const [flexIn, input, priorityIn] = [a, b, c].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        const [flexOut, output, priorityOut] = [d, e, f].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        const period: PricePeriod = {
          from: "2025-01-01",
          input: input as bigint,
          output: output as bigint,
          cachedInput: (input as bigint) / 10n,
          tiers: [{ above: 1_000_000, input: (input as bigint) * 2n, output: (output as bigint) * 2n }],
          serviceTiers: {
            flex: { input: flexIn as bigint, output: flexOut as bigint },
            priority: { input: priorityIn as bigint, output: priorityOut as bigint },
          },
          source: "https://example.com",
          checked: "2025-01-01",
        };
        return { period, tokens, cached };
      });
    fc.assert(
      fc.property(arbitrary, ({ period, tokens, cached }) => {
        const cost = (serviceTier: BillingMode["serviceTier"]) => {
          const m = { ...model("tier-model"), prices: [period] };
          const result = computeEstimate([{ source: "t", text: "" }], [m], TOKENIZERS, {
            date: "2025-06-01",
            output: { kind: "none" },
            billing: { ...STANDARD, serviceTier, cachedShare: BigInt(cached) },
            counted: new Map([[m.id, { countedWith: "api", counts: [tokens] }]]),
          });
          return result.results[0]?.highCost as bigint;
        };
        const [flex, standard, priority] = [cost("flex"), cost("standard"), cost("priority")];
        expect(flex <= standard && standard <= priority).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe("regional endpoints", () => {
  const text = words(100);
  it("prices the regional endpoint unless global is asked for, and says which", () => {
    expect(price("region-model", text).row).toMatchObject({
      endpoint: "regional",
      totalCost: 330_000_000n + 165_000_000n,
    });
    expect(price("region-model", text, { endpoint: "global" }).row).toMatchObject({
      endpoint: "global",
      totalCost: 300_000_000n + 150_000_000n,
    });
  });

  it("derives a price the block leaves out in proportion, rounded up", () => {
    // cachedInput $0.30 × 3.3/3 = $0.33
    const { row } = price("region-model", text, { cachedShare: 500_000n });
    expect(row.inputCost).toBe(50n * 3_300_000n + 50n * 330_000n);
  });

  it("leaves a model whose host prices one endpoint unmarked", () => {
    expect(price("tier-model", text).row.endpoint).toBeUndefined();
  });
});

describe("off-peak windows", () => {
  const text = words(100);
  const standard = 27_000_000n + 11_000_000n;
  const night = 13_500_000n + 5_500_000n;
  it.each([
    [undefined, standard, undefined],
    ["16:29", standard, undefined],
    ["16:30", night, "16:30–00:30"],
    ["23:59", night, "16:30–00:30"],
    ["00:00", night, "16:30–00:30"],
    ["00:29", night, "16:30–00:30"],
    ["00:30", standard, undefined],
  ])("at %s UTC", (at, total, window) => {
    const { row } = price("night-model", text, at === undefined ? {} : { at });
    expect(row.totalCost).toBe(total);
    expect(row.offPeak).toBe(window);
  });

  it("follows weekdays, a window that runs past midnight belonging to the day it starts", () => {
    const weekend = { start: "22:00", end: "02:00", days: ["sat" as const] };
    expect(windowCovers(weekend, 6, 23 * 60)).toBe(true); // Saturday 23:00
    expect(windowCovers(weekend, 0, 60)).toBe(true); // Sunday 01:00, from Saturday's window
    expect(windowCovers(weekend, 0, 23 * 60)).toBe(false); // Sunday 23:00
    const windows = [{ ...weekend, input: 1n, output: 1n }];
    expect(windowAt(windows, "2026-12-05", 23 * 60)).toBeDefined(); // a Saturday
    expect(windowAt(windows, "2026-12-07", 23 * 60)).toBeUndefined(); // a Monday
  });
});

describe("laws over any request", () => {
  const clock = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const day = fc.integer({ min: 0, max: 6 }).map((d) => `2026-11-${String(22 + d).padStart(2, "0")}`);
  const share = fc.integer({ min: 0, max: 1_000_000 });

  it("an off-peak window never costs more than standard hours, whatever the hour and day", () => {
    fc.assert(
      fc.property(clock, day, fc.integer({ min: 0, max: 500 }), share, (at, date, n, cached) => {
        const cost = (extra: Partial<BillingMode>) => {
          const estimate = computeEstimate(
            [{ source: "t", text: words(n) }],
            [model("night-model")],
            TOKENIZERS,
            {
              date,
              output: { kind: "tokens", tokens: 10 },
              billing: { ...STANDARD, cachedShare: BigInt(cached), ...extra },
            },
          );
          return (estimate.results[0] as ModelResult).totalCost;
        };
        expect(cost({ at }) <= cost({})).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("the regional endpoint never costs less than the global one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), share, share, (n, cached, written) => {
        const cost = (endpoint: "regional" | "global") =>
          price("region-model", words(n), {
            endpoint,
            cachedShare: BigInt(cached),
            cacheWriteShare: BigInt(Math.min(written, 1_000_000 - cached)),
          }).row.totalCost;
        expect(cost("regional") >= cost("global")).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("1-hour writes never cost less than 5-minute ones where the 1-hour price is the dearer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), share, fc.boolean(), (n, written, batch) => {
        const period = model("cache-model").prices[0] as PricePeriod;
        const mode = { ...STANDARD, batch, cacheWriteShare: BigInt(written) };
        const fiveMinutes = billedInput(period, n, mode).inputCost;
        const oneHour = billedInput(period, n, { ...mode, cacheTtl: "1h" }).inputCost;
        expect(oneHour >= fiveMinutes).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe("the price file's unit fields are checked", () => {
  const fileWith = (period: Record<string, unknown>) =>
    JSON.stringify({
      provider: "x",
      name: "X",
      models: [
        {
          id: "m",
          name: "M",
          kind: "chat",
          tokenizer: "o200k_base",
          contextWindow: 100,
          maxOutputTokens: 10,
          prices: [
            {
              from: "2025-01-01",
              input: 2,
              output: 8,
              source: "https://e.com",
              checked: "2025-01-01",
              ...period,
            },
          ],
        },
      ],
    });
  it.each([
    [{ unit: "token" }, 'models[0].prices[0].unit: must be "character"'],
    [
      { serviceTiers: { flex: { input: 3, output: 8 } } },
      "serviceTiers.flex.input: is higher than the standard price",
    ],
    [
      { serviceTiers: { priority: { input: 2, output: 4 } } },
      "serviceTiers.priority.output: is lower than the standard price",
    ],
    [{ serviceTiers: {} }, "serviceTiers: names no tier"],
    [{ serviceTiers: { turbo: { input: 2, output: 8 } } }, "serviceTiers.turbo: unknown field"],
    [{ regional: { input: 2.2 } }, "regional.output: missing"],
    [
      { offPeak: [{ start: "16:30", end: "25:00", input: 1, output: 4 }] },
      "offPeak[0].end: must be a time of day",
    ],
    [
      {
        offPeak: [
          { start: "16:30", end: "00:30", input: 1, output: 4 },
          { start: "00:00", end: "01:00", input: 1, output: 4 },
        ],
      },
      "offPeak: windows overlap (sun 00:00 UTC falls in two)",
    ],
    [
      { offPeak: [{ start: "10:00", end: "11:00", days: ["mon", "mon"], input: 1, output: 4 }] },
      "days[1]: appears twice",
    ],
    [
      { tiers: [{ above: 10, input: 4, output: 16, batchInput: 2, batchOutput: 8 }] },
      "tiers[0].batchInput: a tier's batch price needs the period's batch prices",
    ],
    [
      { batchInput: 1, batchOutput: 4, tiers: [{ above: 10, input: 4, output: 16, batchInput: 2 }] },
      "tiers[0].batchOutput: batch prices come in pairs",
    ],
    // Contradictory unit data: each is a typo the estimate's laws (never under) rest on.
    [{ regional: { input: 1.8, output: 8 } }, "regional.input: is lower than the global price"],
    [{ regional: { input: 2.2, output: 7 } }, "regional.output: is lower than the global price"],
    [
      { offPeak: [{ start: "16:30", end: "00:30", input: 3, output: 4 }] },
      "offPeak[0].input: is higher than the standard-hours price",
    ],
    [{ cacheWrite: 2.5, cacheWrite1h: 2 }, "prices[0].cacheWrite1h: is lower than the 5-minute"],
    [
      { tiers: [{ above: 10, input: 4, output: 16, cacheWrite: 5, cacheWrite1h: 4.5 }] },
      "tiers[0].cacheWrite1h: is lower than the 5-minute",
    ],
    [
      {
        batchInput: 1,
        batchOutput: 4,
        tiers: [{ above: 10, input: 4, output: 16, batchInput: 5, batchOutput: 8 }],
      },
      "tiers[0].batchInput: is higher than the input price",
    ],
    [
      {
        batchInput: 1,
        batchOutput: 4,
        tiers: [{ above: 10, input: 4, output: 16, batchInput: 2, batchOutput: 17 }],
      },
      "tiers[0].batchOutput: is higher than the output price",
    ],
    [
      { regional: { input: 2.2, output: 8.8, batchInput: 3, batchOutput: 4 } },
      "regional.batchInput: is higher than the input price",
    ],
  ])("%j", (period, message) => {
    expect(() => parseProviderFile(fileWith(period), "x.json")).toThrow(message);
  });

  it("reads a valid file's fields as picodollars", () => {
    const period = model("tier-model").prices[0] as PricePeriod;
    expect(period.serviceTiers?.flex).toEqual({ input: 625_000n, output: 5_000_000n, cachedInput: 62_500n });
    expect(model("cache-model").prices[0]?.cacheWrite1h).toBe(6_000_000n);
    expect(model("night-model").prices[0]?.offPeak?.[0]).toMatchObject({
      start: "16:30",
      end: "00:30",
      input: 135_000n,
    });
  });
});

describe("the shipped prices", async () => {
  const { loadCatalog } = await import("../../src/api.js");
  const catalog = await loadCatalog();
  /** What a million input tokens (and no output) cost a model on a date, at a time of day. */
  function million(id: string, date: string, billing: Partial<BillingMode> = {}) {
    const m = catalog.byName.get(id) as Model;
    const result = computeEstimate(
      [{ source: "t", text: "" }],
      [m],
      new Map([[m.tokenizer, wordTokenizer(m.tokenizer)]]),
      {
        date,
        output: { kind: "none" },
        billing: { ...STANDARD, ...billing },
        counted: new Map([[m.id, { countedWith: "api", counts: [1_000_000] }]]),
      },
    );
    return result.results[0]?.totalCost ?? result.unavailable[0]?.reason;
  }
  const usd = (amount: number) => BigInt(Math.round(amount * 1e6)) * 1_000_000n;

  it("DeepSeek's 2025 night discount: 16:30–00:30 UTC from 2025-02-26 until 2025-09-05", () => {
    expect(million("deepseek-chat", "2025-03-03", { at: "18:00" })).toBe(usd(0.135));
    expect(million("deepseek-chat", "2025-03-03", { at: "12:00" })).toBe(usd(0.27));
    expect(million("deepseek-chat", "2025-03-03")).toBe(usd(0.27));
    expect(million("deepseek-reasoner", "2025-03-03", { at: "00:15" })).toBe(usd(0.135));
    expect(million("deepseek-chat", "2025-02-20", { at: "18:00" })).toBe(usd(0.27));
    expect(million("deepseek-chat", "2025-09-10", { at: "18:00" })).toBe(usd(0.56));
  });

  it("DeepSeek's peak hours from 2026-08-16: weekdays 01:00–04:00 and 06:00–10:00 UTC; half price otherwise", () => {
    expect(million("deepseek-v4-pro", "2026-11-23", { at: "07:00" })).toBe(usd(1.32)); // a Monday
    expect(million("deepseek-v4-pro", "2026-11-23", { at: "05:00" })).toBe(usd(0.66));
    expect(million("deepseek-v4-pro", "2026-11-23", { at: "12:00" })).toBe(usd(0.66));
    expect(million("deepseek-v4-pro", "2026-11-21", { at: "07:00" })).toBe(usd(0.66)); // a Saturday
    expect(million("deepseek-v4-pro", "2026-11-23")).toBe(usd(1.32)); // no --at: standard (peak) hours
    expect(million("deepseek-flash", "2026-11-24", { at: "20:00" })).toBe(usd(0.15));
  });

  it("Anthropic's 1-hour cache writes: 2× input from 2025-05-22", () => {
    const writes = { cacheWriteShare: 1_000_000n, cacheTtl: "1h" as const };
    expect(million("claude-sonnet-4-5", "2026-06-01", writes)).toBe(usd(6));
    expect(million("claude-sonnet-4-5", "2026-06-01", { cacheWriteShare: 1_000_000n })).toBe(usd(3.75));
    // A million tokens passed the 200K tier then: its 1-hour write is 2× the tier's input.
    expect(million("claude-sonnet-4-5", "2026-01-05", writes)).toBe(usd(12));
    expect(million("claude-3-haiku-20240307", "2025-06-01", writes)).toBe(usd(0.5));
    expect(million("claude-3-haiku-20240307", "2025-01-01", writes)).toBe("no 1-hour cache-write price");
    // A million tokens passed Opus 4.6's 200K tier at launch; the tier was dropped on 2026-03-13.
    expect(million("claude-opus-4-6", "2026-02-20", writes)).toBe(usd(20));
    expect(million("claude-opus-4-6", "2026-06-01", writes)).toBe(usd(10));
  });

  it("OpenAI's flex (Batch API rates) and priority tiers, Gemini's flex (half) and priority (1.8×)", () => {
    expect(million("gpt-5", "2026-11-27", { serviceTier: "flex" })).toBe(usd(0.625));
    expect(million("gpt-5", "2026-11-27", { serviceTier: "priority" })).toBe(usd(2.5));
    expect(million("gpt-5", "2026-11-27", { serviceTier: "flex", cachedShare: 1_000_000n })).toBe(
      usd(0.0625),
    );
    expect(million("gpt-4o-2024-08-06", "2026-11-27", { serviceTier: "priority" })).toBe(usd(4.25));
    expect(million("gpt-4o-2024-08-06", "2026-11-27", { serviceTier: "flex" })).toBe(
      "no flex service-tier price",
    );
    expect(million("gemini-3.7-flash", "2026-11-27", { serviceTier: "priority" })).toBe(usd(1.35));
    expect(million("gemini-3.7-flash", "2026-11-27", { serviceTier: "flex" })).toBe(usd(0.375));
  });

  it("Bedrock's regional endpoints: the default, 10% over global on recent Claude models", () => {
    expect(million("bedrock/claude-sonnet-4-6", "2026-11-27")).toBe(usd(3.3));
    expect(million("bedrock/claude-sonnet-4-6", "2026-11-27", { endpoint: "global" })).toBe(usd(3));
    const writes = { cacheWriteShare: 1_000_000n, cacheTtl: "1h" as const };
    expect(million("bedrock/claude-sonnet-4-6", "2026-11-27", writes)).toBe(usd(6.6));
    expect(million("bedrock/claude-sonnet-4-6", "2026-11-27", { ...writes, endpoint: "global" })).toBe(
      usd(6),
    );
  });
});
