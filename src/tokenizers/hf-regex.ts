// Hugging Face `tokenizers` compiles the patterns of tokenizer.json (Split pre-tokenizers, Replace
// normalizers) with Oniguruma, in Ruby syntax, over UTF-8. JavaScript's RegExp reads most of them the
// same once a few constructs are rewritten; the ones it cannot read the same are refused by name
// (a pattern read differently would miscount silently).
import { withRustWhitespace } from "./bpe-tokenizer.js";

/** A pattern this module cannot run as Oniguruma does: the construct, in words. */
export class UnsupportedPattern extends Error {}

// Oniguruma's \w and \d are Unicode classes (JavaScript's are ASCII even with the u flag). Its \w,
// compared with python `tokenizers` over every code point, is Alphabetic, Mark, Decimal_Number and
// Connector_Punctuation, and the six Latin-1 numbers ² ³ ¹ ¼ ½ ¾ (no Join_Control); \d is Decimal_Number.
const WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00b2\\u00b3\\u00b9\\u00bc-\\u00be";
// Inside brackets ([\w-], [^\w\s]) Oniguruma's \w leaves those six out (python `tokenizers` over every
// code point, test/unit/hf-syntax.test.ts).
const WORD_IN_CLASS = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}";
const DIGIT = "\\p{Nd}";

/** Letters that fold to an ASCII letter besides its two cases (Unicode simple case folding). */
const EXTRA_FOLDS: Record<string, string> = { s: "\u017f", k: "\u212a" };

/**
 * An Oniguruma (Ruby syntax) pattern as a JavaScript source for the u flag. Rewritten: \s \S (Unicode
 * White_Space, as Oniguruma's), \w \W \d \D (Unicode), \h (hex digit), `.` (any but \n), ^ and $
 * (line anchors, at \n only), \x{…}, \p{Script} names, (?i:…) groups over ASCII text (expanded to
 * classes, since Node 20 has no inline modifiers), possessive quantifiers and atomic groups (as a
 * lookahead that captures and a backreference to it: JavaScript never backtracks into a lookahead),
 * a literal { or }. Throws UnsupportedPattern for inline flags, \A \z \G \K \R \X, backreferences,
 * POSIX brackets and nested classes.
 */
export function onigToJs(pattern: string): string {
  let out = "";
  let inClass = false;
  let classStart = -1;
  /** Where the last atom (a character, escape, class or group) began in `out`: what a quantifier takes. */
  let atomStart = 0;
  /** The open groups: where each began in `out`, and whether it is (?i:…) or atomic. */
  const groups: { at: number; kind: "plain" | "caseless" | "atomic" }[] = [];
  let captures = 0;
  const caseless = () => groups.some((group) => group.kind === "caseless");
  /** The atom from `from` on, made atomic: a lookahead that captures it and a backreference. */
  const atomic = (from: number) => {
    const name = `atomic${captures++}`;
    out = `${out.slice(0, from)}(?=(?<${name}>${out.slice(from)}))\\k<${name}>`;
  };
  const refuse = (what: string): never => {
    throw new UnsupportedPattern(what);
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    const next = pattern[i + 1];
    if (char === "\\") {
      if (next === undefined) refuse("a pattern ending in \\");
      i++;
      if (!inClass) atomStart = out.length;
      out += escapeOf(next as string, inClass, pattern, i, (skip) => {
        i += skip;
      });
      continue;
    }
    if (inClass) {
      if (char === "[") {
        if (pattern.startsWith("[:", i)) refuse("POSIX bracket classes ([:alpha:])");
        refuse("nested character classes");
      }
      if (char === "&" && next === "&") refuse("class intersection (&&)");
      if (char === "]" && i > classStart + 1 && !(i === classStart + 2 && pattern[classStart + 1] === "^")) {
        inClass = false;
      } else if (char === "]") {
        // Oniguruma reads a "]" first in a class as a literal.
        out += "\\]";
        continue;
      }
      if (caseless() && /[A-Za-z]/.test(char)) refuse("a character class inside (?i:…)");
      out += char;
      continue;
    }
    const quantifier = /^(?:[+*?]|\{(?:\d+(?:,\d*)?|,\d+)\})/.exec(pattern.slice(i))?.[0];
    if (quantifier) {
      i += quantifier.length - 1;
      const after = pattern[i + 1];
      if (quantifier.startsWith("{")) {
        const [low, high] = quantifier.slice(1, -1).split(",");
        // Oniguruma reads {n,m} with n > m as a possessive {m,n}, and {n,m}+ as a repeat of the
        // interval: JavaScript has neither.
        if (
          low !== undefined &&
          high !== undefined &&
          low !== "" &&
          high !== "" &&
          Number(low) > Number(high)
        )
          refuse(`the interval ${quantifier} (its lower bound above its upper)`);
        if (after === "+")
          refuse(`${quantifier}+ (Oniguruma repeats the interval; JavaScript reads it otherwise)`);
        if (after === "?" && high === undefined) {
          // {n}? is "n times, or not at all" to Oniguruma, not a lazy {n}.
          out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)}${quantifier})?`;
          i++;
          continue;
        }
        // {,n} is {0,n} to Oniguruma (JavaScript would read it as text).
        out += low === "" ? `{0,${high}}` : quantifier;
      } else out += quantifier;
      if (after === "+") {
        // Possessive: what the quantifier took is never given back.
        atomic(atomStart);
        i++;
      } else if (after === "?") {
        out += "?";
        i++;
      }
      continue;
    }
    switch (char) {
      case "[":
        inClass = true;
        classStart = i;
        atomStart = out.length;
        out += char;
        break;
      case "(": {
        let kind: "plain" | "caseless" | "atomic" = "plain";
        let opening = "(";
        if (next === "?") {
          const rest = pattern.slice(i + 2);
          if (rest.startsWith("i:")) {
            kind = "caseless";
            opening = "(?:";
            i += 3;
          } else if (rest.startsWith("#")) {
            // A comment, (?#…), up to the first ")": nothing to match.
            const end = pattern.indexOf(")", i);
            if (end < 0) return refuse("an unclosed comment (?#…");
            i = end;
            break;
          } else if (rest.startsWith(">")) {
            kind = "atomic";
            opening = "(?:";
            i += 2;
          } else {
            const marker = /^(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9_]*>)/.exec(rest)?.[0];
            if (marker === undefined) return refuse(`the group (?${rest.slice(0, 2)}…`);
            opening = `(?${marker}`;
            i += 1 + marker.length;
          }
        }
        groups.push({ at: out.length, kind });
        out += opening;
        break;
      }
      case ")": {
        const group = groups.pop();
        if (!group) return refuse("an unopened group");
        out += char;
        if (group.kind === "atomic") atomic(group.at);
        atomStart = group.at;
        break;
      }
      case "{":
      case "}":
        // Not a quantifier (above): Oniguruma reads it as itself; JavaScript's u flag needs it escaped.
        atomStart = out.length;
        out += `\\${char}`;
        break;
      case ".":
        atomStart = out.length;
        out += "[^\\n]";
        break;
      case "^":
        out += "(?<![^\\n])";
        break;
      case "$":
        out += "(?![^\\n])";
        break;
      default:
        atomStart = out.length;
        if (caseless() && /[A-Za-z]/.test(char)) {
          const lower = char.toLowerCase();
          out += `[${lower}${lower.toUpperCase()}${EXTRA_FOLDS[lower] ?? ""}]`;
        } else if (caseless() && char.toLowerCase() !== char.toUpperCase()) {
          refuse("a non-ASCII letter inside (?i:…)");
        } else out += char;
    }
  }
  if (inClass) refuse("an unclosed character class");
  if (groups.length > 0) refuse("an unclosed group");
  return withRustWhitespace(out);
}

/** The JavaScript for the escape `\` + pattern[at] (`skip` moves past what it reads beyond that). */
function escapeOf(
  char: string,
  inClass: boolean,
  pattern: string,
  at: number,
  skip: (count: number) => void,
): string {
  switch (char) {
    case "s":
    case "S":
      // Left for withRustWhitespace, which spells out the White_Space class.
      if (inClass && char === "S") throw new UnsupportedPattern("\\S inside a character class");
      return `\\${char}`;
    case "w":
      return inClass ? WORD_IN_CLASS : `[${WORD}]`;
    case "d":
      return inClass ? DIGIT : `[${DIGIT}]`;
    case "h":
      return inClass ? "0-9a-fA-F" : "[0-9a-fA-F]";
    case "W":
    case "D":
    case "H":
      if (inClass) throw new UnsupportedPattern(`\\${char} inside a character class`);
      return char === "W" ? `[^${WORD}]` : char === "D" ? `[^${DIGIT}]` : "[^0-9a-fA-F]";
    case "p":
    case "P": {
      const match = /^\{(\^?)([A-Za-z_ =]+)\}/.exec(pattern.slice(at + 1));
      if (!match) throw new UnsupportedPattern(`\\${char} without {name}`);
      skip(match[0].length);
      const negated = (char === "P") !== (match[1] === "^");
      return `\\${negated ? "P" : "p"}{${propertyName(match[2] as string)}}`;
    }
    case "x": {
      const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(at + 1));
      if (braced) {
        skip(braced[0].length);
        return `\\u{${braced[1]}}`;
      }
      const two = /^[0-9A-Fa-f]{2}/.exec(pattern.slice(at + 1));
      if (!two) throw new UnsupportedPattern("\\x without two hex digits");
      skip(2);
      return `\\x${two[0]}`;
    }
    case "u": {
      const four = /^[0-9A-Fa-f]{4}/.exec(pattern.slice(at + 1));
      if (!four) throw new UnsupportedPattern("\\u without four hex digits");
      skip(4);
      return `\\u${four[0]}`;
    }
    case "n":
    case "r":
    case "t":
    case "f":
    case "v":
      return `\\${char}`;
    case "b":
    case "B":
      if (inClass) throw new UnsupportedPattern(`\\${char} inside a character class`);
      // Oniguruma's word boundary is over its Unicode \w: said as lookarounds.
      return char === "b"
        ? `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`
        : `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
    default:
      if (/[A-Za-z0-9]/.test(char)) throw new UnsupportedPattern(`the escape \\${char}`);
      // Any other escaped character is itself; JavaScript's u flag accepts only some as escapes.
      if ("^$\\.*+?()[]{}|/".includes(char) || (inClass && char === "-")) return `\\${char}`;
      return char;
  }
}

const CATEGORIES = new Set(
  "L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Cn".split(
    " ",
  ),
);

/** A \p{…} name as JavaScript spells it: general categories as they are, scripts as Script=Name. */
function propertyName(name: string): string {
  if (CATEGORIES.has(name) || name.includes("=")) return name;
  try {
    new RegExp(`\\p{${name}}`, "u");
    return name;
  } catch {
    try {
      new RegExp(`\\p{Script=${name}}`, "u");
      return `Script=${name}`;
    } catch {
      throw new UnsupportedPattern(`the property \\p{${name}}`);
    }
  }
}

/** A literal string as a JavaScript regex source. */
export function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/**
 * Calls `visit` with each match of `regex` (global, u) in text, in order, as Oniguruma's iterator finds
 * them: an empty match right where the previous match ended is skipped (JavaScript reports it).
 */
export function forEachMatch(regex: RegExp, text: string, visit: (start: number, end: number) => void): void {
  let lastEnd = -1;
  regex.lastIndex = 0;
  for (;;) {
    const match = regex.exec(text);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    if (end === start) {
      regex.lastIndex = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
      if (start === lastEnd) {
        if (start >= text.length) break;
        continue;
      }
    }
    visit(start, end);
    lastEnd = end;
    if (start >= text.length) break;
  }
}

/** The matches of forEachMatch, as a list. */
export function findMatches(regex: RegExp, text: string): [number, number][] {
  const found: [number, number][] = [];
  forEachMatch(regex, text, (start, end) => {
    found.push([start, end]);
  });
  return found;
}

/** How a Split pre-tokenizer keeps what its pattern matched (Hugging Face's SplitDelimiterBehavior). */
export type SplitBehavior = "Removed" | "Isolated" | "MergedWithPrevious" | "MergedWithNext" | "Contiguous";

/** Ranges [start, end) of `text` after splitting on the matches, as `tokenizers` cuts them (empty ones left out). */
export function splitRanges(
  text: string,
  matches: readonly [number, number][],
  behavior: SplitBehavior,
  invert: boolean,
): [number, number][] {
  // Hugging Face's find_matches: every stretch, matched or not, in order.
  const parts: [number, number, boolean][] = [];
  if (text.length === 0) parts.push([0, 0, false]);
  else {
    let previous = 0;
    for (const [start, end] of matches) {
      if (previous !== start) parts.push([previous, start, invert]);
      parts.push([start, end, !invert]);
      previous = end;
    }
    if (previous !== text.length) parts.push([previous, text.length, invert]);
  }
  const kept: [number, number][] = [];
  let previousMatch = false;
  if (behavior === "MergedWithNext") {
    for (let k = parts.length - 1; k >= 0; k--) {
      const [start, end, isMatch] = parts[k] as [number, number, boolean];
      const last = kept[kept.length - 1];
      if (isMatch && !previousMatch && last) last[0] = start;
      else kept.push([start, end]);
      previousMatch = isMatch;
    }
    kept.reverse();
  } else {
    for (const [start, end, isMatch] of parts) {
      const last = kept[kept.length - 1];
      if (behavior === "Removed") {
        if (!isMatch) kept.push([start, end]);
      } else if (behavior === "Isolated") kept.push([start, end]);
      else if (behavior === "Contiguous" && isMatch === previousMatch && last) last[1] = end;
      else if (behavior === "MergedWithPrevious" && isMatch && !previousMatch && last) last[1] = end;
      else kept.push([start, end]);
      previousMatch = isMatch;
    }
  }
  return kept.filter(([start, end]) => end > start);
}
