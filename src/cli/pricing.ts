import { resolve, sep } from "node:path";
import { type Command, Option } from "commander";
import { defaultTokenizers } from "../api.js";
import { comparePrices } from "../core/price-list-comparison.js";
import { matchModel } from "../core/select-models.js";
import { dataError, usageError } from "../errors.js";
import { fetchText } from "../io/fetch-text.js";
import { BUNDLED_PRICING_DIR } from "../io/load-pricing.js";
import { NAMED_FILE_CAPS, readNamedFile } from "../io/read-named-file.js";
import { checkOutputTarget, writeOutputFile } from "../io/write-file.js";
import { buildCatalog } from "../pricing/catalog.js";
import { convertLitellm, isLitellmList, KNOWN_REASON } from "../pricing/litellm.js";
import type { ProviderFile } from "../pricing/types.js";
import { isCalendarDate, parseProviderFile } from "../pricing/validate.js";
import { fitLines } from "../render/fit-text.js";
import { countOf, formatCount, plural } from "../render/format.js";
import { differText, renderComparison } from "../render/price-list-comparison.js";
import { catalogFor, runDate } from "./catalog.js";
import { type CliIO, type CommandResult, cwdOf, type Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { AS_OF, format } from "./option-groups.js";
import { commanderOptions } from "./option-records.js";
import { parseDecimal, parsePath, parseWholeInRange } from "./parse-values.js";
import { layoutFor } from "./terminal.js";

const LITELLM_SOURCE = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json";

/** Registers `llmcost pricing import|update|check`: maintaining price lists. */
export function registerPricing(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const pricing = program.command("pricing").description("import, update and check price lists");
  const importCommand = pricing
    .command("import")
    .description("convert a LiteLLM price file into an llmcost user pricing file")
    .argument("<file>", "LiteLLM's model_prices_and_context_window.json (its format is detected)")
    // The format is detected from the file; --from is still accepted, as scripts written before say it.
    .addOption(new Option("--from <format>", "the file's format (default: detected)").choices(["litellm"]))
    .addOption(new Option("-o, --out <file>", "write here instead of stdout").argParser(parsePath("--out")))
    .addOption(
      new Option("--source <url>", "the URL to record as each price's source").default(LITELLM_SOURCE),
    )
    .action(async (file: string, flags: ImportFlags) => {
      if (flags.out !== undefined) await checkOutputTarget(flags.out, cwdOf(io));
      const text = await readNamedFile(file, {
        kind: "a price list",
        maxBytes: NAMED_FILE_CAPS.pricing,
        cwd: cwdOf(io),
      });
      done(await importList(text, file, flags, io, warn));
    });
  for (const option of importOptions()) importCommand.addOption(option);
  const updateCommand = pricing
    .command("update")
    .description("download a price list (LiteLLM or llmcost format) into a user pricing file")
    .requiredOption("--from <url>", "http(s) URL of the price list")
    .addOption(
      new Option(
        "-o, --out <file>",
        "the user pricing file to write (use it with --pricing or LLMCOST_PRICING)",
      )
        .makeOptionMandatory()
        .argParser(parsePath("--out")),
    )
    .addOption(
      new Option("--timeout <seconds>", "give up after this long (1 to 3600)")
        .default(30)
        // Timers hold at most ~24.8 days; an hour is more than any price list needs.
        .argParser((value) => parseWholeInRange("--timeout", value, 1, 3600, " seconds")),
    )
    .action(async (flags: ImportFlags & { from: string; timeout: number }) => {
      // A list is not downloaded to be thrown away: where it goes is checked first.
      if (flags.out !== undefined) await checkOutputTarget(flags.out, cwdOf(io));
      const text = await fetchText(flags.from, flags.timeout * 1000);
      done(await importList(text, flags.from, { ...flags, source: flags.from }, io, warn));
    });
  for (const option of importOptions()) updateCommand.addOption(option);
  const checkCommand = pricing
    .command("check")
    .description("validate pricing files and list prices that differ from another list")
    .argument("[files...]", "user pricing files to validate with the catalogue")
    .addOption(
      new Option("--against <file>", "a price list to compare with (llmcost or LiteLLM format)").argParser(
        parsePath("--against"),
      ),
    )
    .addOption(
      new Option("--threshold <percent>", "report differences larger than this")
        .default("0")
        .argParser((v) => parseDecimal("--threshold", v, 1_000_000)),
    )
    .addOption(new Option("--strict", "exit 65 when any price differs by more than the threshold"));
  for (const option of commanderOptions({ asOf: AS_OF, format: format(["table", "json"]) }))
    checkCommand.addOption(option);
  checkCommand.action(
    async (
      files: string[],
      flags: { against?: string; threshold: string; asOf?: string; format: string; strict?: boolean },
    ) => {
      const catalog = await catalogFor({ pricing: files }, io);
      const date = flags.asOf ?? runDate(io);
      if (!flags.against) {
        const summary = `pricing: ${countOf(catalog.models.length, "model")} from ${countOf(catalog.providers.size, "provider")} ${plural(catalog.models.length, "is", "are")} valid\n`;
        return done({
          stdout:
            flags.format === "json"
              ? `${JSON.stringify({ valid: true, models: catalog.models.length })}\n`
              : summary,
          exitCode: EXIT.ok,
        });
      }
      const text = await readNamedFile(flags.against, {
        kind: "a price list",
        maxBytes: NAMED_FILE_CAPS.pricing,
        cwd: cwdOf(io),
      });
      const other = toProviderFile(text, flags.against, { source: flags.against, date });
      const comparison = comparePrices(catalog, other.models, date, Number(flags.threshold));
      const differ = flags.strict === true && comparison.differences.length > 0;
      if (differ) warn("pricing check", differText(comparison.differences.length, flags.threshold));
      done({
        // Lines wider than the terminal wrap under their start (see fitLines).
        stdout: fitLines(
          renderComparison(comparison, { date, threshold: flags.threshold, json: flags.format === "json" }),
          flags.format === "json" ? undefined : layoutFor("auto", io),
        ),
        exitCode: differ ? EXIT.data : EXIT.ok,
      });
    },
  );
}

/** Converts (or validates) a downloaded or local list and writes it, whole, to `out` or stdout. */
interface ImportFlags {
  out?: string;
  source?: string;
  checked?: string;
  includeKnown?: boolean;
  strict?: boolean;
}

/** Options shared by import and update: what to keep, and what to record as checked. */
const importOptions = () => [
  new Option(
    "--include-known",
    "also import models llmcost's catalogue already prices (replacing their history)",
  ),
  new Option(
    "--checked <date>",
    "the date the list was seen showing these prices (default: today)",
  ).argParser((value: string) => {
    if (!isCalendarDate(value))
      throw usageError("--checked", `expected a date as YYYY-MM-DD, got "${value}"`);
    return value;
  }),
  new Option(
    "--strict",
    "exit 65 on a LiteLLM entry that does not convert to a valid model (default: skip it with a note)",
  ),
];

/** Converts (or validates) a downloaded or local list and writes it, whole, to `out` or stdout. */
async function importList(text: string, label: string, flags: ImportFlags, io: CliIO, warn: Warn) {
  const { out } = flags;
  if (out !== undefined && resolve(out).startsWith(resolve(BUNDLED_PRICING_DIR) + sep)) {
    throw usageError(
      "--out",
      "llmcost never overwrites its shipped catalogue; write a user pricing file elsewhere",
    );
  }
  // By default only what the catalogue lacks: an import has no dates, so it would flatten a price history.
  const shipped = flags.includeKnown ? undefined : await catalogFor({}, io);
  const today = runDate(io);
  const isKnown = shipped ? (name: string) => matchModel(shipped, [name], today) !== undefined : undefined;
  const file = toProviderFile(
    text,
    label,
    {
      source: flags.source ?? label,
      date: runDate(io),
      checked: flags.checked,
      isKnown,
      strict: flags.strict,
    },
    warn,
  );
  const registry = defaultTokenizers();
  buildCatalog([], (id) => registry.has(id), [file]);
  const json = `${JSON.stringify(file.json, null, 2)}\n`;
  if (out === undefined) return { stdout: json, exitCode: EXIT.ok };
  await writeOutputFile(out, json, cwdOf(io));
  warn(
    out,
    `wrote ${countOf(file.models.length, "model")}; use it with --pricing ${out} or LLMCOST_PRICING=${out}`,
  );
  return { stdout: "", exitCode: EXIT.ok };
}

/** Reads a price list in llmcost's format, or converts one in LiteLLM's, into a validated file. */
function toProviderFile(
  text: string,
  label: string,
  options: {
    source: string;
    date: string;
    checked?: string;
    isKnown?: (name: string) => boolean;
    /** An entry that does not convert is an error, not a skip. */
    strict?: boolean;
  },
  warn?: Warn,
): ProviderFile & { json: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...parseProviderFile(text, label), json: undefined };
  }
  const isOurs =
    typeof json === "object" && json !== null && Array.isArray((json as { models?: unknown }).models);
  if (isOurs) return { ...parseProviderFile(text, label), json };
  if (!isLitellmList(json))
    throw dataError(
      label,
      "not a price list in a known format: expected llmcost's (an object with \"models\") or LiteLLM's (model names mapped to entries with litellm_provider and *_cost_per_token)",
    );
  const converted = convertLitellm(json, {
    source: options.source.startsWith("https://") ? options.source : LITELLM_SOURCE,
    date: options.date,
    checked: options.checked,
    isKnown: options.isKnown,
  });
  // Each entry that converts badly is named by its LiteLLM key (the converted file's index means nothing).
  const [bad, ...more] = converted.invalid;
  if (bad && options.strict) {
    const others =
      more.length === 0
        ? ""
        : `; ${formatCount(more.length)} more ${plural(more.length, "entry does", "entries do")} not convert either`;
    throw dataError(label, `${JSON.stringify(bad.key)}: ${bad.reason} (--strict${others})`);
  }
  for (const { key, reason } of converted.invalid) warn?.(label, `skipped ${JSON.stringify(key)}: ${reason}`);
  const skipped = [...converted.skipped]
    .map(([reason, count]) => `${formatCount(count)} ${reason}`)
    .join(", ");
  const total = [...converted.skipped.values()].reduce((a, b) => a + b, 0);
  if (converted.file.models.length === 0 && !converted.skipped.has(KNOWN_REASON)) {
    throw dataError(label, `no usable models in a LiteLLM list${skipped ? ` (skipped: ${skipped})` : ""}`);
  }
  if (skipped) warn?.(label, `skipped ${countOf(total, "entry", "entries")}: ${skipped}`);
  return { ...parseProviderFile(JSON.stringify(converted.file), label), json: converted.file };
}
