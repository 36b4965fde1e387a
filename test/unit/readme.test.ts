import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Option } from "commander";
import { describe, expect, it } from "vitest";
import { calibrateOptions } from "../../src/cli/calibrate-command.js";
import { diffOptions } from "../../src/cli/diff.js";
import { estimateOptions } from "../../src/cli/estimate-options.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { modelsOptions } from "../../src/cli/models.js";
import { recipesUpdated } from "../docs-recipes.js";
import {
  cliProgram,
  commandBlock,
  documentedCommands,
  REGENERATE,
  updatedPage,
  updatedReadme,
} from "../docs-reference.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
/** Set to write the generated parts instead of checking them. */
const WRITE = process.env.LLMCOST_WRITE_DOCS === "1";

const program = await cliProgram();
const commands = documentedCommands(program);
const pages = [...new Set(commands.map((each) => each.page))];

/** Checks a generated file against what the generator makes of it, or writes it when asked to. */
function expectUpToDate(path: string, expected: string) {
  const current = existsSync(join(ROOT, path)) ? read(path) : undefined;
  if (WRITE && current !== expected) writeFileSync(join(ROOT, path), expected);
  else expect(current, `${path} is out of date with the CLI; regenerate it: ${REGENERATE}`).toBe(expected);
}

describe("README", () => {
  const readme = read("README.md");

  it("starts with the two commands: set up and run, and test", () => {
    const quickStart = readme.slice(readme.indexOf("## Quick start"));
    const blocks = [...quickStart.matchAll(/```sh\n(.+)\n```/g)].map((m) => m[1]);
    expect(blocks.slice(0, 2)).toEqual(["npm install && npx llmcost estimate README.md", "npm test"]);
  });

  it("says how to install it, and stays a front door (a page or two, not a manual)", () => {
    expect(readme).toContain("npm i -g llmcost");
    expect(readme).toContain("npx llmcost");
    // 14,000 until hosts, billing units and tokenizer.json files each gained a line and one recipe (issue 21).
    expect(readme.length).toBeLessThan(16_000);
    // No reference table with rows a screen wide: those live in docs/.
    for (const line of readme.split("\n").filter((l) => l.startsWith("|")))
      expect(line.length, line).toBeLessThan(250);
  });

  it("lists every command, linking its page (generated from the CLI's commands)", () => {
    expectUpToDate("README.md", updatedReadme(read("README.md"), program));
    for (const page of pages) expect(read("README.md")).toContain(`](${page})`);
  });

  it("links every page of docs/ (research logs aside), so that none is found only by accident", () => {
    const unlinked = readdirSync(join(ROOT, "docs"))
      .filter((name) => name.endsWith(".md") && !name.startsWith("pricing-research"))
      .filter((name) => !read("README.md").includes(`](docs/${name}`));
    expect(unlinked, "add a line to the README's Reference section").toEqual([]);
  });

  it("shows what its recipes print: each recipe's output is the CLI's (regenerated with the docs)", {
    timeout: 90_000,
  }, async () => {
    const { path, expected } = await recipesUpdated(read("README.md"));
    expectUpToDate(path, expected);
  });
});

describe("docs/commands: one page per command", () => {
  it("finds the commands to document", () => {
    expect(commands.map((each) => each.path)).toEqual(
      expect.arrayContaining([
        "estimate",
        "check",
        "diff",
        "merge",
        "models",
        "tokenize",
        "calibrate",
        "pricing import",
        "pricing update",
        "pricing check",
      ]),
    );
  });

  for (const page of pages) {
    it(`${page} shows each of its commands' usage and options as the CLI has them`, () => {
      const current = existsSync(join(ROOT, page)) ? read(page) : undefined;
      expectUpToDate(
        page,
        updatedPage(
          current,
          commands.filter((each) => each.page === page),
        ),
      );
    });
  }

  // The records are what commander gets: each command's table lists every option of its records.
  const records: [string, () => Option[]][] = [
    ["estimate", estimateOptions],
    ["calibrate", calibrateOptions],
    ["models", modelsOptions],
    ["diff", diffOptions],
  ];
  for (const [name, options] of records) {
    it(`documents every option of llmcost ${name}'s records in a row of its page's table`, () => {
      const page = read(`docs/commands/${name}.md`);
      const block = /<!-- options:begin llmcost (\S+) -->[\s\S]*?<!-- options:end -->/.exec(
        page.slice(page.indexOf(`<!-- options:begin llmcost ${name} -->`)),
      )?.[0];
      expect(block, name).toBeDefined();
      for (const option of options()) expect(block, option.flags).toContain(`| \`${option.flags}\` |`);
    });
  }

  it("a generated block names a flag's choices, default and whether it is required", () => {
    const estimate = commands.find((each) => each.path === "estimate");
    const update = commands.find((each) => each.path === "pricing update");
    if (!estimate || !update) throw new Error("commands not found");
    expect(commandBlock(estimate)).toMatch(
      /\| `--budget-on <bound>` \| .*\(one of: `low`, `expected`, `high`\) \| `expected` \|/,
    );
    expect(commandBlock(update)).toMatch(/\| `--from <url>` \| .*\*\*required\*\* \|/);
  });

  it("a stale page is caught: an option missing from a block is put back, a removed one dropped", () => {
    const models = commands.filter((each) => each.path === "models");
    const fresh = updatedPage(undefined, models);
    expect(fresh).toMatch(/^# `llmcost models`\n/);
    const stale = fresh
      .replace(/\| `-s, --search <text>` \|[^\n]*\n/, "")
      .replace("<!-- options:end -->", "| `--gone` | x | |\n<!-- options:end -->");
    expect(stale).not.toBe(fresh);
    expect(updatedPage(stale, models)).toBe(fresh);
  });
});

describe("hand-written reference", () => {
  // The prose around a generated table is written by hand: a flag it details must still exist.
  for (const page of pages) {
    it(`${page}: every flag its "Options in detail" describes is an option of its commands`, () => {
      const flags = new Set(
        commands
          .filter((each) => each.page === page)
          .flatMap((each) => each.command.options.map((o) => o.flags)),
      );
      const text = read(page);
      const start = text.indexOf("## Options in detail");
      const end = text.indexOf("\n## ", start + 1);
      const section = start < 0 ? "" : text.slice(start, end < 0 ? undefined : end);
      const detailed = [...section.matchAll(/^- \*\*`([^`]+)`\*\*:/gm)].map((m) => m[1] ?? "");
      expect(detailed.filter((flag) => !flags.has(flag))).toEqual([]);
    });
  }

  it("docs/json-output.md names every CSV column estimate writes", async () => {
    const { runCli } = await import("./helpers.js");
    const csv = await runCli(["estimate", "-m", "gpt-6-sol", "-f", "csv"], { input: "hi" });
    const columns = (csv.stdout.split("\r\n")[0] ?? "").split(",");
    expect(columns.length).toBeGreaterThan(20);
    const page = read("docs/json-output.md");
    expect(columns.filter((column) => !new RegExp(`\\b${column}\\b`).test(page))).toEqual([]);
  });

  it("docs/exit-codes.md lists every exit code the CLI uses", () => {
    const page = read("docs/exit-codes.md");
    for (const code of Object.values(EXIT))
      expect(page).toMatch(new RegExp(`^- \\*\\*${code}\\*\\* — `, "m"));
  });
});

describe("links in the README and docs", () => {
  const docs = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? docs(join(dir, entry.name))
        : entry.name.endsWith(".md")
          ? [join(dir, entry.name)]
          : [],
    );
  // The README and the pages made from it (docs/ci.md, requests.md, scaling.md and calibration.md have
  // owners and tests of their own).
  const files = [
    "README.md",
    ...docs("docs/commands"),
    ...["json-output", "pricing", "tokenizers", "large-inputs", "exit-codes", "library", "development"].map(
      (name) => `docs/${name}.md`,
    ),
  ];
  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
  const anchor = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");

  it("every relative link names a file that exists (and a heading that exists, for an anchor)", () => {
    const broken = files.flatMap((file) =>
      [...read(file).matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target = ""]) => {
        if (/^[a-z]+:/.test(target)) return [];
        const [path = "", hash] = target.split("#");
        const resolved = path === "" ? file : relative(ROOT, join(ROOT, dirname(file), path));
        if (!existsSync(join(ROOT, resolved))) return [`${file}: ${target}: no such file`];
        if (hash === undefined || !resolved.endsWith(".md")) return [];
        const headings = [...read(resolved).matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1] ?? ""));
        return headings.includes(hash) ? [] : [`${file}: ${target}: no such heading`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
