import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dataError, noInputError, specialKind } from "../errors.js";
import { type BridgedResult, bridgeAsync, describeResult } from "./module-bridge.js";
import { loadModuleCode, messageOf, registerModule, runModuleCode } from "./module-faults.js";
import type { Tokenizer } from "./types.js";
import { isHighSurrogate } from "./utf16.js";

/** `chars:3.6` or `bytes:4`: tokens = ceil(characters or UTF-8 bytes ÷ the ratio). */
const RATIO = /^(chars|bytes):((?:0|[1-9][0-9]*)(?:\.[0-9]+)?)$/;

/** True for a ratio spec such as `chars:3.6` (ratio > 0). */
export function isRatioSpec(id: string): boolean {
  const match = RATIO.exec(id);
  return match !== null && Number(match[2]) > 0;
}

/** True for a tokenizer written as a file path ("./words.mjs", "/opt/tok.mjs"), to be resolved to a file: URL. */
export function isModulePath(id: string): boolean {
  return /^(\.{1,2}\/|\/)/.test(id);
}

/** True for a tokenizer given as a module: a file: URL (pricing files' relative paths are resolved to one). */
export function isModuleSpec(id: string): boolean {
  return id.startsWith("file:");
}

const encoder = new TextEncoder();

/** A rule-of-thumb tokenizer from a ratio spec; always an estimate. */
export function ratioTokenizer(id: string): Tokenizer {
  const match = RATIO.exec(id);
  if (!match) throw new Error(`not a ratio spec: ${id}`);
  const ratio = Number(match[2]);
  const size =
    match[1] === "bytes" ? (text: string) => encoder.encode(text).length : (text: string) => [...text].length;
  return {
    id,
    exact: false,
    countedWith: id,
    method: `estimated as ${match[1]} ÷ ${match[2]}`,
    // A ratio the user chose has no measured spread: its range is the count itself.
    band: { low: 1, high: 1, against: "nothing (a ratio you chose is not measured)" },
    count: (text) => Math.ceil(size(text) / ratio),
    stream() {
      // Sizes add up over pieces, once a surrogate pair split between two pieces is put back together.
      let total = 0;
      let held = "";
      return {
        write: (chunk) => {
          const text = held + chunk;
          const last = text.charCodeAt(text.length - 1);
          held = isHighSurrogate(last) ? text.slice(-1) : "";
          total += size(held ? text.slice(0, -1) : text);
        },
        end: () => Math.ceil((total + size(held)) / ratio),
      };
    },
  };
}

/**
 * A tokenizer from a user's ES module exporting `count(text) → number` or `encode(text) → ids`
 * (named or on the default export), and optionally `exact = true` when its counts are the model's own.
 * Either may be async. Whatever the module does is checked: a call that throws, or a result that is not
 * a whole number ≥ 0 (or a list of ids), is bad data naming the module (exit 65), never a crash; so is
 * what its code leaves behind (module-faults.ts).
 */
export async function moduleTokenizer(url: string): Promise<Tokenizer> {
  const subject = await moduleFile(url);
  registerModule(url, subject);
  let module: Record<string, unknown>;
  try {
    module = (await loadModuleCode(() => import(url))) as Record<string, unknown>;
  } catch (error) {
    throw dataError(subject, `cannot load tokenizer module (${messageOf(error)})`);
  }
  const api = {
    ...(typeof module.default === "object" && module.default !== null ? module.default : {}),
    ...module,
  } as {
    count?: unknown;
    encode?: unknown;
    exact?: unknown;
  };
  const name =
    typeof api.count === "function" ? "count" : typeof api.encode === "function" ? "encode" : undefined;
  if (!name) throw dataError(subject, "a tokenizer module must export count(text) or encode(text)");
  const fn = api[name] as (text: string) => unknown;
  let bridged: ((text: string) => BridgedResult) | undefined;
  const call = (text: string): BridgedResult => {
    if (bridged) return bridged(text);
    let result: unknown;
    try {
      // The result is looked at (its `then`, a list's elements) while the module's code is watched:
      // a getter is module code too.
      result = runModuleCode(url, () => {
        const returned = fn(text);
        if (!isThenable(returned)) return describeResult(returned);
        // An async function: this promise is dropped, its failure too (the thread below says it),
        // and every call from now on awaits the function on a thread of its own.
        Promise.resolve(returned).catch(() => {});
        return returned;
      });
    } catch (error) {
      return { error: messageOf(error) };
    }
    if (!isThenable(result)) return result as BridgedResult;
    bridged = bridgeAsync(url, name);
    return bridged(text);
  };
  return {
    id: url,
    exact: api.exact === true,
    countedWith: url,
    method: "counted by its module",
    count(text) {
      const result = call(text);
      if ("error" in result) throw dataError(subject, `${name}() failed: ${result.error}`);
      const tokens = name === "count" ? countOf(result) : listLengthOf(result);
      if (typeof tokens === "string") throw dataError(subject, `${name}() returned ${tokens}`);
      return tokens;
    },
  };
}

/** A module file this large is refused before it is imported: no tokenizer's code comes near it. */
const MAX_MODULE_BYTES = 64 * 1024 * 1024;

/**
 * The path of module `url`, once it is known to be a regular file (a symbolic link followed to one)
 * under MAX_MODULE_BYTES: import() would read a device such as /dev/zero without end, and wait on a
 * FIFO for a writer that never comes. Missing (or not to be had) is 66; there but no module file, 65.
 */
async function moduleFile(url: string): Promise<string> {
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (error) {
    throw dataError(url, `not a tokenizer module path (${messageOf(error)})`);
  }
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw noInputError(path, UNREADABLE[code] ?? `cannot read (${code})`);
  }
  if (stats.isDirectory()) throw noInputError(path, "is a directory (expected a tokenizer module)");
  if (!stats.isFile())
    throw dataError(path, `is ${specialKind(stats)}, not a regular file (expected a tokenizer module)`);
  if (stats.size > MAX_MODULE_BYTES)
    throw dataError(path, "larger than 64 MiB, too large for a tokenizer module");
  return path;
}

const UNREADABLE: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  ELOOP: "symbolic link loop",
  ENOTDIR: "a component of the path is not a directory",
};

/** A count: a whole number ≥ 0, or what was returned instead, in words. */
function countOf(result: BridgedResult): number | string {
  if ("value" in result) {
    const { value } = result;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
    const shown =
      typeof value === "number" || value === null || value === undefined
        ? String(value)
        : typeof value === "string"
          ? `a string (${JSON.stringify(value.slice(0, 20))})`
          : `a ${typeof value} (${String(value).slice(0, 20)})`;
    return `${shown}, not a whole number ≥ 0`;
  }
  const what = "listLength" in result || "badId" in result ? "a list" : (result as { kind: string }).kind;
  return `${what}, not a whole number ≥ 0`;
}

/** The number of ids `encode` returned (a list or typed array), or what it returned instead. */
function listLengthOf(result: BridgedResult): number | string {
  if ("listLength" in result) return result.listLength;
  if ("badId" in result)
    return `a list with ${result.badId.what} at index ${result.badId.index}, not a token id`;
  const what =
    "value" in result
      ? result.value === null || result.value === undefined
        ? String(result.value)
        : `a ${typeof result.value}`
      : (result as { kind: string }).kind;
  return `${what}, not a list of token ids`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}
