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
 * Says where a text that JSON.parse rejected goes wrong, as line:column editors can jump to (Node's
 * own messages carry no position for many errors): one pass of scanJson, linear in the text.
 */
export function describeJsonSyntaxError(text: string): string {
  const found = scanJson(text, false);
  if (found?.kind !== "syntax") return "invalid JSON";
  return `${lineColumn(text, found.offset)}: invalid JSON: ${found.reason}`;
}

/** The path of the first key that appears twice in one object, which JSON.parse would silently drop. */
export function firstDuplicateKey(text: string): (string | number)[] | undefined {
  const found = scanJson(text, true);
  return found?.kind === "duplicate" ? found.path : undefined;
}

/** 1-based line:column of a UTF-16 offset, counted without copying the text before it. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

type Found =
  | { kind: "syntax"; offset: number; reason: string }
  | { kind: "duplicate"; path: (string | number)[] }
  | undefined;

/** An object (its keys so far, when they are looked at) or an array (its next index). */
interface Open {
  keys: Set<string> | undefined;
  isObject: boolean;
  index: number;
}

/** What may come next in the text. */
const Expect = { Value: 0, ValueOrClose: 1, Key: 2, KeyOrClose: 3, Colon: 4, CommaOrClose: 5 } as const;
type Expect = (typeof Expect)[keyof typeof Expect];

/**
 * One pass over a JSON text (RFC 8259, nothing more): the first syntax error, or with `keys` the first
 * key given twice in one object. A loop with its own stack of open objects and arrays, so neither
 * nesting depth (jsonc-parser's recursive visit overflowed at ~5,000 levels) nor long runs of
 * whitespace (its scanner took seconds and GBs on 40 MB of spaces) cost more than the text's length.
 */
export function scanJson(text: string, keys: boolean): Found {
  const open: Open[] = [];
  const path: (string | number)[] = [];
  const length = text.length;
  let expect: Expect = Expect.Value;
  let i = 0;
  const syntax = (offset: number, reason: string): Found => ({ kind: "syntax", offset, reason });
  for (;;) {
    let c = text.charCodeAt(i);
    // Whitespace: space, tab, line feed, carriage return.
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
    const top = open.at(-1);
    if (i >= length) {
      if (!top && expect === Expect.CommaOrClose) return undefined;
      if (top && expect !== Expect.Colon && expect !== Expect.Key && expect !== Expect.Value)
        return syntax(i, top.isObject ? "close brace expected" : "close bracket expected");
      const key = expect === Expect.Key || expect === Expect.KeyOrClose;
      return syntax(
        i,
        expect === Expect.Colon ? "colon expected" : key ? "property name expected" : "value expected",
      );
    }
    if (!TOKEN_START.test(text.charAt(i))) return syntax(i, "invalid symbol");
    switch (expect) {
      case Expect.Colon:
        if (c !== 0x3a) return syntax(i, "colon expected");
        i++;
        expect = Expect.Value;
        continue;
      case Expect.CommaOrClose:
        if (!top) return syntax(i, "end of file expected");
        if (c === 0x2c) {
          i++;
          path.pop();
          expect = top.isObject ? Expect.Key : Expect.Value;
          continue;
        }
        if (c !== (top.isObject ? 0x7d : 0x5d)) return syntax(i, "comma expected");
        i++;
        path.pop();
        open.pop();
        continue;
      case Expect.Key:
      case Expect.KeyOrClose: {
        if (c === 0x7d && expect === Expect.KeyOrClose) {
          i++;
          open.pop();
          expect = Expect.CommaOrClose;
          continue;
        }
        if (c !== 0x22) return syntax(i, "property name expected");
        const end = stringEnd(text, i);
        if (typeof end !== "number") return end;
        if (keys && top?.keys) {
          const key = keyText(text, i, end);
          if (top.keys.has(key)) return { kind: "duplicate", path: [...path, key] };
          top.keys.add(key);
          path.push(key);
        } else path.push("");
        i = end;
        expect = Expect.Colon;
        continue;
      }
      default:
        break;
    }
    // A value, or the end of an empty array.
    if (c === 0x5d && expect === Expect.ValueOrClose) {
      i++;
      open.pop();
      expect = Expect.CommaOrClose;
      continue;
    }
    if (top && !top.isObject) path.push(top.index++);
    if (c === 0x7b || c === 0x5b) {
      const isObject = c === 0x7b;
      open.push({ isObject, keys: isObject && keys ? new Set() : undefined, index: 0 });
      i++;
      expect = isObject ? Expect.KeyOrClose : Expect.ValueOrClose;
      continue;
    }
    let end: number | Found;
    if (c === 0x22) end = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = numberEnd(text, i);
    else if (text.startsWith("true", i) || text.startsWith("null", i)) end = i + 4;
    else if (text.startsWith("false", i)) end = i + 5;
    else return syntax(i, /[tfn]/.test(text.charAt(i)) ? "invalid symbol" : "value expected");
    if (typeof end !== "number") return end;
    i = end;
    expect = Expect.CommaOrClose;
  }
}

/** Where the string starting at `start` (its opening quote) ends, just past its closing quote. */
function stringEnd(text: string, start: number): number | Found {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { kind: "syntax", offset: i, reason: "invalid character" };
    if (c !== 0x5c) continue;
    const escaped = text.charAt(++i);
    if (escaped === "") break;
    if (escaped === "u") {
      if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5)))
        return { kind: "syntax", offset: i - 1, reason: "invalid unicode" };
      i += 4;
    } else if (!'"\\/bfnrt'.includes(escaped))
      return { kind: "syntax", offset: i - 1, reason: "invalid escape character" };
  }
  return { kind: "syntax", offset: start, reason: "unexpected end of string" };
}

/** What a token can start with: anything else is no JSON at all. */
const TOKEN_START = /[{}[\],:"\-0-9tfn]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Where the number starting at `start` ends ("01" is two numbers, the second one too many). */
function numberEnd(text: string, start: number): number | Found {
  NUMBER.lastIndex = start;
  if (!NUMBER.test(text)) return { kind: "syntax", offset: start, reason: "invalid symbol" };
  const end = NUMBER.lastIndex;
  // "1." or "1e": a number cut short.
  if (/[.eE]/.test(text.charAt(end)))
    return { kind: "syntax", offset: start, reason: "unexpected end of number" };
  return end;
}

/** A key's text: its characters, or its escapes decoded (JSON.parse keeps keys that way too). */
function keyText(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  return inner.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : inner;
}

/** The nesting no file or record of ours comes near (ours go 7 deep): deeper is someone else's JSON. */
export const MAX_JSON_DEPTH = 64;

/**
 * The path to an object or array nested deeper than `max` in a parsed value, or undefined. JSON.parse
 * takes any depth, but JSON.stringify (and any recursive walk) overflows the stack at a few thousand
 * levels, so a value is turned away before it meets one. This walk recurses at most `max` deep, and
 * costs little next to the parse (80,000 shard records: ~10 ms).
 */
export function nestedDeeperThan(
  value: unknown,
  max: number = MAX_JSON_DEPTH,
): (string | number)[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (max === 0) return [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const below = nestedDeeperThan(value[i], max - 1);
      if (below) return [i, ...below];
    }
  } else {
    for (const key in value) {
      const below = nestedDeeperThan((value as Record<string, unknown>)[key], max - 1);
      if (below) return [key, ...below];
    }
  }
  return undefined;
}

/** Where a value nests too deep, for a message: the path's first steps are enough to find it. */
export function describeTooDeep(path: readonly (string | number)[]): string {
  const shown = path.length > 4 ? `${jsonPath(path.slice(0, 4))}…` : jsonPath(path);
  return `${shown}: nested more than ${MAX_JSON_DEPTH} levels deep`;
}
