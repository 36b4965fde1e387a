import { describe, expect, it } from "vitest";
import { cachedTokens, ratesFor, STANDARD_BILLING, unavailableReason } from "../../src/core/billing.js";
import { daysBetween } from "../../src/core/staleness.js";
import { picodollarsFromUsd } from "../../src/pricing/money.js";
import type { Model, PricePeriod } from "../../src/pricing/types.js";

const M = 1_000_000n; // picodollars per token for $1 per 1M tokens
const period: PricePeriod = {
  from: "2025-01-01",
  input: 2n * M,
  output: 8n * M,
  cachedInput: M / 5n,
  batchInput: M,
  batchOutput: 4n * M,
  tiers: [
    { above: 100, input: 4n * M, output: 12n * M },
    { above: 1000, input: 6n * M, output: 16n * M, cachedInput: M },
  ],
  source: "https://example.com",
  checked: "2025-01-01",
};
const model = (extra: Partial<Model> = {}): Model => ({
  id: "m",
  aliases: [],
  datedAliases: [],
  provider: "p",
  providerName: "P",
  name: "M",
  kind: "chat",
  tokenizer: "o200k_base",
  contextWindow: 10_000,
  maxOutputTokens: 100,
  prices: [period],
  origin: { file: "f", path: "models[0]" },
  ...extra,
});

describe("ratesFor", () => {
  it("uses the base price up to a threshold and the tier's for the whole request past it", () => {
    expect(ratesFor(period, 100, STANDARD_BILLING)).toMatchObject({
      input: 2n * M,
      output: 8n * M,
      cachedInput: M / 5n,
    });
    expect(ratesFor(period, 101, STANDARD_BILLING)).toMatchObject({
      input: 4n * M,
      output: 12n * M,
      tierAbove: 100,
    });
    // A tier without a cached price bills cached reads as ordinary input: never cheaper than the bill.
    expect(ratesFor(period, 101, STANDARD_BILLING).cachedInput).toBe(4n * M);
    expect(ratesFor(period, 5000, STANDARD_BILLING)).toMatchObject({
      input: 6n * M,
      cachedInput: M,
      tierAbove: 1000,
    });
  });

  it("batch prices scale tiers by the batch discount", () => {
    const batch = { batch: true, cachedShare: 0n };
    expect(ratesFor(period, 10, batch)).toMatchObject({ input: M, output: 4n * M });
    expect(ratesFor(period, 101, batch)).toMatchObject({ input: 2n * M, output: 6n * M });
  });

  it("without a cached price, cached reads cost the input price", () => {
    const { cachedInput: _, ...plain } = period;
    expect(ratesFor(plain, 10, STANDARD_BILLING).cachedInput).toBe(2n * M);
  });

  it("rounds the cached share half up", () => {
    expect(cachedTokens(3, { batch: false, cachedShare: 500_000n })).toBe(2);
    expect(cachedTokens(1000, { batch: false, cachedShare: 333_333n })).toBe(333);
  });
});

describe("unavailableReason", () => {
  it.each([
    ["2024-12-31", {}, "no price before 2025-01-01"],
    ["2025-06-01", { retired: "2025-06-01" }, "retired on 2025-06-01"],
    ["2025-05-31", { retired: "2025-06-01" }, undefined],
  ])("on %s", (date, extra, reason) => {
    const m = model(extra);
    expect(unavailableReason(m, date >= "2025-01-01" ? period : undefined, date, STANDARD_BILLING)).toBe(
      reason,
    );
  });

  it("a batch run needs a batch price", () => {
    const { batchInput: _, ...plain } = period;
    expect(unavailableReason(model(), plain, "2025-02-01", { batch: true, cachedShare: 0n })).toBe(
      "no batch price",
    );
  });
});

describe("small helpers", () => {
  it.each([
    [2.5e-6, 2_500_000n],
    [3e-8, 30_000n],
    [1e-12, 1n],
    [1.5e-13, 0n],
    [0.04, 40_000_000_000n],
    [0, 0n],
  ])("USD %s is %s picodollars", (usd, pico) => expect(picodollarsFromUsd(usd)).toBe(pico));

  it("counts days between dates", () => {
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
    expect(daysBetween("2024-01-01", "2024-03-01")).toBe(60);
  });
});
