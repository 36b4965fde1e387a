import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countOf,
  formatGrowthOverLimit,
  formatMultiple,
  formatPercentExact,
  formatPercentOf,
  formatPercentOverLimit,
  formatSignedUsd,
  formatUsd,
  formatUsdExact,
  formatUsdOverLimit,
  formatUsdPair,
  markEstimate,
  plural,
} from "../../src/render/format.js";

/** "0.0019875" → picodollars. */
const usd = (decimal: string) => {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole + fraction.padEnd(12, "0"));
};

/** The amount a formatted figure reads as, in picodollars ("$1,234.5" → 1234.5 USD). */
const readUsd = (text: string) => usd(text.replace(/^[+-]?\$/, "").replaceAll(",", ""));

const picodollars = fc.bigInt({ min: 0n, max: 10n ** 18n });
/** Amounts near each other, where the display rule alone would show them alike. */
const nearPair = fc
  .tuple(picodollars, fc.bigInt({ min: 0n, max: 10n ** 6n }))
  .map(([a, step]) => [a, a + step] as const);

describe("money beside money (before → after, a range)", () => {
  it("shows the issue's diff pair with digits enough to differ", () => {
    // Both read $0.00198 on their own, 0.0000075 apart.
    expect(formatUsd(usd("0.0019755"))).toBe(formatUsd(usd("0.001983")));
    expect(formatUsdPair(usd("0.0019755"), usd("0.001983"))).toEqual(["$0.001976", "$0.001983"]);
    expect(formatUsdPair(usd("1.004"), usd("1.0049"))).toEqual(["$1.004", "$1.005"]);
    expect(formatUsdPair(usd("0.09996"), usd("0.1"))).toEqual(["$0.09996", "$0.10000"]);
  });

  it("keeps the display rule when it already tells them apart", () => {
    expect(formatUsdPair(usd("1.5"), usd("0.00198"))).toEqual(["$1.50", "$0.00198"]);
    expect(formatUsdPair(usd("3296.0432"), usd("300"))).toEqual(["$3,296.04", "$300.00"]);
  });

  it("property: different amounts never read alike, equal amounts always do", () => {
    fc.assert(
      fc.property(fc.oneof(nearPair, fc.tuple(picodollars, picodollars)), ([a, b]) => {
        const [x, y] = formatUsdPair(a, b);
        if (a === b) expect(x).toBe(y);
        else expect(x).not.toBe(y);
        expect(formatUsdPair(a, a)).toEqual([formatUsd(a), formatUsd(a)]);
      }),
    );
  });

  it("property: the figures keep their order and are within half a unit of the last digit shown", () => {
    fc.assert(
      fc.property(nearPair, ([a, b]) => {
        const [x, y] = formatUsdPair(a, b);
        expect(readUsd(x) <= readUsd(y)).toBe(true);
        for (const [amount, text] of [
          [a, x],
          [b, y],
        ] as const) {
          const decimals = text.split(".")[1]?.length ?? 0;
          const half = 10n ** BigInt(12 - decimals) / 2n;
          const off = readUsd(text) - amount;
          expect(off <= half && -off <= half).toBe(true);
        }
      }),
    );
  });

  it("formats a delta with its sign and never as zero when it is not", () => {
    expect(formatSignedUsd(usd("0.0000075"))).toBe("+$0.0000075");
    expect(formatSignedUsd(-usd("1.5"))).toBe("-$1.50");
    expect(formatSignedUsd(0n)).toBe("$0.00");
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (delta) => {
        const text = formatSignedUsd(delta);
        expect(readUsd(text.replace(/^-/, "")) === 0n).toBe(delta === 0n);
        expect(text.startsWith("-")).toBe(delta < 0n);
        expect(text.startsWith("+")).toBe(delta > 0n);
      }),
    );
  });
});

describe("a figure over its limit", () => {
  it("groups like the tables and shows the limit as set", () => {
    expect(formatUsdOverLimit(usd("3296.0432"), usd("300"))).toEqual(["$3,296.04", "$300.00"]);
    expect(formatUsdOverLimit(usd("0.5000001"), usd("0.5"))).toEqual(["$0.5000001", "$0.50"]);
    expect(formatUsdOverLimit(usd("0.12346"), usd("0.12345"))).toEqual(["$0.1235", "$0.12345"]);
    expect(formatUsdOverLimit(usd("0.2"), usd("0.12345"))).toEqual(["$0.20", "$0.12345"]);
    expect(formatUsdExact(usd("1000.5"))).toBe("$1,000.50");
  });

  it("property: money over its limit reads above it", () => {
    fc.assert(
      fc.property(picodollars, fc.bigInt({ min: 1n, max: 10n ** 12n }), (limit, over) => {
        const [actual, shown] = formatUsdOverLimit(limit + over, limit);
        expect(readUsd(shown)).toBe(limit);
        expect(readUsd(actual) > limit).toBe(true);
      }),
    );
  });

  it("shares: the limit exact, the figure to 0.1% or further", () => {
    // Millionths of a share are ten-thousandths of a percent.
    expect(formatPercentOverLimit(512_345n, 500_000n, 4)).toEqual(["51.2%", "50%"]);
    expect(formatPercentOverLimit(500_001n, 500_000n, 4)).toEqual(["50.0001%", "50%"]);
    expect(formatPercentExact(512_345n, 4)).toBe("51.2345%");
  });

  it("growth: over --fail-on-increase reads above it", () => {
    // $1.00 → $1.1001 is 10.01% over a 10% limit (limits in millionths of a percent).
    expect(formatGrowthOverLimit(usd("1"), usd("1.1001"), 10_000_000n, 6)).toEqual(["10.01%", "10%"]);
    expect(formatGrowthOverLimit(usd("1"), usd("1.25"), 10_000_000n, 6)).toEqual(["25%", "10%"]);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (before, limit) => {
          // The smallest after that grows more than the limit (millionths of a percent).
          const after = before + (before * limit) / 100_000_000n + 1n;
          const [growth, shownLimit] = formatGrowthOverLimit(before, after, limit, 6);
          // Percentages read at 12 decimals; the limit is in millionths of a percent.
          const read = (text: string) => usd(text.replace("%", "").replaceAll(",", ""));
          expect(read(shownLimit)).toBe(limit * 1_000_000n);
          expect(read(growth) > read(shownLimit)).toBe(true);
        },
      ),
    );
  });
});

describe("percentages and multiples", () => {
  it.each([
    [1n, 3n, "33.3%"],
    [1n, 5n, "20%"],
    [1n, 100_000n, "<0.1%"],
    [9_996n, 10_000n, ">99.9%"],
    [3n, 3n, "100%"],
    [0n, 3n, "0%"],
    [5n, 2n, "250%"],
  ])("%s of %s → %s", (part, whole, text) => {
    expect(formatPercentOf(part, whole)).toBe(text);
  });

  it("to whole percents for the context column", () => {
    expect(formatPercentOf(1n, 1000n, 0)).toBe("<1%");
    expect(formatPercentOf(999n, 1000n, 0)).toBe(">99%");
    expect(formatPercentOf(2000n, 128_000n, 0)).toBe("2%");
  });

  it.each([
    [50n, 3n, "16.7×"],
    [5n, 4n, "1.25×"],
    [3n, 2n, "1.5×"],
    [2n, 1n, "2×"],
    [1567n, 1n, "1,567×"],
    [157n, 1n, "157×"],
    [10_001n, 10_000n, "1.0001×"],
    [100_000_001n, 100_000_000n, ">1×"],
  ])("%s ÷ %s → %s", (part, whole, text) => {
    expect(formatMultiple(part, whole)).toBe(text);
  });

  it("property: a multiple of unequal amounts never reads 1×, of equal ones always", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (a, b) => {
          expect(formatMultiple(a, b) === "1×").toBe(a === b);
        },
      ),
    );
  });

  it("property: a share reads 0% or 100% only when it is exactly that", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (whole, n) => {
          const part = n % (whole + 1n);
          const text = formatPercentOf(part, whole);
          expect(text === "0%").toBe(part === 0n);
          expect(text === "100%").toBe(part === whole);
        },
      ),
    );
  });
});

describe("counts in words", () => {
  it("makes nouns and verbs agree with the count", () => {
    expect(countOf(1, "price")).toBe("1 price");
    expect(countOf(2, "price")).toBe("2 prices");
    expect(countOf(0, "entry", "entries")).toBe("0 entries");
    expect(countOf(1, "entry", "entries")).toBe("1 entry");
    expect(countOf(1_200, "entry", "entries")).toBe("1,200 entries");
    expect(`${countOf(1, "price")} ${plural(1, "differs", "differ")}`).toBe("1 price differs");
  });
});

describe("≈ marks estimates only", () => {
  it("is put on an estimated non-zero figure, never on a zero or an exact one", () => {
    expect(markEstimate("2,200", true, 2200)).toBe("≈2,200");
    expect(markEstimate("$0.00", true, 0n)).toBe("$0.00");
    expect(markEstimate("0", true, 0)).toBe("0");
    expect(markEstimate("400", false, 400)).toBe("400");
    expect(formatUsd(0n)).toBe("$0.00");
  });
});
