import jsonc from "jsonc-parser";

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
  const errors: jsonc.ParseError[] = [];
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
