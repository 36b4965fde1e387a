// What every fault-matrix file checks a failed run against (issues 7 and 18).
import { expect } from "vitest";
import { type CliRun, llmcost, shell } from "./cli.js";

/** Runs the same command on one thread and on two, and checks that nothing differs. */
export async function bothWays(args: string[]): Promise<CliRun> {
  const one = await llmcost([...args, "-j", "1"]);
  const two = await llmcost([...args, "-j", "2"]);
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
