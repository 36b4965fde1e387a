import { fileURLToPath } from "node:url";
import { dataError } from "../errors.js";
import { type BridgedResult, bridgeAsync, describeResult } from "./module-bridge.js";
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
 * a whole number ≥ 0 (or a list of ids), is bad data naming the module (exit 65), never a crash.
 */
export async function moduleTokenizer(url: string): Promise<Tokenizer> {
  const subject = url.startsWith("file:") ? fileURLToPath(url) : url;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw dataError(subject, `cannot load tokenizer module (${firstLine(error)})`);
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
      result = fn(text);
    } catch (error) {
      return { error: firstLine(error) };
    }
    if (!isThenable(result)) return describeResult(result);
    // An async function: this promise is dropped (its failure too), and every call from now on awaits
    // the function on a thread of its own.
    Promise.resolve(result).catch(() => {});
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
  return `${"listLength" in result ? "a list" : (result as { kind: string }).kind}, not a whole number ≥ 0`;
}

/** The number of ids `encode` returned (a list or typed array), or what it returned instead. */
function listLengthOf(result: BridgedResult): number | string {
  if ("listLength" in result) return result.listLength;
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
