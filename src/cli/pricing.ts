import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve, sep } from "node:path";
import { type Command, Option } from "commander";
import { defaultTokenizers, today } from "../api.js";
import { dataError, noInputError, usageError } from "../errors.js";
import { fetchText } from "../io/fetch-text.js";
import { BUNDLED_PRICING_DIR } from "../io/load-pricing.js";
import { writeFileAtomic } from "../io/write-file.js";
import { buildCatalog } from "../pricing/catalog.js";
import { comparePrices } from "../pricing/compare.js";
import { convertLitellm } from "../pricing/litellm.js";
import type { ProviderFile } from "../pricing/types.js";
import { parseProviderFile } from "../pricing/validate.js";
import { renderComparison } from "../render/comparison.js";
import type { CliIO, CommandResult, Warn } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { parseDecimal, parseWholeNumber } from "./parse-values.js";
import { asOfOption, catalogFor } from "./shared-options.js";

const LITELLM_SOURCE = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json";

/** Registers `llmcost pricing import|update|check`: maintaining price lists. */
export function registerPricing(
  program: Command,
  io: CliIO,
  warn: Warn,
  done: (result: CommandResult) => void,
) {
  const pricing = program.command("pricing").description("import, update and check price lists");
  pricing
    .command("import")
    .description("convert a LiteLLM price file into an llmcost user pricing file")
    .argument("<file>", "LiteLLM's model_prices_and_context_window.json")
    .addOption(new Option("--from <format>", "the file's format").choices(["litellm"]).makeOptionMandatory())
    .addOption(new Option("-o, --out <file>", "write here instead of stdout"))
    .addOption(
      new Option("--source <url>", "the URL to record as each price's source").default(LITELLM_SOURCE),
    )
    .action(async (file: string, flags: { out?: string; source: string }) => {
      const text = await readFile(file, "utf8").catch(() => {
        throw noInputError(file, "no such file or cannot read it");
      });
      done(await importList(text, file, flags.source, flags.out, warn));
    });
  pricing
    .command("update")
    .description("download a price list (LiteLLM or llmcost format) into a user pricing file")
    .requiredOption("--from <url>", "http(s) URL of the price list")
    .addOption(new Option("-o, --out <file>", "the user pricing file to write").default(defaultUserFile(io)))
    .addOption(
      new Option("--timeout <seconds>", "give up after this long")
        .default(30)
        .argParser((v) => parseWholeNumber("--timeout", v)),
    )
    .action(async (flags: { from: string; out: string; timeout: number }) => {
      const text = await fetchText(flags.from, flags.timeout * 1000);
      done(await importList(text, flags.from, flags.from, flags.out, warn));
    });
  pricing
    .command("check")
    .description("validate pricing files and list prices that differ from another list")
    .argument("[files...]", "user pricing files to validate with the catalogue")
    .addOption(new Option("--against <file>", "a price list to compare with (llmcost or LiteLLM format)"))
    .addOption(
      new Option("--threshold <percent>", "report differences larger than this")
        .default("0")
        .argParser((v) => parseDecimal("--threshold", v, 1_000_000)),
    )
    .addOption(asOfOption())
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .action(
      async (
        files: string[],
        flags: { against?: string; threshold: string; asOf?: string; format: string },
      ) => {
        const catalog = await catalogFor({ pricing: files }, io);
        const date = flags.asOf ?? today();
        if (!flags.against) {
          const summary = `pricing: ${catalog.models.length} models from ${catalog.providers.size} providers are valid\n`;
          return done({
            stdout:
              flags.format === "json"
                ? `${JSON.stringify({ valid: true, models: catalog.models.length })}\n`
                : summary,
            exitCode: EXIT.ok,
          });
        }
        const text = await readFile(flags.against, "utf8").catch(() => {
          throw noInputError(flags.against ?? "", "no such file or cannot read it");
        });
        const other = toProviderFile(text, flags.against, flags.against, date);
        const comparison = comparePrices(catalog, other.models, date, Number(flags.threshold));
        done({
          stdout: renderComparison(comparison, {
            date,
            threshold: flags.threshold,
            json: flags.format === "json",
          }),
          exitCode: EXIT.ok,
        });
      },
    );
}

/** Converts (or validates) a downloaded or local list and writes it, whole, to `out` or stdout. */
async function importList(text: string, label: string, source: string, out: string | undefined, warn: Warn) {
  if (out !== undefined && resolve(out).startsWith(resolve(BUNDLED_PRICING_DIR) + sep)) {
    throw usageError(
      "--out",
      "llmcost never overwrites its shipped catalogue; write a user pricing file elsewhere",
    );
  }
  const file = toProviderFile(text, label, source, today(), warn);
  const registry = defaultTokenizers();
  buildCatalog([], (id) => registry.has(id), [file]);
  const json = `${JSON.stringify(file.json, null, 2)}\n`;
  if (out === undefined) return { stdout: json, exitCode: EXIT.ok };
  await writeFileAtomic(out, json);
  warn(out, `wrote ${file.models.length} models; use it with --pricing ${out} or LLMCOST_PRICING=${out}`);
  return { stdout: "", exitCode: EXIT.ok };
}

/** Reads a price list in llmcost's format, or converts one in LiteLLM's, into a validated file. */
function toProviderFile(
  text: string,
  label: string,
  source: string,
  date: string,
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
  const converted = convertLitellm(json, {
    source: source.startsWith("https://") ? source : LITELLM_SOURCE,
    date,
  });
  const skipped = [...converted.skipped].map(([reason, count]) => `${count} ${reason}`).join(", ");
  if (converted.file.models.length === 0)
    throw dataError(label, `no usable models in a LiteLLM list${skipped ? ` (skipped: ${skipped})` : ""}`);
  if (skipped)
    warn?.(
      label,
      `skipped ${[...converted.skipped.values()].reduce((a, b) => a + b, 0)} entries: ${skipped}`,
    );
  return { ...parseProviderFile(JSON.stringify(converted.file), label), json: converted.file };
}

/** Where `pricing update` writes unless told: $XDG_CONFIG_HOME/llmcost/pricing.json. */
function defaultUserFile(io: Pick<CliIO, "env">): string {
  const base = io.env.XDG_CONFIG_HOME || join(io.env.HOME || homedir(), ".config");
  return join(base, "llmcost", "pricing.json");
}
