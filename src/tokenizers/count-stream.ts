import { heldCut as currentHeldCut, cutHeldText, type HeldCut } from "./held-cut.js";
import { FROM, MAX_PERIOD, measureRunPeriod, type RunPeriod } from "./run-period.js";
import type { CountStream, Tokenizer } from "./types.js";
import { isHighSurrogate, isLowSurrogate } from "./utf16.js";

/**
 * A tokenizer's count over text given in pieces: its own stream when it has one, else one that
 * collects the pieces and counts them joined (custom module tokenizers, which see whole texts).
 */
export function countStream(tokenizer: Tokenizer): CountStream {
  if (tokenizer.stream) return tokenizer.stream();
  const pieces: string[] = [];
  return {
    write: (chunk) => {
      pieces.push(chunk);
    },
    end: () => tokenizer.count(pieces.join("")),
  };
}

/**
 * A run of one character at least this long is folded: text with no safe cut point would otherwise
 * be held (and at the end merged) whole — 100 MB of "a" is one piece.
 */
const FOLD_AT = 32 * 1024;
/** What a folded run keeps: enough that its count is past where the period was measured. */
const KEEP = FROM + MAX_PERIOD;
/** The longest unit, in UTF-16 code units, whose runs are folded ("abab…", "\r\n", "的了"). */
const MAX_UNIT = 8;

/** Run periods per counting function (one per tokenizer), by unit; null: none measured. */
const periods = new WeakMap<object, Map<string, RunPeriod | null>>();

function periodOf(countPart: (text: string, first: boolean) => number, unit: string): RunPeriod | null {
  let byUnit = periods.get(countPart);
  if (!byUnit) {
    byUnit = new Map();
    periods.set(countPart, byUnit);
  }
  let period = byUnit.get(unit);
  if (period === undefined) {
    period = measureRunPeriod((text) => countPart(text, false), unit) ?? null;
    byUnit.set(unit, period);
  }
  return period;
}

export interface CutCountOptions {
  /** For tests: fold runs from this many characters on (at least KEEP). */
  foldAt?: number;
  /**
   * The tokenizer's encoding of a part, for held text with no proven cut (held-cut.ts): without it,
   * such text is held whole (tokenizers whose cuts are proven for every text need none).
   */
  encodePart?: (text: string, first: boolean) => { bytes: Uint8Array }[];
  /** For tests: when and where held text is cut without proof. */
  heldCut?: HeldCut;
}

/**
 * A stream that counts each part of the text up to the last safe cut as soon as it has one, and holds
 * back only the rest. `lastCut(text, from)` returns the last index p ≥ from at which the text may be
 * cut (or -1): the count of the whole is then the count of text[0, p) plus that of text[p, …).
 * `countPart(text, first)` counts a part; `first` is true for the part that starts the text.
 *
 * A long run of one character has no cut point in it, so it would be held whole; instead, once it is
 * FOLD_AT characters long, whole periods of it are taken out of the held text and their tokens
 * counted at once (run-period.ts): memory stays flat and the final merge short, whatever the run.
 */
export function cutCountStream(
  countPart: (text: string, first: boolean) => number,
  lastCut: (text: string, from: number) => number,
  options: CutCountOptions = {},
): CountStream {
  const { foldAt = FOLD_AT, encodePart, heldCut = currentHeldCut() } = options;
  let unproven = 0;
  let pending = "";
  let scanned = 0;
  let total = 0;
  let first = true;
  // The run of one character that ends the text looked at so far, pending[runStart, runEnd): its
  // UTF-16 units (`high` -1 when there is no run, `low` -1 for a character of one unit).
  let high = -1;
  let low = -1;
  let runStart = 0;
  let runEnd = 0;

  /** Takes whole periods out of the run pending[runStart, runEnd) when it is long enough. */
  const fold = () => {
    const width = low < 0 ? 1 : 2;
    const length = (runEnd - runStart) / width;
    if (high < 0 || length < Math.max(foldAt, KEEP)) return;
    const unit = low < 0 ? String.fromCharCode(high) : String.fromCharCode(high, low);
    const period = periodOf(countPart, unit);
    if (!period) return;
    const periods = Math.floor((length - KEEP) / period.period);
    const removed = periods * period.period * width;
    pending = pending.slice(0, runEnd - removed) + pending.slice(runEnd);
    total += periods * period.tokens;
    runEnd -= removed;
    scanned = Math.min(scanned, runEnd);
  };

  /** Runs shorter than this many units are never folded (fold() would return at once). */
  const foldable = Math.max(foldAt, KEEP);

  /** Follows runs through the text from runEnd on, folding each long one as it ends. */
  const followRuns = () => {
    let at = runEnd;
    let length = pending.length;
    while (at < length) {
      // The common case, runs of one unit, in locals and free of calls: a profile of 10 MB of prose
      // spent 40% of the stream's time here when every character went through fold() and the closure.
      if (low < 0) {
        const text = pending;
        let unit = high;
        let start = runStart;
        let code = text.charCodeAt(at);
        while (code < 0xd800 || code > 0xdfff) {
          if (code !== unit) {
            if (at - start >= foldable) break;
            start = at;
            unit = code;
          }
          if (++at === length) break;
          code = text.charCodeAt(at);
        }
        high = unit;
        runStart = start;
        if (at === length) break;
      }
      const code = pending.charCodeAt(at);
      if (code === high && (low < 0 || pending.charCodeAt(at + 1) === low)) {
        at += low < 0 ? 1 : 2;
        continue;
      }
      // A high surrogate at the end may be half of a pair the next chunk completes.
      if (isHighSurrogate(code) && at + 1 === length) break;
      runEnd = at;
      fold();
      at = runEnd;
      length = pending.length;
      runStart = at;
      const next = pending.charCodeAt(at + 1);
      if (isHighSurrogate(code) && isLowSurrogate(next)) {
        high = code;
        low = next;
      } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
        // A lone surrogate is never folded: it starts no run.
        high = -1;
        low = -1;
        runStart = at + 1;
      } else {
        high = code;
        low = -1;
      }
      at += low < 0 ? 1 : 2;
    }
    runEnd = at;
    fold();
  };

  // When the held text is next looked at for a run of a unit of several characters (see foldUnitRun).
  let nextUnitTry = foldAt;

  /**
   * The same fold for a run of a unit of 2 to MAX_UNIT code units ("abab…", "\r\n\r\n…"), which the
   * one-character runs above do not see: tried only when the held text has grown to `foldAt` with no
   * cut, and again once it has doubled (so the time stays linear). The periodic tail of the held text
   * is found from its end; its first `width` units are the unit, measured as a one-character unit is.
   */
  const foldUnitRun = () => {
    if (pending.length < nextUnitTry) return;
    nextUnitTry = 2 * pending.length;
    const end = pending.length;
    for (let width = 2; width <= MAX_UNIT; width++) {
      let start = end;
      while (start - width > 0 && pending.charCodeAt(start - 1) === pending.charCodeAt(start - 1 - width))
        start--;
      start -= width;
      // The tail pending[start, end) repeats pending[start, start + width).
      const units = Math.floor((end - start) / width);
      if (units < Math.max(foldAt / width, KEEP)) continue;
      // A unit that would split a surrogate pair is not folded.
      if (isLowSurrogate(pending.charCodeAt(start)) || isHighSurrogate(pending.charCodeAt(start + width - 1)))
        start++;
      if (isLowSurrogate(pending.charCodeAt(start)) || isHighSurrogate(pending.charCodeAt(start + width - 1)))
        return;
      const unit = pending.slice(start, start + width);
      const period = periodOf(countPart, unit);
      if (!period) return;
      const periods = Math.floor((Math.floor((end - start) / width) - KEEP) / period.period);
      if (periods <= 0) return;
      const removed = periods * period.period * width;
      // Whole periods out of the run's middle: KEEP units stay before them, the rest of the run after.
      const from = start + KEEP * width;
      pending = pending.slice(0, from) + pending.slice(from + removed);
      total += periods * period.tokens;
      const shift = (at: number) => (at >= from + removed ? at - removed : Math.min(at, from));
      runStart = shift(runStart);
      runEnd = shift(runEnd);
      scanned = Math.min(shift(scanned), from);
      nextUnitTry = pending.length + foldAt;
      return;
    }
  };

  /** Takes the counted text[0, cut) out of the held text. */
  const settle = (cut: number, tokens: number) => {
    total += tokens;
    first = false;
    pending = pending.slice(cut);
    scanned = Math.max(0, scanned - cut);
    runStart = Math.max(0, runStart - cut);
    runEnd = Math.max(0, runEnd - cut);
    nextUnitTry = foldAt;
  };

  /** Held text with no cut and no run to fold, once it is long: cut without proof (held-cut.ts). */
  const cutHeld = () => {
    while (encodePart && pending.length >= heldCut.holdAt) {
      const found = cutHeldText(pending, first, encodePart, heldCut);
      if (!found) return;
      settle(found.cut, found.tokens.length);
      unproven++;
    }
  };

  return {
    write(chunk) {
      if (chunk.length === 0) return;
      pending += chunk;
      followRuns();
      // A cut at p needs the characters on both sides; those before `scanned` were looked at already.
      const cut = lastCut(pending, Math.max(1, scanned));
      scanned = pending.length;
      if (cut <= 0) {
        foldUnitRun();
        cutHeld();
        return;
      }
      settle(cut, countPart(pending.slice(0, cut), first));
    },
    end() {
      if (pending.length > 0) total += countPart(pending, first);
      pending = "";
      return total;
    },
    unprovenCuts: () => unproven,
  };
}
