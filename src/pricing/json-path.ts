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

/** Turns JSON.parse's "at position N" into line:column, which editors can jump to. */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return `invalid JSON: ${message.split("\n")[0]}`;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+.*$/, "");
  return `${line}:${column}: invalid JSON: ${reason}`;
}
