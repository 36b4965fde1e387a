import { computeEstimate } from "../../src/core/estimate.js";
import { selectModels } from "../../src/core/select-models.js";
import { testCatalog, wordTokenizer } from "./helpers.js";

const models = selectModels(
  testCatalog(),
  { models: ["acme-large", "acme-small", "bard-verse"] },
  [],
  "2026-11-27",
);
const tokenizers = new Map([
  ["words", wordTokenizer()],
  ["guess", wordTokenizer("guess", false)],
]);

/**
 * An estimate of the files on 2025-01-01 with 10 output tokens per request, for acme-large and
 * acme-small (exact word counts) and bard-verse (an estimate).
 */
export const estimateOf = (files: Record<string, string>) =>
  computeEstimate(
    Object.entries(files).map(([source, text]) => ({ source, text })),
    models,
    tokenizers,
    { date: "2025-01-01", output: { kind: "tokens", tokens: 10 } },
  );
