import { isUtf8 } from "node:buffer";
import { resolve } from "node:path";

/**
 * File names are bytes: on Linux a name need not be UTF-8 (`bad\xffname.txt`), and a JavaScript
 * string cannot hold such a name (decoding makes it U+FFFD, a file that does not exist). A name read
 * from the disk, from git or from the command line keeps its bytes for every file-system call, and
 * has two string forms:
 *
 * - its text, as shown in reports and messages. An ordinary name is shown as it is. A name is shown
 *   escaped when it holds a byte outside a valid UTF-8 sequence, or a backslash that could be read as
 *   an escape (one followed by `x`, `u`, another backslash or a control character); escaped, each such
 *   byte is written `\xNN` and each backslash `\\`. Control characters are left to `printable`
 *   (render/format.ts), which writes them `\u00NN` wherever text is shown. So what is shown tells names
 *   apart: only an escaped name shows `\x` or `\\`, and a `\u` shown in a name not escaped is always
 *   a control character. `bad\xffname.txt` typed with a backslash is shown `bad\\xffname.txt`.
 * - its key, which tells two names apart byte for byte (to match a file on both sides of a diff) and
 *   is what globs are matched against: the name itself when it is UTF-8, else each byte outside a
 *   valid sequence as the lone surrogate U+DC80-U+DCFF (one character, which `?` matches, and which no
 *   UTF-8 name can decode to). A key is also how a path named on the command line with such bytes is
 *   carried as a string: pathOfKey turns it back into bytes.
 *
 * A name shown as it is keeps one plain string in both forms, and no bytes.
 */
export interface BytePath {
  text: string;
  key: string;
  /** The name's bytes, when its text is not the name itself (bytes not UTF-8, or escaped). */
  raw?: Buffer;
}

/** A backslash that could be read as an escape: a name holding one is shown escaped (see BytePath). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a backslash before a control character is the point
const ESCAPE_LIKE = /\\[xu\\\u0000-\u001f\u007f-\u009f]/;

/** Whether a UTF-8 name is shown as it is (its text, key and path are the one string). */
export function shownAsIs(name: string): boolean {
  return !name.includes("\\") || !ESCAPE_LIKE.test(name);
}

/** The forms of a name (or path) given as bytes. */
export function bytePath(bytes: Buffer): BytePath {
  if (isUtf8(bytes)) {
    const text = bytes.toString("utf8");
    if (shownAsIs(text)) return { text, key: text };
    return { text: text.replaceAll("\\", "\\\\"), key: text, raw: bytes };
  }
  return {
    text: decodeWith(bytes, (byte) => `\\x${byte.toString(16).padStart(2, "0")}`, "\\\\"),
    key: decodeWith(bytes, (byte) => String.fromCharCode(0xdc00 + byte)),
    raw: bytes,
  };
}

/** Lone surrogates U+DC80-U+DCFF: the bytes of a key that are not UTF-8. */
const ESCAPED_BYTE = /[\udc80-\udcff]/;

/**
 * The byte path a key names (a path given on the command line, see bin/llmcost.js): each lone
 * surrogate U+DC80-U+DCFF is the byte it stands for, the rest is UTF-8.
 */
export function pathOfKey(key: string): BytePath {
  if (!ESCAPED_BYTE.test(key)) return shownAsIs(key) ? { text: key, key } : bytePath(Buffer.from(key));
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    // A low surrogate after a high one is half of an astral character, not a byte.
    const paired = i > 0 && (key.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    if (code < 0xdc80 || code > 0xdcff || paired) continue;
    parts.push(Buffer.from(key.slice(run, i)), Buffer.of(code - 0xdc00));
    run = i + 1;
  }
  parts.push(Buffer.from(key.slice(run)));
  return bytePath(Buffer.concat(parts));
}

/** `dir/name` as a byte path, for a name met in a directory (either may hold bytes not UTF-8). */
export function childPath(
  directory: BytePath,
  name: Buffer,
  join: (a: string, b: string) => string,
): BytePath {
  const child = bytePath(name);
  if (!directory.raw && !child.raw) {
    const text = join(directory.text, child.text);
    return { text, key: text };
  }
  const raw = Buffer.concat([directory.raw ?? Buffer.from(directory.text), Buffer.from("/"), name]);
  return { text: join(directory.text, child.text), key: join(directory.key, child.key), raw };
}

/**
 * What to hand the file system for a path: its bytes when they are not UTF-8, else the string. A
 * relative path is read from `cwd` when given (the run's working directory, see cli/context.ts cwdOf),
 * else from this process's: joined as the kernel would walk it (no `..` folded away), while the path
 * shown stays as typed.
 */
export function fsPath(path: { text: string; raw?: Uint8Array }, cwd?: string): string | Buffer {
  const relative = cwd !== undefined && path.text !== "" && !path.text.startsWith("/");
  const from = !relative ? "" : cwd.endsWith("/") ? cwd : `${cwd}/`;
  if (!path.raw) return from + path.text;
  // A path handed to a worker thread arrives as a plain Uint8Array.
  const raw = Buffer.isBuffer(path.raw)
    ? path.raw
    : Buffer.from(path.raw.buffer, path.raw.byteOffset, path.raw.byteLength);
  return from === "" ? raw : Buffer.concat([Buffer.from(from), raw]);
}

/** `path` resolved from `cwd` when given (see fsPath), for a path compared or named absolutely. */
export function resolvedFrom(cwd: string | undefined, path: string): string {
  return cwd === undefined ? path : resolve(cwd, path);
}

/**
 * Decodes UTF-8, writing each byte that is not part of a valid sequence as `invalid(byte)`, and each
 * backslash as `backslash` when given.
 */
function decodeWith(bytes: Buffer, invalid: (byte: number) => string, backslash?: string): string {
  let text = "";
  let run = 0; // where the current run of valid sequences starts
  let i = 0;
  const valid = (end: number) => {
    const part = bytes.toString("utf8", run, end);
    return backslash === undefined ? part : part.replaceAll("\\", backslash);
  };
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += valid(i) + invalid(bytes[i] as number);
    i++;
    run = i;
  }
  return text + valid(i);
}

/** The length of the valid UTF-8 sequence at `i` (no overlong forms, surrogates or code points past U+10FFFF), or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  const first = bytes[i] as number;
  if (first < 0x80) return 1;
  const next = (k: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[i + k];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return next(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const low = first === 0xe0 ? 0xa0 : 0x80;
    const high = first === 0xed ? 0x9f : 0xbf;
    return next(1, low, high) && next(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const low = first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xf4 ? 0x8f : 0xbf;
    return next(1, low, high) && next(2) && next(3) ? 4 : 0;
  }
  return 0;
}
