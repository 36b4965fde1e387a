// A worker thread's line to the main thread for the tables a tokenizer reads synchronously, in the middle
// of a count (the backtracking data: table-cache.ts's readSharedTableSync). The worker cannot wait for a
// reply the usual way — its count is running — so it posts the file's name, sleeps on a shared flag
// until the main thread has answered, and takes the answer off the port synchronously. The main thread
// answers between its own works with its copy, in shared memory.
import { MessageChannel, type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { readSharedTableSync } from "../tokenizers/table-cache.js";

/** What a worker is handed (its port is transferred): the channel, and the flag it sleeps on. */
export interface TableLine {
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

/**
 * How long a worker waits for an answer before reading its own copy: the main thread answers between
 * its works, letting the event loop turn at least every 20 ms of counting (split-pool.ts), but one
 * work may take longer (a part of text that is slow to count, Gemma 3's merge table being built), or
 * it may be gone. A read of its own takes ~50 ms and costs a copy of the table.
 */
const WAIT_MS = 500;
const AFTER_LATE_MS = 50;

/** The main thread's end: answers each request with its copy of the table (read now if need be). */
export function serveTables(): { line: TableLine; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  port1.on("message", ({ id, file }: { id: number; file: string }) => {
    let table: Uint8Array | undefined;
    try {
      table = readSharedTableSync(file);
    } catch {
      table = undefined;
    }
    port1.postMessage({ id, table: table ?? null });
    Atomics.store(flag, 0, id);
    Atomics.notify(flag, 0);
  });
  // Answering keeps nothing alive: the run ends when its work does.
  port1.unref();
  return { line: { port: port2, flag }, close: () => port1.close() };
}

/** The worker's end: a function that asks for a table and waits for it, or undefined (read your own). */
export function askOver(line: TableLine): (file: string) => Uint8Array | undefined {
  let next = 1;
  // After one answer that did not come in time (the main thread counts text that is slow to count),
  // the next requests wait less.
  let wait = WAIT_MS;
  return (file) => {
    const id = next++;
    line.port.postMessage({ id, file });
    const deadline = performance.now() + wait;
    for (;;) {
      // Read before looking at the port: an answer that comes in between changes it, and the wait below
      // returns at once.
      const seen = Atomics.load(line.flag, 0);
      const reply = receiveMessageOnPort(line.port)?.message as
        | { id: number; table: Uint8Array | null }
        | undefined;
      if (reply?.id === id) return reply.table ?? undefined;
      const left = deadline - performance.now();
      // An answer to an earlier, abandoned request is dropped here; none in time: the worker reads its own.
      if (reply === undefined && left <= 0) {
        wait = AFTER_LATE_MS;
        return undefined;
      }
      if (reply === undefined) Atomics.wait(line.flag, 0, seen, left);
    }
  };
}
