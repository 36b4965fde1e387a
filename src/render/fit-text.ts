// Text measured and cut as a terminal shows it: colour codes take no room, East Asian wide
// characters take two columns. Used to fit tables and notes to the terminal's width.

/** How far the table views may reach on this output: the width, and whether bars are drawn. */
export interface TerminalLayout {
  /** Columns of the terminal (or COLUMNS when piped); undefined: unknown, nothing is fitted. */
  width?: number;
  /** Cost bars beside totals: only on a terminal that shows colour. */
  bars?: boolean;
}

// SGR sequences only: chalk writes nothing else, and printable() escapes every other control.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that starts a colour code
const ANSI = /\u001b\[[0-9;]*m/g;
let segmenter: Intl.Segmenter | undefined;
/** A text's graphemes. The segmenter is made on first use: making one took ~8 ms of every start-up. */
const graphemesOf = (text: string) => {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return segmenter.segment(text);
};
/**
 * Text whose every character is a grapheme of its own one column wide, so its width is its length:
 * printable ASCII and the Latin, punctuation, currency, arrow, maths and box-drawing characters the
 * reports use (–, ≈, ², …, →). None is wide, a mark, a control, or joins its neighbours into one
 * grapheme (test/unit/fit-width.test.ts checks each against the segmenter).
 */
const ONE_COLUMN_EACH =
  /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2070-\u20c0\u2100-\u22ff\u2500-\u257f]*$/;

/** Wide (two-column) code points: CJK, Hangul, full-width forms, most emoji (after UAX #11). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Columns one grapheme takes: 2 wide, 0 for a lone combining mark, else 1. */
function graphemeWidth(grapheme: string): number {
  const code = grapheme.codePointAt(0) ?? 0;
  if (isWide(code)) return 2;
  return /^\p{M}+$/u.test(grapheme) ? 0 : 1;
}

export const stripAnsi = (text: string) => text.replace(ANSI, "");

/** Columns one line of text takes on a terminal. */
export function displayWidth(line: string): number {
  const plain = stripAnsi(line);
  // Most cells are plain: segmenting them all took ~100 ms of `llmcost models` (634 rows).
  if (ONE_COLUMN_EACH.test(plain)) return plain.length;
  let width = 0;
  for (const { segment } of graphemesOf(plain)) width += graphemeWidth(segment);
  return width;
}

/** The widest line of a (multi-line) text. */
export const blockWidth = (text: string) => Math.max(0, ...text.split("\n").map(displayWidth));

/** A line's pieces: colour codes (no width) and graphemes (with theirs). */
function pieces(line: string): { text: string; width: number }[] {
  const out: { text: string; width: number }[] = [];
  let last = 0;
  for (const match of line.matchAll(ANSI)) {
    for (const { segment } of graphemesOf(line.slice(last, match.index)))
      out.push({ text: segment, width: graphemeWidth(segment) });
    out.push({ text: match[0], width: 0 });
    last = match.index + match[0].length;
  }
  for (const { segment } of graphemesOf(line.slice(last)))
    out.push({ text: segment, width: graphemeWidth(segment) });
  return out;
}

/** The first `width` columns of a plain text (no colour codes), and how many columns they take. */
export function headOf(text: string, width: number): string {
  let out = "";
  let used = 0;
  for (const { segment } of graphemesOf(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/** The last `width` columns of a plain text. */
export function tailOf(text: string, width: number): string {
  const graphemes = [...graphemesOf(text)].map(({ segment }) => segment);
  let out = "";
  let used = 0;
  for (let i = graphemes.length - 1; i >= 0; i--) {
    const g = graphemes[i] as string;
    const w = graphemeWidth(g);
    if (used + w > width) break;
    out = g + out;
    used += w;
  }
  return out;
}

/**
 * Each line of `text` cut at spaces into lines of at most `width` columns (a word longer than that
 * is cut where it must); continuation lines start with `indent`. Colour codes are kept and take no
 * room: a terminal keeps a colour across a line break.
 */
export function wrapText(text: string, width: number, indent = ""): string {
  const room = Math.max(1, width);
  return text
    .split("\n")
    .map((line) => wrapLine(line, room, indent.length < room ? indent : ""))
    .join("\n");
}

function wrapLine(line: string, width: number, indent: string): string {
  if (displayWidth(line) <= width) return line;
  const lines: string[] = [];
  let current: { text: string; width: number }[] = [];
  let used = 0;
  for (const piece of pieces(line)) {
    if (used + piece.width > width && piece.width > 0) {
      if (piece.text === " ") {
        lines.push(joined(current));
        current = indentPieces(indent);
        used = indent.length;
        continue;
      }
      // Back to the last space, if this line has one after its indent; else cut the word here.
      let space = -1;
      for (let i = current.length - 1; i >= 0; i--)
        if (current[i]?.text === " " && i >= indent.length) {
          space = i;
          break;
        }
      const start = lines.length > 0 ? indent.length : 0;
      if (space > start) {
        lines.push(joined(current.slice(0, space)));
        current = [...indentPieces(indent), ...current.slice(space + 1)];
      } else {
        lines.push(joined(current));
        current = indentPieces(indent);
      }
      used = current.reduce((sum, p) => sum + p.width, 0);
    }
    current.push(piece);
    used += piece.width;
  }
  lines.push(joined(current));
  return lines.join("\n");
}

const joined = (pieces: { text: string }[]) =>
  pieces
    .map((p) => p.text)
    .join("")
    .replace(/ +$/, "");
const indentPieces = (indent: string) => [...indent].map((text) => ({ text, width: 1 }));

/**
 * Every line of a view wider than the terminal wrapped at spaces (with a two-space hanging indent),
 * tables' lines left as they are: they are fitted column by column before. Unchanged when the
 * width is unknown.
 */
export function fitLines(text: string, layout: TerminalLayout | undefined): string {
  const width = layout?.width;
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((line) => (/^[┌│├└]/.test(stripAnsi(line)) ? line : wrapText(line, width, "  ")))
    .join("\n");
}
