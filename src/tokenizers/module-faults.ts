// A user's tokenizer module runs inside llmcost's process, so what it leaves behind — a promise it
// rejected and dropped, an exception thrown from a microtask or timer, a call to process.exit — would
// otherwise be taken for a bug of llmcost's (exit 70) or end the run quietly (exit 0, nothing on
// stdout). Those are the module's failures: bad data naming the module (65). This file tells them
// apart: the module code that ran is watched (runModuleCode), and moduleFault() says whether an error
// nothing caught came from it.
import { promiseHooks } from "node:v8";
import { dataError, type LlmcostError } from "../errors.js";

/** Each module loaded on this thread: its file: URL → the path errors name it by. */
const modules = new Map<string, string>();
/** The promises created while a module's code ran, by module URL: a rejection of one nobody handles is the module's. */
const created = new WeakMap<object, string>();

/** Marks `url` as a user module, named `subject` in errors: a stack that runs through it is its. */
export function registerModule(url: string, subject: string): void {
  modules.set(url, subject);
}

/** Thrown in place of ending the process when module code calls process.exit. */
class ModuleExit extends Error {}

/** The module calls running (or loading) now; while there are any, process.exit is the trap below. */
const active = new Set<{ exit?: string }>();
let nodeExit: typeof process.exit | undefined;
const trap = ((code?: unknown) => {
  const exit = `called process.exit(${code === undefined ? "" : String(code)})`;
  for (const call of active) call.exit ??= exit;
  throw new ModuleExit(exit);
}) as typeof process.exit;

type Outcome<T> = { value: T } | { error: unknown };

/** Starts a call into module code: until `end`, process.exit throws instead of ending the run. */
function trapExit() {
  const call: { exit?: string } = {};
  if (active.size === 0) {
    nodeExit = process.exit;
    process.exit = trap;
  }
  active.add(call);
  return {
    /** The call's result, or its process.exit() as an error (even if the module caught what it threw). */
    end<T>(outcome: Outcome<T>): T {
      active.delete(call);
      if (active.size === 0 && nodeExit) {
        process.exit = nodeExit;
        nodeExit = undefined;
      }
      if (call.exit !== undefined) throw new ModuleExit(call.exit);
      if ("error" in outcome) throw outcome.error;
      return outcome.value;
    },
  };
}

/**
 * Runs a synchronous call into module `url`: the promises it creates are remembered as the module's,
 * and a process.exit() it makes throws instead of ending the run.
 */
export function runModuleCode<T>(url: string, call: () => T): T {
  const exit = trapExit();
  const stop = promiseHooks.onInit((promise) => created.set(promise, url));
  let outcome: Outcome<T>;
  try {
    outcome = { value: call() };
  } catch (error) {
    outcome = { error };
  } finally {
    stop();
  }
  return exit.end(outcome);
}

/**
 * Awaits `load` (a module's import: its top-level code runs in later microtasks) with process.exit
 * trapped as runModuleCode does. Promises are not watched: llmcost's own work goes on meanwhile.
 */
export async function loadModuleCode<T>(load: () => Promise<T>): Promise<T> {
  const exit = trapExit();
  let outcome: Outcome<T>;
  try {
    outcome = { value: await load() };
  } catch (error) {
    outcome = { error };
  }
  return exit.end(outcome);
}

/**
 * The failure of a user module that an exception nothing caught (or a rejection nobody handled) is,
 * or undefined when it is not a module's (then it is llmcost's bug). It is the module's when the
 * rejected promise was created while module code ran, or when its stack runs through a module's file
 * (a microtask or timer it scheduled, an error it built; a counting thread's error keeps its stack).
 */
export function moduleFault(reason: unknown, promise?: unknown): LlmcostError | undefined {
  let url = typeof promise === "object" && promise !== null ? created.get(promise) : undefined;
  const stack =
    typeof reason === "object" && reason !== null ? (reason as { stack?: unknown }).stack : undefined;
  if (url === undefined && typeof stack === "string")
    // A frame names the file with its line and column: "file:///…/tok.mjs:1:30".
    url = [...modules.keys()].find((each) => stack.includes(`${each}:`));
  const subject = url === undefined ? undefined : modules.get(url);
  return subject === undefined ? undefined : dataError(subject, messageOf(reason));
}

/** The first line of what was thrown: an Error's message, or the value itself. */
export function messageOf(thrown: unknown): string {
  const text =
    thrown instanceof Error || (typeof thrown === "object" && thrown !== null && "message" in thrown)
      ? String((thrown as { message: unknown }).message) || String((thrown as { name?: unknown }).name)
      : String(thrown);
  return text.split("\n")[0] ?? "";
}
