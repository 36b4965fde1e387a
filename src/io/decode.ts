/** Binary detection looks this far into a file, as git and grep do. */
export const BINARY_SNIFF_BYTES = 8192;

/** Offset of the first NUL byte within the first 8 KiB, or -1: a NUL there means "binary". */
export function firstNulOffset(bytes: Uint8Array): number {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
}

export interface Decoded {
  text: string;
  /** True when invalid UTF-8 was replaced by U+FFFD. */
  replaced: boolean;
}

/** UTF-8 bytes → text, as a Utf8Stream would decode them in one piece. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  const stream = new Utf8Stream();
  const text = stream.decode(bytes) + stream.end();
  return { text, replaced: stream.replaced };
}

/**
 * Decodes text that arrives in pieces: UTF-8 by default, or UTF-16 (LE or BE). A leading BOM is dropped
 * once (the decoder's default); invalid sequences become U+FFFD and set `replaced` (and, for UTF-8,
 * `firstInvalid`, the byte offset of the first); a character split between two pieces comes out whole.
 */
export class Utf8Stream {
  private readonly lenient: InstanceType<typeof TextDecoder>;
  private strict: InstanceType<typeof TextDecoder> | undefined;
  /** True once invalid input has been met. */
  replaced = false;
  /** Byte offset of the first invalid UTF-8 sequence (UTF-8 only), once one has been met. */
  firstInvalid: number | undefined;
  /** Bytes decoded so far, and the last (up to) 3 of them: where a bad sequence started. */
  private seen = 0;
  private tail: Uint8Array = new Uint8Array(0);

  constructor(readonly encoding: TextEncodingName = "utf-8") {
    this.lenient = new TextDecoder(encoding);
    this.strict = new TextDecoder(encoding, { fatal: true });
  }

  decode(bytes: Uint8Array): string {
    this.check(bytes);
    return this.lenient.decode(bytes, { stream: true });
  }

  end(): string {
    this.check(undefined);
    return this.lenient.decode();
  }

  // A second, strict decoder tells whether the lenient one replaced anything (the text may hold a real
  // U+FFFD); it stops at the first error, which is then located (only then: it costs a scan).
  private check(bytes: Uint8Array | undefined): void {
    if (!this.strict) return;
    try {
      if (bytes) this.strict.decode(bytes, { stream: true });
      else this.strict.decode();
    } catch {
      this.replaced = true;
      this.strict = undefined;
      if (this.encoding === "utf-8") this.firstInvalid = this.locate(bytes);
      return;
    }
    if (bytes && this.encoding === "utf-8") {
      this.seen += bytes.length;
      // A copy: the piece's buffer may be reused once decoded.
      this.tail = concat(this.tail, bytes.subarray(Math.max(0, bytes.length - 3))).slice(-3);
    }
  }

  /** The offset of the bad sequence the strict decoder met in `bytes` (or at the end, for undefined). */
  private locate(bytes: Uint8Array | undefined): number {
    const carried = incompleteTail(this.tail);
    const start = this.seen - carried;
    if (!bytes) return start;
    const at = firstInvalidUtf8(concat(this.tail.subarray(this.tail.length - carried), bytes), false);
    return start + Math.max(at, 0);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The encodings an input is read in: UTF-8, or UTF-16 when the text starts with its byte order mark. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be";

/**
 * The encoding a text's first bytes declare: FF FE is UTF-16LE, FE FF UTF-16BE (whose ASCII holds NUL
 * bytes, so they are told apart from binary data by the BOM before any NUL is looked for); else UTF-8.
 */
export function sniffEncoding(start: Uint8Array): TextEncodingName {
  if (start[0] === 0xff && start[1] === 0xfe) return "utf-16le";
  if (start[0] === 0xfe && start[1] === 0xff) return "utf-16be";
  return "utf-8";
}

/**
 * Offset of the first byte of the first invalid UTF-8 sequence in `bytes`, or -1 if there is none
 * (a sequence cut short by the end counts as invalid only when `final`). The sequences are those the
 * WHATWG decoder accepts: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final = true): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined) return final ? i : -1;
      if (next < low || next > high) return i;
      low = 0x80;
      high = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of a valid UTF-8 prefix start a character not yet complete (0 to 3). */
function incompleteTail(tail: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, tail.length); back++) {
    const byte = tail[tail.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
