import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatPricePerMillion,
  formatTokenSize,
  formatUsd,
  printable,
} from "../../src/render/format.js";

const usd = (decimal: string) => {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole + fraction.padEnd(12, "0"));
};

describe("formatUsd", () => {
  it.each([
    ["0", "$0.00"],
    ["0.45", "$0.45"],
    ["0.5", "$0.50"],
    ["0.123456", "$0.123"],
    ["0.0012345", "$0.00123"],
    ["0.000000015", "$0.000000015"],
    ["0.000000000001", "$0.000000000001"],
    ["0.9996", "$1.00"],
    ["1", "$1.00"],
    ["1.005", "$1.01"],
    ["1234.567", "$1,234.57"],
    ["30.85", "$30.85"],
  ])("%s → %s", (amount, text) => {
    expect(formatUsd(usd(amount))).toBe(text);
  });

  it("never shows a non-zero cost as $0.00", () => {
    for (let digits = 0n; digits < 12n; digits++) expect(formatUsd(10n ** digits)).not.toBe("$0.00");
  });
});

describe("other formats", () => {
  it.each([
    [128_000, "128k"],
    [131_072, "128k"],
    [8_192, "8k"],
    [32_768, "32k"],
    [32_000, "32k"],
    [16_385, "16k"],
    [200_000, "200k"],
    [1_048_576, "1M"],
    [1_000_000, "1M"],
    [2_097_152, "2M"],
    [512, "512"],
  ])("context %i → %s", (tokens, text) => {
    expect(formatTokenSize(tokens)).toBe(text);
  });

  it("formats prices and counts", () => {
    expect(formatPricePerMillion(2_500_000n)).toBe("$2.50");
    expect(formatPricePerMillion(75_000n)).toBe("$0.075");
    expect(formatCount(1_234_567)).toBe("1,234,567");
  });

  it("escapes control characters", () => {
    expect(printable("a\u001b[31mb\nc")).toBe("a\\u001b[31mb\\u000ac");
  });
});

describe("formatCount", () => {
  it("groups digits as en-US does", () => {
    const intl = new Intl.NumberFormat("en-US");
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatCount(n)).toBe(intl.format(n));
      }),
    );
  });
});
