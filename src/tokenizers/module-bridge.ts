// Counting is synchronous everywhere (streams, request columns, worker threads), but a user's tokenizer
// module may export an async `count` or `encode`. Such a function runs on a thread of its own, which
// imports the module again and awaits each call, while the caller blocks on Atomics.wait for the answer.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

/**
 * What the thread answers: a primitive as it is, a list of ids by its length, a list holding what is
 * not an id by the first such element, anything else by its kind.
 */
export type BridgedResult =
  | { value: string | number | boolean | null | undefined | bigint }
  | { listLength: number }
  | { badId: { index: number; what: string } }
  | { kind: string }
  | { error: string };

/**
 * A module's result as checked (custom.ts): a primitive as it is, a list (or typed array) by its
 * length once every element is a token id (a whole number ≥ 0, safe as a double), anything else by
 * its kind. One pass over the list, stopping at the first element that is no id; an unsigned integer
 * typed array holds nothing else and is not walked. Self-contained: the thread below runs its source too.
 */
export function describeResult(value: unknown): BridgedResult {
  if (typeof value === "symbol") return { kind: "a symbol" };
  if (value === null || (typeof value !== "object" && typeof value !== "function"))
    return { value: value as string | number | boolean | null | undefined | bigint };
  const isArray = Array.isArray(value);
  if (!isArray && !(ArrayBuffer.isView(value) && !(value instanceof DataView)))
    return { kind: typeof value === "function" ? "a function" : "an object" };
  const list = value as ArrayLike<unknown>;
  const { length } = list;
  if (value instanceof Uint8Array || value instanceof Uint16Array || value instanceof Uint32Array)
    return { listLength: length };
  for (let index = 0; index < length; index++) {
    const id = list[index];
    if (
      typeof id === "number"
        ? Number.isSafeInteger(id) && id >= 0
        : typeof id === "bigint" && id >= 0n && id <= BigInt(Number.MAX_SAFE_INTEGER)
    )
      continue;
    const what =
      typeof id === "number" || typeof id === "boolean" || id === null
        ? String(id)
        : typeof id === "bigint"
          ? `${id}n`
          : typeof id === "string"
            ? `a string (${JSON.stringify(id.slice(0, 20))})`
            : id === undefined
              ? isArray && !(index in list)
                ? "a hole"
                : "undefined"
              : Array.isArray(id)
                ? "a list"
                : typeof id === "object"
                  ? "an object"
                  : `a ${typeof id}`;
    return { badId: { index, what } };
  }
  return { listLength: length };
}

/** How long one call may take before the module is given up on (it never settled). */
const CALL_TIMEOUT_MS = 60_000;

// A CommonJS script (eval workers are): it imports the module by its file: URL and calls `name`.
// What the module leaves behind during a call — a rejection nobody handles, an exception thrown from
// a microtask or timer, a process.exit() — fails that call and every later one (the thread only ever
// runs the module's code, so all of that is the module's).
const THREAD = `
const { workerData } = require("node:worker_threads");
const { port, url, name, flag } = workerData;
const done = () => { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
process.on("exit", () => { Atomics.store(flag, 0, 2); Atomics.notify(flag, 0); });
const message = (error) => String(error instanceof Error ? error.message : error).split("\\n")[0];
let stray;
process.on("uncaughtException", (error) => { stray ??= message(error); });
process.on("unhandledRejection", (reason) => { stray ??= message(reason); });
process.exit = (code) => {
  const said = "called process.exit(" + (code === undefined ? "" : String(code)) + ")";
  stray ??= said;
  throw new Error(said);
};
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
    reply = { error: message(error) };
  }
  // Rejections nobody handled are told of once the microtasks have run: wait for that before answering.
  await new Promise((resolve) => setImmediate(resolve));
  if (stray !== undefined) reply = { error: stray };
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
  // A thread that dies (out of memory, say) fails the calls after; unheard, its error would crash the run.
  thread.on("error", (error) => {
    ended ??= `its thread failed: ${error.message.split("\n")[0]}`;
  });
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
