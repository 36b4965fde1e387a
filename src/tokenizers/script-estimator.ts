import type { Tokenizer } from "./types.js";

/**
 * What the script-aware estimator counts in a text, in the order `scriptFeatures` returns them.
 * "…Chars" count UTF-16 code units of a class; "…Runs" count maximal runs of a class group, which is
 * what word-level merges in a BPE vocabulary track.
 */
export const SCRIPT_FEATURES = [
  "lowerLetters",
  "upperLetters",
  "latinWords",
  "caseChanges",
  "accentedLetters",
  "accentedWords",
  "digits",
  "digitRuns",
  "spaces",
  "multiSpaceRuns",
  "newlines",
  "otherWhitespace",
  "punctuation",
  "punctuationRuns",
  "cyrillicLetters",
  "cyrillicWords",
  "greekLetters",
  "greekWords",
  "arabicLetters",
  "arabicWords",
  "hebrewLetters",
  "hebrewWords",
  "devanagariLetters",
  "devanagariWords",
  "otherIndicLetters",
  "otherIndicWords",
  "thaiLetters",
  "thaiWords",
  "otherLetters",
  "otherWords",
  "cjkIdeographs",
  "kana",
  "cjkRuns",
  "hangul",
  "hangulWords",
  "cjkPunctuation",
  "otherSymbols",
  "astral",
] as const;

export type ScriptFeature = (typeof SCRIPT_FEATURES)[number];

/** The features that count characters of one class (the others count runs or case changes). */
export const CHARACTER_FEATURES = [
  "lowerLetters",
  "upperLetters",
  "accentedLetters",
  "digits",
  "spaces",
  "newlines",
  "otherWhitespace",
  "punctuation",
  "cyrillicLetters",
  "greekLetters",
  "arabicLetters",
  "hebrewLetters",
  "devanagariLetters",
  "otherIndicLetters",
  "thaiLetters",
  "otherLetters",
  "cjkIdeographs",
  "kana",
  "hangul",
  "cjkPunctuation",
  "otherSymbols",
  "astral",
] as const satisfies readonly ScriptFeature[];

export type CharacterFeature = (typeof CHARACTER_FEATURES)[number];

/**
 * The most characters of each class that one token of the proxy's vocabulary holds, measured by
 * scripts/calibrate.mjs. A text with n characters of a class needs at least n / max tokens, whatever
 * the fitted coefficients say: the estimator never returns less (docs/calibration.md, "Floor").
 */
export type MaxCharsPerToken = Readonly<Record<CharacterFeature, number>>;

/**
 * Tokens per unit of each feature, fitted per family by scripts/calibrate.mjs, and the proxy
 * vocabulary's maxima that floor the estimate.
 */
export type ScriptCoefficients = Readonly<Record<ScriptFeature, number>> & {
  readonly maxCharsPerToken?: MaxCharsPerToken;
};

// Character classes. A low surrogate has no class: the high surrogate before it stands for the
// whole code point, so a pair split across two strings still counts once.
const C = {
  None: 0,
  Lower: 1,
  Upper: 2,
  Accented: 3,
  Digit: 4,
  Space: 5,
  Newline: 6,
  OtherWhitespace: 7,
  Punctuation: 8,
  Cyrillic: 9,
  Greek: 10,
  Arabic: 11,
  Hebrew: 12,
  Devanagari: 13,
  OtherIndic: 14,
  Thai: 15,
  OtherLetter: 16,
  Ideograph: 17,
  Kana: 18,
  Hangul: 19,
  CjkPunctuation: 20,
  OtherSymbol: 21,
  Astral: 22,
  AstralIdeograph: 23,
} as const;
const CLASS_COUNT = Object.keys(C).length;

// Classes that continue each other's runs: a Latin word may mix cases and accents; Chinese and
// Japanese text runs through ideographs and kana.
const G = {
  None: 0,
  Latin: 1,
  Digit: 2,
  Punctuation: 3,
  Cyrillic: 4,
  Greek: 5,
  Arabic: 6,
  Hebrew: 7,
  Devanagari: 8,
  OtherIndic: 9,
  Thai: 10,
  OtherLetter: 11,
  Cjk: 12,
  Hangul: 13,
  Other: 14,
} as const;
const GROUP_COUNT = Object.keys(G).length;
const GROUP_OF = new Uint8Array(CLASS_COUNT);
GROUP_OF[C.Lower] = GROUP_OF[C.Upper] = GROUP_OF[C.Accented] = G.Latin;
GROUP_OF[C.Digit] = G.Digit;
GROUP_OF[C.Punctuation] = G.Punctuation;
GROUP_OF[C.Cyrillic] = G.Cyrillic;
GROUP_OF[C.Greek] = G.Greek;
GROUP_OF[C.Arabic] = G.Arabic;
GROUP_OF[C.Hebrew] = G.Hebrew;
GROUP_OF[C.Devanagari] = G.Devanagari;
GROUP_OF[C.OtherIndic] = G.OtherIndic;
GROUP_OF[C.Thai] = G.Thai;
GROUP_OF[C.OtherLetter] = G.OtherLetter;
GROUP_OF[C.Ideograph] = GROUP_OF[C.Kana] = GROUP_OF[C.AstralIdeograph] = G.Cjk;
GROUP_OF[C.Hangul] = G.Hangul;
GROUP_OF[C.Space] = GROUP_OF[C.Newline] = GROUP_OF[C.OtherWhitespace] = G.Other;
GROUP_OF[C.CjkPunctuation] = GROUP_OF[C.OtherSymbol] = GROUP_OF[C.Astral] = G.Other;

const CLASS_OF = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000).fill(C.OtherSymbol);
  const set = (from: number, to: number, cls: number) => table.fill(cls, from, to + 1);
  set(0x00, 0x7f, C.Punctuation);
  set(0x61, 0x7a, C.Lower);
  set(0x41, 0x5a, C.Upper);
  set(0x30, 0x39, C.Digit);
  set(0x00, 0x1f, C.OtherWhitespace);
  table[0x20] = C.Space;
  table[0x0a] = C.Newline;
  table[0x7f] = C.OtherWhitespace;
  table[0xa0] = C.OtherWhitespace;
  set(0xc0, 0x24f, C.Accented);
  table[0xd7] = C.OtherSymbol;
  table[0xf7] = C.OtherSymbol;
  set(0x250, 0x2af, C.Accented); // IPA
  set(0x300, 0x36f, C.Accented); // combining marks, as in decomposed accents
  set(0x1e00, 0x1eff, C.Accented);
  set(0x370, 0x3ff, C.Greek);
  set(0x1f00, 0x1fff, C.Greek);
  set(0x400, 0x52f, C.Cyrillic);
  set(0x530, 0x58f, C.OtherLetter); // Armenian
  set(0x590, 0x5ff, C.Hebrew);
  set(0xfb1d, 0xfb4f, C.Hebrew);
  set(0x600, 0x8ff, C.Arabic); // with Syriac, Thaana, N'Ko…
  set(0xfb50, 0xfdff, C.Arabic);
  set(0xfe70, 0xfeff, C.Arabic);
  set(0x900, 0x97f, C.Devanagari);
  set(0x980, 0xdff, C.OtherIndic); // Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam…
  set(0xe00, 0x1dff, C.OtherLetter); // Lao, Tibetan, Myanmar, Georgian, Ethiopic, Khmer…
  set(0xe00, 0xe7f, C.Thai);
  set(0xa000, 0xabff, C.OtherLetter);
  set(0x1100, 0x11ff, C.Hangul);
  set(0x3130, 0x318f, C.Hangul);
  set(0xac00, 0xd7af, C.Hangul);
  set(0x3000, 0x303f, C.CjkPunctuation);
  set(0xff00, 0xffef, C.CjkPunctuation);
  set(0x3040, 0x30ff, C.Kana);
  set(0x31f0, 0x31ff, C.Kana);
  set(0xff66, 0xff9f, C.Kana);
  set(0x3400, 0x4dbf, C.Ideograph);
  set(0x4e00, 0x9fff, C.Ideograph);
  set(0xf900, 0xfaff, C.Ideograph);
  table[0x3000] = C.OtherWhitespace;
  set(0x2000, 0x200a, C.OtherWhitespace);
  set(0xd800, 0xdbff, C.Astral);
  set(0xd840, 0xd8bf, C.AstralIdeograph); // planes 2-3: CJK extensions
  set(0xdc00, 0xdfff, C.None);
  return table;
}

/** The features of `text`, in `SCRIPT_FEATURES` order, in one pass over its UTF-16 code units. */
export function scriptFeatures(text: string): Float64Array {
  const scanner = new ScriptScanner();
  scanner.write(text);
  return scanner.features();
}

/**
 * Counts features over text given in pieces; the run state carries across pieces, so the features
 * of a stream are exactly those of the whole text.
 */
export class ScriptScanner {
  private readonly chars = new Float64Array(CLASS_COUNT);
  private readonly runs = new Float64Array(GROUP_COUNT);
  private caseChanges = 0;
  private multiSpaceRuns = 0;
  private accentedWords = 0;
  private wordAccented = false;
  private prevClass: number = C.None;
  private prevGroup: number = G.None;
  private spaceRun = 0;

  write(text: string): void {
    const { chars, runs } = this;
    // Locals in the loop, written back once: a hot loop over fields is slower.
    let { caseChanges, multiSpaceRuns, accentedWords, wordAccented, prevClass, prevGroup, spaceRun } = this;
    for (let i = 0; i < text.length; i++) {
      const cls = CLASS_OF[text.charCodeAt(i)] as number;
      if (cls === C.None) continue;
      chars[cls] = (chars[cls] as number) + 1;
      const group = GROUP_OF[cls] as number;
      if (group !== prevGroup) runs[group] = (runs[group] as number) + 1;
      if (cls === C.Upper && prevClass === C.Lower) caseChanges++;
      if (group !== G.Latin) wordAccented = false;
      else if (cls === C.Accented && !wordAccented) {
        wordAccented = true;
        accentedWords++;
      }
      if (cls === C.Space) {
        if (++spaceRun === 2) multiSpaceRuns++;
      } else spaceRun = 0;
      prevClass = cls;
      prevGroup = group;
    }
    this.caseChanges = caseChanges;
    this.multiSpaceRuns = multiSpaceRuns;
    this.accentedWords = accentedWords;
    this.wordAccented = wordAccented;
    this.prevClass = prevClass;
    this.prevGroup = prevGroup;
    this.spaceRun = spaceRun;
  }

  features(): Float64Array {
    const { chars, runs, caseChanges, multiSpaceRuns, accentedWords } = this;
    const at = (values: Float64Array, index: number) => values[index] as number;
    return Float64Array.of(
      at(chars, C.Lower),
      at(chars, C.Upper),
      at(runs, G.Latin),
      caseChanges,
      at(chars, C.Accented),
      accentedWords,
      at(chars, C.Digit),
      at(runs, G.Digit),
      at(chars, C.Space),
      multiSpaceRuns,
      at(chars, C.Newline),
      at(chars, C.OtherWhitespace),
      at(chars, C.Punctuation),
      at(runs, G.Punctuation),
      at(chars, C.Cyrillic),
      at(runs, G.Cyrillic),
      at(chars, C.Greek),
      at(runs, G.Greek),
      at(chars, C.Arabic),
      at(runs, G.Arabic),
      at(chars, C.Hebrew),
      at(runs, G.Hebrew),
      at(chars, C.Devanagari),
      at(runs, G.Devanagari),
      at(chars, C.OtherIndic),
      at(runs, G.OtherIndic),
      at(chars, C.Thai),
      at(runs, G.Thai),
      at(chars, C.OtherLetter),
      at(runs, G.OtherLetter),
      at(chars, C.Ideograph) + at(chars, C.AstralIdeograph),
      at(chars, C.Kana),
      at(runs, G.Cjk),
      at(chars, C.Hangul),
      at(runs, G.Hangul),
      at(chars, C.CjkPunctuation),
      at(chars, C.OtherSymbol),
      at(chars, C.Astral),
    );
  }
}

function linearModel(features: Float64Array, coefficients: ScriptCoefficients): number {
  let sum = 0;
  for (let i = 0; i < SCRIPT_FEATURES.length; i++)
    sum += (features[i] as number) * coefficients[SCRIPT_FEATURES[i] as ScriptFeature];
  return sum;
}

const CHARACTER_FEATURE_INDEX = CHARACTER_FEATURES.map((feature) => SCRIPT_FEATURES.indexOf(feature));

/**
 * The fewest tokens a vocabulary with these maxima can spend on text with these features:
 * Σ over classes of characters / most characters per token, rounded up. Any non-empty text (other
 * than lone low surrogates) gets at least 1.
 */
export function scriptFloor(features: Float64Array, maxCharsPerToken: MaxCharsPerToken): number {
  let sum = 0;
  for (let k = 0; k < CHARACTER_FEATURES.length; k++)
    sum +=
      (features[CHARACTER_FEATURE_INDEX[k] as number] as number) /
      maxCharsPerToken[CHARACTER_FEATURES[k] as CharacterFeature];
  // The tolerance keeps a sum such as 3 × (1/3) from rounding up to 2.
  return Math.max(0, Math.ceil(sum - 1e-9));
}

/**
 * An estimate for a family whose tokenizer is not public: a linear model over script-aware features,
 * never below the floor that the proxy vocabulary's longest tokens allow (see docs/calibration.md).
 * Counts are non-negative integers, 0 for "" and at least 1 for any other text; both the model and
 * the floor are functions of the feature counts, so a stream counts exactly as the whole text.
 */
export function createScriptEstimator(id: string, coefficients: ScriptCoefficients): Tokenizer {
  const { maxCharsPerToken } = coefficients;
  const estimate = (features: Float64Array) =>
    Math.max(
      0,
      Math.round(linearModel(features, coefficients)),
      maxCharsPerToken ? scriptFloor(features, maxCharsPerToken) : 0,
    );
  return {
    id,
    exact: false,
    countedWith: id,
    method: "estimated from the text's scripts (docs/calibration.md)",
    count: (text) => estimate(scriptFeatures(text)),
    stream() {
      const scanner = new ScriptScanner();
      return {
        write: (chunk) => scanner.write(chunk),
        end: () => estimate(scanner.features()),
      };
    },
  };
}
