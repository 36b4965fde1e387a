import { isCalendarDate } from "../pricing/validate.js";
import type { ErrorBand, Tokenizer } from "../tokenizers/types.js";
import { isCount, isObject } from "./json-shape.js";
import type { CalibrationRef, ModelResult } from "./types.js";

/** Version of the calibration profile document (`llmcost calibrate`). */
export const PROFILE_VERSION = 1;

/** A scale outside this range says the counts measured were not this estimator's kind of text. */
export const SCALE_RANGE = { min: 0.2, max: 5 } as const;

/** Kinds of text a profile may fit apart, told by the file's extension. */
export const TEXT_KINDS = ["prose", "code", "json", "other"] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

const EXTENSIONS: Readonly<Record<string, TextKind>> = Object.fromEntries([
  ...["md", "markdown", "mdx", "txt", "text", "rst", "adoc", "asciidoc", "org", "tex"].map((e) => [
    e,
    "prose",
  ]),
  ...["json", "jsonl", "ndjson", "geojson", "jsonc", "json5"].map((e) => [e, "json"]),
  ...[
    ...["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "py", "pyi", "rb", "go", "rs", "java", "kt"],
    ...["kts", "scala", "swift", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "fs", "php", "pl", "pm"],
    ...["lua", "r", "jl", "dart", "ex", "exs", "erl", "hs", "ml", "clj", "sh", "bash", "zsh", "fish", "ps1"],
    ...["sql", "css", "scss", "sass", "less", "html", "htm", "vue", "svelte", "astro", "zig", "nim", "sol"],
  ].map((e) => [e, "code"]),
]);

/**
 * The kind of text a source holds, by its extension; undefined for stdin and unnamed texts, which
 * take a profile's overall scale.
 */
export function kindOf(source: string): TextKind | undefined {
  if (source.startsWith("<") || /^input-\d+$/.test(source)) return undefined;
  const name = source.slice(Math.max(source.lastIndexOf("/"), source.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "other";
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? "other";
}

/** Mean and worst relative error of counts against the vendor's, over some samples. */
export interface ErrorSummary {
  samples: number;
  mean: number;
  worst: number;
}

/** Errors over all samples and per kind of text. */
export interface ErrorTable {
  overall: ErrorSummary;
  byKind: Partial<Record<TextKind, ErrorSummary>>;
}

/** What `llmcost calibrate` saves: one estimator's scale to the user's text, and how it was measured. */
export interface CalibrationProfile {
  version: typeof PROFILE_VERSION;
  /** The estimator's tokenizer id: one profile serves every model counted with it. */
  tokenizer: string;
  /** The model whose counting endpoint answered, and its provider. */
  model: string;
  provider: string;
  /** The run's date, YYYY-MM-DD. */
  created: string;
  samples: number;
  bytes: number;
  /** Tokens the endpoint adds to every request (message framing), subtracted from each answer. */
  framing: number;
  /** Vendor text tokens ÷ estimator tokens, over every sample. */
  scale: number;
  /** The same per kind of text, for kinds with enough samples; others take `scale`. */
  scales: Partial<Record<TextKind, number>>;
  /** The estimator's count of PROBE_TEXT when the profile was made: a different count means another estimator. */
  estimatorProbe: number;
  /** Errors before and after the scale; `after` is scored on samples the scale was not fitted on. */
  error: { method: string; before: ErrorTable; after: ErrorTable };
}

/** A profile loaded for an estimate: its scales, and what the report says about it. */
export interface Calibration {
  scale: number;
  scales: Partial<Record<TextKind, number>>;
  ref: CalibrationRef;
  /** The calibrated count's spread, from the profile's held-out worst error (replaces the estimator's own). */
  band?: ErrorBand;
  /** The same per kind of text that has its own scale. */
  bands: Partial<Record<TextKind, ErrorBand>>;
}

/** Counted by an estimator when a profile is made and when it is used: a mixed text of every kind. */
export const PROBE_TEXT = [
  "The quarterly report, due on 12 March, says revenue grew 14% (to $3.2M) while costs held flat.",
  "function total(items) { return items.reduce((sum, { price }) => sum + price * 1.2, 0); }",
  '{"id": 4021, "tags": ["alpha", "beta"], "ok": true, "ratio": 0.75}',
  "Über die Brücke gingen wir schnell; 東京は今日も晴れです。 Привет, мир!",
].join("\n");

/** The scale for one counted text: its kind's, else the overall one. */
export function scaleFor(calibration: Calibration, source: string): number {
  const kind = kindOf(source);
  return (kind === undefined ? undefined : calibration.scales[kind]) ?? calibration.scale;
}

/** An estimator's count for a text, calibrated: round(count × scale). */
export const calibratedCount = (count: number, scale: number) => Math.round(count * scale);

/**
 * One text's estimate scaled by a profile (its kind's scale and band, by the source's extension): the
 * count, and the tokenizer as the row describes it — still an estimate, its method saying calibrated.
 */
export function calibrateCount(
  tokenizer: Tokenizer,
  method: string,
  count: number,
  calibration: Calibration,
  source: string,
): { count: number; tokenizer: Tokenizer } {
  const band = bandFor(calibration, source) ?? tokenizer.band;
  return {
    count: calibratedCount(count, scaleFor(calibration, source)),
    tokenizer: {
      ...tokenizer,
      method: `${method}, calibrated to your text (llmcost calibrate)`,
      ...(band ? { band } : {}),
    },
  };
}

/** A calibrated part's profile carries into a total, with the band its counts were ranged with. */
export function calibrationFields(
  total: ModelResult,
  part: ModelResult,
): Pick<ModelResult, "calibratedWith" | "band"> {
  const calibrated = total.calibratedWith ? total : part.calibratedWith ? part : undefined;
  if (!calibrated) return {};
  return { calibratedWith: calibrated.calibratedWith, ...(calibrated.band ? { band: calibrated.band } : {}) };
}

/**
 * Checks a profile document read for `tokenizer`; returns it, or why it is not valid (the first
 * field wrong). Every number is checked, so a profile never yields NaN or negative tokens.
 */
export function parseProfile(value: unknown, tokenizer: string): CalibrationProfile | { invalid: string } {
  const bad = (invalid: string) => ({ invalid });
  if (!isObject(value)) return bad("not a JSON object");
  if (value.version !== PROFILE_VERSION) return bad(`version: expected ${PROFILE_VERSION}`);
  if (value.tokenizer !== tokenizer) return bad(`tokenizer: expected "${tokenizer}"`);
  for (const field of ["model", "provider"] as const)
    if (typeof value[field] !== "string" || value[field] === "") return bad(`${field}: expected a name`);
  if (typeof value.created !== "string" || !isCalendarDate(value.created))
    return bad("created: expected a date as YYYY-MM-DD");
  for (const field of ["samples", "bytes", "framing", "estimatorProbe"] as const)
    if (!isCount(value[field])) return bad(`${field}: expected a whole number ≥ 0`);
  if ((value.samples as number) < 1) return bad("samples: expected at least 1");
  if (!isScale(value.scale))
    return bad(`scale: expected a number from ${SCALE_RANGE.min} to ${SCALE_RANGE.max}`);
  if (!isObject(value.scales)) return bad("scales: expected an object");
  for (const [kind, scale] of Object.entries(value.scales)) {
    if (!(TEXT_KINDS as readonly string[]).includes(kind))
      return bad(`scales.${kind}: expected one of ${TEXT_KINDS.join(", ")}`);
    if (!isScale(scale))
      return bad(`scales.${kind}: expected a number from ${SCALE_RANGE.min} to ${SCALE_RANGE.max}`);
  }
  if (!isObject(value.error)) return bad("error: expected an object");
  for (const when of ["before", "after"] as const) {
    const overall = (value.error[when] as { overall?: Record<string, unknown> } | undefined)?.overall;
    for (const field of ["mean", "worst"] as const) {
      const share = overall?.[field];
      if (typeof share !== "number" || !Number.isFinite(share) || share < 0)
        return bad(`error.${when}.overall.${field}: expected a number ≥ 0`);
    }
  }
  return value as unknown as CalibrationProfile;
}

/** A valid profile as an estimate applies it, `path` being where it was read. */
export function calibrationOf(profile: CalibrationProfile, path: string): Calibration {
  const { after, method } = profile.error;
  const samples = `${profile.samples} sample${profile.samples === 1 ? "" : "s"}`;
  const against = `${samples} of your text, held out (llmcost calibrate, ${profile.created})`;
  // A band is only as good as what it was scored on: an error measured on the samples the scale was
  // fitted to, or on a handful of them, would claim a precision nobody measured. Such a profile
  // keeps the estimator's own band (its scale still applies).
  const trusted = method !== "in-sample" && profile.samples >= MIN_SAMPLES_FOR_BAND;
  const bands: Partial<Record<TextKind, ErrorBand>> = {};
  for (const kind of TEXT_KINDS) {
    const worst = after.byKind?.[kind]?.worst;
    if (trusted && profile.scales[kind] !== undefined && typeof worst === "number" && worst >= 0 && worst < 1)
      bands[kind] = bandOf(worst, against);
  }
  const worst = after.overall.worst;
  return {
    scale: profile.scale,
    scales: profile.scales,
    ref: { profile: path, created: profile.created, samples: profile.samples, model: profile.model },
    ...(trusted && worst < 1 ? { band: bandOf(worst, against) } : {}),
    bands,
  };
}

/** Fewer held-out samples than this say too little about the error to replace the shipped band. */
const MIN_SAMPLES_FOR_BAND = 8;
/** The narrowest spread a profile's band claims: a few samples' worst error understates the next file's. */
const MIN_SPREAD = 0.02;

/** |count − vendor| ≤ worst × vendor puts vendor ÷ count between 1/(1 + worst) and 1/(1 − worst). */
const bandOf = (measured: number, against: string): ErrorBand => {
  const worst = Math.max(measured, MIN_SPREAD);
  return { low: Math.floor(1e4 / (1 + worst)) / 1e4, high: Math.ceil(1e4 / (1 - worst)) / 1e4, against };
};

/** The band for one counted text: its kind's, else the overall one. */
export function bandFor(calibration: Calibration, source: string): ErrorBand | undefined {
  const kind = kindOf(source);
  return (kind === undefined ? undefined : calibration.bands[kind]) ?? calibration.band;
}

export const isScale = (value: unknown): boolean =>
  typeof value === "number" && Number.isFinite(value) && value >= SCALE_RANGE.min && value <= SCALE_RANGE.max;
