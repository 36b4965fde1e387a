import { posix } from "node:path";

/**
 * The starter `llmcost.config.json` that `llmcost init` writes: one rule per group of prompt-like
 * files found (each prompt directory, then the loose files of each prompt-like extension), all on the
 * models given. Pure: the files found and the models are the caller's.
 */

/** Where `$schema` points: the config schema of the llmcost installed next to the project, as the README shows it. */
export const CONFIG_SCHEMA_REF = "./node_modules/llmcost/schema/llmcost.config.schema.json";

/** Directory names taken as holding prompts: every file below the outermost one is priced. */
export const PROMPT_DIRECTORIES: ReadonlySet<string> = new Set([
  "prompts",
  "prompt",
  "system-prompts",
  "system_prompts",
  "instructions",
]);

/** Extensions of loose files taken as prompts, in the order their rules are written. */
export const PROMPT_EXTENSIONS: readonly string[] = [
  ".md",
  ".mdx",
  ".txt",
  ".prompt",
  ".prompty",
  ".j2",
  ".jinja",
  ".jinja2",
];

/**
 * Files with a prompt-like extension that are the project's paperwork, not text sent to a model
 * (README.md is kept: a project of prompts often describes them there). Left out by name, a `!` glob each.
 */
const PAPERWORK =
  /^(changelog|changes|history|license|licence|copying|notice|authors|contributors|contributing|code_of_conduct|security|requirements[\w.-]*|constraints|robots|cmakelists)\.[^.]+$/i;

/**
 * The share of each model's context window every file (with its output) may take: a limit that means
 * something whatever the prices (a prompt that no longer fits fails), and that a project's own prompts
 * pass. Money limits are the user's to set.
 */
export const STARTER_CONTEXT_SHARE = 0.8;

export interface StarterRule {
  name: string;
  paths: string[];
  maxContextShare: number;
  allowEmpty?: boolean;
}

export interface StarterConfig {
  $schema: string;
  models: string[];
  rules: StarterRule[];
}

/** A rule and how many of the files found it takes (for the summary `init` prints). */
export interface StarterGroup {
  rule: StarterRule;
  files: number;
}

/** Whether a directory's name marks it as holding prompts. */
export const isPromptDirectory = (name: string) => PROMPT_DIRECTORIES.has(name.toLowerCase());

/** Whether a file's name (outside a prompt directory) marks it as a prompt. */
export function isPromptFileName(name: string): boolean {
  return !name.startsWith(".") && PROMPT_EXTENSIONS.includes(posix.extname(name).toLowerCase());
}

/**
 * The rules for the files found (paths relative to the config's directory, "/"-separated, as `llmcost
 * check` matches its globs): a rule per outermost prompt directory (`prompts/**`), then a rule per
 * extension for the files outside them (`**\/*.md`, leaving out the prompt directories and paperwork
 * such as CHANGELOG.md). With nothing found, one rule for a `prompts/` directory yet to be written,
 * which passes while it is empty (allowEmpty).
 */
export function starterGroups(files: readonly string[]): StarterGroup[] {
  const directories = new Map<string, number>();
  const byExtension = new Map<string, { files: number; paperwork: string[] }>();
  for (const file of files) {
    const parts = file.split("/");
    const name = parts[parts.length - 1] ?? "";
    if (name.startsWith(".") || parts.slice(0, -1).some((part) => part.startsWith("."))) continue;
    const at = parts.slice(0, -1).findIndex(isPromptDirectory);
    if (at >= 0) {
      const directory = parts.slice(0, at + 1).join("/");
      directories.set(directory, (directories.get(directory) ?? 0) + 1);
      continue;
    }
    if (!isPromptFileName(name)) continue;
    // The glob matches the extension as written: `*.md` does not match README.MD.
    const extension = posix.extname(name);
    const group = byExtension.get(extension) ?? { files: 0, paperwork: [] };
    if (PAPERWORK.test(name)) group.paperwork.push(file);
    else group.files += 1;
    byExtension.set(extension, group);
  }
  const directoryList = [...directories.keys()].sort();
  const leaveOutDirectories = directoryList.map((directory) => `!${escapeGlob(directory)}/**`);
  const groups: StarterGroup[] = directoryList.map((directory) => ({
    rule: {
      name: `${directory}/`,
      paths: [`${escapeGlob(directory)}/**`],
      maxContextShare: STARTER_CONTEXT_SHARE,
    },
    files: directories.get(directory) ?? 0,
  }));
  const extensions = [...byExtension.keys()].sort(
    (a, b) => extensionRank(a) - extensionRank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const extension of extensions) {
    const group = byExtension.get(extension) as { files: number; paperwork: string[] };
    if (group.files === 0) continue;
    const glob = `**/*${escapeGlob(extension)}`;
    groups.push({
      rule: {
        name: `*${extension} files`,
        paths: [
          glob,
          ...leaveOutDirectories,
          ...group.paperwork.sort().map((file) => `!${escapeGlob(file)}`),
        ],
        maxContextShare: STARTER_CONTEXT_SHARE,
      },
      files: group.files,
    });
  }
  if (groups.length > 0) return groups;
  return [
    {
      rule: {
        name: "prompts/",
        paths: ["prompts/**"],
        maxContextShare: STARTER_CONTEXT_SHARE,
        allowEmpty: true,
      },
      files: 0,
    },
  ];
}

/** The config `llmcost init` writes. */
export function starterConfig(models: readonly string[], groups: readonly StarterGroup[]): StarterConfig {
  return { $schema: CONFIG_SCHEMA_REF, models: [...models], rules: groups.map((group) => group.rule) };
}

function extensionRank(extension: string): number {
  const index = PROMPT_EXTENSIONS.indexOf(extension.toLowerCase());
  return index < 0 ? PROMPT_EXTENSIONS.length : index;
}

/** A path as a glob matching just itself: picomatch's special characters escaped with a backslash. */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@\\]/g, "\\$&");
}
