import { isUtf8 } from "node:buffer";

/**
 * File names are bytes: on Linux a name need not be UTF-8 (`bad\xffname.txt`), and a JavaScript
 * string cannot hold such a name (decoding makes it U+FFFD, a file that does not exist). A name read
 * from the disk or from git keeps its bytes for every file-system call, and has two string forms:
 *
 * - its text, as shown in reports and messages: the name itself when it is UTF-8, else each byte
 *   outside a valid UTF-8 sequence written `\xNN`;
 * - its key, which tells two names apart byte for byte (to match a file on both sides of a diff):
 *   the name itself when it is UTF-8, else each such byte as the lone surrogate U+DC80-U+DCFF, which
 *   no UTF-8 name can decode to.
 *
 * A name that is valid UTF-8 is the same in all three forms, and is kept as a plain string.
 */
export interface BytePath {
  text: string;
  key: string;
  /** The name's bytes, when they are not valid UTF-8. */
  raw?: Buffer;
}

/** The forms of a name (or path) given as bytes. */
export function bytePath(bytes: Buffer): BytePath {
  if (isUtf8(bytes)) {
    const text = bytes.toString("utf8");
    return { text, key: text };
  }
  return {
    text: decodeWith(bytes, (byte) => `\\x${byte.toString(16).padStart(2, "0")}`),
    key: decodeWith(bytes, (byte) => String.fromCharCode(0xdc00 + byte)),
    raw: bytes,
  };
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

/** What to hand the file system for a path: its bytes when they are not UTF-8, else the string. */
export function fsPath(path: { text: string; raw?: Uint8Array }): string | Buffer {
  if (!path.raw) return path.text;
  // A path handed to a worker thread arrives as a plain Uint8Array.
  return Buffer.isBuffer(path.raw)
    ? path.raw
    : Buffer.from(path.raw.buffer, path.raw.byteOffset, path.raw.byteLength);
}

/** Decodes UTF-8, writing each byte that is not part of a valid sequence as `invalid(byte)`. */
function decodeWith(bytes: Buffer, invalid: (byte: number) => string): string {
  let text = "";
  let run = 0; // where the current run of valid sequences starts
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += bytes.toString("utf8", run, i) + invalid(bytes[i] as number);
    i++;
    run = i;
  }
  return text + bytes.toString("utf8", run, i);
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
