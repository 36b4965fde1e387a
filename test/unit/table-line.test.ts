import { join } from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import { afterAll, expect, it } from "vitest";
import { serveTables } from "../../src/count/table-line.js";
import { readSharedTableSync, removeCachedTable, saveCachedTable } from "../../src/tokenizers/table-cache.js";
import { bundledWorker } from "../count-worker-bundle.js";

// Names no tokenizer uses, in the test run's cache directory (test/table-cache-setup.ts).
const FILE = "table-line-test.bin";
const MISSING = "table-line-missing.bin";
afterAll(() => removeCachedTable(FILE));

it("hands a worker the main thread's copy of a table, in shared memory, and nothing for a missing one", async () => {
  saveCachedTable(FILE, Uint8Array.of(7, 1, 2, 3, 4, 5));
  const script = await bundledWorker(
    join(import.meta.dirname, "..", "fixtures", "workers", "table-line-worker.ts"),
  );
  const tables = serveTables();
  const worker = new Worker(script);
  try {
    const reply = new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    worker.postMessage({ line: tables.line, file: FILE, missing: MISSING }, [tables.line.port]);
    expect(await reply).toEqual({ bytes: [1, 2, 3, 4, 5], shared: true, same: true, none: true });
    // The worker's write is in the main thread's copy: one copy, not two.
    expect(readSharedTableSync(FILE)?.[0]).toBe(42);
  } finally {
    tables.close();
    await worker.terminate();
  }
}, 60_000);

it("a worker whose question goes unanswered reads its own copy", async () => {
  const file = "table-line-unanswered.bin";
  saveCachedTable(file, Uint8Array.of(7, 9, 8));
  const script = await bundledWorker(
    join(import.meta.dirname, "..", "fixtures", "workers", "table-line-worker.ts"),
  );
  // A line nobody answers on (the main thread gone, or too long inside one count).
  const { port1, port2 } = new MessageChannel();
  const line = { port: port2, flag: new Int32Array(new SharedArrayBuffer(4)) };
  const worker = new Worker(script);
  try {
    const reply = new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    worker.postMessage({ line, file, missing: MISSING }, [port2]);
    expect(await reply).toEqual({ bytes: [9, 8], shared: true, same: true, none: true });
    // Its own copy, not this thread's: the write is not seen here.
    expect(readSharedTableSync(file)?.[0]).toBe(7);
  } finally {
    port1.close();
    await worker.terminate();
    removeCachedTable(file);
  }
}, 60_000);
