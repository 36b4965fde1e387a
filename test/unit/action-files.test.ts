import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDir } from "../temp-dir.js";
import { runCli } from "./helpers.js";

/**
 * action.yml and .pre-commit-hooks.yaml, read as GitHub and pre-commit read them: every input the steps
 * use is declared and every declared input is used; every input a script reads is handed to its step;
 * every output comes from a step that writes it. (test/e2e/action.test.ts runs the steps.)
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const text = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Step {
  id: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  [key: string]: unknown;
}
const action = parse(text("action.yml")) as {
  name: string;
  description: string;
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string; value: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;
const expressionsIn = (value: string) => [...value.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1] ?? "");
const envName = (input: string) => `INPUT_${input.replaceAll("-", "_").toUpperCase()}`;

/** The script a step runs: `node "$GITHUB_ACTION_PATH/action/NAME.mjs"`, nothing else. */
function scriptOf(step: Step): string {
  const match = /^node "\$GITHUB_ACTION_PATH\/(action\/[\w-]+\.mjs)"$/.exec(step.run?.trim() ?? "");
  if (!match?.[1]) throw new Error(`step ${step.id}: run is not one of the action's scripts: ${step.run}`);
  return match[1];
}
/** The script and the shared module it imports (action/github.mjs reads no input by name). */
const inputsReadBy = (script: string) =>
  new Set([...text(script).matchAll(/\b(?:booleanInput|input)\("([\w-]+)"\)/g)].map((m) => m[1] ?? ""));
const envReadBy = (script: string) =>
  new Set([...text(script).matchAll(/process\.env\.(LLMCOST_\w+)/g)].map((m) => m[1] ?? ""));

describe("action.yml", () => {
  it("is a composite action whose steps each run one of its scripts, with bash, unconditionally", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.name).toBe("llmcost");
    expect(steps.map((step) => step.id)).toEqual(["run", "comment", "verdict"]);
    for (const step of steps) {
      expect(step.shell, step.id).toBe("bash");
      expect(existsSync(join(ROOT, scriptOf(step))), step.id).toBe(true);
      // test/e2e/action-runner.ts runs every step in order and stops at the first failure, as the runner
      // does without `if:` (a step with one would need that runner to evaluate it).
      expect(Object.keys(step).sort(), step.id).toEqual(["env", "id", "run", "shell"]);
    }
  });

  it("declares every input the steps use, and every input it declares is used by a step", () => {
    const used = new Set<string>();
    for (const step of steps)
      for (const [name, value] of Object.entries(step.env ?? {}))
        for (const expression of expressionsIn(value)) {
          const input = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
          if (input === undefined) continue;
          used.add(input);
          // Each INPUT_X carries the input x, as the scripts' input("x") reads it.
          if (name.startsWith("INPUT_")) expect(name, step.id).toBe(envName(input));
        }
    for (const output of Object.values(action.outputs))
      for (const expression of expressionsIn(output.value))
        expect(expression.startsWith("inputs."), output.value).toBe(false);
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      // A required input has no default; an optional one has one (so a step never reads an unset one).
      expect(input.required === true ? input.default : typeof input.default, name).toBe(
        input.required === true ? undefined : "string",
      );
    }
  });

  it("hands each script every input and LLMCOST_ value it reads", () => {
    for (const step of steps) {
      const script = scriptOf(step);
      const env = Object.keys(step.env ?? {});
      for (const input of inputsReadBy(script)) {
        expect(action.inputs, `${script} reads input ${input}`).toHaveProperty([input]);
        expect(env, `${script} reads input ${input}`).toContain(envName(input));
      }
      for (const name of envReadBy(script)) expect(env, `${script} reads ${name}`).toContain(name);
      // …and is handed nothing it does not read (a forgotten rename would leave one behind).
      for (const name of env)
        expect(
          inputsReadBy(script).has(name.slice("INPUT_".length).toLowerCase().replaceAll("_", "-")) ||
            envReadBy(script).has(name),
          `${step.id} is handed ${name}, which ${script} does not read`,
        ).toBe(true);
    }
  });

  it("takes every output from a step that writes it", () => {
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toBeTruthy();
      const from = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(output.value);
      if (!from) throw new Error(`output ${name}: ${output.value} is not a step's output`);
      const step = steps.find((s) => s.id === from[1]);
      if (!step) throw new Error(`output ${name}: no step ${from[1]}`);
      // setOutputs({ name: …, "name-with-dash": … }) in the step's script.
      const key = from[2] ?? "";
      expect(text(scriptOf(step)), `${scriptOf(step)} writes ${key}`).toMatch(
        new RegExp(`(?:[{,]\\s*|\\n\\s*)(?:${key}|"${key}")\\s*[:,}]`),
      );
    }
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const hooks = parse(text(".pre-commit-hooks.yaml")) as Record<string, unknown>[];
  const hook = hooks[0] ?? {};

  it("declares one node hook running llmcost check, without file names", () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({
      id: "llmcost-check",
      language: "node",
      entry: "llmcost check",
      pass_filenames: false,
    });
    for (const key of ["id", "name", "entry", "language"]) expect(typeof hook[key], key).toBe("string");
    // The entry's program is the package's bin.
    const pkg = JSON.parse(text("package.json")) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(String(hook.entry).split(" ")[0]);
  });

  it("its entry checks the config's budgets (0 pass, 1 fail); file names would be a usage error", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.md"), "one two three four five six\n");
    const write = (maxTokens: number) =>
      writeFileSync(
        join(dir, "llmcost.config.json"),
        JSON.stringify({ models: ["gpt-4o"], rules: [{ name: "all", paths: ["*.md"], maxTokens }] }),
      );
    const entry = String(hook.entry).split(" ").slice(1);
    write(100);
    expect((await runCli([...entry, "--config", join(dir, "llmcost.config.json")])).code).toBe(0);
    write(2);
    const failing = await runCli([...entry, "--config", join(dir, "llmcost.config.json")]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/^llmcost: all: gpt-4o-[0-9-]+: tokens 7 is over maxTokens 2$/m);
    // Why pass_filenames is false: check takes no file operands.
    expect((await runCli([...entry, join(dir, "a.md")])).code).toBe(64);
  });
});

describe("docs/ci.md", () => {
  const doc = text("docs/ci.md");
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] ?? "") as unknown);
  const version = (JSON.parse(text("package.json")) as { version: string }).version;
  /** Every object in a parsed YAML value, depth first. */
  const objects = (value: unknown): Record<string, unknown>[] =>
    typeof value !== "object" || value === null
      ? []
      : [
          ...(Array.isArray(value) ? [] : [value as Record<string, unknown>]),
          ...Object.values(value).flatMap(objects),
        ];
  const actionSteps = blocks
    .flatMap(objects)
    .filter((o) => String(o.uses ?? "").startsWith("OWNER/llmcost@"));

  it("uses the action as action.yml declares it, at this version", () => {
    expect(actionSteps.length).toBeGreaterThanOrEqual(3);
    for (const step of actionSteps) {
      expect(step.uses).toBe(`OWNER/llmcost@v${version}`);
      const given = (step.with ?? {}) as Record<string, unknown>;
      for (const name of Object.keys(given)) expect(action.inputs, name).toHaveProperty([name]);
      for (const [name, input] of Object.entries(action.inputs))
        if (input.required) expect(given, name).toHaveProperty([name]);
      expect(["check", "diff"]).toContain(given.command);
    }
    // Outputs read in the docs are outputs of the action.
    for (const [, id, name] of doc.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (actionSteps.some((step) => step.id === id))
        expect(action.outputs, `${id}.${name}`).toHaveProperty([name ?? ""]);
    }
  });

  it("lists every input and every output in its tables, and no other", () => {
    const rows = (heading: string) => {
      const table = doc.slice(doc.indexOf(`| ${heading} |`)).split("\n\n")[0] ?? "";
      return table
        .split("\n")
        .slice(2)
        .flatMap((row) =>
          [...(/^\| ([^|]+) \|/.exec(row)?.[1] ?? "").matchAll(/`([\w-]+)`/g)].map((m) => m[1]),
        );
    };
    expect(rows("Input").sort()).toEqual(Object.keys(action.inputs).sort());
    expect(rows("Output").sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it("names the pre-commit hook this repository declares", () => {
    const hooks = parse(text(".pre-commit-hooks.yaml")) as { id: string }[];
    const config = blocks.find(
      (block): block is { repos: { repo: string; rev: string; hooks: { id: string }[] }[] } =>
        typeof block === "object" && block !== null && "repos" in block,
    );
    expect(config?.repos[0]?.rev).toBe(`v${version}`);
    expect(config?.repos[0]?.hooks.map((hook) => hook.id)).toEqual(hooks.map((hook) => hook.id));
  });
});
