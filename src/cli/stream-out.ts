import type { Writable } from "node:stream";
import { watchPipeReader } from "../io/reader-watch.js";
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
  private stopWatch: (() => void) | undefined;
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

  /** Watches for the reader going away while nothing is written (see watchPipeReader). */
  watchReader(): void {
    const fd = (this.stream as { fd?: unknown }).fd;
    if (this.stopWatch || typeof fd !== "number") return;
    this.stopWatch = watchPipeReader(fd, () => {
      this.gone = true;
    });
  }

  /** Stops listening to the stream (the run is over). */
  close(): void {
    this.stream.off("error", this.onError);
    this.stopWatch?.();
  }
}
