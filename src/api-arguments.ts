import { suggest } from "./core/suggest.js";
import { optionError, usageError } from "./errors.js";

/**
 * The library's arguments checked where they come in: a JavaScript caller (no compiler to help) who
 * passes the wrong shape is told which argument is wrong and what was expected, as a usage error,
 * rather than meeting a TypeError deep in a tokenizer.
 */

/** What a value is, said for an error: "a string", "an array", "an object with keys inputs". */
function described(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Map) return "a Map";
  if (value instanceof Set) return "a Set";
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length === 0 ? "an empty object" : `an object with keys ${keys.slice(0, 5).join(", ")}`;
  }
  return `${/^[aeiou]/.test(typeof value) ? "an" : "a"} ${typeof value}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isMapLike = (value: unknown) => isObject(value) && typeof value.get === "function";
const isBoolean = (value: unknown) => typeof value === "boolean";
const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((each) => typeof each === "string");

/** What each option of EstimateRequest must be: a test, and what to say when it fails. */
const OPTIONS: Record<string, [test: (value: unknown) => boolean, expected: string]> = {
  models: [isStringList, 'a list of model ids or aliases, such as ["gpt-4o"]'],
  providers: [isStringList, 'a list of provider names, such as ["openai"]'],
  all: [isBoolean, "true or false"],
  outputTokens: [(v) => typeof v === "number", "a whole number of tokens"],
  outputRatio: [
    (v) => typeof v === "string" || typeof v === "number",
    'a multiple of the input, such as "0.5"',
  ],
  reasoningTokens: [
    (v) => typeof v === "string" || typeof v === "number",
    'a number of tokens (2000) or a multiple of the visible output ("1.5x")',
  ],
  perRequest: [isBoolean, "true or false"],
  date: [(v) => typeof v === "string", 'a date as "YYYY-MM-DD"'],
  batch: [isBoolean, "true or false"],
  cachedRatio: [(v) => typeof v === "string" || typeof v === "number", 'a share from 0 to 1, such as "0.8"'],
  cacheWriteRatio: [
    (v) => typeof v === "string" || typeof v === "number",
    'a share from 0 to 1, such as "0.1"',
  ],
  cacheTtl: [(v) => v === "5m" || v === "1h", '"5m" or "1h"'],
  serviceTier: [
    (v) => v === "standard" || v === "flex" || v === "priority",
    '"standard", "flex" or "priority"',
  ],
  endpoint: [(v) => v === "regional" || v === "global", '"regional" or "global"'],
  at: [(v) => typeof v === "string", 'a time of day, UTC, such as "17:30"'],
  tokenizer: [(v) => typeof v === "string", "a tokenizer id, ratio spec or module file: URL"],
  catalog: [
    (v) => isObject(v) && Array.isArray(v.models) && v.providers instanceof Map,
    "a catalogue (see loadCatalog)",
  ],
  calibration: [isMapLike, "a Map of calibrations by tokenizer id (see readCalibrationProfiles)"],
  tokenizers: [
    (v) => isObject(v) && typeof v.has === "function" && typeof v.load === "function",
    "a tokenizer registry (see createTokenizerRegistry)",
  ],
  onWarning: [(v) => typeof v === "function" || v === false, "a function, or false"],
};

/** The options of an estimate: an object of known options, each of its type (undefined is left out). */
export function checkRequest(request: unknown): void {
  checkOptions(request, "request", OPTIONS, 'such as { models: ["gpt-4o"] }', "an estimate");
}

/** What each option of FileEstimateOptions must be. */
const FILE_OPTIONS: Record<string, [test: (value: unknown) => boolean, expected: string]> = {
  threads: [(v) => Number.isSafeInteger(v) && (v as number) >= 1, "a whole number of threads ≥ 1"],
  input: [
    (v) => v === "auto" || v === "text" || v === "chat" || v === "jsonl",
    '"auto", "text", "chat" or "jsonl"',
  ],
  skipInvalid: [isBoolean, "true or false"],
  followLinks: [isBoolean, "true or false"],
  gitignore: [isBoolean, "true or false"],
  allowEmpty: [isBoolean, "true or false"],
  strictUtf8: [isBoolean, "true or false"],
  stdin: [(v) => isObject(v) && typeof v.on === "function", "a readable stream"],
  onProgress: [(v) => typeof v === "function", "a function"],
  signal: [(v) => v instanceof AbortSignal, "an AbortSignal"],
};

/** The options of estimateFiles, checked as the request's are. */
export function checkFileOptions(options: unknown): void {
  checkOptions(options, "options", FILE_OPTIONS, "such as { threads: 2 }", "estimateFiles");
}

/** The paths of estimateFiles: a path, or a non-empty list of them. */
export function checkPaths(paths: unknown): void {
  const list = typeof paths === "string" ? [paths] : paths;
  if (!isStringList(list) || (list as string[]).length === 0)
    throw usageError("paths", `expected a path or a non-empty list of paths, got ${described(paths)}`);
}

function checkOptions(
  options: unknown,
  subject: string,
  table: typeof OPTIONS,
  example: string,
  of: string,
): void {
  if (!isObject(options))
    throw usageError(subject, `expected an object of options ${example}, got ${described(options)}`);
  for (const [name, value] of Object.entries(options)) {
    const option = Object.hasOwn(table, name) ? table[name] : undefined;
    if (option === undefined) {
      const hint = suggest(name, Object.keys(table));
      throw optionError(name, `not an option of ${of}${hint ? ` (did you mean ${hint}?)` : ""}`);
    }
    if (value !== undefined && !option[0](value))
      throw optionError(name, `expected ${option[1]}, got ${described(value)}`);
  }
}

/** Inputs: a text, a named text `{ source, text }`, an input counted already, or a list of these. */
export function checkInputs(inputs: unknown): void {
  if (!Array.isArray(inputs)) checkInput(inputs, "inputs");
  else for (const [i, input] of inputs.entries()) checkInput(input, `inputs[${i}]`);
}

function checkInput(input: unknown, subject: string): void {
  if (typeof input === "string") return;
  if (isObject(input) && typeof input.source === "string") {
    if (typeof input.text === "string") return;
    // Counted already (startCount, or the request reader): sizes and counts by counting pass.
    if (isMapLike(input.counts) || (isMapLike(input.tokens) && Array.isArray(input.ids))) return;
  }
  throw usageError(
    subject,
    `expected a text, { source, text }, an input counted with startCount, or a list of these; got ${described(input)}`,
  );
}
