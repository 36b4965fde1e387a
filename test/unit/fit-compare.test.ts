import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareNarrowing, fitComparisonCell } from "../../src/render/fit-compare.js";
import { displayWidth, stripAnsi } from "../../src/render/fit-text.js";
import { runCli } from "./helpers.js";

const REFERENCE = "gpt-4o-mini-2024-07-18";
const PROMPT = "Summarise this in three bullet points, please, for the reader.";

describe("--compare-to cells on a narrow terminal", () => {
  it("keep the reference whole, else without its date, else the multiple alone", () => {
    const cell = `16.7× ${REFERENCE}`;
    expect(fitComparisonCell(cell, REFERENCE, 40)).toBe(cell);
    expect(fitComparisonCell(cell, REFERENCE, 18)).toBe("16.7× gpt-4o-mini…");
    expect(fitComparisonCell(cell, REFERENCE, 17)).toBe("16.7×");
    expect(fitComparisonCell(`≈ 2.67× ${REFERENCE}`, REFERENCE, 12)).toBe("≈ 2.67×");
    expect(fitComparisonCell("20% cheaper", REFERENCE, 9)).toBe("20%\ncheaper");
    const free = `more expensive (${REFERENCE} costs $0.00)`;
    expect(fitComparisonCell(free, REFERENCE, 14)).toBe("more expensive\n(gpt-4o-mini…\ncosts $0.00)");
    expect(fitComparisonCell(free, REFERENCE, 12)).toBe("more\nexpensive");
    // An id with no date suffix has no shorter form: the multiple alone.
    expect(fitComparisonCell("3.00× gpt-6-sol", "gpt-6-sol", 12)).toBe("3.00×");
  });

  it("property: at any width the column may take, lines fit and the id is whole, undated or absent", () => {
    const cells = [
      "reference",
      `16.7× ${REFERENCE}`,
      `≈ 2.67× ${REFERENCE}`,
      "20.5% cheaper",
      "same cost",
      `more expensive (${REFERENCE} costs $0.00)`,
    ];
    const narrowing = compareNarrowing(cells, REFERENCE, 1);
    fc.assert(
      fc.property(fc.integer({ min: narrowing.min, max: 60 }), (width) => {
        const fitted = narrowing.cells(width);
        const head = narrowing.head?.(width) ?? "";
        for (const cell of fitted) {
          const text = String(cell);
          for (const line of text.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          // Read as one line, the id is all there, or as "gpt-4o-mini…", or gone (no piece of it).
          const joined = text.replaceAll("\n", " ");
          const id = joined.includes(REFERENCE) || joined.includes("gpt-4o-mini…");
          if (!id) expect(joined).not.toMatch(/gpt|2024|07-18/);
        }
        // The head names the reference on a line of its own, shortened on that line if need be.
        if (displayWidth(`Cost vs ${REFERENCE}`) > width) {
          const [first, id, ...more] = head.split("\n");
          expect([first, more]).toEqual(["Cost vs", []]);
          expect(displayWidth(id ?? "")).toBeLessThanOrEqual(width);
          expect(id).toMatch(/^gpt-4o/);
        }
      }),
    );
  });

  it.each([80, 100])("estimate --compare-to at %i columns: no id cut over lines", async (width) => {
    const argv = [
      "estimate",
      "-m",
      `gpt-4o-2024-08-06,${REFERENCE},gpt-4.1-mini-2025-04-14`,
      "--output-tokens",
      "400",
      "--compare-to",
      REFERENCE,
      "--as-of",
      "2025-06-01",
    ];
    const run = await runCli(argv, { input: PROMPT, env: { COLUMNS: String(width) } });
    expect(run.code, run.stderr).toBe(0);
    const table = stripAnsi(run.stdout)
      .split("\n")
      .filter((line) => /^[┌│├└]/.test(line));
    for (const line of table) expect(displayWidth(line)).toBe(displayWidth(table[0] ?? ""));
    expect(displayWidth(table[0] ?? "")).toBeLessThanOrEqual(width);
    const last = (line: string) => line.split("│").at(-2)?.trim() ?? "";
    const rows = table.filter((line) => line.startsWith("│")).map(last);
    // Each comparison on one line: "16.7×" or "16.7× gpt-4o-mini…", never "gpt-4o-mini-2024-" then "07-18".
    expect(rows).toEqual(
      expect.arrayContaining([expect.stringMatching(/^16\.7×( gpt-4o-mini(…|-2024-07-18))?$/)]),
    );
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/^2\.67×/), "reference"]));
    for (const cell of rows) expect(cell).not.toMatch(/^(\d{2}-\d{2}|-?\d{4}-|gpt-4o-mini-\d*$)/);
    expect(rows).toContain("Cost vs");
  });
});
