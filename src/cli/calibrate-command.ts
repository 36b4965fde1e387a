import { homedir } from "node:os";
import { resolve } from "node:path";
import type { Command, Option } from "commander";
import { defaultTokenizers } from "../api.js";
import {
  type CalibrationProfile,
  isScale,
  PROBE_TEXT,
  PROFILE_VERSION,
  SCALE_RANGE,
} from "../core/calibration-profile.js";
import { CHUNK_BYTES, sampleChunks } from "../core/calibration-sample.js";
import { fitProfile } from "../core/profile-fit.js";
import { findModel } from "../core/select-models.js";
import { LlmcostErrors, noInputError, serviceError, usageError } from "../errors.js";
import {
  checkProfileTarget,
  profileDirectories,
  profilePath,
  writeProfile,
} from "../io/calibration-profile.js";
import { ENDPOINTS } from "../io/count-api.js";
import { countClient } from "../io/count-client.js";
import { streamInputs } from "../io/read-inputs.js";
import type { Model } from "../pricing/types.js";
import { displayPath, renderCalibrationJson, renderCalibrationTable } from "../render/calibration.js";
import { measureSamples } from "./calibrate-measure.js";
import { catalogFor, runDate } from "./catalog.js";
import { type CliIO, type CommandResult, cwdOf, stdinUnusable, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { format, PRICING_FILES, QUIET, WALK } from "./option-groups.js";
import {
  commanderOptions,
  type FlagsOf,
  grouped,
  mandatory,
  valueOption,
  withDefault,
} from "./option-records.js";
import { parsePath, parseWholeNumber } from "./parse-values.js";
import { layoutFor } from "./terminal.js";

/** More requests than this would be a load test, not a sample. */
const MAX_REQUESTS = 1000;

const CALIBRATE_OPTIONS = {
  model: grouped(
    "models",
    mandatory(valueOption("-m, --model <id>", "the model whose counting endpoint measures the estimate")),
  ),
  maxRequests: withDefault(
    valueOption(
      "--max-requests <n>",
      `requests of your text to send, at most (1 to ${MAX_REQUESTS})`,
      (value) => {
        const n = parseWholeNumber("--max-requests", value);
        if (n < 1 || n > MAX_REQUESTS)
          throw usageError("--max-requests", `expected 1 to ${MAX_REQUESTS}, got ${value}`);
        return n;
      },
    ),
    50,
  ),
  profile: valueOption(
    "--profile <file>",
    "where to save the profile (default: $XDG_CONFIG_HOME/llmcost/calibration/<tokenizer>.json)",
    parsePath("--profile"),
  ),
  pricing: PRICING_FILES,
  format: format(["table", "json"]),
  ...WALK,
  ...QUIET,
};

type CalibrateFlags = FlagsOf<typeof CALIBRATE_OPTIONS>;

/** The options of `llmcost calibrate`, declared once: they drive commander, the flags' type and docs/commands/calibrate.md's table. */
export const calibrateOptions = (): Option[] => commanderOptions(CALIBRATE_OPTIONS);

/** Registers `llmcost calibrate [paths...] -m MODEL`. */
export function registerCalibrate(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const command = program
    .command("calibrate")
    .description(
      "measure a model's token estimate against its provider's free counting endpoint on your files, and save a profile that estimate then applies",
    )
    .argument(
      "[paths...]",
      "files or directories to sample; - reads stdin (the default when stdin is piped)",
    );
  for (const option of calibrateOptions()) command.addOption(option);
  command.action(async (paths: string[], flags: CalibrateFlags) => {
    done(await runCalibrate(paths, flags, io, flags.quiet ? () => {} : warn));
  });
}

async function runCalibrate(
  paths: string[],
  flags: CalibrateFlags,
  io: CliIO,
  warn: Warn,
): Promise<CommandResult> {
  const unusable = paths.length === 0 ? stdinUnusable(io) : undefined;
  if (unusable)
    throw usageError("calibrate", `no input (${unusable}): name files or directories, or pipe text in`);
  if (paths.filter((path) => path === "-").length > 1) throw usageError("-", "stdin can be read only once");
  const date = runDate(io);
  const catalog = await catalogFor({ pricing: flags.pricing }, io);
  const model = findModel(catalog, flags.model, date);
  const target = endpointFor(model, io);
  const path =
    flags.profile === undefined
      ? (profilePath(io.env, model.tokenizer) as string)
      : resolve(cwdOf(io), flags.profile);
  const directories = flags.profile === undefined ? profileDirectories(io.env, path) : [];
  // Everything that can stop the run stops it before any text leaves the machine.
  await checkProfileTarget(path, directories);

  const inputs = await readSamples(paths.length > 0 ? paths : ["-"], flags, io, warn);
  const chunks = sampleChunks(inputs, flags.maxRequests);
  if (chunks.length === 0) throw noInputError("calibrate", "no text to sample (every input is empty)");
  const tokenizer = await defaultTokenizers().load(model.tokenizer);
  const client = countClient({ ...target, model: model.id }, io.net);
  const measured = await measureSamples(client, tokenizer, chunks, {
    stderr: io.stderr,
    quiet: flags.quiet ?? false,
    warn,
    provider: model.provider,
  });
  const fit = fitProfile(measured.samples);
  if (!fit) throw serviceError(client.url, "no sample had a count above the framing; no profile written");
  for (const scale of [fit.scale, ...Object.values(fit.scales)])
    if (!isScale(scale))
      throw serviceError(
        client.url,
        `the counts are ${scale.toFixed(2)} × the estimate, outside ${SCALE_RANGE.min}–${SCALE_RANGE.max}: not this estimator's kind of text; no profile written`,
      );
  const profile: CalibrationProfile = {
    version: PROFILE_VERSION,
    tokenizer: model.tokenizer,
    model: model.id,
    provider: model.provider,
    created: date,
    samples: fit.used,
    bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
    framing: measured.framing,
    scale: fit.scale,
    scales: fit.scales,
    estimatorProbe: tokenizer.count(PROBE_TEXT),
    error: { method: fit.method, before: fit.before, after: fit.after },
  };
  await writeProfile(path, profile, directories);
  const stdout =
    flags.format === "json"
      ? renderCalibrationJson(profile, path)
      : renderCalibrationTable(profile, displayPath(path, io.env.HOME || homedir()), layoutFor("auto", io));
  return { stdout, exitCode: EXIT.ok };
}

/** The counting endpoint for a model, with its key and base URL; a usage error when there is none. */
function endpointFor(model: Model, io: Pick<CliIO, "env">) {
  const exact = defaultTokenizers().isExact(model.tokenizer);
  if (exact === true)
    throw usageError(
      model.id,
      `is counted exactly (${model.tokenizer}): there is nothing to calibrate (estimated: Claude, Gemini, …)`,
    );
  if (exact === undefined || profilePath(io.env, model.tokenizer) === undefined)
    throw usageError(model.id, `its tokenizer ${model.tokenizer} is not one of llmcost's estimators`);
  const endpoint = ENDPOINTS[model.provider];
  if (!endpoint) {
    const known = Object.keys(ENDPOINTS).join(" and ");
    throw usageError(
      model.id,
      `${model.provider} has no token-counting endpoint (calibrate works with ${known} models)`,
    );
  }
  const key = endpoint.keyVariables.map((name) => io.env[name]).find(Boolean);
  if (!key)
    throw usageError(
      endpoint.keyVariables.join(" or "),
      `not set: calibrate needs a ${model.provider} API key to send samples of your text to its counting endpoint`,
    );
  const base = (io.env[endpoint.baseVariable] || endpoint.defaultBase).replace(/\/+$/, "");
  return { provider: model.provider, endpoint, key, base };
}

/**
 * The inputs, as estimate finds them (directories walked, binary and ignored files skipped), keeping
 * of each no more text than the sample could use, so a large corpus is streamed, not held.
 */
async function readSamples(operands: string[], flags: CalibrateFlags, io: CliIO, warn: Warn) {
  const keep = flags.maxRequests * CHUNK_BYTES;
  const inputs: { source: string; text: string }[] = [];
  const result = await streamInputs(
    operands,
    io.stdin,
    (source) => {
      let text = "";
      return {
        write(chunk) {
          if (text.length >= keep) return;
          text += chunk.slice(0, keep - text.length);
          // A cut between the two halves of a surrogate pair would leave half a character.
          if (text.length >= keep && /[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
        },
        end() {
          inputs.push({ source, text });
        },
      };
    },
    { follow: flags.follow, ignore: flags.ignore, cwd: cwdOf(io) },
  );
  for (const warning of result.warnings) warn(warning.subject, warning.reason);
  if (result.errors.length > 0) throw new LlmcostErrors(result.errors);
  return inputs;
}
