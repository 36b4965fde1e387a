import { printable } from "./format.js";

/**
 * GitHub-flavoured markdown for pull-request comments and step summaries: stable (no timestamps,
 * no colour, a fixed order), so that two runs on the same text print the same bytes.
 */

/**
 * Text that markdown must not read as markup: backslash-escapes the ASCII punctuation that starts
 * emphasis, links, code, HTML, entities, strikethrough, math (`$`) or ends a table cell (`|`).
 * Control characters are shown as escapes, so a line never breaks.
 */
export function mdText(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>|~$&#]/g, (c) => `\\${c}`);
}

/**
 * A name (file, model, rule, revision) as a code span: nothing in it is markup and GitHub does not
 * turn @names or #numbers in it into links. The fence is longer than any run of backticks inside;
 * in a table cell, `|` is escaped as `\|`, which GFM unescapes inside code spans too.
 */
export function mdCode(text: string, inTable = true): string {
  let shown = printable(text);
  if (inTable) shown = shown.replaceAll("|", "\\|");
  if (shown === "") return "` `";
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = shown.startsWith("`") || shown.endsWith("`") || /^ .* $/.test(shown) ? " " : "";
  return `${fence}${pad}${shown}${pad}${fence}`;
}

export type MdAlign = "left" | "right";

/** A GFM table; cells are markdown already (escape them with mdText or mdCode). */
export function mdTable(
  head: readonly string[],
  align: readonly MdAlign[],
  rows: readonly string[][],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = head.map((_, i) => (align[i] === "right" ? "---:" : "---"));
  return [line(head), line(rule), ...rows.map(line)].join("\n");
}

/** Lines of notes as a list. */
export const mdList = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join("\n");

/** Sections separated by a blank line, with one newline at the end. */
export const mdDocument = (sections: readonly string[]) => `${sections.filter(Boolean).join("\n\n")}\n`;
