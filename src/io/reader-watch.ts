import { spawn } from "node:child_process";
import { fstatSync } from "node:fs";

/**
 * Watches for the reader of a pipe (or socket) going away while nothing is written to it: a count-only
 * token view (an estimating tokenizer's) of an endless input piped to `head -c 10` would otherwise
 * never learn of it. Only a write fails when a pipe's reader has gone, and Node cannot poll a descriptor it
 * only writes to; GNU `tail -f` does (it exits with SIGPIPE once its output, the same pipe, has no
 * reader), so it watches for us. Where it is missing or does not watch (BSD tail), or `fd` is not a
 * pipe or socket, nothing happens. Returns the function that stops the watch.
 */
export function watchPipeReader(fd: number, onGone: () => void): () => void {
  try {
    const stats = fstatSync(fd);
    if (!stats.isFIFO() && !stats.isSocket()) return () => {};
    const watcher = spawn("tail", ["-f", "/dev/null"], { stdio: ["ignore", fd, "ignore"] });
    watcher.on("error", () => {});
    watcher.on("exit", (_code, signal) => {
      if (signal === "SIGPIPE") onGone();
    });
    watcher.unref();
    return () => {
      if (watcher.exitCode === null && watcher.signalCode === null) watcher.kill();
    };
  } catch {
    // Not a descriptor that can be watched.
    return () => {};
  }
}
