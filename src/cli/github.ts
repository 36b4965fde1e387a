import { appendFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { outputError } from "../errors.js";
import { STDIN_SOURCE } from "../io/read-inputs.js";
import { type BudgetAnnotation, budgetErrorLine } from "../render/annotations.js";
import { type CliIO, type CommandResult, cwdOf } from "./context.js";

export const ANNOTATION_MODES = ["github", "none"] as const;
export type AnnotationMode = (typeof ANNOTATION_MODES)[number];

/** GitHub reporting is on with --annotations github, or on GitHub Actions unless --annotations none. */
export function githubReporting(mode: AnnotationMode | undefined, env: CliIO["env"]): boolean {
  return mode === undefined ? env.GITHUB_ACTIONS === "true" : mode === "github";
}

/**
 * A file as GitHub wants it in `file=`: relative to the repository ($GITHUB_WORKSPACE, when the file
 * is in it; else as named) and with `/`. Stdin has no file.
 */
export function annotationFile(
  source: string | undefined,
  io: Pick<CliIO, "env" | "cwd">,
): string | undefined {
  if (source === undefined || source === STDIN_SOURCE) return undefined;
  const workspace = io.env.GITHUB_WORKSPACE;
  let path = source;
  if (workspace) {
    const inside = relative(workspace, resolve(cwdOf(io), source));
    if (inside && !inside.startsWith("..") && !isAbsolute(inside)) path = inside;
  }
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * On GitHub Actions (see githubReporting): one `::error` line per budget failure, then the report
 * appended to $GITHUB_STEP_SUMMARY when that variable is set.
 *
 * The lines go to stderr, not stdout: stdout is the report, which may be piped (`-f json | jq`,
 * `-f markdown > comment.md`), and a workflow command in it would corrupt it. GitHub's docs say the
 * commands are "sent to the runner over stdout", but the runner reads both streams for them: its
 * ScriptHandler gives stdout and stderr each an OutputManager with the ActionCommandManager
 * (actions/runner, src/Runner.Worker/Handlers/ScriptHandler.cs), so an `::error` line on stderr
 * becomes an annotation too, as on stdout.
 *
 * The summary is appended, never truncated: other steps write to the same file. A summary that
 * cannot be written is a failed write (exit 74, beating the verdict), but only once the report is
 * out: it comes back as `afterOutput`, for the command's result, and the run reports it after stdout.
 */
export async function reportToGitHub(
  io: Pick<CliIO, "env" | "stderr">,
  mode: AnnotationMode | undefined,
  annotations: readonly BudgetAnnotation[],
  summary: () => string,
): Promise<Pick<CommandResult, "afterOutput">> {
  if (!githubReporting(mode, io.env)) return {};
  for (const annotation of annotations) io.stderr.write(`${budgetErrorLine(annotation)}\n`);
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return {};
  try {
    // A blank line first, so the report never runs into what an earlier step left unfinished.
    await appendFile(file, `\n${summary()}`, { encoding: "utf8", flag: "a" });
    return {};
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      afterOutput: outputError(
        "$GITHUB_STEP_SUMMARY",
        `cannot append the summary to ${file} (${code ? (REASONS[code] ?? code) : String(error)})`,
      ),
    };
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "no such directory",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  ENOSPC: "No space left on device",
};
