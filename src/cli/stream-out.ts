import { type ChildProcess, spawn } from "node:child_process";
import { fstatSync } from "node:fs";
import type { Writable } from "node:stream";
import { writeAll } from "./write.js";

/** The reader of the output went away (EPIPE, as with `| head -c 10`): the run stops, quietly. */
export class ReaderGone extends Error {
  constructor() {
    super("the reader of stdout has gone");
    this.name = "ReaderGone";
  }
}

/** Output gathered into pieces of this many characters: a write per token would be a syscall each. */
const BATCH_CHARS = 1 << 16;

/**
 * Output written as it is made (llmcost tokenize over a large file), for commands whose output grows
 * with their input. Each batch waits until the stream has taken it, so a slow reader slows the run
 * rather than letting output pile up in memory; a reader that has gone ends the run with ReaderGone;
 * any other failure is writeAll's output error (74).
 */
export class StreamedOutput {
  private pending = "";
  private gone = false;
  private watcher: ChildProcess | undefined;
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") this.gone = true;
  };

  constructor(private readonly stream: Writable) {
    stream.on("error", this.onError);
  }

  /** Adds text; writes a batch (and waits for it) once there is enough. */
  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= BATCH_CHARS) await this.flush();
  }

  /** Writes what is held and waits until the stream has taken it. */
  async flush(): Promise<void> {
    if (this.gone) throw new ReaderGone();
    const text = this.pending;
    this.pending = "";
    await writeAll(this.stream, text);
    if (this.gone || this.stream.destroyed) throw new ReaderGone();
  }

  /** Throws ReaderGone once the reader has gone: for a run that reads on with nothing to write. */
  check(): void {
    if (this.gone) throw new ReaderGone();
  }

  /**
   * Watches for the reader going away while nothing is written (a count-only view of an endless
   * input: `yes | llmcost tokenize -m claude-… | head -c 10`). Only a write fails when the reader of
   * a pipe has gone, and Node cannot poll a descriptor it only writes to; GNU `tail -f` does (it
   * exits with SIGPIPE once its output, the same pipe, has no reader), so it watches for us. Where it
   * is missing or does not watch (BSD tail), nothing changes: the run ends when its input does.
   */
  watchReader(): void {
    const fd = (this.stream as { fd?: unknown }).fd;
    if (this.watcher || typeof fd !== "number") return;
    try {
      const stats = fstatSync(fd);
      if (!stats.isFIFO() && !stats.isSocket()) return;
      const watcher = spawn("tail", ["-f", "/dev/null"], { stdio: ["ignore", fd, "ignore"] });
      watcher.on("error", () => {});
      watcher.on("exit", (_code, signal) => {
        if (signal === "SIGPIPE") this.gone = true;
      });
      watcher.unref();
      this.watcher = watcher;
    } catch {
      // Not a descriptor that can be watched: as before.
    }
  }

  /** Stops listening to the stream (the run is over). */
  close(): void {
    this.stream.off("error", this.onError);
    if (this.watcher?.exitCode === null && this.watcher.signalCode === null) this.watcher.kill();
  }
}
