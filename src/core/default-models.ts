/**
 * What `llmcost estimate` prices when no model or provider is named: a short set across providers,
 * by alias where one exists so that it follows the provider's current snapshot.
 */
export const DEFAULT_MODELS: readonly string[] = [
  "gpt-4o-mini",
  "gpt-4o",
  "gpt-6-sol",
  "claude-sonnet-5-5",
  "gemini-4-hydrogen",
  "mistral-large",
  "deepseek-flash",
  "llama-3.3-70b",
];
