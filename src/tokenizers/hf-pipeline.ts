// What Hugging Face `tokenizers` does to a text before its model sees it, step for step as its
// Rust code does (tokenizer/added_vocabulary.rs, normalizers/, pre_tokenizers/): added tokens cut out
// of the raw text, normalizers, added tokens cut out of the normalized text, pre-tokenizers.
import { withRustWhitespace } from "./bpe-tokenizer.js";
import type { AddedToken, HfPlan, NormalizerStep, PreTokenizerStep } from "./hf-json.js";
import { findMatches, forEachMatch, splitRanges } from "./hf-regex.js";

/** Receives the text piece by piece: a piece for the model (source[start, end)), or an added token. */
export interface PieceVisitor {
  piece(source: string, start: number, end: number): void;
  added(tokenId: number, text: string): void;
}

// Rust's regex crate (which `tokenizers` uses for these) reads \w and \s as Unicode classes.
const WORD_CHAR = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;
const SPACE_RUN_AT_END = new RegExp(`${withRustWhitespace("\\s")}*$`, "u");
const SPACE_RUN_AT_START = new RegExp(`^${withRustWhitespace("\\s")}*`, "u");

/**
 * Added tokens found in a text leftmost-longest, as the Aho-Corasick automaton of `tokenizers` finds
 * them, then kept or not and widened as their options say (find_matches in added_vocabulary.rs).
 */
class AddedTokenFinder {
  private readonly byFirst = new Map<number, { text: string; token: AddedToken }[]>();
  /** 1 for the code units a token starts with: most of a text is passed over on this alone. */
  private readonly starts = new Uint8Array(0x10000);

  constructor(tokens: readonly { text: string; token: AddedToken }[]) {
    for (const entry of tokens) {
      if (entry.text === "") continue;
      const first = entry.text.charCodeAt(0);
      this.starts[first] = 1;
      const list = this.byFirst.get(first) ?? [];
      list.push(entry);
      this.byFirst.set(first, list);
    }
    // Longest first: the first that matches at a position is the leftmost-longest match.
    for (const list of this.byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  get empty(): boolean {
    return this.byFirst.size === 0;
  }

  /** Calls `plain` for each stretch between kept tokens and `token` for each token, in order. */
  split(
    text: string,
    plain: (start: number, end: number) => void,
    token: (found: AddedToken, start: number, end: number) => void,
  ): void {
    if (this.empty) {
      if (text.length > 0) plain(0, text.length);
      return;
    }
    let from = 0;
    for (let i = 0; i < text.length; ) {
      const unit = text.charCodeAt(i);
      if (this.starts[unit] === 0) {
        i++;
        continue;
      }
      const list = this.byFirst.get(unit);
      const found = list?.find(({ text: candidate }) => text.startsWith(candidate, i));
      if (!found) {
        i++;
        continue;
      }
      let start = i;
      let stop = i + found.text.length;
      // The automaton goes on after a match whether or not the match is kept.
      i = stop;
      const { token: added } = found;
      if (
        added.singleWord &&
        ((start > 0 && WORD_CHAR.test(lastChar(text, start))) ||
          (stop < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(stop) as number))))
      )
        continue;
      if (added.lstrip) {
        const spaces = SPACE_RUN_AT_END.exec(text.slice(from, start));
        start = from + (spaces ? spaces.index : start - from);
      }
      if (added.rstrip) stop += (SPACE_RUN_AT_START.exec(text.slice(stop)) as RegExpExecArray)[0].length;
      if (from < start) plain(from, start);
      token(added, start, stop);
      // As in `tokenizers`, the search goes on from the match's end even when rstrip took spaces
      // after it (a token found among them then overlaps; no text is counted twice).
      from = stop;
    }
    if (from < text.length) plain(from, text.length);
  }
}

function lastChar(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return code >= 0xdc00 && code <= 0xdfff && end >= 2 ? text.slice(end - 2, end) : text.slice(end - 1, end);
}

/** A normalizer step as a function of the text. */
function normalizerOf(step: NormalizerStep): (text: string) => string {
  switch (step.type) {
    case "unicode":
      return (text) => text.normalize(step.form);
    case "lowercase":
      // Character by character, as Rust's char::to_lowercase: no final-sigma rule.
      return (text) => {
        let out = "";
        for (const char of text) out += char.toLowerCase();
        return out;
      };
    case "prepend":
      return (text) => (text.length > 0 ? step.prepend + text : text);
    case "strip": {
      const left = new RegExp(`^${withRustWhitespace("\\s")}+`, "u");
      const right = new RegExp(`${withRustWhitespace("\\s")}+$`, "u");
      return (text) => {
        let out = step.left ? text.replace(left, "") : text;
        if (step.right) out = out.replace(right, "");
        return out;
      };
    }
    case "remove": {
      const regex = new RegExp(step.pattern, "gu");
      return (text) => text.replace(regex, "");
    }
    case "replace": {
      const regex = new RegExp(step.pattern, "gu");
      return (text) => {
        let out = "";
        let last = 0;
        for (const [start, end] of findMatches(regex, text)) {
          out += text.slice(last, start) + step.content;
          last = end;
        }
        return out + text.slice(last);
      };
    }
  }
}

/** Visits one piece: source[start, end); `atStart`: it begins where the whole text begins. */
type RangeVisitor = (source: string, start: number, end: number, atStart: boolean) => void;

/** A pre-tokenizer step: splits or rewrites source[start, end) and passes the results on. */
type Stage = (source: string, start: number, end: number, atStart: boolean, next: RangeVisitor) => void;

function stageOf(step: PreTokenizerStep): Stage {
  switch (step.type) {
    case "prefixSpace":
      return (source, start, end, atStart, next) => {
        if (source.charCodeAt(start) === 0x20) next(source, start, end, atStart);
        else next(` ${source.slice(start, end)}`, 0, end - start + 1, atStart);
      };
    case "metaspace": {
      const { replacement } = step;
      return (source, start, end, atStart, next) => {
        let text = source.slice(start, end).replaceAll(" ", replacement);
        if (
          (step.prepend === "always" || (step.prepend === "first" && atStart)) &&
          !text.startsWith(replacement)
        )
          text = replacement + text;
        if (!step.split) return next(text, 0, text.length, atStart);
        // Split before every replacement character, which starts the piece it begins.
        let from = 0;
        for (let at = text.indexOf(replacement, 1); at > 0; at = text.indexOf(replacement, at + 1)) {
          next(text, from, at, atStart && from === 0);
          from = at;
        }
        next(text, from, text.length, atStart && from === 0);
      };
    }
    case "split": {
      const regex = new RegExp(step.pattern, "gu");
      return (source, start, end, atStart, next) => {
        const text = start === 0 && end === source.length ? source : source.slice(start, end);
        if (step.behavior === "Isolated") {
          // Every stretch, matched or not, is a piece of its own: passed on as the matches are found.
          let previous = 0;
          forEachMatch(regex, text, (from, to) => {
            if (from > previous) next(text, previous, from, atStart && previous === 0);
            if (to > from) next(text, from, to, atStart && from === 0);
            previous = to;
          });
          if (previous < text.length) next(text, previous, text.length, atStart && previous === 0);
          return;
        }
        for (const [from, to] of splitRanges(text, findMatches(regex, text), step.behavior, step.invert))
          next(text, from, to, atStart && from === 0);
      };
    }
  }
}

/**
 * Runs the plan's steps before the model over a text: added tokens, normalizers, pre-tokenizers.
 * The text must be well formed (no lone surrogates).
 */
export function createPipeline(plan: HfPlan): (text: string, visit: PieceVisitor) => void {
  const normalizers = plan.normalizers.map(normalizerOf);
  const normalize = (text: string) => normalizers.reduce((out, step) => step(out), text);
  const raw = new AddedTokenFinder(
    plan.added.filter((token) => !token.normalized).map((token) => ({ text: token.content, token })),
  );
  // Tokens marked normalized are looked for in the normalized text, as their normalized form.
  const normalized = new AddedTokenFinder(
    plan.added
      .filter((token) => token.normalized)
      .map((token) => ({ text: normalize(token.content), token })),
  );
  const stages = plan.preTokenizers.map(stageOf);
  const preTokenize = (
    source: string,
    start: number,
    end: number,
    atStart: boolean,
    visit: PieceVisitor,
    stage = 0,
  ): void => {
    const step = stages[stage];
    if (!step) {
      if (end > start) visit.piece(source, start, end);
      return;
    }
    step(source, start, end, atStart, (text, from, to, first) => {
      if (to > from) preTokenize(text, from, to, first, visit, stage + 1);
    });
  };
  return (text, visit) => {
    raw.split(
      text,
      (start, end) => {
        const segment = normalize(start === 0 && end === text.length ? text : text.slice(start, end));
        if (normalized.empty) {
          preTokenize(segment, 0, segment.length, start === 0, visit);
          return;
        }
        normalized.split(
          segment,
          (from, to) => preTokenize(segment, from, to, start === 0 && from === 0, visit),
          (token, from, to) => visit.added(token.id, segment.slice(from, to)),
        );
      },
      (token, start, end) => visit.added(token.id, text.slice(start, end)),
    );
  };
}
