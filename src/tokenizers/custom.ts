import { dataError } from "../errors.js";
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
 */
export async function moduleTokenizer(url: string): Promise<Tokenizer> {
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw dataError(
      url,
      `cannot load tokenizer module (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    );
  }
  const api = {
    ...(typeof module.default === "object" && module.default !== null ? module.default : {}),
    ...module,
  } as {
    count?: unknown;
    encode?: unknown;
    exact?: unknown;
  };
  const { count, encode } = api;
  const counter =
    typeof count === "function"
      ? (text: string) => Number(count(text))
      : typeof encode === "function"
        ? (text: string) => (encode(text) as ArrayLike<unknown>).length
        : undefined;
  if (!counter) throw dataError(url, "a tokenizer module must export count(text) or encode(text)");
  return {
    id: url,
    exact: api.exact === true,
    countedWith: url,
    method: "counted by its module",
    count(text) {
      const tokens = counter(text);
      if (!Number.isSafeInteger(tokens) || tokens < 0)
        throw dataError(url, `count() returned ${tokens}, not a whole number ≥ 0`);
      return tokens;
    },
  };
}
