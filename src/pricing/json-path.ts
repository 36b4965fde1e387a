import { createRequire } from "node:module";
import type * as Jsonc from "jsonc-parser";

// Loaded on first use (errors, duplicate keys in user files): ~10 ms that most runs do not need.
let loaded: typeof Jsonc | undefined;
const jsoncParser = (): typeof Jsonc => {
  loaded ??= createRequire(import.meta.url)("jsonc-parser") as typeof Jsonc;
  return loaded;
};

/** Renders a JSON path such as models[3].prices[0].input; keys that are not identifiers are quoted. */
export function jsonPath(parts: readonly (string | number)[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || "(root)";
}

/**
 * Says where a text that JSON.parse rejected goes wrong, as line:column editors can jump to. Node's own
 * messages carry no position for many errors, so jsonc-parser's scanner (strict mode) finds it.
 */
export function describeJsonSyntaxError(text: string): string {
  const jsonc = jsoncParser();
  const errors: Jsonc.ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return "invalid JSON";
  const before = text.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - before.lastIndexOf("\n");
  const reason = jsonc
    .printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `${line}:${column}: invalid JSON: ${reason}`;
}

/** The path of the first key that appears twice in one object, which JSON.parse would silently drop. */
export function firstDuplicateKey(text: string): (string | number)[] | undefined {
  const stack: { keys: Set<string> | undefined; index: number }[] = [];
  const path: (string | number)[] = [];
  let found: (string | number)[] | undefined;
  const enterValue = () => {
    const parent = stack.at(-1);
    if (parent && parent.keys === undefined) path.push(parent.index++);
  };
  const leaveValue = () => {
    if (stack.length > 0) path.pop();
  };
  jsoncParser().visit(text, {
    onObjectBegin: () => {
      enterValue();
      stack.push({ keys: new Set(), index: 0 });
    },
    onObjectProperty: (key) => {
      const keys = stack.at(-1)?.keys;
      if (!found && keys?.has(key)) found = [...path, key];
      keys?.add(key);
      path.push(key);
    },
    onObjectEnd: () => {
      stack.pop();
      leaveValue();
    },
    onArrayBegin: () => {
      enterValue();
      stack.push({ keys: undefined, index: 0 });
    },
    onArrayEnd: () => {
      stack.pop();
      leaveValue();
    },
    onLiteralValue: () => {
      enterValue();
      leaveValue();
    },
  });
  return found;
}
