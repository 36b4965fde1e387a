import { casedSplitter } from "./pre-tokenize-cased.js";
import { deepSeekSplitter } from "./pre-tokenize-deepseek.js";
import { Contractions, type Splitter } from "./pre-tokenize-runs.js";
import { gpt2Splitter, wordsSplitter } from "./pre-tokenize-words.js";
import { withRustWhitespace } from "./rust-whitespace.js";

type Visitor = Parameters<Splitter>[1];

export type { Splitter };

// The shipped vocabularies' patterns, exactly as their files spell them (tiktoken's pat_str, the
// tokenizer.json files' patterns): a pattern that changes by one character no longer has a scanner
// and goes back to the regex, which test/unit/pre-tokenize-scanners.test.ts would report.
const CONTRACTIONS = "'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D";
const PREFIX = "[^\\r\\n\\p{L}\\p{N}]?";
const UPPER = "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]";
const LOWER = "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]";
const WORDS_TAIL = "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const CASED_TAIL = "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const LLAMA_CONTRACTIONS = "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))";
const QWEN_CONTRACTIONS = "'(?:[sSſ]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";
const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** Each known pattern list (joined by a newline) and the scanner that splits as it does. */
const SCANNERS = new Map<string, () => Splitter>([
  // cl100k_base
  [
    `(${CONTRACTIONS})|${PREFIX}\\p{L}+|\\p{N}{1,3}${WORDS_TAIL}`,
    () => wordsSplitter(Contractions.AnyCase, 3),
  ],
  // llama-3
  [
    `${LLAMA_CONTRACTIONS}|${PREFIX}\\p{L}+|\\p{N}{1,3}${WORDS_TAIL}`,
    () => wordsSplitter(Contractions.AnyCase, 3),
  ],
  // qwen-3
  [
    `${QWEN_CONTRACTIONS}|${PREFIX}\\p{L}+|\\p{N}${WORDS_TAIL}`,
    () => wordsSplitter(Contractions.AnyCaseLongS, 1),
  ],
  // o200k_base
  [
    `${PREFIX}${UPPER}*${LOWER}+(${CONTRACTIONS})?|${PREFIX}${UPPER}+${LOWER}*(${CONTRACTIONS})?|\\p{N}{1,3}${CASED_TAIL}`,
    () => casedSplitter(Contractions.AnyCase, 3),
  ],
  // mistral tekken
  [
    `${PREFIX}${UPPER}*${LOWER}+|${PREFIX}${UPPER}+${LOWER}*|\\p{N}${CASED_TAIL}`,
    () => casedSplitter(Contractions.None, 1),
  ],
  // p50k_base, r50k_base
  [GPT2, gpt2Splitter],
  // deepseek-v3
  [
    [
      "\\p{N}{1,3}",
      "[一-龥぀-ゟ゠-ヿ]+",
      "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
    ].join("\n"),
    deepSeekSplitter,
  ],
]);

/** The hand-written scanner for these patterns, if they are one of the known families. */
export function scannerFor(patterns: readonly string[]): Splitter | undefined {
  return SCANNERS.get(patterns.join("\n"))?.();
}

/** Splits text into the pieces `patterns` match: a scanner where one is known, else the regex. */
export function pieceSplitter(patterns: readonly string[]): Splitter {
  return scannerFor(patterns) ?? regexPieceSplitter(patterns);
}

/**
 * Splits a text into pre-tokenizer pieces with one regex, or in stages with several: the reference
 * the scanners are held to, and the path for any other pattern.
 */
export function regexPieceSplitter(patterns: readonly string[]): Splitter {
  const regexes = patterns.map((source) => new RegExp(withRustWhitespace(source), "gu"));
  const [only] = regexes;
  if (regexes.length === 1 && only) {
    // The patterns match text piece after piece, so a sticky test() finds each piece's end without
    // the match array matchAll allocates per piece (garbage that was a good part of the time), and the
    // piece is passed as a range of the text, not sliced out of it.
    const sticky = new RegExp(only.source, "uy");
    return (text, visit) => {
      let at = 0;
      while (at < text.length) {
        sticky.lastIndex = at;
        if (sticky.test(text) && sticky.lastIndex > at) {
          visit(text, at, sticky.lastIndex);
          at = sticky.lastIndex;
          continue;
        }
        // Text no alternative matches is skipped, as matchAll (and tiktoken) skip it.
        only.lastIndex = at;
        const match = only.exec(text);
        if (!match) return;
        if (match[0].length > 0) visit(text, match.index, match.index + match[0].length);
        at = match.index + Math.max(match[0].length, 1);
      }
    };
  }
  const split = (text: string, stage: number, visit: Visitor): void => {
    const regex = regexes[stage];
    if (!regex) {
      visit(text, 0, text.length);
      return;
    }
    let last = 0;
    for (const match of text.matchAll(regex)) {
      if (match.index > last) split(text.slice(last, match.index), stage + 1, visit);
      if (match[0].length > 0) split(match[0], stage + 1, visit);
      last = match.index + match[0].length;
    }
    if (last < text.length) split(text.slice(last), stage + 1, visit);
  };
  return (text, visit) => {
    if (text.length > 0) split(text, 0, visit);
  };
}
