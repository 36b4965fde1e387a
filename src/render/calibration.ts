import { Chalk } from "chalk";
import {
  type CalibrationProfile,
  type ErrorSummary,
  TEXT_KINDS,
  type TextKind,
} from "../core/calibration-profile.js";
import type { CalibrationRef, ModelResult } from "../core/types.js";
import { type FitColumn, fitTable, wrapColumn } from "./fit-table.js";
import { fitLines, type TerminalLayout } from "./fit-text.js";
import { countOf, formatCount, formatPercentOf, printable } from "./format.js";

const PLAIN = new Chalk({ level: 0 });

/** `path` with the home directory written `~`, as people read paths. */
export function displayPath(path: string, home: string | undefined): string {
  if (!home) return path;
  const base = home.replace(/\/+$/, "");
  return path.startsWith(`${base}/`) ? `~${path.slice(base.length)}` : path;
}

/** The `llmcost calibrate --format json` document: the profile saved, and where. */
export function renderCalibrationJson(profile: CalibrationProfile, path: string): string {
  return `${JSON.stringify({ ...profile, profilePath: path }, null, 2)}\n`;
}

/** `llmcost calibrate`'s table: scale and error per kind of text, before and after, and where the profile went. */
export function renderCalibrationTable(
  profile: CalibrationProfile,
  shownPath: string,
  layout?: TerminalLayout,
): string {
  const { before, after, method } = profile.error;
  const rows: string[][] = [];
  const kinds = TEXT_KINDS.filter((kind) => before.byKind[kind] !== undefined);
  const scaleOf = (kind: TextKind) => profile.scales[kind];
  for (const kind of kinds) {
    const own = scaleOf(kind);
    rows.push([
      kind,
      formatCount(before.byKind[kind]?.samples ?? 0),
      own === undefined ? `×${scaleText(profile.scale)} (all)` : `×${scaleText(own)}`,
      errorText(before.byKind[kind]),
      errorText(after.byKind[kind]),
    ]);
  }
  if (kinds.length > 1)
    rows.push([
      "all",
      formatCount(before.overall.samples),
      `×${scaleText(profile.scale)}`,
      errorText(before.overall),
      errorText(after.overall),
    ]);
  const head = ["Text", "Samples", "Scale", "Error before (mean / worst)", "After (mean / worst)"];
  // On a narrow terminal the error columns' long titles wrap (not their figures), then the sample counts go.
  const columns: FitColumn[] = head.map((title, i) => {
    const cells = rows.map((row) => row[i] ?? "");
    const figures = Math.max(...cells.map((cell) => cell.length));
    const narrow = i >= 3 ? { narrow: wrapColumn(cells, figures, i - 2) } : {};
    return {
      head: title,
      align: i === 0 ? "left" : "right",
      cells,
      ...narrow,
      ...(i === 1 ? { drop: 3 } : {}),
    };
  });
  const lines = [
    `${printable(profile.tokenizer)} measured against ${profile.provider}'s token count for ${printable(profile.model)} on ${profile.created}`,
    fitTable(columns, { chalk: PLAIN, layout, compact: false }),
    `${countOf(profile.samples, "request")} of your text (${countOf(profile.bytes, "byte")}), after one pair measuring the framing: ${countOf(profile.framing, "token")} per request, taken off every count`,
    `Error: |estimate − vendor count| ÷ vendor count per sample; after: ${methodText(method)}`,
    `Saved ${shownPath}: estimate now scales ${printable(profile.tokenizer)} counts with it (--no-calibration ignores it)`,
  ];
  return fitLines(`${lines.join("\n")}\n`, layout);
}

/** The footer line of an estimate for each profile used: "claude calibrated with ~/… (50 samples, 2026-12-06)". */
export function calibrationNotes(results: readonly ModelResult[], home: string | undefined): string[] {
  const used = new Map<string, CalibrationRef>();
  for (const result of results) if (result.calibratedWith) used.set(result.tokenizer, result.calibratedWith);
  return [...used].map(
    ([tokenizer, ref]) =>
      `${tokenizer} calibrated with ${displayPath(ref.profile, home)} (${countOf(ref.samples, "sample")}, ${ref.created})`,
  );
}

const scaleText = (scale: number) => scale.toFixed(3);
// Errors are measured shares (floats): to a billionth, then the one percentage rule (a small error never reads 0%).
const percent = (share: number) => formatPercentOf(BigInt(Math.round(share * 1e9)), 1_000_000_000n);
const errorText = (error: ErrorSummary | undefined) =>
  error ? `${percent(error.mean)} / ${percent(error.worst)}` : "–";

function methodText(method: string): string {
  if (method === "leave-one-file-out")
    return "each file's samples scored with scales fitted on the other files";
  if (method === "leave-one-out") return "each sample scored with scales fitted on the others";
  return "scored on the sample it was fitted on (one sample: send more for an honest figure)";
}
