import { type LlmcostError, noInputError, usageError } from "../errors.js";

/** A download larger than this is refused: LiteLLM's full list is about 1 MB. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** GETs an http(s) URL as text, within `timeoutMs` for the whole transfer and MAX_DOWNLOAD_BYTES. */
export async function fetchText(url: string, timeoutMs: number): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError("--from", `"${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw usageError("--from", `only http and https URLs are fetched, not ${parsed.protocol}`);
  }
  // A timer of our own, held until the body is read: it bounds the whole transfer, body included
  // (an endless body that trickles in stops here, or at the size cap, whichever comes first).
  const timer = new AbortController();
  const timeout = setTimeout(
    () => timer.abort(Object.assign(new Error("timeout"), { name: "TimeoutError" })),
    timeoutMs,
  );
  try {
    const response = await fetch(parsed, { signal: timer.signal, redirect: "follow" });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw noInputError(url, `HTTP ${response.status} ${response.statusText}`.trim());
    }
    return await readCappedText(response, MAX_DOWNLOAD_BYTES, () =>
      noInputError(url, `larger than ${formatBytes(MAX_DOWNLOAD_BYTES)}; stopped reading there`),
    );
  } catch (error) {
    if (error instanceof Error && error.name === "LlmcostError") throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw noInputError(url, `no complete answer within ${timeoutMs / 1000} s`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw noInputError(url, `cannot fetch (${cause?.code ?? cause?.message ?? String(error)})`);
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * A response's body as UTF-8 text, counting bytes as they arrive: a declared content-length over
 * `maxBytes` is refused before reading, and a body without one (chunked, endless) is cancelled as soon
 * as it crosses the cap, so memory never holds more than `maxBytes` of it. `tooLarge` makes the error.
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  tooLarge: () => LlmcostError,
): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    pieces.push(value);
  }
  // TextDecoder, as response.text() does: a leading byte-order mark is dropped.
  return new TextDecoder().decode(Buffer.concat(pieces, bytes));
}

/** "50 MiB", "1024 KiB", "300 bytes": a cap as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}
