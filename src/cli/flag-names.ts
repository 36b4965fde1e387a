import { BILLING_FLAGS } from "../core/billing-compare.js";
import { LlmcostError, LlmcostErrors } from "../errors.js";

/**
 * The library's options (EstimateRequest) by the flags that set them. The library names what is
 * wrong in its own terms (`outputTokens: cannot be combined with `outputRatio``); the CLI says it
 * in the terms its user typed (`--output-tokens: cannot be combined with --output-ratio`).
 */
const FLAG_FOR: Readonly<Record<string, string>> = {
  models: "--model",
  providers: "--provider",
  all: "--all",
  date: "--as-of",
  outputTokens: "--output-tokens",
  outputRatio: "--output-ratio",
  reasoningTokens: "--reasoning-tokens",
  // --batch, --cached-ratio and the billing-unit flags: one list, which merge's refusals name too.
  ...BILLING_FLAGS,
  tokenizer: "--tokenizer",
  skipInvalid: "--skip-invalid",
  allowEmpty: "--allow-empty",
  strictUtf8: "--strict-utf8",
};

const flagOf = (option: string) => (Object.hasOwn(FLAG_FOR, option) ? FLAG_FOR[option] : undefined);

/**
 * Options that reading and counting name in reasons and warnings about an input (`skipInvalid`),
 * whose subject is a file, not an option: only these are mapped there, so a file's name in
 * backquotes is never taken for an option.
 */
const INPUT_OPTIONS = new Set(["skipInvalid", "allowEmpty", "strictUtf8"]);

/** A reason or warning about an input as the CLI says it: the input options it names as flags. */
export function reasonInFlagTerms(reason: string): string {
  return reason.includes("`")
    ? reason.replace(/`([A-Za-z0-9]+)`/g, (quoted, name: string) =>
        INPUT_OPTIONS.has(name) ? (flagOf(name) ?? quoted) : quoted,
      )
    : reason;
}

/** A library option's error as the CLI says it (and any error's reason naming an option); others as they are. */
export function inFlagTerms<E>(error: E): E {
  if (error instanceof LlmcostErrors) return new LlmcostErrors(error.errors.map(inFlagTerms)) as E;
  if (!(error instanceof LlmcostError)) return error;
  const flag = error.option === undefined ? undefined : flagOf(error.option);
  if (flag === undefined || error.option === undefined) {
    const reason = reasonInFlagTerms(error.reason);
    return (reason === error.reason ? error : new LlmcostError(error.kind, error.subject, reason)) as E;
  }
  const reason = error.reason.replace(/`([A-Za-z]+)`/g, (quoted, name: string) => flagOf(name) ?? quoted);
  return new LlmcostError(error.kind, flag + error.subject.slice(error.option.length), reason) as E;
}
