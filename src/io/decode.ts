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

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

/**
 * UTF-8 bytes → text. A leading BOM is dropped once (the decoder's default); invalid sequences become
 * U+FFFD. Decoding the whole byte array at once means a character split across read chunks is whole.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes), replaced: false };
  } catch {
    return { text: lenient.decode(bytes), replaced: true };
  }
}
