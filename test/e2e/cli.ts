import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { feed } from "../run-in-process.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin", "llmcost.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  /** stderr without the lines about models retiring (see RETIRING); `allStderr` has every line. */
  stderr: string;
  allStderr: string;
}

/**
 * A named model with an announced retirement is warned about on every run ("retires on …"); on
 * TODAY gpt-4o is one. Tests of other behaviour read stderr without those lines; the lifecycle
 * tests read `allStderr`.
 */
export const RETIRING = /^llmcost: [^:\n]+: retires on \d{4}-\d{2}-\d{2}[^\n]*\n/gm;
export const withoutRetiring = (stderr: string) => stderr.replace(RETIRING, "");

/**
 * The day the tests run "on": prices, retirements and dated aliases then hold still as the calendar
 * moves (gpt-4o, for one, retires on 2027-01-14 in the shipped data).
 */
export const TODAY = "2026-11-27";

/**
 * A clean environment: no colour forcing and no COLUMNS, whatever the developer's shell has set (so
 * tables are drawn whole, as in a pipe of unknown width; a test of fitting sets COLUMNS itself).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LLMCOST_TODAY: TODAY,
    // The run's own temp directory (test/temp-guard.ts), so what a CLI leaves there is seen.
    ...(process.env.TMPDIR === undefined ? {} : { TMPDIR: process.env.TMPDIR }),
    // The run's table cache (test/table-cache-setup.ts), never the developer's ~/.cache.
    ...(process.env.XDG_CACHE_HOME === undefined ? {} : { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }),
    ...extra,
  };
  return env;
}

/** Everything a child prints, and its exit code, once it has closed. */
function collect(child: ChildProcess): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve(runResult(code, Buffer.concat(out).toString("utf8"), Buffer.concat(err).toString("utf8")));
    });
  });
}

/** A run's result from its exit code and everything it wrote (also for in-process runs, see in-process.ts). */
export function runResult(code: number | null, stdout: string, allStderr: string): CliRun {
  const run = { code, stdout, stderr: withoutRetiring(allStderr) };
  // Not enumerable: tests comparing whole runs with toEqual compare what they always did.
  return Object.defineProperty(run, "allStderr", { value: allStderr, enumerable: false }) as CliRun;
}

/** How a run is fed: stdin text (chunks written `delayMs` apart), extra environment, working directory. */
export interface LlmcostOptions {
  input?: string | Buffer | (string | Buffer)[];
  env?: Record<string, string>;
  delayMs?: number;
  cwd?: string;
}

/** Runs the built binary in a child process through real pipes (in-process.ts runs it in this one). `input` chunks are written one by one, `delayMs` apart. */
export function llmcost(args: string[], options: LlmcostOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cleanEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const done = collect(child);
  if (child.stdin) feed(child.stdin, options);
  return done;
}

/** Runs a shell command line (for pipelines such as `| head -1`). */
export function shell(command: string, env: Record<string, string> = {}): Promise<CliRun> {
  return collect(
    spawn("bash", ["-c", command], { cwd: ROOT, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] }),
  );
}

export { tempDir } from "../temp-dir.js";

/** The JSON result row of one model. */
export function rowOf(stdout: string, model: string): Record<string, unknown> {
  const report = JSON.parse(stdout) as { results: Record<string, unknown>[] };
  const row = report.results.find((result) => result.model === model);
  if (!row) throw new Error(`no row for ${model} in ${stdout}`);
  return row;
}
