import { isHighSurrogate, utf8Length } from "./utf16.js";

/**
 * The last resort for text a stream would otherwise hold whole (issue 18, item 10): never-repeating
 * text over a few characters, every pair of which some merge can join ("abbaab…", a DNA sequence
 * with no line breaks), has no cut that is proven for Gemma 3's merge list or SentencePiece — their
 * merges are ranked by pair, so nothing bounds how far a merge's effect travels. Once the held text
 * is `holdAt` code units long, its first `holdAt` units are encoded and the text is cut at the last
 * token boundary at least `margin` units before their end: the merges there have seen `margin` units
 * of what follows. The cut is not proven, so the count is then marked as an estimate, with a band of
 * UNPROVEN_CUT_TOKENS either way per cut (measured in test/unit/held-cut.test.ts).
 */
export interface HeldCut {
  /** Held text at least this long is cut. */
  readonly holdAt: number;
  /** Units of the encoded text kept after the cut. */
  readonly margin: number;
}

const DEFAULT: HeldCut = { holdAt: 1 << 17, margin: 1 << 12 };
let current = DEFAULT;

/** When and where streams made from now on cut held text without proof. */
export const heldCut = (): HeldCut => current;

/** For tests: cut small texts too (or, with no argument, go back to the default). */
export function setHeldCut(cut: HeldCut = DEFAULT): void {
  current = cut;
}

/**
 * How far one unproven cut may move a count, either way: the worst seen with no text at all after
 * the cut (margin 0), over 1,000 single cuts of random text over 2 to 26 letters, digits or CJK
 * characters with Gemma 3, Mistral v2 and Llama 2 (held-cut.test.ts measures it again). With a
 * margin of 4, one cut in ~1,000 still moved a count by 1; with 16 or more none has. The margin used
 * is 4,096 code units.
 */
export const UNPROVEN_CUT_TOKENS = 2;

/**
 * Where to cut text[0, holdAt) without proof, and the tokens before the cut: the last boundary of
 * `tokens` (the encoding of that window) ending at or before holdAt − margin on a character
 * boundary. A token's bytes are those of the text it came from, so boundaries are found by walking
 * the UTF-8 lengths of the text's characters. Undefined when there is none past 0.
 */
export function unprovenCut(
  window: string,
  tokens: readonly { bytes: Uint8Array }[],
  target: number,
): { cut: number; tokens: number } | undefined {
  let unit = 0;
  let unitBytes = 0;
  let bytes = 0;
  let best: { cut: number; tokens: number } | undefined;
  for (let k = 0; k < tokens.length; k++) {
    bytes += (tokens[k] as { bytes: Uint8Array }).bytes.length;
    while (unit < window.length) {
      const code = window.codePointAt(unit) as number;
      const length = utf8Length(code);
      if (unitBytes + length > bytes) break;
      unitBytes += length;
      unit += code > 0xffff ? 2 : 1;
    }
    if (unit > target) break;
    if (unit > 0 && unitBytes === bytes) best = { cut: unit, tokens: k + 1 };
  }
  return best;
}

/**
 * One cut without proof of held text at least `holdAt` long: its first `holdAt` units (a surrogate
 * pair kept whole) encoded, and the cut and the tokens before it (unprovenCut). Undefined when no
 * boundary is far enough in.
 */
export function cutHeldText<T extends { bytes: Uint8Array }>(
  held: string,
  first: boolean,
  encodePart: (text: string, first: boolean) => T[],
  { holdAt, margin }: HeldCut,
): { cut: number; tokens: T[] } | undefined {
  const end = isHighSurrogate(held.charCodeAt(holdAt - 1)) ? holdAt - 1 : holdAt;
  const window = held.slice(0, end);
  const tokens = encodePart(window, first);
  const found = unprovenCut(window, tokens, end - margin);
  return found && { cut: found.cut, tokens: tokens.slice(0, found.tokens) };
}
