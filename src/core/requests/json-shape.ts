import { isObject, type JsonObject } from "../json-shape.js";
import { PayloadError } from "./types.js";

/** Small checks over parsed JSON that fail with the JSON path of the offending value. */
export type Json = JsonObject;
export { isObject };

export function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) throw new PayloadError(path, `expected an object, got ${kindOf(value)}`);
  return value;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new PayloadError(path, `expected a list, got ${kindOf(value)}`);
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== "string") throw new PayloadError(path, `expected a string, got ${kindOf(value)}`);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : stringAt(value, path);
}

/** A token bound such as max_tokens: a whole number ≥ 1 (or absent). */
export function optionalBound(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 1)
    throw new PayloadError(path, `expected a whole number of tokens ≥ 1, got ${JSON.stringify(value)}`);
  return value as number;
}

/** The first bound present among `fields` of `body`, with its path. */
export function firstBound(body: Json, fields: readonly string[], prefix: string): number | undefined {
  for (const field of fields) {
    const bound = optionalBound(body[field], `${prefix}${field}`);
    if (bound !== undefined) return bound;
  }
  return undefined;
}

export function kindOf(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`.slice(0, 40);
}
