import {
  calibratedCount,
  type ErrorSummary,
  type ErrorTable,
  TEXT_KINDS,
  type TextKind,
} from "./calibration-profile.js";

/** One chunk measured: the estimator's count and the vendor's count of its text (framing taken off). */
export interface Sample {
  source: string;
  kind: TextKind;
  estimate: number;
  vendor: number;
}

/** A kind of text gets its own scale from this many samples; fewer take the overall scale. */
export const MIN_KIND_SAMPLES = 8;

export interface ProfileFit {
  scale: number;
  scales: Partial<Record<TextKind, number>>;
  before: ErrorTable;
  after: ErrorTable;
  /** How `after` was scored: "leave-one-file-out", "leave-one-out" or "in-sample". */
  method: string;
  /** Samples fitted on (those with a count of 0 on either side are left out). */
  used: number;
}

/**
 * Fits an estimator to the vendor's counts: the overall scale is Σ vendor ÷ Σ estimate (each token
 * weighs the same, so the scale is right for totals), and each kind of text with MIN_KIND_SAMPLES
 * samples gets its own. The error after is scored honestly: each sample is predicted with scales
 * fitted without its file (without itself when there is one file), so a scale is never scored on the
 * text it was fitted on. Undefined when no sample has counts on both sides.
 */
export function fitProfile(samples: readonly Sample[]): ProfileFit | undefined {
  const usable = samples.filter((s) => s.estimate > 0 && s.vendor > 0);
  if (usable.length === 0) return undefined;
  const all = sums(usable);
  const scales: Partial<Record<TextKind, number>> = {};
  for (const kind of TEXT_KINDS) {
    const own = sums(usable.filter((s) => s.kind === kind));
    if (own.n >= MIN_KIND_SAMPLES) scales[kind] = tidy(own.vendor / own.estimate);
  }
  const files = new Set(usable.map((s) => s.source)).size;
  const method = files >= 2 ? "leave-one-file-out" : usable.length >= 2 ? "leave-one-out" : "in-sample";
  const heldOut = (sample: Sample, index: number) => {
    const outside = (s: Sample, i: number) =>
      method === "leave-one-file-out" ? s.source !== sample.source : method === "in-sample" || i !== index;
    const rest = usable.filter(outside);
    const overall = sums(rest);
    const kind = sums(rest.filter((s) => s.kind === sample.kind));
    return kind.n >= MIN_KIND_SAMPLES ? kind.vendor / kind.estimate : overall.vendor / overall.estimate;
  };
  const before = usable.map((s) => relativeError(s.estimate, s.vendor));
  const after = usable.map((s, i) => relativeError(calibratedCount(s.estimate, heldOut(s, i)), s.vendor));
  return {
    scale: tidy(all.vendor / all.estimate),
    scales,
    before: errorTable(usable, before),
    after: errorTable(usable, after),
    method,
    used: usable.length,
  };
}

function sums(samples: readonly Sample[]) {
  let estimate = 0;
  let vendor = 0;
  for (const s of samples) {
    estimate += s.estimate;
    vendor += s.vendor;
  }
  return { n: samples.length, estimate, vendor };
}

const relativeError = (count: number, vendor: number) => Math.abs(count - vendor) / vendor;

function errorTable(samples: readonly Sample[], errors: readonly number[]): ErrorTable {
  const byKind: Partial<Record<TextKind, ErrorSummary>> = {};
  for (const kind of TEXT_KINDS) {
    const mine = errors.filter((_, i) => samples[i]?.kind === kind);
    if (mine.length > 0) byKind[kind] = summary(mine);
  }
  return { overall: summary(errors), byKind };
}

function summary(errors: readonly number[]): ErrorSummary {
  const total = errors.reduce((sum, e) => sum + e, 0);
  return {
    samples: errors.length,
    mean: round4(total / errors.length),
    worst: round4(Math.max(...errors)),
  };
}

/** A scale to 6 significant digits: what the profile stores is what estimates apply. */
const tidy = (scale: number) => Number(scale.toPrecision(6));
const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
