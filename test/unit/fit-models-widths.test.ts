import { describe, expect, it } from "vitest";
import { displayWidth, stripAnsi } from "../../src/render/fit-text.js";
import { runCli } from "./helpers.js";

// Widths from 60 to 220: the models list has rows whose prices are one cell across several columns
// ("retired on …", "no price before …"), and the columns it spans are dropped or merged at different
// widths; a span beside an empty cell for a column it covers drew one column too many. Every third
// width for the short lists; every sixth for the whole catalogue (a quarter of a second a run), plus
// the widths the review found broken (92, 112, 124, 128, 144, 160).
const widths = (step: number, extra: readonly number[] = []) => [
  ...new Set([...Array.from({ length: Math.floor(160 / step) + 1 }, (_, i) => 60 + i * step), ...extra]),
];
const FOUND_BROKEN = [92, 112, 124, 128, 144, 160];

const tableLines = (text: string) =>
  stripAnsi(text)
    .split("\n")
    .filter((line) => /^[┌│├└]/.test(line));

/** The widths at which `argv` draws a line past the width, or a table whose lines differ in width. */
async function badWidths(argv: string[], step: number) {
  const bad: string[] = [];
  for (const width of widths(step, argv.length === 1 ? FOUND_BROKEN : [])) {
    const run = await runCli(argv, { env: { COLUMNS: String(width) } });
    expect(run.code, run.stderr).toBe(0);
    const widest = Math.max(...run.stdout.split("\n").map(displayWidth));
    const lines = tableLines(run.stdout);
    const drawn = new Set(lines.map(displayWidth));
    if (lines.length === 0) bad.push(`${width}: no table`);
    if (widest > width) bad.push(`${width}: a line of ${widest} columns`);
    if (drawn.size !== 1) bad.push(`${width}: table lines of ${[...drawn].join(", ")} columns`);
    // A rule between head and rows (or the box's top or bottom) drawn of rule characters only: an
    // extra column beside a span shows as "┤  │" after the rule.
    const broken = lines.find((line) => /^[┌├└]/.test(line) && !/^[┌├└][─┬┼┴]*[┐┤┘]$/.test(line));
    if (broken) bad.push(`${width}: a broken rule ${broken.slice(-12)}`);
  }
  return bad;
}

describe("models fits every width with whole borders", () => {
  it.each([
    [["models"], 6],
    [["models", "--as-of", "2024-06-01", "-p", "mistral"], 3],
    [["models", "-p", "anthropic", "--as-of", "2025-06-01"], 3],
    [["models", "gpt-6-sol"], 3],
    [["models", "claude-3-5-sonnet-20241022", "--as-of", "2025-06-01"], 3],
  ])(
    "%j every %i columns",
    async (argv, step) => {
      expect(await badWidths(argv, step)).toEqual([]);
    },
    120_000,
  );

  it("a span of prices covers the columns left, not one more", async () => {
    const run = await runCli(["models", "--as-of", "2024-06-01", "-p", "mistral"], {
      env: { COLUMNS: "80" },
    });
    const lines = tableLines(run.stdout);
    const spanned = lines.find((line) => line.includes("no price before"));
    const head = lines.find((line) => line.includes("Model"));
    // As many borders in the span's row as in the head less the ones the span takes in.
    expect(spanned?.split("│").length).toBeLessThan(head?.split("│").length ?? 0);
    expect(spanned).toMatch(/no price before │$/);
  });
});
