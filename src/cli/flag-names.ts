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
  cachedRatio: "--cached-ratio",
  tokenizer: "--tokenizer",
};

const flagOf = (option: string) => (Object.hasOwn(FLAG_FOR, option) ? FLAG_FOR[option] : undefined);

/** A library option's error as the CLI says it; any other error as it is. */
export function inFlagTerms<E>(error: E): E {
  if (error instanceof LlmcostErrors) return new LlmcostErrors(error.errors.map(inFlagTerms)) as E;
  if (!(error instanceof LlmcostError) || error.option === undefined) return error;
  const flag = flagOf(error.option);
  if (flag === undefined) return error;
  const reason = error.reason.replace(/`([A-Za-z]+)`/g, (quoted, name: string) => flagOf(name) ?? quoted);
  return new LlmcostError(error.kind, flag + error.subject.slice(error.option.length), reason) as E;
}
