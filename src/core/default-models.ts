/**
 * What `llmcost estimate` prices when no model or provider is named: a short set across providers,
 * by alias where one exists so that it follows the provider's current snapshot. Every one is on sale,
 * with no announced retirement, on the newest `checked` date of the shipped prices (a test enforces
 * it): gpt-4o and gpt-4o-mini left the set when their retirement (2027-01-14) was announced.
 */
export const DEFAULT_MODELS: readonly string[] = [
  "gpt-6-luna",
  "gpt-6-sol",
  "claude-sonnet-5-5",
  "gemini-4-hydrogen",
  "mistral-large",
  "deepseek-flash",
  "llama-3.3-70b",
];
