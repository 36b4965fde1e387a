import { LlmcostError, serviceError } from "../errors.js";
import type { Endpoint } from "./count-api.js";
import { readCappedText } from "./fetch-text.js";

/** How network calls wait and give up; every field has a default, and tests pass their own. */
export interface NetworkOptions {
  /** Waits before a retry (429 `retry-after`, back-off); tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock an HTTP-date `retry-after` and the deadline are read against (default Date.now). */
  now?: () => number;
  /** One request's limit (default 30 s). */
  timeoutMs?: number;
  /** The whole run's limit (default 10 minutes). */
  deadlineMs?: number;
}

/** Bounds on talking to a counting endpoint. */
export const LIMITS = {
  timeoutMs: 30_000,
  deadlineMs: 600_000,
  /** An answer larger than this is not a count: reading stops there. */
  maxBodyBytes: 1 << 20,
  /** Tries per text, first one included, for 429, 5xx, timeouts and failed connections. */
  attempts: 5,
  /** The longest wait between tries, whatever `retry-after` asks. */
  maxWaitMs: 60_000,
} as const;

/** One provider's endpoint, with a key, ready to count texts. */
export interface CountClient {
  /** The endpoint's count of one text sent as a request (framing included). */
  count(text: string): Promise<number>;
  /** The endpoint's URL, as errors name it. */
  readonly url: string;
}

interface ClientSpec {
  provider: string;
  endpoint: Endpoint;
  base: string;
  key: string;
  model: string;
  /** What the run's own errors (a rejected key, the deadline) are about: "calibrate" by default. */
  subject?: string;
  /** What the deadline's error says happens next: "stopped, no profile written" by default. */
  whenLate?: string;
}

// Not unref'd: while calibrate waits to retry, this timer is all that keeps the process alive (an
// unref'd one let Node end the run with exit 13 in the middle of a retry).
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client of a counting endpoint that retries what is worth retrying (429 and 5xx after their
 * `retry-after`, else with back-off; timeouts, failed connections; a bounded number of times), reads at most LIMITS.maxBodyBytes of
 * an answer, and fails with one line naming the endpoint for anything else. The deadline starts now.
 */
export function countClient(spec: ClientSpec, options: NetworkOptions = {}): CountClient {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? LIMITS.timeoutMs;
  const deadlineMs = options.deadlineMs ?? LIMITS.deadlineMs;
  const deadlineAt = now() + deadlineMs;
  const deadline = AbortSignal.timeout(deadlineMs);
  const url = spec.endpoint.request(spec.base, spec.key, spec.model, "").url;
  const subject = spec.subject ?? "calibrate";
  const late = () =>
    serviceError(
      subject,
      `not done within ${seconds(deadlineMs)}; ${spec.whenLate ?? "stopped, no profile written"}`,
    );

  async function once(text: string): Promise<{ retry?: string; wait?: number; tokens?: number }> {
    // The request's own timer, held here until the answer is read: an AbortSignal.timeout given only to
    // AbortSignal.any can be garbage-collected on Node 20 and never fire (nodejs/node#57736).
    const timer = new AbortController();
    const timeout = setTimeout(
      () => timer.abort(Object.assign(new Error("timeout"), { name: "TimeoutError" })),
      timeoutMs,
    );
    try {
      return await send(text, AbortSignal.any([timer.signal, deadline]));
    } finally {
      clearTimeout(timeout);
    }
  }

  async function send(
    text: string,
    signal: AbortSignal,
  ): Promise<{ retry?: string; wait?: number; tokens?: number }> {
    const { url: target, init } = spec.endpoint.request(spec.base, spec.key, spec.model, text);
    let response: Response;
    try {
      response = await fetch(target, { ...init, signal });
    } catch (error) {
      if (deadline.aborted) throw late();
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError")
        return { retry: `no answer within ${seconds(timeoutMs)}` };
      const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      return { retry: `cannot connect (${code ?? (error as Error).message})` };
    }
    const status = response.status;
    if (status === 401 || status === 403) {
      await response.body?.cancel();
      throw serviceError(
        subject,
        `${spec.provider} rejected the key (${status}); check ${spec.endpoint.keyVariables.join(" or ")}`,
      );
    }
    if (status === 429 || status >= 500) {
      // A 503 may say when to come back as a 429 does; without it, the back-off decides.
      const wait = retryAfter(response.headers.get("retry-after"), now());
      await response.body?.cancel();
      return { retry: status === 429 ? "rate limited (429)" : `HTTP ${status}`, wait };
    }
    let body: string;
    try {
      body = await readCappedText(response, LIMITS.maxBodyBytes, () =>
        serviceError(target, `the answer is larger than ${LIMITS.maxBodyBytes / 1024} KiB`),
      );
    } catch (error) {
      if (error instanceof LlmcostError) throw error;
      if (deadline.aborted) throw late();
      if ((error as Error).name === "TimeoutError")
        return { retry: `no answer within ${seconds(timeoutMs)}` };
      throw serviceError(target, `the answer was cut off (${(error as Error).message})`);
    }
    if (!response.ok) throw serviceError(target, `HTTP ${status}${errorMessage(body)}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw serviceError(target, "the answer is not JSON");
    }
    const tokens = typeof json === "object" && json !== null ? spec.endpoint.read(json) : undefined;
    if (tokens === undefined) throw serviceError(target, `no ${spec.endpoint.field} in the answer`);
    if (typeof tokens !== "number" || !Number.isSafeInteger(tokens) || tokens < 0)
      throw serviceError(
        target,
        `${spec.endpoint.field} is ${JSON.stringify(tokens).slice(0, 40)}, not a whole number ≥ 0`,
      );
    return { tokens };
  }

  return {
    url,
    async count(text) {
      let last = "";
      for (let attempt = 1; attempt <= LIMITS.attempts; attempt++) {
        if (deadline.aborted || now() >= deadlineAt) throw late();
        const outcome = await once(text);
        if (outcome.tokens !== undefined) return outcome.tokens;
        last = outcome.retry ?? "failed";
        if (attempt === LIMITS.attempts) break;
        const wait = Math.min(outcome.wait ?? 1000 * 2 ** (attempt - 1), LIMITS.maxWaitMs);
        if (now() + wait >= deadlineAt) throw late();
        await sleep(wait);
      }
      throw serviceError(url, `${last}, ${LIMITS.attempts} tries`);
    },
  };
}

/**
 * The wait a `retry-after` header asks for, in ms: seconds, or an HTTP date (against `now`);
 * undefined when absent or unreadable. Negative waits are none.
 */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A provider's own message from an error answer (`{"error": {"message"}}`), shortened, or nothing. */
function errorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message !== "string" || message === "") return "";
    const line = message.replace(/\s+/g, " ").trim();
    return `: ${line.length > 160 ? `${line.slice(0, 159)}…` : line}`;
  } catch {
    return "";
  }
}

const seconds = (ms: number) =>
  ms >= 60_000 && ms % 60_000 === 0
    ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}`
    : `${Math.round(ms / 100) / 10} s`;
