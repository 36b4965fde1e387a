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
 * Decodes UTF-8 that arrives in pieces. A leading BOM is dropped once (the decoder's default); invalid
 * sequences become U+FFFD and set `replaced`; a character split between two pieces comes out whole.
 */
export class Utf8Stream {
  private readonly lenient = new TextDecoder("utf-8");
  private strict: InstanceType<typeof TextDecoder> | undefined = new TextDecoder("utf-8", { fatal: true });
  /** True once invalid UTF-8 has been met. */
  replaced = false;

  decode(bytes: Uint8Array): string {
    this.check(bytes);
    return this.lenient.decode(bytes, { stream: true });
  }

  end(): string {
    this.check(undefined);
    return this.lenient.decode();
  }

  // A second, strict decoder tells whether the lenient one replaced anything (the text may hold a real
  // U+FFFD); it stops at the first error.
  private check(bytes: Uint8Array | undefined): void {
    if (!this.strict) return;
    try {
      if (bytes) this.strict.decode(bytes, { stream: true });
      else this.strict.decode();
    } catch {
      this.replaced = true;
      this.strict = undefined;
    }
  }
}
