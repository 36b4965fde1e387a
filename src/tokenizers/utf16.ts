// UTF-16 surrogate pairs: a stream's pieces, or a cut in a text, may fall between the two halves.

export const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
export const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** True when p falls between the two halves of a surrogate pair. */
export function insidePair(text: string, p: number): boolean {
  return isLowSurrogate(text.charCodeAt(p)) && isHighSurrogate(text.charCodeAt(p - 1));
}

/** The code point that ends just before p (a lone surrogate stands for itself). */
export function codePointBefore(text: string, p: number): number {
  const last = text.charCodeAt(p - 1);
  return isLowSurrogate(last) && p >= 2 && isHighSurrogate(text.charCodeAt(p - 2))
    ? (text.codePointAt(p - 2) as number)
    : last;
}

/** The bytes of a code point in UTF-8 (a lone surrogate is sent as U+FFFD: 3). */
export function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}
