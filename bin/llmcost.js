#!/usr/bin/env node
// The only place that touches the process: it hands real streams to run() and sets the exit code.
// No process.exit(): it would cut off output still flowing into a pipe.
const INTERNAL = 70;

let crashed = false;
function crash(error) {
  process.exitCode = INTERNAL;
  // Once only: if stderr itself fails, reporting that failure on stderr would fail again, forever.
  if (crashed) return;
  crashed = true;
  process.stderr.write(`llmcost: internal error: ${error?.stack ?? error}\n`);
  process.stderr.write("llmcost: this is a bug; please report it with the command you ran\n");
}
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
// run() waits for its write and reports a failure itself (74, or quiet for a reader that closed early,
// as with `| head -1`); this listener only keeps a stream error from becoming an uncaught exception.
process.stdout.on("error", () => {});
// A reader of stderr that has gone (`2>&1 | head -1`) loses the warnings that follow, not the run.
process.stderr.on("error", () => {});

const { fstatSync } = await import("node:fs");
// One bundled file (scripts/bundle.mjs): resolving and compiling ~90 modules was a third of start-up.
const { run } = await import("../dist/cli/llmcost.bundle.js");

function stdinKind() {
  try {
    const stats = fstatSync(0);
    if (stats.isFIFO()) return "pipe";
    if (stats.isFile()) return "file";
    if (stats.isSocket()) return "socket";
    return process.stdin.isTTY ? "terminal" : "device";
  } catch {
    return "closed";
  }
}

process.exitCode = await run({
  argv: process.argv.slice(2),
  stdinKind: stdinKind(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
