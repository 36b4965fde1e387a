/** What `llmcost estimate` prices when no model or provider is named: one or two per provider. */
export const DEFAULT_MODELS: readonly string[] = ["gpt-4o", "gpt-4o-mini"];
