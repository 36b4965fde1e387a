// Counting is synchronous everywhere (streams, request columns, worker threads), but a user's tokenizer
// module may export an async `count` or `encode`. Such a function runs on a thread of its own, which
// imports the module again and awaits each call, while the caller blocks on Atomics.wait for the answer.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

/** What the thread answers: a primitive as it is, a list by its length, anything else by its kind. */
export type BridgedResult =
  | { value: string | number | boolean | null | undefined | bigint }
  | { listLength: number }
  | { kind: string }
  | { error: string };

/**
 * A module's result as checked (custom.ts): a primitive as it is, a list (or typed array) by its
 * length, anything else by its kind. Self-contained: the thread below runs its source too.
 */
export function describeResult(value: unknown): BridgedResult {
  if (typeof value === "symbol") return { kind: "a symbol" };
  if (value === null || (typeof value !== "object" && typeof value !== "function"))
    return { value: value as string | number | boolean | null | undefined | bigint };
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)))
    return { listLength: (value as ArrayLike<unknown>).length };
  return { kind: typeof value === "function" ? "a function" : "an object" };
}

/** How long one call may take before the module is given up on (it never settled). */
const CALL_TIMEOUT_MS = 60_000;

// A CommonJS script (eval workers are): it imports the module by its file: URL and calls `name`.
const THREAD = `
const { workerData } = require("node:worker_threads");
const { port, url, name, flag } = workerData;
const done = () => { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
process.on("exit", () => { Atomics.store(flag, 0, 2); Atomics.notify(flag, 0); });
const fn = import(url).then((m) => {
  const api = { ...(typeof m.default === "object" && m.default !== null ? m.default : {}), ...m };
  return api[name];
});
const describe = ${describeResult.toString()};
port.on("message", async (text) => {
  let reply;
  try {
    reply = describe(await (await fn)(text));
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
  done();
});
`;

/**
 * A synchronous stand-in for the module's async function `name`: each call is sent to a thread that
 * awaits it, and the answer comes back described (BridgedResult). The thread does not keep the
 * process alive.
 */
export function bridgeAsync(url: string, name: "count" | "encode"): (text: string) => BridgedResult {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(THREAD, {
    eval: true,
    workerData: { port: port2, url, name, flag },
    transferList: [port2],
  });
  thread.unref();
  port1.unref();
  let ended: string | undefined;
  return (text) => {
    if (ended) return { error: ended };
    Atomics.store(flag, 0, 0);
    port1.postMessage(text);
    if (Atomics.wait(flag, 0, 0, CALL_TIMEOUT_MS) === "timed-out")
      ended = `did not settle within ${CALL_TIMEOUT_MS / 1000} s`;
    else {
      const reply = receiveMessageOnPort(port1)?.message as BridgedResult | undefined;
      if (reply) return reply;
      ended = "its thread ended without an answer";
    }
    return { error: ended };
  };
}
