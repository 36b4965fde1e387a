import type { Tokenizer } from "../tokenizers/types.js";

/** One token of a text: its id, the UTF-8 byte range it covers, and its bytes. */
export interface TokenSpan {
  id: number;
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** The tokens of a text given in pieces, with byte offsets: each call gives those settled so far. */
export interface TokenSpanStream {
  write(chunk: string): TokenSpan[];
  end(): TokenSpan[];
  /** Held text cut without proof (tokenizers/held-cut.ts): the tokens near each cut may differ. */
  unprovenCuts(): number;
}

/**
 * Splits a text that arrives in pieces into tokens as it comes, so that memory does not grow with the
 * text: with the tokenizer's encodeStream when it has one, else (a tokenizer that needs the whole
 * text) by encoding the pieces joined at the end.
 */
export function tokenSpanStream(tokenizer: Tokenizer): TokenSpanStream {
  if (!tokenizer.encode) throw new Error(`tokenizer ${tokenizer.id} cannot show its tokens`);
  const pieces: string[] = [];
  const tokens = tokenizer.encodeStream?.() ?? {
    write: (chunk: string) => {
      pieces.push(chunk);
      return [];
    },
    end: () => tokenizer.encode?.(pieces.join("")) ?? [],
  };
  let offset = 0;
  const spans = (settled: { id: number; bytes: Uint8Array }[]) =>
    settled.map(({ id, bytes }) => {
      const span = { id, start: offset, end: offset + bytes.length, bytes };
      offset += bytes.length;
      return span;
    });
  return {
    write: (chunk) => spans(tokens.write(chunk)),
    end: () => spans(tokens.end()),
    unprovenCuts: () => tokens.unprovenCuts?.() ?? 0,
  };
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * A token's bytes decoded, or undefined when they are only part of a character (a token may split
 * one). Most tokens are ASCII: those are read directly, as a decoder that throws on the rest costs
 * several times more (a 10 MB token view has millions of tokens).
 */
export function wholeText(bytes: Uint8Array): string | undefined {
  let ascii = true;
  for (const byte of bytes) if (byte >= 0x80) ascii = false;
  if (ascii) return String.fromCharCode(...bytes);
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A token's text for display: its bytes decoded, with line breaks and tabs shown as \n, \r, \t, and
 * bytes that are only part of a character (a token may split one) shown as \xNN.
 */
export function tokenText(bytes: Uint8Array): string {
  const text = wholeText(bytes);
  if (text === undefined)
    return [...bytes]
      .map((byte) => (byte < 0x80 ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`))
      .join("");
  return text.replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}
