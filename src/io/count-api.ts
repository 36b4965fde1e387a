import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { InputText } from "../core/types.js";
import type { Model } from "../pricing/types.js";

/** Exact counts from a provider's token-counting endpoint, per model id, indexed like the inputs. */
export interface ApiCounts {
  counted: Map<string, { countedWith: string; counts: (number | undefined)[] }>;
  /** What the user should know: a missing key, a failed call (the estimate is used then). */
  notes: string[];
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

/**
 * Counts each input for each estimated model whose provider has a counting endpoint and whose API key
 * is set, caching every answer on disk by a hash of provider, model and text so that a second run is
 * offline. A missing key or a failed call leaves that model on its estimate, with a note.
 */
export async function countWithApi(
  models: readonly Model[],
  inputs: readonly InputText[],
  env: Readonly<Record<string, string | undefined>>,
  options: { cacheDir: string; timeoutMs: number },
): Promise<ApiCounts> {
  const result: ApiCounts = { counted: new Map(), notes: [] };
  const warned = new Set<string>();
  for (const model of models) {
    const endpoint = ENDPOINTS[model.provider];
    if (!endpoint) continue;
    const key = endpoint.keyVariables.map((name) => env[name]).find(Boolean);
    if (!key) {
      if (!warned.has(model.provider)) {
        result.notes.push(
          `--count-with api: ${endpoint.keyVariables.join(" or ")} is not set; ${model.provider} counts are estimates`,
        );
        warned.add(model.provider);
      }
      continue;
    }
    const base = (env[endpoint.baseVariable] || endpoint.defaultBase).replace(/\/+$/, "");
    const counts: (number | undefined)[] = [];
    for (const input of inputs) {
      try {
        counts.push(await cachedCount(endpoint, base, key, model.id, input.text, options));
      } catch (error) {
        result.notes.push(
          `--count-with api: ${model.id}: ${error instanceof Error ? error.message : String(error)}; estimate used`,
        );
        counts.push(undefined);
      }
    }
    result.counted.set(model.id, { countedWith: endpoint.countedWith, counts });
  }
  return result;
}

async function cachedCount(
  endpoint: Endpoint,
  base: string,
  key: string,
  model: string,
  text: string,
  options: { cacheDir: string; timeoutMs: number },
): Promise<number> {
  const hash = createHash("sha256").update(`${endpoint.countedWith}\0${model}\0${text}`).digest("hex");
  const path = join(options.cacheDir, `${hash}.json`);
  const cached = await readFile(path, "utf8").then(
    (json) => (JSON.parse(json) as { tokens?: unknown }).tokens,
    () => undefined,
  );
  if (typeof cached === "number") return cached;
  const { url, init } = endpoint.request(base, key, model, text);
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }).catch(
    (error: Error) => {
      throw new Error(error.name === "TimeoutError" ? "no answer in time" : `cannot reach ${base}`);
    },
  );
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const tokens = endpoint.read(await response.json().catch(() => ({})));
  if (typeof tokens !== "number" || !Number.isSafeInteger(tokens) || tokens < 0)
    throw new Error("no token count in the answer");
  await mkdir(options.cacheDir, { recursive: true });
  await writeFile(path, JSON.stringify({ tokens }));
  return tokens;
}
