import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/api.js";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { standingOn } from "../../src/core/lifecycle.js";
import { resolveName } from "../../src/core/select-models.js";

/**
 * Every model an example names — in the README, the docs and the CLI's help — must be on sale on the
 * newest `checked` date of the shipped prices (or on the example's own --as-of date), so that a reader
 * who copies it gets a price, not a retirement warning. The date comes from the data, never the clock:
 * the test fails when new prices are checked after an example's model retires, which is when the
 * example needs updating.
 */
const ROOT = new URL("../../", import.meta.url).pathname;
const catalog = await loadCatalog();
const newestChecked = catalog.models
  .flatMap((model) => model.prices.map((period) => period.checked))
  .sort()
  .at(-1) as string;

interface Example {
  file: string;
  line: number;
  name: string;
  date: string;
}

const NAME = "[a-z0-9][a-z0-9._:/-]*";
/** Names after a model flag, `llmcost models NAME`, and in `models` lists of configs and library calls. */
const PATTERNS = [
  new RegExp(`(?:-m|--model|--compare-to)[ =](${NAME}(?:,${NAME})*)`, "g"),
  new RegExp(`llmcost models (${NAME})`, "g"),
  /"?models"?: \[([^\]]*)\]/g,
];

/** The examples of one text: each logical line (backslash continuations joined) and each JSON/JS block. */
function examplesIn(file: string, text: string): Example[] {
  // The retirement policy is shown on a retired model, on purpose: that section is left out.
  const start = text.indexOf("### Model names over time, and retired models");
  const end = text.indexOf("\n### ", start + 5);
  // Blanked line for line, so that the line numbers reported stay the file's.
  const body =
    start < 0 ? text : text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, "") + text.slice(end);
  const found: Example[] = [];
  const lines = body.split("\n");
  lines.forEach((physical, index) => {
    // A command continued with a backslash is one example: read it whole, reported at its first line.
    if (index > 0 && lines[index - 1]?.endsWith("\\")) return;
    let line = physical;
    for (let next = index; lines[next]?.endsWith("\\"); next++)
      line = `${line.slice(0, -1)} ${lines[next + 1] ?? ""}`;
    // Models of a user pricing file are the reader's own.
    if (line.includes("--pricing") || line.includes("LLMCOST_PRICING")) return;
    const date = /--as-of[ =](\d{4}-\d{2}-\d{2})/.exec(line)?.[1] ?? newestChecked;
    for (const pattern of PATTERNS)
      for (const match of line.matchAll(pattern))
        for (const name of (match[1] ?? "").split(",").map((n) => n.trim().replace(/^["']|["']$/g, "")))
          if (new RegExp(`^${NAME}$`).test(name)) found.push({ file, line: index + 1, name, date });
  });
  return found;
}

/** The markdown files under a folder of docs/, subfolders included (docs/commands/…). */
const markdownUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownUnder(join(dir, entry.name))
      : entry.name.endsWith(".md")
        ? [join(dir, entry.name)]
        : [],
  );
const docs = ["README.md", ...markdownUnder("docs")].filter(
  // Research logs record retired models and disputed prices by design; they hold no examples.
  (f) => !f.includes("pricing-research") && !f.startsWith(join("docs", "research")),
);
const helpSources = readdirSync(join(ROOT, "src", "cli")).map((f) => join("src", "cli", f));
/** The string literals of a source file, one per line, where help texts and their examples live. */
const literals = (source: string) =>
  source
    .split("\n")
    .map((line) => [...line.matchAll(/"(?:[^"\\]|\\.)*"|`[^`]*`/g)].map((m) => m[0]).join(" "))
    .join("\n");
const examples = [
  ...docs.flatMap((file) => examplesIn(file, readFileSync(join(ROOT, file), "utf8"))),
  ...helpSources.flatMap((file) => examplesIn(file, literals(readFileSync(join(ROOT, file), "utf8")))),
];

describe("examples name models on sale", () => {
  it("finds the examples it checks", () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(examples.some((e) => e.file === "README.md" && e.name === "claude-sonnet-5-5")).toBe(true);
    // The reference pages of docs/commands/ are read too (a folder below docs/).
    expect(examples.some((e) => e.file === join("docs", "commands", "estimate.md"))).toBe(true);
    expect(examples.some((e) => e.file === join("docs", "pricing.md") && e.name === "mistral-large")).toBe(
      true,
    );
  });

  it(`every model in the README, docs and --help examples is on sale (newest checked ${newestChecked})`, () => {
    const problems = examples.flatMap(({ file, line, name, date }) => {
      const model = resolveName(catalog, name, date)?.model;
      if (!model) return [`${file}:${line}: ${name} names no model on ${date}`];
      const standing = standingOn(model, date);
      return standing.kind === "on-sale"
        ? []
        : [`${file}:${line}: ${name} (${model.id}) is ${standing.kind} on ${date}`];
    });
    expect(problems).toEqual([]);
  });

  it("the default model set is on sale, with no announced retirement, on the newest checked date", () => {
    for (const name of DEFAULT_MODELS) {
      const model = resolveName(catalog, name, newestChecked)?.model;
      const standing = model && standingOn(model, newestChecked);
      expect(standing?.kind, name).toBe("on-sale");
      expect(standing, name).not.toHaveProperty("retires");
    }
  });

  it("the check fails for a retired model and passes for a model on sale (it can fail)", () => {
    const [retired] = examplesIn("x.md", "llmcost estimate a.txt -m gpt-4-turbo\n");
    const model = retired && resolveName(catalog, retired.name, retired.date)?.model;
    expect(model && standingOn(model, retired.date).kind).toBe("retired");
    const [dated] = examplesIn("x.md", "llmcost estimate a.txt -m gpt-4-turbo --as-of 2024-05-01\n");
    expect(dated?.date).toBe("2024-05-01");
  });
});
