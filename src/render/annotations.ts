/**
 * GitHub Actions workflow commands (`::error file=…,title=…::message`), escaped as GitHub's own
 * toolkit escapes them (actions/toolkit, packages/core/src/command.ts): in the message, `%`, CR and
 * LF become %25, %0D, %0A; in property values, `:` and `,` also become %3A and %2C. So a message
 * is always one line and a value never ends its property early.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */

/** A message (the data after `::`). */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A property value (`file=…`, `title=…`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** One workflow command line, without the newline; properties with an undefined value are left out. */
export function workflowCommand(
  command: "error" | "warning" | "notice",
  properties: Record<string, string | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(",");
  return `::${command}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

/** The title of every llmcost annotation. */
export const ANNOTATION_TITLE = "llmcost budget";

/** A budget failure: at a file when it concerns one (a per-file limit), else for the whole run. */
export interface BudgetAnnotation {
  file?: string;
  message: string;
}

/** `::error file=<path>,title=llmcost budget::<message>` (no `file=` for a failure of the whole run). */
export function budgetErrorLine(annotation: BudgetAnnotation): string {
  return workflowCommand("error", { file: annotation.file, title: ANNOTATION_TITLE }, annotation.message);
}
