import { codePointBefore, insidePair } from "./utf16.js";

/**
 * Where a text may be cut without changing a tiktoken-style count: the last index p ≥ from (p < the
 * text's length) such that the character before p is a letter (\p{L}) and the character at p is not a
 * letter, a combining mark (\p{M}) or an apostrophe. Returns -1 when there is none.
 *
 * Why this is safe for every pre-tokenizer llmcost runs (OpenAI's r50k to o200k, Llama 3, Qwen 3, tekken,
 * DeepSeek's staged splits): in each of them, a letter can only be in a piece made of letters and
 * marks (with at most one non-letter, non-digit character before them, and o200k's contraction
 * suffix, which starts with an apostrophe). So a piece ends at p, and the regex decided that by
 * looking at the character at p, which stops a run of letters exactly as the end of the text does:
 * every piece before p comes out the same whether the text goes on or stops at p. No pattern looks
 * behind, so the pieces from p on are those of the text from p. Counts are sums over pieces, so the
 * count of the whole is the count before p plus the count from p. A naive rule (cut at any space or
 * newline) is not safe: " \n\n" runs, "\s+(?!\S)" and a space that prefixes the next word all join
 * characters across such a cut.
 */
export function lastLetterBoundary(text: string, from: number): number {
  for (let p = text.length - 1; p >= Math.max(from, 1); p--) {
    if (insidePair(text, p)) continue;
    if (!endsLetterRun(text.charCodeAt(p), text, p)) continue;
    if (isLetter(codePointBefore(text, p))) return p;
  }
  return -1;
}

const LETTER = /\p{L}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

function isLetter(code: number): boolean {
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return LETTER.test(String.fromCodePoint(code));
}

/** True when the character at p cannot continue a run of letters (nor start a contraction). */
function endsLetterRun(code: number, text: string, p: number): boolean {
  if (code < 0x80) return code !== 0x27 && !((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return !LETTER_OR_MARK.test(String.fromCodePoint(text.codePointAt(p) as number));
}
