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
const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((each) => typeof each === "string");

/** What each option of EstimateRequest must be: a test, and what to say when it fails. */
const OPTIONS: Record<string, [test: (value: unknown) => boolean, expected: string]> = {
  models: [isStringList, 'a list of model ids or aliases, such as ["gpt-4o"]'],
  providers: [isStringList, 'a list of provider names, such as ["openai"]'],
  all: [(v) => typeof v === "boolean", "true or false"],
  outputTokens: [(v) => typeof v === "number", "a whole number of tokens"],
  outputRatio: [
    (v) => typeof v === "string" || typeof v === "number",
    'a multiple of the input, such as "0.5"',
  ],
  reasoningTokens: [
    (v) => typeof v === "string" || typeof v === "number",
    'a number of tokens (2000) or a multiple of the visible output ("1.5x")',
  ],
  perRequest: [(v) => typeof v === "boolean", "true or false"],
  date: [(v) => typeof v === "string", 'a date as "YYYY-MM-DD"'],
  batch: [(v) => typeof v === "boolean", "true or false"],
  cachedRatio: [(v) => typeof v === "string" || typeof v === "number", 'a share from 0 to 1, such as "0.8"'],
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
  if (!isObject(request))
    throw usageError(
      "request",
      `expected an object of options such as { models: ["gpt-4o"] }, got ${described(request)}`,
    );
  for (const [name, value] of Object.entries(request)) {
    const option = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
    if (option === undefined) {
      const hint = suggest(name, Object.keys(OPTIONS));
      throw optionError(name, `not an option of an estimate${hint ? ` (did you mean ${hint}?)` : ""}`);
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
