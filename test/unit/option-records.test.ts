import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { EstimateFlags } from "../../src/cli/estimate-options.js";
import {
  choiceOption,
  commanderOptions,
  type FlagsOf,
  mandatory,
  negatedSwitch,
  switchOption,
  valueOption,
} from "../../src/cli/option-records.js";
import { runCli } from "./helpers.js";

const COMMANDS = ["estimate", "diff", "merge", "check", "models", "tokenize", "calibrate", "pricing check"];

/** The help line of `flags` in `llmcost <command> --help`, description included, spaces squeezed. */
async function helpLine(command: string, flags: string): Promise<string | undefined> {
  const { stdout } = await runCli([...command.split(" "), "--help"]);
  // A long description wraps onto lines indented past the flags: joined back into one.
  const text = stdout.replace(/\n {20,}/g, " ");
  return text
    .split("\n")
    .find((line) => line.trimStart().startsWith(`${flags} `))
    ?.replace(/\s+/g, " ")
    .trim();
}

describe("options declared once, as records", () => {
  it("--color reads the same in every command that colours", async () => {
    const lines = new Set<string>();
    for (const command of ["estimate", "diff", "merge", "check", "models", "tokenize"]) {
      const line = await helpLine(command, "--color <when>");
      expect(line, command).toBeDefined();
      lines.add(line as string);
    }
    expect([...lines]).toEqual([
      '--color <when> colour: auto (on a terminal, unless NO_COLOR is set), always, never (choices: "auto", "always", "never", default: "auto")',
    ]);
  });

  it("-f, --format offers each command its own formats, the first the default", async () => {
    const formats: Record<string, string> = {};
    for (const command of COMMANDS) {
      const line = await helpLine(command, "-f, --format <format>");
      formats[command] = (line ?? "").replace(/^-f, --format <format> output format /, "");
    }
    expect(formats).toEqual({
      estimate: '(choices: "table", "json", "csv", "jsonl", "markdown", default: "table")',
      diff: '(choices: "table", "json", "csv", "markdown", default: "table")',
      merge: '(choices: "table", "json", "csv", "jsonl", "markdown", default: "table")',
      check: '(choices: "table", "json", "markdown", default: "table")',
      models: '(choices: "table", "json", "csv", "jsonl", default: "table")',
      tokenize: '(choices: "text", "json", default: "text")',
      calibrate: '(choices: "table", "json", default: "table")',
      "pricing check": '(choices: "table", "json", default: "table")',
    });
  });

  it("no command takes its helpers from cli/estimate.ts: only run.ts registers it", () => {
    const dir = new URL("../../src/cli/", import.meta.url);
    const importers = readdirSync(dir).filter((file) =>
      /from "\.\/estimate\.js"/.test(readFileSync(new URL(file, dir), "utf8")),
    );
    expect(importers).toEqual(["run.ts"]);
  });

  it("a record kept under another name than commander gives its value is refused", () => {
    expect(() => commanderOptions({ outputTokens: valueOption("--output-tokens <n>", "n") })).not.toThrow();
    expect(() => commanderOptions({ tokens: valueOption("--output-tokens <n>", "n") })).toThrow(
      'option --output-tokens <n> is declared as "tokens", not "outputTokens"',
    );
    expect(() => commanderOptions({ noIgnore: negatedSwitch("--no-ignore", "x") })).toThrow(/"ignore"/);
  });

  it("gives commander each record's parser, choices, default and mandatory flag", () => {
    const [count, kind, strict] = commanderOptions({
      count: valueOption(
        "--count <n>",
        "how many",
        (value, previous: number | undefined) => Number(value) + (previous ?? 0),
      ),
      kind: choiceOption("--kind <k>", "which", ["a", "b"], "b"),
      strict: mandatory(switchOption("--strict", "must")),
    });
    expect(count?.parseArg?.("2", 3)).toBe(5);
    expect(kind?.argChoices).toEqual(["a", "b"]);
    expect(kind?.defaultValue).toBe("b");
    expect(strict?.mandatory).toBe(true);
  });

  it("derives the flags' types from the records (a flag cannot exist without its type)", () => {
    const records = {
      all: switchOption("--all", "every one"),
      ignore: negatedSwitch("--no-ignore", "read ignored files"),
      kind: choiceOption("--kind <k>", "which", ["a", "b"], "a"),
      per: choiceOption("--per <p>", "period", ["day", "month"]),
      jobs: valueOption("--jobs <n>", "threads", (value) => Number(value)),
      model: mandatory(valueOption("--model <id>", "the model")),
    };
    expectTypeOf<FlagsOf<typeof records>>().toEqualTypeOf<
      { ignore: boolean; kind: "a" | "b"; model: string } & {
        all?: boolean;
        per?: "day" | "month";
        jobs?: number;
      }
    >();
    expectTypeOf<EstimateFlags["format"]>().toEqualTypeOf<"table" | "json" | "csv" | "jsonl" | "markdown">();
    expectTypeOf<EstimateFlags["maxCost"]>().toEqualTypeOf<bigint | undefined>();
    expectTypeOf<EstimateFlags["color"]>().toEqualTypeOf<"auto" | "always" | "never">();
  });
});
