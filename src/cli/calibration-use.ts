import { homedir } from "node:os";
import type { EstimatePlan } from "../api.js";
import type { PricedInputs } from "../core/types.js";
import { readCalibrationProfiles } from "../io/calibration-profile.js";
import { calibrationNotes } from "../render/calibration.js";
import type { CliIO, Warn } from "./context.js";

/**
 * The plan with the calibration profiles (llmcost calibrate) of the estimators it counts with, read
 * from the user's config directory; `use` false (--no-calibration) leaves it as it is. A profile that
 * cannot be used is a warning, and the plain estimate stands.
 */
export async function withCalibration(
  plan: EstimatePlan,
  use: boolean,
  io: Pick<CliIO, "env">,
  warn: Warn,
): Promise<EstimatePlan> {
  if (!use) return plan;
  const { profiles, warnings } = await readCalibrationProfiles(plan.tokenizers.values(), io.env);
  for (const warning of warnings) warn(warning.subject, warning.reason);
  if (profiles.size === 0) return plan;
  return { ...plan, options: { ...plan.options, calibration: profiles } };
}

/** The priced inputs with a footer note per profile that scaled a count. */
export function withCalibrationNotes(priced: PricedInputs, io: Pick<CliIO, "env">): PricedInputs {
  const results = priced.inputs.flatMap((input) => input.results);
  const notes = calibrationNotes(results, io.env.HOME || homedir());
  return notes.length === 0 ? priced : { ...priced, notes: [...priced.notes, ...notes] };
}
