// The built CLI run inside the test process: the same call and result as `llmcost()` in cli.ts, without
// a process per run. It imports the bundle bin/llmcost.js imports (dist/cli/llmcost.bundle.js, so the
// build's rank tables and counting threads are used as the binary uses them) and hands its run(io)
// what bin/ hands it for a spawned run with piped stdio: the arguments, a piped stdin, stdout and
// stderr, the clean environment, the working directory. Each vitest file runs in a process of its own
// (pool "forks"), so the bundle's module state lasts one file.
//
// What only a real process shows stays with the spawning `llmcost()` (see test/e2e/binary.test.ts):
// the exit code bin/ sets, signals, a stdout closed or gone (EPIPE), a terminal, memory limits,
// arguments that are not UTF-8, and a tokenizer module's failure that nothing caught.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type InProcessIO, runInProcess } from "../run-in-process.js";
import { type CliRun, cleanEnv, type LlmcostOptions, ROOT, runResult } from "./cli.js";

interface Bundle {
  run: (io: InProcessIO) => Promise<number>;
}

let bundle: Promise<Bundle> | undefined;
/** The working directory of the runs under way: they share the process's, so they must agree on it. */
let running: { cwd: string; count: number; before: string } | undefined;

/**
 * The bundle, loaded by Node itself where it can be (require of an ES module, Node ≥ 20.19): through
 * vitest's module runner its 700 kB took ~2 s to transform in every test file.
 */
async function loadBundle(): Promise<Bundle> {
  const path = fileURLToPath(new URL("../../dist/cli/llmcost.bundle.js", import.meta.url));
  try {
    return createRequire(import.meta.url)(path) as Bundle;
  } catch {
    return (await import(path)) as Bundle;
  }
}

/**
 * Runs the built CLI in this process, as `llmcost()` runs it in a child: `input` chunks are written to
 * its stdin one by one, `delayMs` apart; `cwd` (the repository root by default) is the process's
 * working directory for the run, as relative paths are resolved against it.
 */
export async function llmcost(args: string[], options: LlmcostOptions = {}): Promise<CliRun> {
  bundle ??= loadBundle();
  const { run } = await bundle;
  const cwd = options.cwd ?? ROOT;
  if (running && running.cwd !== cwd) {
    throw new Error(`in-process runs at once in two directories (${running.cwd}, ${cwd}): spawn one`);
  }
  if (!running) {
    running = { cwd, count: 0, before: process.cwd() };
    // Only when it changes: a worker thread (vitest's "threads" pool) may not chdir at all.
    if (cwd !== running.before) process.chdir(cwd);
  }
  const shared = running;
  shared.count += 1;
  try {
    const { code, stdout, stderr } = await runInProcess(run, args, {
      ...options,
      env: cleanEnv(options.env),
      cwd,
    });
    return runResult(code, stdout, stderr);
  } finally {
    shared.count -= 1;
    if (shared.count === 0) {
      running = undefined;
      if (cwd !== shared.before) process.chdir(shared.before);
    }
  }
}
