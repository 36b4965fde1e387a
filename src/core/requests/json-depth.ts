import { PayloadError } from "./types.js";

/**
 * How deep a request's JSON may nest. Real tool schemas and arguments stay within a few dozen levels;
 * reading a request turns parts of it back into JSON text (tool schemas, tool_use inputs, Gemini
 * functionCall args), and JSON.stringify recurses, so a document nested thousands deep would overflow
 * the stack. Such a request is refused, with the path where it passes the limit, before anything
 * walks it recursively.
 */
export const MAX_JSON_DEPTH = 100;

/** A container being walked: its keys (an object's) or length (a list's), and the next child. */
interface Frame {
  value: object;
  keys: string[] | undefined;
  size: number;
  next: number;
  /** Where it sits in its parent. */
  key: string | number;
}

/**
 * Throws a PayloadError when `root` nests objects and lists more than MAX_JSON_DEPTH deep. An explicit
 * stack, not recursion: the check itself must not overflow on the documents it is there to refuse.
 * `prefix` is the root's path in what is reported ("" for a document or line).
 */
export function checkDepth(root: unknown, prefix = ""): void {
  const frames: Frame[] = [];
  const enter = (value: unknown, key: string | number): void => {
    if (typeof value !== "object" || value === null) return;
    if (frames.length === MAX_JSON_DEPTH)
      throw new PayloadError(
        pathOf(prefix, [...frames.slice(1).map((frame) => frame.key), key]),
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep (not a request llmcost can read)`,
      );
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    frames.push({ value, keys, size: keys ? keys.length : (value as unknown[]).length, next: 0, key });
  };
  enter(root, "");
  for (let frame = frames.at(-1); frame; frame = frames.at(-1)) {
    if (frame.next === frame.size) {
      frames.pop();
      continue;
    }
    const at = frame.next++;
    if (frame.keys) {
      const key = frame.keys[at] as string;
      enter((frame.value as Record<string, unknown>)[key], key);
    } else enter((frame.value as unknown[])[at], at);
  }
}

/** Segments shown at the start and end of a path too long for one line. */
const HEAD = 8;
const TAIL = 2;

/** `tools[0].input_schema.properties…`: a JSON path in the style of the readers' messages, elided in the middle when long. */
function pathOf(prefix: string, keys: readonly (string | number)[]): string {
  const segment = (key: string | number, first: boolean) => {
    if (typeof key === "number") return `[${key}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(key)) return first ? key : `.${key}`;
    return `[${JSON.stringify(key)}]`;
  };
  const long = keys.length > HEAD + TAIL + 1;
  let path = prefix.endsWith(".") ? prefix.slice(0, -1) : prefix;
  for (const key of long ? keys.slice(0, HEAD) : keys) path += segment(key, path === "");
  if (long)
    path += `…${keys
      .slice(-TAIL)
      .map((key) => segment(key, false))
      .join("")}`;
  return path === "" ? "(document)" : path;
}
