import {
  type CountedRequests,
  type RequestCounter,
  startRequestCount,
} from "../core/requests/counted-requests.js";
import { billsCharacters } from "../core/requests/request-characters.js";
import { lookupModel } from "../core/select-models.js";
import { dataError, type LlmcostError } from "../errors.js";
import type { InputSink } from "../io/read-inputs.js";
import { type InputMode, requestSink } from "../io/request-reader.js";
import type { Catalog, Model } from "../pricing/types.js";
import { BILLABLE_CHARACTERS } from "../tokenizers/billable-characters.js";
import type { TokenizerRegistry } from "../tokenizers/registry.js";
import type { Tokenizer } from "../tokenizers/types.js";

/** How request inputs are read and which models they are counted for. */
export interface RequestOptions {
  mode: InputMode;
  /**
   * Price each request for the model it names (no -m, -p or --all given); requests naming none are
   * priced for the run's models.
   */
  pin: boolean;
  /** Skip invalid lines (counted in the report) instead of failing with exit 65. */
  skipInvalid: boolean;
  catalog: Catalog;
  date: string;
  registry: TokenizerRegistry;
  /** --tokenizer: counts every model with this tokenizer. */
  tokenizer?: string;
}

/** Invalid lines reported one by one before the rest are summed up in one line. */
const MAX_LINE_ERRORS = 10;

/**
 * Counts request inputs for a run: opens a sink per input, resolves the models requests name, and
 * loads their tokenizers as they are met. `models` are the run's models; `tokenizers` grows.
 */
export function requestCounting(
  models: readonly Model[],
  tokenizers: Map<string, Tokenizer>,
  options: RequestOptions,
) {
  const named = new Map<string, Model>();
  const errors: LlmcostError[] = [];
  /** Invalid lines per input. */
  const invalidLines = new Map<string, number>();
  let unpinned = false;
  const tokenizerOf = (model: Model) => {
    const tokenizer = tokenizers.get(model.tokenizer);
    if (!tokenizer) throw new Error(`tokenizer ${model.tokenizer} was not loaded`);
    return tokenizer;
  };
  return {
    /** A sink for one input; `text` takes it if it turns out not to be requests (auto mode). */
    open(source: string, text: () => InputSink, done: (counted: CountedRequests) => void): InputSink {
      let counter: RequestCounter | undefined;
      const invalid = (line: number, reason: string): void => {
        if (options.skipInvalid) {
          counter?.skip(line, reason);
          return;
        }
        const count = (invalidLines.get(source) ?? 0) + 1;
        invalidLines.set(source, count);
        if (count <= MAX_LINE_ERRORS) errors.push(dataError(line > 0 ? `${source}:${line}` : source, reason));
      };
      return requestSink(source, options.mode, {
        text,
        start(kind) {
          counter = startRequestCount(source, kind);
        },
        async request(request, id, line) {
          if (!options.pin || !request.model) {
            unpinned = true;
            counter?.add(request, id, line, models, tokenizerOf);
            return;
          }
          const model = lookupModel(options.catalog, modelName(request.model.name), options.date);
          if (!model) {
            const { path, name } = request.model;
            return invalid(line, `${path}: unknown model "${name}" (price it as another with -m)`);
          }
          const priced = options.tokenizer === undefined ? model : { ...model, tokenizer: options.tokenizer };
          if (!tokenizers.has(priced.tokenizer))
            tokenizers.set(priced.tokenizer, await options.registry.load(priced.tokenizer));
          // Billed per character: the estimate's model entry takes the characters' pass too.
          if (billsCharacters(priced) && !tokenizers.has(BILLABLE_CHARACTERS))
            tokenizers.set(BILLABLE_CHARACTERS, await options.registry.load(BILLABLE_CHARACTERS));
          named.set(priced.id, priced);
          counter?.add(request, id, line, [priced], tokenizerOf);
        },
        invalid,
        end(size) {
          if (counter) done(counter.end(size));
        },
      });
    },
    /** Invalid lines, when not skipped: at most ten per input, then one line for the rest of it. */
    errors(): LlmcostError[] {
      const more = [...invalidLines]
        .filter(([, count]) => count > MAX_LINE_ERRORS)
        .map(([source, count]) => {
          const rest = count - MAX_LINE_ERRORS;
          return dataError(
            source,
            `${rest} more invalid line${rest === 1 ? "" : "s"} (\`skipInvalid\` skips them)`,
          );
        });
      return [...errors, ...more];
    },
    /** Models requests named (pinned), and whether any request was priced for the run's models. */
    named: () => [...named.values()],
    usedRunModels: () => unpinned,
  };
}

export type RequestCounting = ReturnType<typeof requestCounting>;

/** A model as a payload names it: Gemini's REST names ("models/gemini-2.5-flash") carry a prefix. */
const modelName = (name: string) => name.replace(/^models\//, "");
