#!/usr/bin/env node
// The only place that touches the process: it hands real streams to run() and sets the exit code.
// No process.exit(): it would cut off output still flowing into a pipe.
const INTERNAL = 70;

let crashed = false;
// Set once the bundle is loaded: tells a tokenizer module's failure from llmcost's bug.
let moduleFailure = () => undefined;
let moduleFailed;
function crash(error, promise) {
  // What a user's tokenizer module left behind (a rejection it dropped, a throw from its microtask) is
  // its failure: 65 naming it, said once, and run() then writes no report (io.moduleFailed).
  let failure;
  try {
    failure = moduleFailure(error, promise);
  } catch {}
  if (failure) {
    if (moduleFailed === undefined) process.stderr.write(`${failure.line}\n`);
    moduleFailed ??= failure;
    if (!crashed) process.exitCode = moduleFailed.exitCode;
    return;
  }
  process.exitCode = INTERNAL;
  // Once only: if stderr itself fails, reporting that failure on stderr would fail again, forever.
  if (crashed) return;
  crashed = true;
  process.stderr.write(`llmcost: internal error: ${error?.stack ?? error}\n`);
  process.stderr.write("llmcost: this is a bug; please report it with the command you ran\n");
}
process.on("uncaughtException", (error) => crash(error));
process.on("unhandledRejection", (reason, promise) => crash(reason, promise));
// run() waits for its write and reports a failure itself (74, or quiet for a reader that closed early,
// as with `| head -1`); this listener only keeps a stream error from becoming an uncaught exception.
process.stdout.on("error", () => {});
// A reader of stderr that has gone (`2>&1 | head -1`) loses the warnings that follow, not the run.
process.stderr.on("error", () => {});

const { fstatSync, readFileSync, statSync } = await import("node:fs");
const { Writable } = await import("node:stream");
// One bundled file (scripts/bundle.mjs): resolving and compiling ~90 modules was a third of start-up.
const bundle = await import("../dist/cli/llmcost.bundle.js");
const { run } = bundle;
moduleFailure = bundle.moduleFailure;

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

/**
 * Whether stdout was closed (`>&-`). Node reopens a closed fd 0-2 on /dev/null at start-up, read-write,
 * so the report would vanish with exit 0; a shell's `>/dev/null` opens it write-only. So a read-write
 * /dev/null on fd 1 is taken for a closed stdout (as is a daemon's, which discards its output too).
 * Linux only: elsewhere there is no /proc to tell, and a closed stdout goes unnoticed.
 */
function stdoutClosed() {
  try {
    const out = fstatSync(1);
    if (!out.isCharacterDevice() || out.rdev !== statSync("/dev/null").rdev) return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync("/proc/self/fdinfo/1", "utf8"));
    return flags !== null && (Number.parseInt(flags[1], 8) & 3) === 2;
  } catch {
    return false;
  }
}

/**
 * The bytes of each argument that is not UTF-8 (undefined for the others), or undefined for all.
 * Node decodes argv as UTF-8, so a byte that is not (a file name `bad\xffname.txt`) arrives as U+FFFD
 * and names no file. On Linux /proc/self/cmdline holds the arguments as given, NUL-separated: node's
 * own name, its options (execArgv), the script, then ours — so ours are its last entries, each checked
 * to decode to the argument node gave. Elsewhere (no /proc) the arguments are taken as decoded.
 */
function argvBytes(args) {
  if (!args.some((arg) => arg.includes("\uFFFD"))) return undefined;
  try {
    const cmdline = readFileSync("/proc/self/cmdline");
    const entries = [];
    let start = 0;
    for (let i = cmdline.indexOf(0); i >= 0; i = cmdline.indexOf(0, start)) {
      entries.push(cmdline.subarray(start, i));
      start = i + 1;
    }
    const ours = entries.slice(entries.length - args.length);
    if (entries.length < args.length + 2 + process.execArgv.length) return undefined;
    if (!ours.every((bytes, i) => bytes.toString("utf8") === args[i])) return undefined;
    return ours.map((bytes, i) => (args[i].includes("\uFFFD") ? Buffer.from(bytes) : undefined));
  } catch {
    return undefined;
  }
}

/** A stdout that fails every write as a closed descriptor does, so run() reports it (exit 74). */
function closedStream() {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error("EBADF: bad file descriptor, write"), { code: "EBADF" }));
    },
  });
  stream.on("error", () => {});
  return stream;
}

const argv = process.argv.slice(2);
const code = await run({
  argv,
  argvBytes: argvBytes(argv),
  stdinKind: stdinKind(),
  stdin: process.stdin,
  stdout: stdoutClosed() ? closedStream() : process.stdout,
  stderr: process.stderr,
  env: process.env,
  moduleFailed: () => moduleFailed?.subject,
});
// An exception nothing caught while the run went on is still a bug (70), whatever run() made of the
// rest; one a tokenizer module left is its failure (65).
process.exitCode = crashed ? INTERNAL : (moduleFailed?.exitCode ?? code);
