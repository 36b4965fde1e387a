import type { Tokenizer } from "./types.js";
import { isLowSurrogate } from "./utf16.js";

/**
 * The counting pass of per-character billing: characters as Vertex AI billed Gemini 1.0 and 1.5 until
 * October 2024 — Unicode code points, white space excluded (docs/billing-units.md). Not a tokenizer a
 * model names: llmcost adds it to a run when a price it uses bills characters.
 */
export const BILLABLE_CHARACTERS = "billable-characters";

const WHITE_SPACE = /\s/;

/**
 * Code points of `text` that are not white space: a surrogate pair counts once, at its high half (decoded
 * text has no lone surrogates), so counts of pieces add up however a text is cut.
 */
function billable(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isLowSurrogate(text.charCodeAt(i))) continue;
    if (!WHITE_SPACE.test(text[i] as string)) count++;
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
