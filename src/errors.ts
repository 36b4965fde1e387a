/**
 * Errors a user can cause. Each kind maps to one documented exit code in src/cli/exit-codes.ts;
 * anything else that escapes is a bug and is reported with its stack.
 */
export type ErrorKind = "usage" | "data" | "no-input" | "output" | "service";

/** An expected failure, printed as one line: `llmcost: <subject>: <reason>`. */
export class LlmcostError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly subject: string,
    readonly reason: string,
    /**
     * The library option at fault, as the library names it (`date`, `models`), when the subject
     * starts with it: the CLI says it as its flag (src/cli/flag-names.ts).
     */
    readonly option?: string,
  ) {
    super(`${subject}: ${reason}`);
    this.name = "LlmcostError";
  }
}

/** Bad flag, bad value, unknown model. */
export const usageError = (subject: string, reason: string) => new LlmcostError("usage", subject, reason);
/**
 * A bad value of a library option (a usage error), named as the library names it: `outputTokens`,
 * or `models gpt-5x` with the value at fault. Other options the reason names are written `` `name` ``.
 */
export const optionError = (option: string, reason: string, value?: string) =>
  new LlmcostError("usage", value === undefined ? option : `${option} ${value}`, reason, option);
/** Invalid pricing data, a binary file named explicitly. */
export const dataError = (subject: string, reason: string) => new LlmcostError("data", subject, reason);
/** An input that is missing, unreadable or empty of files. */
export const noInputError = (subject: string, reason: string) =>
  new LlmcostError("no-input", subject, reason);
/** Writing the result failed. */
export const outputError = (subject: string, reason: string) => new LlmcostError("output", subject, reason);

/** A provider's endpoint failed: a rejected key, an answer that is not a count, no answer in time. */
export const serviceError = (subject: string, reason: string) => new LlmcostError("service", subject, reason);

/** Several failures at once (e.g. three unreadable inputs): every one is reported. */
export class LlmcostErrors extends Error {
  constructor(readonly errors: readonly LlmcostError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "LlmcostErrors";
  }
}

/** What a file that is neither regular nor a directory is, for a message refusing it ("is a pipe, not …"). */
export function specialKind(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stats.isFIFO()) return "a pipe";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "a special file";
}
