import { lastLetterBoundary } from "./letter-boundary.js";
import { codePointBefore, insidePair, isHighSurrogate, isLowSurrogate } from "./utf16.js";

/**
 * Safe cuts inside one long pre-tokenizer piece of a byte-level BPE tokenizer (issue 18, item 10):
 * 10 MB of random letters without a space is one piece, which the count stream would otherwise hold
 * whole. A cut at q is safe when the count of the whole text is the count of text[0, q) plus that of
 * text[q, …) (count-stream.ts), whatever text comes after what has been seen.
 *
 * 1. The pieces. Each family has a run class: characters such that, in a run of them starting at r
 *    (text[r - 1] not in the class), the piece containing r + 2 is the same for every continuation of
 *    the text once the run is 3 or more long — it starts at some s ≤ r + 2 found by splitting the text
 *    seen so far, and reaches past the run's current end — and for q ≥ r + 3 inside the run, the
 *    pieces of text[0, q) are those before s then text[s, q), and the first piece of text[q, …) ends
 *    where that piece ends. Per pattern (a regex piece never looks behind):
 *    - cl100k_base, llama-3, p50k_base, r50k_base: class \p{L}. A letter is matched only by a
 *      contraction ('s … 'll: an apostrophe and at most two letters, so at most to r + 1) or by
 *      `[^\r\n\p{L}\p{N}]? ?\p{L}+`, greedy with nothing after it, which ends exactly where the
 *      letters end, from s and from q alike (at q, a letter, no contraction can start). No other
 *      alternative reads a letter past the first one it meets, so matches before s read at most
 *      text[r + 2] and do not change as the run grows.
 *    - o200k_base, mistral-tekken: two classes. Both letter alternatives are
 *      `[^\r\n\p{L}\p{N}]? U* V+` (then o200k's optional contraction) or `…? U+ V*`, with U =
 *      [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and V = [\p{Ll}\p{Lm}\p{Lo}\p{M}]; the first is tried first and
 *      matches wherever some V can follow the U's, so a piece reaching the run is the first one.
 *      Class \p{Ll}: no U takes an \p{Ll}, so from s and from q alike the V+ runs from the run (or
 *      before it) to the end of the V's, the suffix then read at the same place. Class
 *      [\p{Lm}\p{Lo}] (CJK): U* itself runs through the class, so the two matches agree only when
 *      the piece has no \p{Ll} before q (then both U*'s stop at the same character after q) —
 *      checked. A failed attempt of a letter alternative reads no further than the run's first
 *      character (it fails only with no V to come).
 *    - deepseek-v3 (three isolating stages): class [A-Za-z], and only when the piece does not start
 *      with one of the punctuation marks of `[!"#…~][A-Za-z]+` (that alternative would stop at the
 *      first non-ASCII letter, the one from q would not): then it and the piece from q are
 *      `[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+` within the same stage pieces (the digit and CJK stages
 *      match no ASCII letter, so their matches after q are the same from q). Also class
 *      [一-龥぀-ゟ゠-ヿ] ∩ [\p{L}\p{M}]: the first stage takes none of these; the second,
 *      `[一-龥぀-ゟ゠-ヿ]+`, isolates a piece P holding the run (to its end, or further through
 *      ゛゜゠・, which are \p{P}/\p{S}, or unassigned code points of the ranges), and from q the
 *      piece from q to the same end; the third stage splits P's text alone, and its match
 *      reaching r is `[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+`, starting at r or r - 1 (an unassigned
 *      code point as the prefix), running to the run's end from s and from q alike; its matches
 *      before s read at most text[r].
 * 2. The tokens. The byte-pair encoding of a piece is the only token sequence in which every
 *    neighbouring pair is one merging leaves apart (rust-gems `bpe`; backtrack.ts). So the prefix of
 *    an encoding up to a token boundary c is the encoding of the bytes before c, the rest is the
 *    encoding of the bytes after, and any sequence that passes the pair test is the encoding. Let X
 *    be the piece's bytes so far (n of them) and L the longest token's length. Whatever the piece
 *    becomes, the boundaries of its encoding step down by at most L bytes, so they include some j in
 *    (n - L, n], and below j they are those of X[0, j)'s own encoding. Take c, a boundary of X's
 *    encoding, with `before` the token ending there: if for every such j the encoder finds tokens for
 *    X[c, j) that follow `before` (backtrack.ts with `before`), then X[0, c)'s encoding plus those
 *    passes the pair test, so it is X[0, j)'s encoding and c is a boundary of it: c is a boundary of
 *    the final piece's encoding, and its token count is that of the bytes before c plus that of the
 *    bytes after. With more than L bytes on both sides neither part can be one whole token (which
 *    the tokenizer would count as 1 without merging), so counting text[0, q) and text[q, …) gives it.
 * When no c passes (it does, a few tokens back, on any text measured), the piece is held as before.
 */

/** How the cut reaches the tokenizer: its pieces, its bytes and its backtracking encoder. */
export interface PieceEngine {
  /** Where the last pre-tokenizer piece of `text` starts. */
  lastPieceStart(text: string): number;
  /** The UTF-8 bytes of text[start, end) into `out` (3 bytes per unit of room); returns how many. */
  utf8(text: string, out: Uint8Array, start: number, end: number): number;
  /** The backtracking encoder, loaded for a piece of `length` bytes; undefined when there is none. */
  encoder(length: number):
    | {
        encode(bytes: Uint8Array, length: number, before?: number): number;
        tokens(): Int32Array;
        lengthOf(token: number): number;
      }
    | undefined;
  /** The longest token, in bytes. */
  readonly longest: number;
}

/** A run class (see above); `pieceOk(text, s, q)` is the condition on the piece text[s, …) some need. */
interface RunClass {
  readonly inRun: RegExp;
  readonly pieceOk?: (text: string, start: number, cut: number) => boolean;
}

/** The letters and marks of DeepSeek's second stage, `[一-龥぀-ゟ゠-ヿ]+` (see 1). */
const DEEPSEEK_CJK = /(?=[\p{L}\p{M}])[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]/u;
const DEEPSEEK_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const LETTER: readonly RunClass[] = [{ inRun: /\p{L}/u }];
const LOWER_LIKE: readonly RunClass[] = [
  { inRun: /\p{Ll}/u },
  { inRun: /[\p{Lm}\p{Lo}]/u, pieceOk: (text, start, cut) => !/\p{Ll}/u.test(text.slice(start, cut)) },
];

/** Each family's run classes, by tokenizer id (the patterns they rest on are pinned by a unit test). */
const FAMILIES: Readonly<Record<string, readonly RunClass[]>> = {
  cl100k_base: LETTER,
  "llama-3": LETTER,
  // Qwen's letter and contraction alternatives are Llama 3's ("'ſ" too, a letter after an apostrophe).
  "qwen-3": LETTER,
  p50k_base: LETTER,
  r50k_base: LETTER,
  o200k_base: LOWER_LIKE,
  "mistral-tekken": LOWER_LIKE,
  "deepseek-v3": [
    { inRun: /[A-Za-z]/, pieceOk: (text, start) => !DEEPSEEK_PUNCTUATION.includes(text[start] as string) },
    { inRun: DEEPSEEK_CJK },
  ],
};

/**
 * Tried once pending text has grown by this many characters without a cut (a try costs ~2 encodings
 * of the text plus ~128 short ones, so not too often)…
 */
let STEP = 256 * 1024;

/** For tests: try every `step` characters instead, so that small texts are cut too. */
export function setLongPieceStep(step: number): void {
  STEP = step;
}
/** …looking this many bytes further back than the longest token for a boundary all chains meet at. */
const SLACK = 96;
/** Boundaries tried per attempt, from the latest back. */
const TRIES = 4;

const UTF8_LENGTH = (code: number) => (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);

/** The families whose pattern splits lower- from upper-case letters (lastCaseBoundary). */
const CASE_SPLIT = new Set(["o200k_base", "mistral-tekken"]);

/**
 * The `lastCut` of a byte-level BPE tokenizer's streams, one per stream: the later of the last letter
 * boundary (letter-boundary.ts) and a cut between digit groups (lastDigitGroupCut), else for o200k_base and tekken the last lower/upper-case boundary, else a
 * cut inside the long piece that ends the text (longPieceCutter), else -1.
 */
export function bpeCuts(id: string, engine: PieceEngine): () => (text: string, from: number) => number {
  const long = longPieceCutter(id, engine);
  const cased = CASE_SPLIT.has(id);
  const group = DIGIT_GROUP[id];
  return () => {
    const inPiece = long?.();
    return (text, from) => {
      const letter = lastLetterBoundary(text, from);
      const digits = group ? lastDigitGroupCut(text, group) : -1;
      if (letter > 0 || digits > 0) return Math.max(letter, digits);
      const caseCut = cased ? lastCaseBoundary(text, from) : -1;
      if (caseCut > 0) return caseCut;
      return inPiece ? inPiece(text) : -1;
    };
  };
}

/**
 * A cut for cutCountStream/cutEncodeStream (one per stream: it remembers when it last tried) inside
 * the long piece that ends the text, or -1; undefined for a tokenizer whose pattern it has no proof
 * for.
 */
export function longPieceCutter(
  id: string,
  engine: PieceEngine,
): (() => (text: string) => number) | undefined {
  const found = FAMILIES[id];
  if (!found) return undefined;
  const classes: readonly RunClass[] = found;
  let bytes = new Uint8Array(0);
  return () => {
    let nextTry = STEP;
    let lastLength = 0;
    return (text) => {
      // The stream cut `text` down since the last call: count from its new length.
      if (text.length < lastLength) nextTry = text.length + STEP;
      lastLength = text.length;
      if (text.length < nextTry) return -1;
      const cut = cutInRun(text);
      // A failed try is retried once the text has doubled: the time stays linear in the text.
      nextTry = cut > 0 ? text.length - cut + STEP : 2 * text.length;
      return cut;
    };
  };

  function cutInRun(text: string): number {
    const { longest } = engine;
    const end = text.length;
    if (end < 2) return -1;
    const last = String.fromCodePoint(text.codePointAt(end - (insidePair(text, end - 1) ? 2 : 1)) as number);
    const runClass = classes.find((candidate) => candidate.inRun.test(last));
    if (!runClass) return -1;
    const { inRun, pieceOk } = runClass;
    // The run's last characters: enough for the window of boundaries, plus 3 before it (the run
    // must be at least 3 long before any cut, see 1).
    let window = end;
    let windowBytes = 0;
    while (windowBytes <= longest + SLACK + 4) {
      const at = window - (insidePair(text, window - 1) ? 2 : 1);
      if (at < 0) return -1;
      const code = text.codePointAt(at) as number;
      if (isHighSurrogate(code) || isLowSurrogate(code) || !inRun.test(String.fromCodePoint(code))) return -1;
      windowBytes += UTF8_LENGTH(code);
      window = at;
    }
    for (let i = 0, at = window; i < 3; i++) {
      at -= insidePair(text, at - 1) ? 2 : 1;
      if (at < 0 || !inRun.test(String.fromCodePoint(text.codePointAt(at) as number))) return -1;
    }
    const start = engine.lastPieceStart(text);
    if (start >= window) return -1;
    if (bytes.length < (end - start) * 3) bytes = new Uint8Array((end - start) * 3 + 4096);
    const n = engine.utf8(text, bytes, start, end);
    const encoder = engine.encoder(n);
    if (!encoder) return -1;
    // Boundaries of X's encoding in [n - L - SLACK, n - L), each at a character's first byte and more
    // than L bytes into the piece, with the token that ends there.
    const candidates: [number, number][] = [];
    const count = encoder.encode(bytes, n);
    const tokens = encoder.tokens();
    for (let i = count - 1, at = n; i >= 0 && at > n - longest - SLACK; i--) {
      const token = tokens[i] as number;
      at -= encoder.lengthOf(token);
      const before = tokens[i - 1];
      if (at >= n - longest || at <= longest || before === undefined) continue;
      if (((bytes[at] as number) & 0xc0) !== 0x80) candidates.push([at, before]);
      if (candidates.length === TRIES) break;
    }
    for (const [c, before] of candidates) {
      const rest = bytes.subarray(c);
      let meets = true;
      for (let j = n; j > n - longest && meets; j--) meets = encoder.encode(rest, j - c, before) >= 0;
      if (!meets) continue;
      const cut = indexOfByte(text, end, n, c);
      return !pieceOk || pieceOk(text, start, cut) ? cut : -1;
    }
    return -1;
  }
}

/** The index in `text` of the character at byte `c`, counting back from `end`, which is byte `n`. */
function indexOfByte(text: string, end: number, n: number, c: number): number {
  let at = end;
  while (n > c) {
    at -= insidePair(text, at - 1) ? 2 : 1;
    n -= UTF8_LENGTH(text.codePointAt(at) as number);
  }
  return at;
}

/**
 * o200k_base's and tekken's patterns also split letters where a lower-case letter meets an upper- or
 * title-case one: the last such p ≥ from (or -1). The piece holding text[p - 1] is a letter
 * alternative whose lower-case part (`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`, which an upper-case letter ends
 * exactly as the end of the text does) or o200k's contraction, which needs an apostrophe, ends at p;
 * nothing before p reads text[p], so pieces before p are those of text[0, p), and those from p are
 * those of text[p, …) (no pattern looks behind).
 */
export function lastCaseBoundary(text: string, from: number): number {
  for (let p = text.length - 1; p >= Math.max(from, 1); p--) {
    const code = text.charCodeAt(p);
    if (
      code < 0x80
        ? code >= 0x41 && code <= 0x5a
        : UPPER.test(String.fromCodePoint(text.codePointAt(p) as number))
    ) {
      const before = text.charCodeAt(p - 1);
      if (before < 0x80 ? before >= 0x61 && before <= 0x7a : isLowerBefore(text, p)) return p;
    }
  }
  return -1;
}

const UPPER = /[\p{Lu}\p{Lt}]/u;
const LOWER = /\p{Ll}/u;

function isLowerBefore(text: string, p: number): boolean {
  const unit = text.charCodeAt(p - 1);
  const code = isLowSurrogate(unit) && p >= 2 ? (text.codePointAt(p - 2) as number) : unit;
  return LOWER.test(String.fromCodePoint(code));
}

/**
 * The families whose digits are matched only by `\p{N}{1,3}` (tekken and qwen-3: `\p{N}`) — in their patterns
 * (pinned by a unit test) no other alternative takes a \p{N}, for DeepSeek in its first, isolating
 * stage — with that group's width.
 */
const DIGIT_GROUP: Readonly<Record<string, number>> = {
  o200k_base: 3,
  cl100k_base: 3,
  "llama-3": 3,
  "deepseek-v3": 3,
  "mistral-tekken": 1,
  "qwen-3": 1,
};

/**
 * A cut between two groups of the run of \p{N} that ends the text (issue 18, item 10: 20 MB of
 * digits were one held run, 280 MB), or -1. With the run starting at r (text[r - 1] no \p{N}): no
 * alternative takes a \p{N}, so the pieces before r end by r and read at most text[r] (a failed
 * letter or punctuation alternative, `\s+(?!\S)`'s look-ahead); from r the run is matched greedily
 * `group` characters at a time, so a piece ends at q = r + k·group characters ≤ the run's end, from
 * the whole text and from text[0, q) alike, and the pieces from q are those of text[q, …) (no pattern
 * looks behind). Counts and tokens are sums over pieces. The cut leaves at least one character of the
 * run after it, so the run is scanned again only from there.
 */
export function lastDigitGroupCut(text: string, group: number): number {
  const end = text.length;
  let r = end;
  let characters = 0;
  for (;;) {
    if (r === 0) break;
    const unit = text.charCodeAt(r - 1);
    if (unit >= 0x30 && unit <= 0x39) r--;
    else if (unit < 0x80) break;
    else {
      const code = codePointBefore(text, r);
      if (!NUMBER.test(String.fromCodePoint(code))) break;
      r -= code > 0xffff ? 2 : 1;
    }
    characters++;
  }
  const groups = Math.floor((characters - 1) / group);
  if (groups <= 0) return -1;
  let q = r;
  for (let k = groups * group; k > 0; k--) q += (text.codePointAt(q) as number) > 0xffff ? 2 : 1;
  return q;
}

const NUMBER = /\p{N}/u;
