import type { CountStream, EncodeStream, Tokenizer } from "./types.js";
import { isHighSurrogate, isLowSurrogate } from "./utf16.js";

const MARK = /\p{M}/u;

/**
 * Whether a text may be cut before the code point `code` without changing its NFC form: NFC(a + b)
 * = NFC(a) + NFC(b) when b starts with it. True when the code point is a starter (canonical combining
 * class 0) with no canonical decomposition that is never the second half of a canonical composition:
 * then NFC neither reorders nor composes across the cut. Below U+0300 every code point is such a
 * starter (or one whose decomposition starts with one and that composes with nothing before it). Above,
 * a code point qualifies when it is no combining mark and NFD leaves it alone, except Hangul medial
 * vowels and final consonants, which compose with the syllable before them. This rests on two facts
 * checked against Unicode's data (Python's unicodedata 14.0: docs/research/issue-21/nfc_boundaries.py):
 * every code point with a non-zero combining class is a mark (\p{M}), and every second half of a
 * canonical composition is a mark or one of those Hangul jamo. It is conservative (precomposed
 * letters such as é above U+02FF are never taken), which only means a cut one character earlier.
 */
export function isNfcBoundaryBefore(code: number): boolean {
  if (code < 0x300) return true;
  if ((code >= 0x1161 && code <= 0x1175) || (code >= 0x11a8 && code <= 0x11c2)) return false;
  const char = String.fromCodePoint(code);
  return !MARK.test(char) && char.normalize("NFD") === char;
}

/** The last index p > 0 of `text` before which it may be cut for NFC, or 0 when there is none. */
function lastNfcBoundary(text: string): number {
  for (let p = text.length - 1; p > 0; p--) {
    if (isLowSurrogate(text.charCodeAt(p))) continue;
    // A high surrogate that ends the text is half of a code point the next piece may complete (a
    // combining mark such as U+110BA, which composes with the letter before it).
    if (p === text.length - 1 && isHighSurrogate(text.charCodeAt(p))) continue;
    if (isNfcBoundaryBefore(text.codePointAt(p) as number)) return p;
  }
  return 0;
}

/**
 * Text given in pieces, handed on in NFC: each piece up to the last NFC boundary is normalized and
 * passed on, the rest held until more text (or the end) settles it, so the pieces handed on join to
 * NFC of the whole. A text with no boundary for long (only combining marks) is held whole: that is
 * what exactness costs, and no real text does it.
 */
class NfcPieces {
  private held = "";
  push(chunk: string): string {
    const text = this.held + chunk;
    const cut = lastNfcBoundary(text);
    this.held = text.slice(cut);
    return text.slice(0, cut).normalize("NFC");
  }
  rest(): string {
    const rest = this.held.normalize("NFC");
    this.held = "";
    return rest;
  }
}

/**
 * A tokenizer whose model normalizes text to NFC before splitting it (Hugging Face's "NFC"
 * normalizer, Qwen's), made of one that counts text as it is: every count, encoding and stream sees
 * the NFC form. Text already in NFC (nearly all text) is returned unchanged by `normalize`.
 */
export function withNfc(inner: Tokenizer): Tokenizer {
  const nfc = (text: string) => text.normalize("NFC");
  const { stream, encode, encodeStream } = inner;
  return {
    ...inner,
    count: (text) => inner.count(nfc(text)),
    ...(stream ? { stream: () => nfcCountStream(stream()) } : {}),
    ...(encode ? { encode: (text: string) => encode(nfc(text)) } : {}),
    ...(encodeStream ? { encodeStream: () => nfcEncodeStream(encodeStream()) } : {}),
  };
}

function nfcCountStream(inner: CountStream): CountStream {
  const pieces = new NfcPieces();
  return {
    write: (chunk) => inner.write(pieces.push(chunk)),
    end: () => {
      inner.write(pieces.rest());
      return inner.end();
    },
    ...(inner.unprovenCuts ? { unprovenCuts: () => inner.unprovenCuts?.() ?? 0 } : {}),
  };
}

function nfcEncodeStream(inner: EncodeStream): EncodeStream {
  const pieces = new NfcPieces();
  return {
    write: (chunk) => inner.write(pieces.push(chunk)),
    end: () => [...inner.write(pieces.rest()), ...inner.end()],
    ...(inner.unprovenCuts ? { unprovenCuts: () => inner.unprovenCuts?.() ?? 0 } : {}),
  };
}
