import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CountedInput } from "../../src/core/types.js";
import {
  BATCH_BYTES,
  batchesOf,
  countInWorkers,
  startCountWorkers,
  WORKER_MIN_BYTES,
  workersFor,
} from "../../src/count/count-in-workers.js";
import { prepareInputs } from "../../src/count/count-inputs.js";
import type { PlannedInput } from "../../src/io/read-inputs.js";
import { tempDir } from "../temp-dir.js";

const file = (size: number, operand = 0): PlannedInput => ({
  source: `f${operand}`,
  kind: "file",
  inWalk: true,
  size,
  operand,
});

describe("when counting uses worker threads", () => {
  it("never for one file or a small total; -j 1 turns them off", () => {
    expect(workersFor({ inputs: 1, bytes: 1e9 }, undefined)).toBe(0);
    expect(workersFor({ inputs: 1, bytes: 1e9 }, 4)).toBe(0);
    expect(workersFor({ inputs: 2, bytes: 2000 }, undefined)).toBe(0);
    expect(workersFor({ inputs: 2, bytes: WORKER_MIN_BYTES * 2 }, 1)).toBe(0);
  });

  it("one per core (up to 4, at most one per file) for several files totalling 8 MiB; -j N forces N", () => {
    const cores = Math.min(availableParallelism(), 4);
    expect(workersFor({ inputs: 10, bytes: WORKER_MIN_BYTES }, undefined)).toBe(cores < 2 ? 0 : cores);
    expect(workersFor({ inputs: 10, bytes: WORKER_MIN_BYTES - 1 }, undefined)).toBe(0);
    expect(workersFor({ inputs: 3, bytes: 30 }, 3)).toBe(3);
    expect(workersFor({ inputs: 2, bytes: 20 }, 3)).toBe(2);
  });
});

describe("batches of files handed to the threads", () => {
  it("are largest first, each about BATCH_BYTES (a large file alone), every input once", () => {
    const sizes = [10, BATCH_BYTES + 5, BATCH_BYTES / 2, (BATCH_BYTES * 3) / 4, 0, 20];
    expect(batchesOf(sizes.map((size, i) => file(size, i)))).toEqual([[1], [3, 2], [5, 0, 4]]);
    expect(batchesOf([])).toEqual([]);
  });
});

describe("counting threads", () => {
  it("a thread that dies while booting, before it is used, fails the count instead of leaving it waiting", async () => {
    const script = join(tempDir(), "broken-worker.mjs");
    writeFileSync(script, 'throw new Error("broken worker");\n');
    const threads = startCountWorkers(1, pathToFileURL(script));
    // Let it die before countInWorkers listens, as it would while the run loads prices.
    await threads[0]?.ended;
    await expect(
      countInWorkers(
        [file(10, 0), file(10, 1)],
        ["o200k_base"],
        threads,
        () => {},
        async () => ({ outcome: { kind: "text", replaced: false }, counted: undefined }),
      ),
    ).rejects.toThrow(/broken worker|exited/);
  });

  it("are started by prepareInputs for several files with -j N; never for one file or a run that reads stdin", async () => {
    const dir = tempDir();
    for (const name of ["a.txt", "b.txt", "c.txt"]) writeFileSync(join(dir, name), "text");
    const started: number[] = [];
    const prepared = await prepareInputs([dir], { jobs: 3 });
    started.push(prepared.threads.length);
    const withStdin = await prepareInputs([dir, "-"], { jobs: 3 });
    started.push(withStdin.threads.length);
    const one = await prepareInputs([join(dir, "a.txt")], { jobs: 3 });
    started.push(one.threads.length);
    await Promise.all(prepared.threads.map(({ worker }) => worker.terminate()));
    expect(started).toEqual([2, 0, 0]);
  });

  it("one input is counted in parts: a large text file with threads started now; stdin, auto mode included, once it proves large", async () => {
    const dir = tempDir();
    const big = join(dir, "big.txt");
    writeFileSync(big, "x".repeat(600 * 1024));
    const file = await prepareInputs([big], { jobs: 2 });
    expect([file.split?.workers, file.split?.threads.length]).toEqual([2, 1]);
    await Promise.all(file.split?.threads.map(({ worker }) => worker.terminate()) ?? []);
    for (const mode of ["text", "auto"] as const) {
      const stdin = await prepareInputs(["-"], { jobs: 2, mode });
      expect([stdin.split?.input.kind, stdin.split?.threads.length]).toEqual(["stdin", 0]);
      // Without -j too: on two threads (where there are two cores), whatever the cores.
      const byDefault = await prepareInputs(["-"], { mode });
      expect(byDefault.split?.workers).toBe(availableParallelism() >= 2 ? 2 : undefined);
    }
    expect((await prepareInputs([big], { jobs: 1 })).split).toBeUndefined();
    expect((await prepareInputs([big, "-"], { jobs: 2 })).split).toBeUndefined();
  });

  // A stand-in thread that answers each batch at once, saying it counted them.
  const echoThread = () => {
    const script = join(tempDir(), "echo-worker.mjs");
    writeFileSync(
      script,
      `import { parentPort } from "node:worker_threads";
parentPort.on("message", (message) => {
  if (message.tokenizerIds) return parentPort.postMessage({ ready: true });
  parentPort.postMessage(message.batch.map(({ index, input }) => ({
    index, outcome: { kind: "text", replaced: false }, counted: { source: input.source, by: "thread" },
  })));
});
`,
    );
    return pathToFileURL(script);
  };
  const counter = (delay: number, byMain: string[]) => async (input: PlannedInput) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    byMain.push(input.source);
    return {
      outcome: { kind: "text", replaced: false } as const,
      counted: { source: input.source, by: "main" } as unknown as CountedInput,
    };
  };

  it("every input is counted once, on the main thread or a thread, and comes back in input order", async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({ ...file(BATCH_BYTES / 2, i), source: `f${i}` }));
    const byMain: string[] = [];
    const { outcomes, counted } = await countInWorkers(
      inputs,
      ["o200k_base"],
      startCountWorkers(2, echoThread()),
      () => {},
      counter(5, byMain),
    );
    expect(counted.map((entry) => entry?.source)).toEqual(inputs.map((input) => input.source));
    expect(outcomes.every((outcome) => outcome.kind === "text")).toBe(true);
    const byThreads = counted.filter((entry) => (entry as unknown as { by: string }).by === "thread");
    expect(byThreads.length + byMain.length).toBe(40);
    expect(byThreads.length).toBeGreaterThan(0);
    expect(byMain.length).toBeGreaterThan(0);
  });

  it("ends when the main thread has counted everything before a thread was ready", async () => {
    const byMain: string[] = [];
    const { counted } = await countInWorkers(
      [file(10, 0), file(10, 1)],
      ["o200k_base"],
      startCountWorkers(1, echoThread()),
      () => {},
      counter(0, byMain),
    );
    expect(counted.map((entry) => entry?.source)).toEqual(["f0", "f1"]);
    expect(byMain).toEqual(["f0", "f1"]);
  });
});
