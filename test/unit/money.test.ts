import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  costOf,
  divideRounded,
  parseScaledDecimal,
  pricePerTokenFromUsdPerMillion,
  toUsdNumber,
  toUsdString,
} from "../../src/pricing/money.js";

describe("prices", () => {
  it.each([
    [2.5, 2_500_000n],
    [0.15, 150_000n],
    [0.075, 75_000n],
    [30, 30_000_000n],
    [0, 0n],
    [0.000001, 1n],
  ])("$%s per 1M tokens is %s picodollars per token", (usd, pico) => {
    expect(pricePerTokenFromUsdPerMillion(usd)).toBe(pico);
  });

  it.each([-1, Number.POSITIVE_INFINITY, Number.NaN, 0.0000001, 1e21])("rejects %s", (usd) => {
    expect(pricePerTokenFromUsdPerMillion(usd)).toBeNull();
  });

  it("parses decimals strictly", () => {
    expect(parseScaledDecimal("0.25", 6)).toBe(250_000n);
    expect(parseScaledDecimal("1.500", 2)).toBe(150n);
    for (const bad of ["", "0x10", "1e3", "-1", "01", ".5", "5.", " 1", "1.2.3"]) {
      expect(parseScaledDecimal(bad, 6)).toBeNull();
    }
  });
});

describe("costs are exact", () => {
  it("3 × 1M tokens at $0.15/M is exactly $0.45", () => {
    const price = pricePerTokenFromUsdPerMillion(0.15) ?? 0n;
    const total = costOf(1_000_000, price) + costOf(1_000_000, price) + costOf(1_000_000, price);
    expect(toUsdString(total)).toBe("0.45");
    expect(toUsdNumber(total)).toBe(0.45);
    expect(JSON.stringify(toUsdNumber(total))).toBe("0.45");
  });

  it("10,000 files × 1,234 tokens at $2.50/M is exactly $30.85", () => {
    const price = pricePerTokenFromUsdPerMillion(2.5) ?? 0n;
    const total = Array.from({ length: 10_000 }, () => costOf(1_234, price)).reduce((a, b) => a + b, 0n);
    expect(toUsdString(total)).toBe("30.85");
  });

  it("cost is linear in tokens", () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.bigInt({ min: 0n, max: 10n ** 10n }), (a, b, price) => {
        expect(costOf(a + b, price)).toBe(costOf(a, price) + costOf(b, price));
      }),
    );
  });

  it("USD strings round-trip exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (amount) => {
        expect(parseScaledDecimal(toUsdString(amount), 12)).toBe(amount);
      }),
    );
  });

  it("rounds half away from zero", () => {
    expect(divideRounded(15n, 10n)).toBe(2n);
    expect(divideRounded(14n, 10n)).toBe(1n);
    expect(divideRounded(25n, 10n)).toBe(3n);
  });
});
