import type { Tokenizer } from "./types.js";
import { isLowSurrogate } from "./utf16.js";

/**
 * The counting pass of per-character billing: characters as Vertex AI billed Gemini 1.0 and 1.5 until
 * October 2024 — Unicode code points, white space excluded (docs/billing-units.md). Not a tokenizer a
 * model names: llmcost adds it to a run when a price it uses bills characters.
 */
export const BILLABLE_CHARACTERS = "billable-characters";

/**
 * JavaScript's white space (what `\s` matches: Unicode White_Space and U+FEFF), by code unit — a
 * comparison per character, several times faster than a regular expression test.
 */
function isWhiteSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Code points of `text` that are not white space: a surrogate pair counts once, at its high half (decoded
 * text has no lone surrogates), so counts of pieces add up however a text is cut.
 */
function billable(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isLowSurrogate(c) && !isWhiteSpace(c)) count++;
  }
  return count;
}

export function billableCharacters(): Tokenizer {
  return {
    id: BILLABLE_CHARACTERS,
    exact: true,
    countedWith: BILLABLE_CHARACTERS,
    count: billable,
    stream() {
      let total = 0;
      return {
        write: (chunk) => {
          total += billable(chunk);
        },
        end: () => total,
      };
    },
  };
}
