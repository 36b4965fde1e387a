import { noInputError, usageError } from "../errors.js";

/** A download larger than this is refused: LiteLLM's full list is about 1 MB. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** GETs an http(s) URL as text, within `timeoutMs` for the whole transfer. */
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
  try {
    const response = await fetch(parsed, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    if (!response.ok) throw noInputError(url, `HTTP ${response.status} ${response.statusText}`.trim());
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > MAX_DOWNLOAD_BYTES) throw noInputError(url, `larger than ${MAX_DOWNLOAD_BYTES} bytes`);
    const text = await response.text();
    if (text.length > MAX_DOWNLOAD_BYTES) throw noInputError(url, `larger than ${MAX_DOWNLOAD_BYTES} bytes`);
    return text;
  } catch (error) {
    if (error instanceof Error && error.name === "LlmcostError") throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw noInputError(url, `no complete answer within ${timeoutMs / 1000} s`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw noInputError(url, `cannot fetch (${cause?.code ?? cause?.message ?? String(error)})`);
  }
}
