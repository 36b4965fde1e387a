// Help that teaches (issue 20, item 3): every command's --help has examples, its options under
// headings, the environment variables it reads and the exit codes; `llmcost --help` names the
// default models. The commands are found from the help itself, so a command added later is held to
// the same (and fails here until help-texts.ts gives it its examples).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { ENVIRONMENT, HELP_TEXTS } from "../../src/cli/help-texts.js";
import { HELP_GROUPS } from "../../src/cli/option-records.js";
import { DEFAULT_MODELS } from "../../src/core/default-models.js";
import { runCli } from "./helpers.js";

/** The sections of a help text: heading → its lines (the heading is a line ending in ":" at column 0). */
function sections(help: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of help.split("\n")) {
    if (/^\S.*:$/.test(line)) {
      current = [];
      found.set(line, current);
    } else if (/^\S/.test(line)) current = undefined;
    else if (line.trim() !== "") current?.push(line);
  }
  return found;
}

/** Every command path, found by reading the "Commands:" section of each help, from the top. */
async function commandPaths(): Promise<string[]> {
  const paths: string[] = [];
  const visit = async (path: string[]) => {
    paths.push(path.join(" "));
    const { stdout } = await runCli([...path, "--help"]);
    const names = (sections(stdout).get("Commands:") ?? [])
      .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== "help");
    for (const name of names) await visit([...path, name]);
  };
  await visit([]);
  return paths;
}

const paths = await commandPaths();
const helps = new Map(
  await Promise.all(
    paths.map(
      async (path) => [path, (await runCli([...path.split(" ").filter(Boolean), "--help"])).stdout] as const,
    ),
  ),
);

describe("every command's --help teaches", () => {
  it("finds every command, subcommands included", () => {
    expect(paths).toEqual(expect.arrayContaining(["", "estimate", "check", "diff", "tokenize", "calibrate"]));
    expect(paths).toEqual(expect.arrayContaining(["models", "merge", "pricing import", "pricing update"]));
    expect(paths).toEqual(expect.arrayContaining(["pricing check", "completion"]));
  });

  it.each(paths)("'%s' has 2 to 4 examples of llmcost", (path) => {
    const examples = sections(helps.get(path) ?? "").get("Examples:") ?? [];
    const commands = examples.filter((line) => line.startsWith("  $ "));
    // A new command needs its entry in src/cli/help-texts.ts.
    expect(commands.length, `${path}: examples in src/cli/help-texts.ts`).toBeGreaterThanOrEqual(2);
    expect(commands.length, path).toBeLessThanOrEqual(4);
    // Each one uses the command it explains, and says what it does.
    for (const command of commands) expect(command, path).toContain(`llmcost ${path}`.trimEnd());
    expect(examples.length, path).toBeGreaterThan(commands.length);
  });

  it.each(paths)("'%s' lists its options under headings, not one block", (path) => {
    const found = sections(helps.get(path) ?? "");
    const optionsOf = (heading: string) =>
      (found.get(heading) ?? [])
        .filter((line) => /^ {2}-/.test(line))
        .map((line) => line.trim().split(/\s{2,}/)[0]);
    // Only help and version are left under commander's own heading: an option in no group needs one in
    // its record (inGroup/grouped of option-records.ts), or its command an ownHeading (help-texts.ts).
    const ungrouped = optionsOf("Options:").filter(
      (flags) => !/^(-h, --help|-V, --version)$/.test(flags ?? ""),
    );
    expect(ungrouped, `${path}: options in no help group`).toEqual([]);
    const own = HELP_TEXTS[path]?.ownHeading;
    const headings = [...found.keys()].filter(
      (heading) => (Object.values(HELP_GROUPS) as string[]).includes(heading) || heading === own,
    );
    const options = headings.flatMap(optionsOf);
    // A command with options of its own shows them under its headings (the pricing group has none).
    if (path !== "" && path !== "pricing" && path !== "completion")
      expect(options.length, path).toBeGreaterThan(0);
    if (options.length > 6) expect(headings.length, path).toBeGreaterThanOrEqual(3);
  });

  it.each(paths)("'%s' shows its groups in the same order as every command", (path) => {
    const order: string[] = Object.values(HELP_GROUPS);
    const own = HELP_TEXTS[path]?.ownHeading;
    const shown = [...sections(helps.get(path) ?? "").keys()].filter((heading) => order.includes(heading));
    expect(shown, path).toEqual([...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    const headings = [...sections(helps.get(path) ?? "").keys()];
    if (own && headings.includes(own))
      expect(headings.indexOf(own), path).toBeLessThan(headings.indexOf(shown[0] ?? "Options:"));
  });

  it("estimate's options come in the groups a reader looks for", () => {
    const found = sections(helps.get("estimate") ?? "");
    const flagsUnder = (heading: string) => (found.get(heading) ?? []).join("\n");
    expect(flagsUnder(HELP_GROUPS.models)).toMatch(/-m, --model[\s\S]*--compare-to/);
    expect(flagsUnder(HELP_GROUPS.output)).toMatch(/--output-tokens[\s\S]*--requests[\s\S]*--per /);
    expect(flagsUnder(HELP_GROUPS.prices)).toMatch(/--as-of[\s\S]*--pricing/);
    expect(flagsUnder(HELP_GROUPS.budgets)).toMatch(/--max-cost[\s\S]*--max-monthly-cost/);
    expect(flagsUnder(HELP_GROUPS.format)).toMatch(/-f, --format[\s\S]*--color/);
    expect(flagsUnder(HELP_GROUPS.inputs)).toMatch(/--input [\s\S]*--strict-utf8/);
  });

  it.each(paths)("'%s' names the environment variables it reads, each explained", (path) => {
    const lines = sections(helps.get(path) ?? "").get("Environment:") ?? [];
    const names = lines.map((line) => /^ {2}([A-Z][A-Z0-9_]+) {2,}\S/.exec(line)?.[1]).filter(Boolean);
    expect(names.length, path).toBeGreaterThan(0);
    for (const name of names) expect(Object.keys(ENVIRONMENT), path).toContain(name);
  });

  it.each(paths)("'%s' lists every exit code", (path) => {
    const text = (sections(helps.get(path) ?? "").get("Exit codes:") ?? []).join(" ");
    for (const code of Object.values(EXIT)) expect(text, path).toMatch(new RegExp(`(^|· |\\s)${code} [a-z]`));
    expect(text).toContain("1 a budget or policy check failed");
    expect(text).toContain("64 usage error");
  });

  it("llmcost --help names each default model, from the same list estimate prices", () => {
    const listed = (
      sections(helps.get("") ?? "").get("Default models (priced when no -m, -p or --all is given):") ?? []
    )
      .join(" ")
      .split(/[\s,]+/)
      .filter(Boolean);
    expect(listed).toEqual([...DEFAULT_MODELS]);
  });

  it("every environment variable llmcost reads is named in some command's help", () => {
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const source = readFileSync(file, "utf8");
          for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) read.add(match[1] as string);
          // The counting endpoints' keys and addresses are read by name (io/count-api.ts).
          for (const match of source.matchAll(/(?:keyVariables|baseVariable): \[?([^\]\n]+)/g))
            for (const name of (match[1] as string).matchAll(/"([A-Z][A-Z0-9_]+)"/g))
              read.add(name[1] as string);
        }
      }
    };
    walk(new URL("../../src", import.meta.url).pathname);
    expect(read.size).toBeGreaterThan(10);
    const named = [...helps.values()].join("\n");
    // HOME is read only as the fallback of XDG_CONFIG_HOME and XDG_CACHE_HOME, which say so.
    const missing = [...read].filter((name) => !new RegExp(`\\b${name}\\b`).test(named));
    expect(missing).toEqual([]);
  });
});
