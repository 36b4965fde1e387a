import { homedir } from "node:os";
import { basename, isAbsolute, join } from "node:path";
import {
  type CalibrationProfile,
  calibrationOf,
  type Calibration as LoadedCalibration,
  PROBE_TEXT,
  parseProfile,
} from "../core/calibration-profile.js";
import { LlmcostError, outputError } from "../errors.js";
import type { Tokenizer } from "../tokenizers/types.js";
import { readNamedFile } from "./read-named-file.js";
import { replaceFileAtomic, targetProblem } from "./write-file.js";

type Env = Readonly<Record<string, string | undefined>>;

/** A profile larger than this is not one of ours. */
const MAX_PROFILE_BYTES = 256 * 1024;

/** Tokenizer ids that name a profile file: registry ids, never paths, specs or module URLs. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The user's configuration directory: $XDG_CONFIG_HOME, else ~/.config (relative values are ignored, per the XDG spec). */
export function configHome(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) return xdg;
  return join(env.HOME || homedir(), ".config");
}

/** Where `llmcost calibrate` keeps the profile of an estimator: <config home>/llmcost/calibration/<id>.json. */
export function profilePath(env: Env, tokenizer: string): string | undefined {
  if (!SAFE_ID.test(tokenizer)) return undefined;
  return join(configHome(env), "llmcost", "calibration", `${tokenizer}.json`);
}

/** A loaded profile, or why the file was ignored (one line for a warning). */
export type ProfileRead =
  | { profile: CalibrationProfile; calibration: LoadedCalibration }
  | { ignored: string }
  | undefined;

/**
 * Reads and checks the profile at `path` for `tokenizer`: undefined when there is none, `ignored`
 * with the reason when it cannot be used (unreadable, not JSON, a field out of range).
 */
export async function readProfile(path: string, tokenizer: string): Promise<ProfileRead> {
  const text = await readSmallFile(path, MAX_PROFILE_BYTES);
  if (text === undefined) return undefined;
  if (typeof text !== "string") return { ignored: text.error };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ignored: "not JSON" };
  }
  const parsed = parseProfile(json, tokenizer);
  if ("invalid" in parsed) return { ignored: parsed.invalid };
  return { profile: parsed, calibration: calibrationOf(parsed, path) };
}

/**
 * The profiles of the given estimators (tokenizers that are not exact) from the user's config
 * directory, by tokenizer id, with a warning per profile that is there but cannot be used: invalid,
 * or made with another version of the estimator (its count of PROBE_TEXT differs). The library's
 * way to the CLI's calibration: pass `profiles` as `calibration` to planEstimate.
 */
export async function readCalibrationProfiles(
  tokenizers: Iterable<Tokenizer>,
  env: Env = process.env,
): Promise<{ profiles: Map<string, LoadedCalibration>; warnings: { subject: string; reason: string }[] }> {
  const profiles = new Map<string, LoadedCalibration>();
  const warnings: { subject: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const tokenizer of tokenizers) {
    if (tokenizer.exact || seen.has(tokenizer.id)) continue;
    seen.add(tokenizer.id);
    const path = profilePath(env, tokenizer.id);
    if (path === undefined) continue;
    const read = await readProfile(path, tokenizer.id);
    if (read === undefined) continue;
    if ("ignored" in read)
      warnings.push({ subject: path, reason: `not a valid calibration profile (${read.ignored}); ignored` });
    else if (read.profile.estimatorProbe !== tokenizer.count(PROBE_TEXT))
      warnings.push({
        subject: path,
        reason: `made with another version of the ${tokenizer.id} estimator; ignored (run llmcost calibrate again)`,
      });
    else profiles.set(tokenizer.id, read.calibration);
  }
  return { profiles, warnings };
}

/**
 * The directories `llmcost calibrate` may make for a profile: llmcost/calibration under the config
 * home, when the profile goes to its default place; none for a path given with --profile.
 */
export const profileDirectories = (env: Env, path: string): string[] => {
  const home = configHome(env);
  const own = [join(home, "llmcost"), join(home, "llmcost", "calibration")];
  return path === join(own[1] as string, basename(path)) ? own : [];
};

/** Fails (exit 74) before any request is sent when the profile could not be written at `path`. */
export async function checkProfileTarget(path: string, directories: readonly string[]): Promise<void> {
  const problem = await targetProblem(path, directories);
  if (problem) throw outputError(path, problem);
}

/** Saves a profile whole or not at all (see replaceFileAtomic), making only `directories` if missing. */
export async function writeProfile(
  path: string,
  profile: CalibrationProfile,
  directories: readonly string[],
): Promise<void> {
  await replaceFileAtomic(path, `${JSON.stringify(profile, null, 2)}\n`, { createDirectories: directories });
}

/** A file's text if it is a regular file of at most `maxBytes`; undefined when absent; else why not. */
async function readSmallFile(
  path: string,
  maxBytes: number,
): Promise<string | { error: string } | undefined> {
  try {
    return await readNamedFile(path, { maxBytes, kind: "a calibration profile", optional: true });
  } catch (error) {
    if (error instanceof LlmcostError) return { error: error.reason };
    throw error;
  }
}
