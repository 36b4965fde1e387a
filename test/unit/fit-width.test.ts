import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { narrowestDistinctWidth, shortenId, shortenIds } from "../../src/render/fit-ids.js";
import { type FitColumn, fitTable, idColumn } from "../../src/render/fit-table.js";
import { displayWidth, stripAnsi, wrapText } from "../../src/render/fit-text.js";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

const PROMPT = "You are a helpful assistant. Answer in three short bullet points.";
const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));
/** The titles in a table's head line. */
const heads = (text: string) =>
  (
    stripAnsi(text)
      .split("\n")
      .find((line) => line.startsWith("│")) ?? ""
  )
    .split("│")
    .map((cell) => cell.trim())
    .filter(Boolean);

/** run(io) with stdout a terminal of `columns` (what bin/ hands over), stdin a pipe of `input`. */
async function onTerminal(argv: string[], columns: number, env: Record<string, string> = {}) {
  const { run } = await import("../../src/cli/run.js");
  const { runInProcess } = await import("../run-in-process.js");
  const chunks: Buffer[] = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    { isTTY: true, columns },
  );
  const result = await runInProcess(run, argv, {
    input: PROMPT,
    env: { LLMCOST_TODAY: "2026-11-27", ...env },
    extra: { stdout },
  });
  return { ...result, stdout: Buffer.concat(chunks).toString("utf8") };
}

/** estimate --output-tokens 400's columns when nothing has to give way. */
const FULL_ESTIMATE_HEADS = [
  "Model",
  "Provider",
  "Tokenizer",
  "In tokens",
  "Out tokens",
  "$/1M in/out",
  "Total",
  "Context",
];

describe("tables fit the terminal (COLUMNS when piped)", () => {
  const estimate = (columns: string, extra: string[] = []) =>
    runCli(["estimate", "--output-tokens", "400", ...extra], { input: PROMPT, env: { COLUMNS: columns } });

  it("no width known: today's full table, whatever its width", async () => {
    const run = await runCli(["estimate", "--output-tokens", "400"], { input: PROMPT });
    expect(run.code).toBe(0);
    expect(heads(run.stdout)).toEqual(FULL_ESTIMATE_HEADS);
    expect(widest(run.stdout)).toBeGreaterThan(120);
  });

  it.each([80, 100, 200])("estimate --output-tokens 400 at %i columns", async (width) => {
    const run = await estimate(String(width));
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    const shown = heads(run.stdout);
    expect(shown).toContain("Model");
    expect(shown).toContain("Total");
    expect(shown.some((title) => title.startsWith("In"))).toBe(true);
    expect(run.stdout).toContain("claude-sonnet-5-5");
    if (width === 200) expect(shown).toEqual(FULL_ESTIMATE_HEADS);
    else expect(shown).not.toContain("Tokenizer");
  });

  it.each([80, 100, 200])("estimate --compare-to at %i columns keeps the comparison", async (width) => {
    const run = await estimate(String(width), ["--compare-to", "gpt-6-sol"]);
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    const shown = heads(run.stdout);
    expect(shown).toEqual(expect.arrayContaining(["Model", "Total"]));
    expect(shown.some((title) => title.startsWith("Cost vs"))).toBe(true);
    expect(stripAnsi(run.stdout)).toMatch(/│ reference/);
    if (width === 200) expect(shown).toContain("Tokenizer");
  });

  it("a terminal's own width beats COLUMNS", async () => {
    const run = await onTerminal(["estimate", "--output-tokens", "400", "--color", "never"], 80, {
      COLUMNS: "300",
    });
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
  });

  it.each([80, 100, 200])("models at %i columns", async (width) => {
    const run = await runCli(["models"], { env: { COLUMNS: String(width) } });
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    expect(heads(run.stdout)).toEqual(expect.arrayContaining(["Model", "Context"]));
    expect(heads(run.stdout).some((title) => title.startsWith("$/1M in"))).toBe(true);
    if (width === 200) expect(heads(run.stdout)).toContain("Checked");
    const detail = await runCli(["models", "gpt-6-sol"], { env: { COLUMNS: String(width) } });
    expect(widest(detail.stdout)).toBeLessThanOrEqual(width);
    expect(heads(detail.stdout)).toEqual(expect.arrayContaining(["From", "In", "Out"]));
    if (width === 200) expect(heads(detail.stdout)).toContain("Source");
  });

  it.each([80, 100, 200])("diff --per-file at %i columns", async (width) => {
    const dir = tempDir();
    const file = (side: string, name: string, text: string) => {
      mkdirSync(join(dir, side), { recursive: true });
      writeFileSync(join(dir, side, name), text);
    };
    file("old", "a-rather-long-prompt-file-name-for-the-system.md", PROMPT);
    file("new", "a-rather-long-prompt-file-name-for-the-system.md", `${PROMPT} ${PROMPT}`);
    file("new", "added.md", PROMPT);
    const run = await runCli(
      ["diff", join(dir, "old"), join(dir, "new"), "--per-file", "-m", "gpt-6-sol,claude-sonnet-5-5"],
      { env: { COLUMNS: String(width) } },
    );
    expect(run.stderr).toBe("");
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    expect(heads(run.stdout)).toEqual(expect.arrayContaining(["Model", "Cost after", "Change"]));
    if (width === 200) expect(heads(run.stdout)).toContain("In tokens before");
  });
});

describe("check", () => {
  function repo() {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    for (const name of ["system", "user", "tools"])
      writeFileSync(join(dir, "prompts", `${name}-prompt-with-a-long-name.md`), `${PROMPT} ${name}`);
    const rules = [{ name: "per file", paths: ["prompts/*.md"], maxCostPerFile: 0.000001, maxTokens: 10 }];
    writeFileSync(join(dir, "llmcost.config.json"), JSON.stringify({ models: ["gpt-6-sol"], rules }));
    return dir;
  }

  it("one row per failure, not every failure in one cell", async () => {
    const dir = repo();
    const { runInProcess } = await import("../run-in-process.js");
    const { run: cli } = await import("../../src/cli/run.js");
    const out = await runInProcess(cli, ["check"], { env: { LLMCOST_TODAY: "2026-11-27" }, cwd: dir });
    expect(out.code).toBe(1);
    const failures = out.stdout.split("\n").filter((line) => line.startsWith("│") && line.includes("✗ "));
    expect(failures).toHaveLength(4);
    for (const line of failures) expect(line.match(/is over/g)).toHaveLength(1);
  });

  /** The table's body rows (between its ruled lines), each as its lines joined. */
  const bodyRows = (text: string) => {
    const rows: string[][] = [];
    for (const line of stripAnsi(text).split("\n")) {
      if (/^[├┌└]/.test(line)) rows.push([]);
      else if (line.startsWith("│")) rows.at(-1)?.push(line);
    }
    return rows.slice(1).filter((row) => row.length > 0);
  };

  it.each([80, 200])(
    "per-file limits over on 3 files and a total limit: a ruled row per failure at %i columns",
    async (width) => {
      const { runInProcess } = await import("../run-in-process.js");
      const { run: cli } = await import("../../src/cli/run.js");
      const out = await runInProcess(cli, ["check"], {
        env: { LLMCOST_TODAY: "2026-11-27", COLUMNS: String(width) },
        cwd: repo(),
      });
      expect(out.code).toBe(1);
      const rows = bodyRows(out.stdout);
      // maxTokens once, maxCostPerFile for each of the 3 files: 4 rows, each one failure.
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.join("\n").match(/✗/g)).toHaveLength(1);
      // The rule and model are named on the group's first row only.
      expect(rows[0]?.[0]).toMatch(/^│ per file │/);
      for (const row of rows.slice(1)) expect(row[0]).toMatch(/^│ +│ +│/);
    },
  );

  it("markdown: a table row per failure, none joined with ';'", async () => {
    const { runInProcess } = await import("../run-in-process.js");
    const { run: cli } = await import("../../src/cli/run.js");
    const out = await runInProcess(cli, ["check", "-f", "markdown"], {
      env: { LLMCOST_TODAY: "2026-11-27" },
      cwd: repo(),
    });
    expect(out.code).toBe(1);
    const rows = out.stdout.split("\n").filter((line) => line.startsWith("| `per file`"));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.match(/❌/g)).toHaveLength(1);
      expect(row.match(/is over/g)).toHaveLength(1);
      expect(row).not.toContain(";");
      expect(row).toContain("`gpt-6-sol`");
    }
    // The limits and figures are said on the first row of the rule and model only.
    expect(rows.filter((row) => row.includes("maxTokens 10, maxCostPerFile"))).toHaveLength(1);
    expect(
      rows.filter((row) => /`prompts\/[a-z]+-prompt-with-a-long-name\.md`: cost per file/.test(row)),
    ).toHaveLength(3);
  });

  it.each([80, 100, 200])("at %i columns", async (width) => {
    const { runInProcess } = await import("../run-in-process.js");
    const { run: cli } = await import("../../src/cli/run.js");
    const out = await runInProcess(cli, ["check"], {
      env: { LLMCOST_TODAY: "2026-11-27", COLUMNS: String(width) },
      cwd: repo(),
    });
    expect(widest(out.stdout)).toBeLessThanOrEqual(width);
    expect(heads(out.stdout)).toEqual(expect.arrayContaining(["Rule", "Model", "Cost", "Result"]));
    if (width === 200)
      expect(heads(out.stdout)).toEqual(["Rule", "Files", "Model", "In + out tokens", "Cost", "Result"]);
  });
});

describe("cost bars beside the totals", () => {
  const bars = (text: string) => stripAnsi(text).match(/[█▏▎▍▌▋▊▉]+/g) ?? [];
  const argv = ["estimate", "--output-tokens", "400"];

  it.each([80, 120])("on a terminal of %i columns: one per model, the dearest full", async (width) => {
    const run = await onTerminal(argv, width);
    expect(run.code).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    const rows = stripAnsi(run.stdout)
      .split("\n")
      .filter((line) => /^│ \S/.test(line) && !line.includes("Model"));
    const drawn = bars(run.stdout);
    expect(drawn).toHaveLength(rows.length);
    // Rows run from the cheapest to the dearest: bars only grow, and the last is full.
    const lengths = drawn.map((bar) => [...bar].length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(drawn.at(-1)).toMatch(/^█+$/);
  });

  it("diff: beside each model's cost after, on a terminal only", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "old.md"), PROMPT);
    writeFileSync(join(dir, "new.md"), `${PROMPT} ${PROMPT}`);
    const diff = ["diff", join(dir, "old.md"), join(dir, "new.md"), "-m", "gpt-6-luna,gpt-6-sol"];
    const terminal = await onTerminal(diff, 120);
    expect(terminal.code).toBe(0);
    expect(widest(terminal.stdout)).toBeLessThanOrEqual(120);
    expect(bars(terminal.stdout)).toHaveLength(2);
    // The dearest after the change is drawn full, the other shorter.
    expect(bars(terminal.stdout).filter((bar) => /^█+$/.test(bar))).toHaveLength(1);
    const piped = await runCli(diff, { env: { COLUMNS: "120" } });
    expect(bars(piped.stdout)).toEqual([]);
  });

  it("never in a pipe, even with --color always", async () => {
    const run = await runCli([...argv, "--color", "always"], { input: PROMPT, env: { COLUMNS: "120" } });
    expect(run.stdout).toContain("\u001b[");
    expect(bars(run.stdout)).toEqual([]);
  });

  it("never with NO_COLOR", async () => {
    const run = await onTerminal(argv, 120, { NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(bars(run.stdout)).toEqual([]);
  });

  it("never with --color never", async () => {
    const run = await onTerminal([...argv, "--color", "never"], 120);
    expect(run.code).toBe(0);
    expect(bars(run.stdout)).toEqual([]);
  });
});

describe("fitting, piece by piece", () => {
  it("measures as a terminal shows: colour codes take nothing, CJK two columns", () => {
    expect(displayWidth("\u001b[1mabc\u001b[22m")).toBe(3);
    expect(displayWidth("模型-7b")).toBe(7);
    expect(displayWidth("≈$0.00…")).toBe(7);
  });

  it("shortens an id without its date first, else around …, within the width", () => {
    expect(shortenId("claude-3-5-sonnet-20241022", 20)).toBe("claude-3-5-sonnet…");
    expect(shortenId("gpt-4o-2024-08-06", 17)).toBe("gpt-4o-2024-08-06");
    expect(shortenId("gpt-4o-2024-08-06", 10)).toBe("gpt-4o…");
    const short = shortenId("mistral-large-latest-preview", 12);
    expect(short).toMatch(/^mistral.*….*preview$|^mistral.*…/);
    expect(displayWidth(short)).toBeLessThanOrEqual(12);
    expect(displayWidth(shortenId("通义千问-max-长上下文-2025", 9))).toBeLessThanOrEqual(9);
  });

  it("ids that differ only in their date or middle are told apart, at a width each can take", () => {
    const ids = [
      "claude-3-5-sonnet-20241022",
      "claude-3-5-sonnet-20240620",
      "claude-3-5-haiku-20241022",
      "command-r-plus-08-2024",
      "command-r-plus-04-2024",
    ];
    const width = narrowestDistinctWidth(ids);
    expect(width).toBeLessThan(20);
    const shortened = shortenIds(ids, width).ids;
    expect(new Set(shortened).size).toBe(ids.length);
    for (const one of shortened) expect(displayWidth(one)).toBeLessThanOrEqual(width);
  });

  it("property: ids shortened to the narrowest distinct width fit it and are never ambiguous", () => {
    const id = fc.stringMatching(/^[a-z0-9模型-]{1,30}$/);
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 12 }), (ids) => {
        const width = narrowestDistinctWidth(ids);
        const shortened = shortenIds(ids, width).ids;
        expect(new Set(shortened).size).toBe(ids.length);
        for (const one of shortened) expect(displayWidth(one)).toBeLessThanOrEqual(width);
      }),
    );
  });

  it("property: wrapped text keeps every word and no line is wider than the width", () => {
    // Up to 10 columns: every word fits a continuation line (the width less the indent).
    const word = fc.stringMatching(/^[a-z模]{1,5}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 12, max: 60 }),
        (words, width) => {
          const text = words.join(" ");
          const wrapped = wrapText(text, width, "  ");
          for (const line of wrapped.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          expect(wrapped.split(/\s+/).filter(Boolean).join(" ")).toBe(text);
        },
      ),
    );
  });

  it("a table of wide-character ids fits 40 columns with every id told apart", () => {
    const ids = ["通义千问-max-2025-01-25", "通义千问-plus-2025-01-25", "通义千问-turbo-2025-01-25"];
    const columns: FitColumn[] = [
      { ...idColumn("Model", ids, [], 3), align: "left" },
      { head: "Provider", cells: ids.map(() => "alibaba"), drop: 1 },
      { head: "Notes", cells: ids.map(() => "a note long enough to be dropped"), drop: 2 },
      { head: "Total", align: "right", cells: ["$1.00", "$2.00", "$3.00"] },
    ];
    const chalk = new Chalk({ level: 0 });
    const full = fitTable(columns, { chalk });
    expect(widest(full)).toBeGreaterThan(40);
    const fitted = fitTable(columns, { chalk, layout: { width: 40 } });
    expect(widest(fitted)).toBeLessThanOrEqual(40);
    // Borders line up: cli-table3 pads wide characters as this measures them.
    expect(new Set(fitted.split("\n").map(displayWidth)).size).toBe(1);
    expect(heads(fitted)).toEqual(["Model", "Total"]);
    const shown = stripAnsi(fitted)
      .split("\n")
      .filter((line) => line.includes("$"))
      .map((line) => line.split("│")[1]?.trim());
    expect(new Set(shown).size).toBe(3);
  });
});

describe("a batch file's tables", () => {
  it.each([80, 100, 200])("estimate --per-request at %i columns", async (width) => {
    const batch = join(import.meta.dirname, "..", "fixtures", "requests", "openai-batch.jsonl");
    const run = await runCli(["estimate", batch, "--per-request", "-m", "gpt-6-sol,claude-sonnet-5-5"], {
      env: { COLUMNS: String(width) },
    });
    expect(run.stderr).toBe("");
    expect(widest(run.stdout)).toBeLessThanOrEqual(width);
    expect(stripAnsi(run.stdout)).toMatch(/│ Request +│/);
    if (width === 200) expect(run.stdout).toMatch(/│ Line +│/);
  });
});

describe("tokenize's side-by-side counts", () => {
  it.each([60, 80])("wrap to %i columns", async (width) => {
    const argv = ["tokenize", "-m", "gpt-6-sol,claude-sonnet-5-5,gemini-4-hydrogen"];
    // The counts after the first model's view of the text (which is the text, as it was given).
    const sideBySide = (stdout: string) => stdout.slice(stdout.indexOf("Side by side:"));
    const whole = await runCli(argv, { input: PROMPT });
    expect(whole.code).toBe(0);
    expect(widest(sideBySide(whole.stdout))).toBeGreaterThan(width);
    const run = await runCli(argv, { input: PROMPT, env: { COLUMNS: String(width) } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Side by side:");
    expect(widest(sideBySide(run.stdout))).toBeLessThanOrEqual(width);
  });
});
