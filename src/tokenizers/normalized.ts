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

/**
 * The last index p ≥ from of `text` before which it may be cut for NFC, or -1 when there is none. A
 * high surrogate that ends the text is passed over: it is half of a code point the next piece may
 * complete (a combining mark such as U+110BA, which composes with the letter before it).
 */
function lastNfcBoundary(text: string, from: number): number {
  for (let p = text.length - 1; p >= from; p--) {
    if (isLowSurrogate(text.charCodeAt(p))) continue;
    if (p === text.length - 1 && isHighSurrogate(text.charCodeAt(p))) continue;
    if (isNfcBoundaryBefore(text.codePointAt(p) as number)) return p;
  }
  return -1;
}

/**
 * Text given in pieces, handed on in NFC: the text up to the last NFC boundary is normalized and
 * passed on, the rest held until more text (or the end) settles it, so the pieces handed on join to
 * NFC of the whole. Each piece is scanned once, and held pieces are kept apart, not joined, until a
 * boundary comes: a long run with none (only combining marks, which no real text is) costs memory,
 * not time.
 */
class NfcPieces {
  private held: string[] = [];
  push(chunk: string): string {
    let text = chunk;
    // A held high surrogate joins the piece that may complete it.
    const last = this.held.at(-1);
    if (last && isHighSurrogate(last.charCodeAt(last.length - 1))) {
      this.held[this.held.length - 1] = last.slice(0, -1);
      text = last.slice(-1) + text;
    }
    // Before the piece's first character is a boundary only when there is held text to cut from.
    const cut = lastNfcBoundary(text, this.held.length > 0 ? 0 : 1);
    if (cut < 0) {
      this.held.push(text);
      return "";
    }
    const settled = nfc([...this.held, text.slice(0, cut)].join(""));
    this.held = [text.slice(cut)];
    return settled;
  }
  rest(): string {
    const rest = nfc(this.held.join(""));
    this.held = [];
    return rest;
  }
}

/** Any code point from U+0300 on: text without one is in NFC already (see isNfcBoundaryBefore). */
const MAY_CHANGE = /[^\0-\u02ff]/;

/**
 * The NFC form of a text. Text below U+0300 throughout (which V8 tells at once for a one-byte string)
 * is returned as it is: `normalize` took a third of a first pass over English prose.
 */
function nfc(text: string): string {
  return MAY_CHANGE.test(text) ? text.normalize("NFC") : text;
}

/**
 * A tokenizer whose model normalizes text to NFC before splitting it (Hugging Face's "NFC"
 * normalizer, Qwen's), made of one that counts text as it is: every count, encoding and stream sees
 * the NFC form. Text already in NFC (nearly all text) is returned unchanged by `normalize`.
 */
export function withNfc(inner: Tokenizer): Tokenizer {
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
