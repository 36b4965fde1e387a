import { posix, relative, resolve, sep } from "node:path";
import type { Picomatch } from "picomatch";

/**
 * What a list of globs (relative to `base`, the config's directory) selects, in the terms of
 * planInputs: the directories to walk (each glob's part before its first wildcard, named relative to
 * `cwd` as paths are shown) and the test a path found there must pass (ReadOptions.select). The walk
 * is estimate's: links not followed, .gitignore honoured, each file once. The globs are matched as
 * tinyglobby matched them before (picomatch, dot files only when named, "!glob" leaves out).
 */
export async function globSelection(
  globs: readonly string[],
  base: string,
  cwd: string,
): Promise<{
  roots: string[];
  select: (source: string) => boolean;
  descend: (directory: string) => boolean;
}> {
  // Loaded on first use: only `llmcost check` needs it.
  const { default: picomatch } = (await import("picomatch")) as unknown as { default: Picomatch };
  const options = { dot: false, posix: true, windows: false };
  const isNegation = (glob: string) => glob.startsWith("!") && !glob.startsWith("!(");
  const included = globs.filter((glob) => !isNegation(glob));
  const excluded = globs.filter(isNegation).map((glob) => glob.slice(1));
  const matches = picomatch(included, options);
  const leftOut = excluded.length > 0 ? picomatch(excluded, options) : () => false;
  // A root inside another is walked with it.
  const starts = [
    // The base as a path: scan keeps a glob's escapes (`my \[old\]`), which no directory is named by.
    ...new Set(
      included.map((glob) =>
        posix.normalize(picomatch.scan(glob, options).base.replace(/\\(.)/g, "$1") || "."),
      ),
    ),
  ];
  const inside = (a: string, b: string) => b === "." || a === b || a.startsWith(`${b}/`);
  const roots = starts
    .filter((root) => !starts.some((other) => other !== root && inside(root, other)))
    .sort()
    .map((root) => relative(cwd, resolve(base, root)) || ".");
  const top = resolve(base);
  const fromTop = (source: string) => toPosix(relative(top, resolve(cwd, source)));
  const select = (source: string) => {
    const path = fromTop(source);
    return matches(path) && !leftOut(path);
  };
  // Each glob by path segment, to tell which directories can hold a match: `prompts/*.md` has nothing
  // to find in prompts/sub/, `*.md` nothing below the top. A brace holding a "/" is not cut up.
  const bySegment = included.map((glob) =>
    /\{[^}]*\//.test(glob)
      ? undefined
      : glob
          .split("/")
          .filter((segment) => segment !== "" && segment !== ".")
          .map((segment) => (segment === "**" ? "**" : picomatch(segment, options))),
  );
  const descend = (directory: string) => {
    const parts = fromTop(directory).split("/");
    return bySegment.some((segments) => {
      if (!segments) return true;
      for (const [i, part] of parts.entries()) {
        const segment = segments[i];
        if (segment === "**") return true;
        if (!segment?.(part)) return false;
      }
      return parts.length < segments.length;
    });
  };
  return { roots, select, descend };
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
