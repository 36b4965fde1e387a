/** llmcost as a library: the same estimate the CLI prints, as plain data. */
export {
  defaultTokenizers,
  type EstimateInputs,
  type EstimatePlan,
  type EstimateRequest,
  type EstimateWarning,
  estimate,
  estimateWith,
  findModel,
  loadCatalog,
  parseCachedRatio,
  planEstimate,
  selectModels,
  today,
} from "./api.js";
export { estimateFiles, type FileEstimate, type FileEstimateOptions } from "./api-files.js";
export type { Calibration } from "./core/calibration-profile.js";
export { countingPasses, countText, type InputCounter, startCount } from "./core/count.js";
export { DEFAULT_MODELS } from "./core/default-models.js";
export { computeEstimate } from "./core/estimate.js";
export { listModels, type ModelListing } from "./core/list-models.js";
export type { ModelSelection } from "./core/select-models.js";
export type {
  CountedInput,
  Estimate,
  InputSummary,
  InputText,
  ModelResult,
  OutputAssumption,
  Unavailable,
} from "./core/types.js";
export { LlmcostError, LlmcostErrors } from "./errors.js";
export { readCalibrationProfiles } from "./io/calibration-profile.js";
export type { PricingSources } from "./io/load-pricing.js";
export type { SkippedInput } from "./io/read-inputs.js";
export type { InputMode } from "./io/request-reader.js";
export { type Picodollars, toUsdNumber, toUsdString } from "./pricing/money.js";
export { priceAt } from "./pricing/price-at.js";
export type { Catalog, Model, PricePeriod, PriceTier } from "./pricing/types.js";
export { parseProviderFile } from "./pricing/validate.js";
export { renderCsv } from "./render/csv.js";
export { formatUsd } from "./render/format.js";
export { renderJson, toJsonReport } from "./render/json.js";
export { renderTable } from "./render/table.js";
export { countStream } from "./tokenizers/count-stream.js";
export { createTokenizerRegistry, DEFAULT_TOKENIZERS, type TokenizerSpec } from "./tokenizers/registry.js";
export type { CountStream, Tokenizer } from "./tokenizers/types.js";
