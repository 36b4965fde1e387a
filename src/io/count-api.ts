import { constants } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { InputText } from "../core/types.js";
import { LlmcostError } from "../errors.js";
import type { Model } from "../pricing/types.js";
import { type CountClient, countClient, type NetworkOptions } from "./count-client.js";

// node:crypto is loaded on first use: importing it (with the fifteen internal modules it loads) cost
// ~5-10 ms of every start-up, for what only some runs do.
const crypto = () => createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

/** Exact counts from a provider's token-counting endpoint, per model id, indexed like the inputs. */
export interface ApiCounts {
  counted: Map<string, { countedWith: string; counts: (number | undefined)[] }>;
  /** What the user should know: a missing key, a failed call (the estimate is used then). */
  notes: string[];
  /** Lines for stderr: a cache entry that was not a count llmcost wrote (ignored, counted again). */
  warnings: { subject: string; reason: string }[];
}

/** A provider's token-counting endpoint: where its key and base URL come from, and how to ask and read it. */
export interface Endpoint {
  keyVariables: readonly string[];
  baseVariable: string;
  defaultBase: string;
  countedWith: string;
  request(base: string, key: string, model: string, text: string): { url: string; init: RequestInit };
  /** The answer's field holding the count ("input_tokens"), for error messages. */
  field: string;
  read(body: unknown): number | undefined;
}

/** The providers with a public token-counting endpoint, and how to call it. */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  anthropic: {
    keyVariables: ["ANTHROPIC_API_KEY"],
    baseVariable: "ANTHROPIC_BASE_URL",
    defaultBase: "https://api.anthropic.com",
    countedWith: "anthropic-api",
    request: (base, key, model, text) => ({
      url: `${base}/v1/messages/count_tokens`,
      init: {
        method: "POST",
        headers: { "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
        body: JSON.stringify({ model, messages: [{ role: "user", content: text }] }),
      },
    }),
    field: "input_tokens",
    read: (body) => (body as { input_tokens?: unknown }).input_tokens as number | undefined,
  },
  google: {
    keyVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    baseVariable: "GEMINI_BASE_URL",
    defaultBase: "https://generativelanguage.googleapis.com",
    countedWith: "gemini-api",
    request: (base, key, model, text) => ({
      url: `${base}/v1beta/models/${encodeURIComponent(model)}:countTokens`,
      init: {
        method: "POST",
        headers: { "x-goog-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ parts: [{ text }] }] }),
      },
    }),
    field: "totalTokens",
    read: (body) => (body as { totalTokens?: unknown }).totalTokens as number | undefined,
  },
};

/** Requests in flight at once: enough to hide the latency, few enough not to be rate-limited. */
export const CONCURRENCY = 4;

/** The cache entries' format; an entry of another version is counted again. */
const CACHE_VERSION = 1;
/** An entry is a few dozen bytes; anything much larger is not one (and is not read). */
const MAX_ENTRY_BYTES = 4096;

const RUN = "--count-with api";
/** What the deadline's note says happens to the counts it cut off. */
const WHEN_LATE = "the counts not made are estimates";

/** One count to make: a model's client and one input's text, and where the answer goes. */
interface Job {
  model: string;
  client: CountClient;
  countedWith: string;
  text: string;
  counts: (number | undefined)[];
  index: number;
}

/**
 * Counts each input for each estimated model whose provider has a counting endpoint and whose API key
 * is set, caching every answer on disk by a hash of provider, model and text so that a second run is
 * offline. Requests go CONCURRENCY at a time, each retried on 429/5xx as count-client does, all within
 * one deadline. A missing key or a failed call leaves that count on its estimate, with a note.
 */
export async function countWithApi(
  models: readonly Model[],
  inputs: readonly InputText[],
  env: Readonly<Record<string, string | undefined>>,
  options: { cacheDir: string; net?: NetworkOptions; concurrency?: number },
): Promise<ApiCounts> {
  const result: ApiCounts = { counted: new Map(), notes: [], warnings: [] };
  const warned = new Set<string>();
  const jobs: Job[] = [];
  for (const model of models) {
    const endpoint = ENDPOINTS[model.provider];
    if (!endpoint) continue;
    const key = endpoint.keyVariables.map((name) => env[name]).find(Boolean);
    if (!key) {
      if (!warned.has(model.provider)) {
        result.notes.push(
          `${RUN}: ${endpoint.keyVariables.join(" or ")} is not set; ${model.provider} counts are estimates`,
        );
        warned.add(model.provider);
      }
      continue;
    }
    const base = (env[endpoint.baseVariable] || endpoint.defaultBase).replace(/\/+$/, "");
    // Every client starts its deadline now, so they share one (to within the loop's microseconds).
    const client = countClient(
      {
        provider: model.provider,
        endpoint,
        base,
        key,
        model: model.id,
        subject: RUN,
        whenLate: WHEN_LATE,
      },
      options.net,
    );
    const counts: (number | undefined)[] = inputs.map(() => undefined);
    result.counted.set(model.id, { countedWith: endpoint.countedWith, counts });
    for (const [index, input] of inputs.entries())
      jobs.push({
        model: model.id,
        client,
        countedWith: endpoint.countedWith,
        text: input.text,
        counts,
        index,
      });
  }
  const cache = countCache(options.cacheDir, result.warnings);
  // A client that refused the key, or ran out of time, is not asked again.
  const stopped = new Set<CountClient>();
  const notes = new Set<string>();
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      const key = cacheKey(job.countedWith, job.model, job.text);
      const cached = await cache.read(key);
      if (cached !== undefined) {
        job.counts[job.index] = cached;
        continue;
      }
      if (stopped.has(job.client)) continue;
      try {
        job.counts[job.index] = await job.client.count(job.text);
      } catch (error) {
        if (!(error instanceof LlmcostError)) throw error;
        if (error.subject === RUN) {
          stopped.add(job.client);
          // The deadline's line says what happens next; a refused key's needs saying.
          notes.add(error.reason.endsWith(WHEN_LATE) ? error.message : `${error.message}; estimates used`);
        } else notes.add(`${RUN}: ${job.model}: ${error.reason}; estimate used`);
        continue;
      }
      await cache.write(key, job.counts[job.index] as number);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? CONCURRENCY, jobs.length));
  await Promise.all(Array.from({ length: width }, worker));
  result.notes.push(...notes);
  return result;
}

/**
 * The on-disk cache of counts: one small JSON file per (counter, model, text), named by their hash.
 * Every entry read is checked (its version, its key, a whole number of tokens ≥ 0): one edited or
 * damaged is not trusted but warned about and counted again. A cache that cannot be written is warned
 * about once; the counts made are used all the same.
 */
function countCache(dir: string, warnings: ApiCounts["warnings"]) {
  let unwritable = false;
  const pathOf = (key: string) => join(dir, `${key}.json`);
  const ignored = (path: string, why: string) => {
    warnings.push({ subject: path, reason: `${why}; ignored, counted again` });
    return undefined;
  };
  return {
    async read(key: string): Promise<number | undefined> {
      const path = pathOf(key);
      let json: string;
      try {
        // Opened without blocking and checked before reading: a FIFO or device left in the cache
        // must neither hang the run nor be read without end.
        const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
        try {
          const stats = await handle.stat();
          if (!stats.isFile()) return ignored(path, "not a regular file");
          if (stats.size > MAX_ENTRY_BYTES) return ignored(path, `larger than ${MAX_ENTRY_BYTES} bytes`);
          json = await handle.readFile("utf8");
        } finally {
          await handle.close();
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === "ENOENT" ? undefined : ignored(path, `cannot read it (${code ?? String(error)})`);
      }
      let entry: unknown;
      try {
        entry = JSON.parse(json);
      } catch {
        return ignored(path, "not JSON");
      }
      const problem = entryProblem(entry, key);
      return problem === undefined ? (entry as { tokens: number }).tokens : ignored(path, problem);
    },
    async write(key: string, tokens: number): Promise<void> {
      if (unwritable) return;
      const path = pathOf(key);
      const entry = { version: CACHE_VERSION, key, tokens };
      // Written beside and renamed over: a concurrent run never reads half an entry.
      const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temporary, JSON.stringify(entry));
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => {});
        unwritable = true;
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        warnings.push({
          subject: dir,
          reason: `cannot write the count cache (${code}); counts are not kept`,
        });
      }
    },
  };
}

/** A count's name in the cache: the hash of who counted, for which model, and the text. */
const cacheKey = (countedWith: string, model: string, text: string) =>
  crypto().createHash("sha256").update(`${countedWith}\0${model}\0${text}`).digest("hex");

/** Why a cache entry is not one llmcost wrote for this key, or undefined when it is. */
export function entryProblem(entry: unknown, key: string): string | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "not a cache entry";
  const { version, key: written, tokens } = entry as Record<string, unknown>;
  if (version !== CACHE_VERSION)
    return `version ${JSON.stringify(version) ?? "missing"}, not ${CACHE_VERSION}`;
  if (written !== key) return "written for another text (its key differs)";
  if (typeof tokens !== "number" || !Number.isSafeInteger(tokens) || tokens < 0)
    return `tokens is ${(JSON.stringify(tokens) ?? "missing").slice(0, 40)}, not a whole number ≥ 0`;
  return undefined;
}
