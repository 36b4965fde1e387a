// What every fault-matrix file checks a failed run against (issues 7 and 18).
import { expect } from "vitest";
import { type CliRun, type LlmcostOptions, shell } from "./cli.js";
import { llmcost as inProcess } from "./in-process.js";

/** Either runner of the built CLI: `llmcost` of in-process.ts, or the spawning one of cli.ts. */
export type Runner = (args: string[], options?: LlmcostOptions) => Promise<CliRun>;

/**
 * Runs the same command on one thread and on two, and checks that nothing differs: in this process
 * unless `run` is the spawning runner (for a run that must be a process of its own).
 */
export async function bothWays(args: string[], run: Runner = inProcess): Promise<CliRun> {
  const one = await run([...args, "-j", "1"]);
  const two = await run([...args, "-j", "2"]);
  expect(two).toEqual(one);
  return one;
}

export const mkfifo = (path: string) => shell(`mkfifo '${path}'`);

/** A failed run: its code, nothing on stdout, and one `llmcost: <subject>: <reason>` line on stderr. */
export function expectError(run: CliRun, code: number, line: string | RegExp) {
  expect(run.stdout).toBe("");
  if (typeof line === "string") expect(run.stderr).toBe(`llmcost: ${line}\n`);
  else {
    expect(run.stderr).toMatch(line);
    expect(run.stderr).toMatch(/^llmcost: [^\n]+\n$/);
  }
  expect(run.code).toBe(code);
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
