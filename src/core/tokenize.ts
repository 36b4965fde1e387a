import type { Tokenizer } from "../tokenizers/types.js";

/** One token of a text: its id, the UTF-8 byte range it covers, and its bytes. */
export interface TokenSpan {
  id: number;
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** Splits a text into the tokens a tokenizer sees, with byte offsets into its UTF-8 encoding. */
export function tokenSpans(tokenizer: Tokenizer, text: string): TokenSpan[] {
  if (!tokenizer.encode) throw new Error(`tokenizer ${tokenizer.id} cannot show its tokens`);
  let offset = 0;
  return tokenizer.encode(text).map(({ id, bytes }) => {
    const span = { id, start: offset, end: offset + bytes.length, bytes };
    offset += bytes.length;
    return span;
  });
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * A token's text for display: its bytes decoded, with line breaks and tabs shown as \n, \r, \t, and
 * bytes that are only part of a character (a token may split one) shown as \xNN.
 */
export function tokenText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return [...bytes]
      .map((byte) => (byte < 0x80 ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`))
      .join("");
  }
  return text.replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}
