// Worker threads cannot run the TypeScript sources: tests that start counting threads give them the
// worker bundled from the sources (as the build bundles it), written to a temporary directory.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { tempDir } from "./temp-dir.js";

/** src/count/count-worker.ts bundled into one module; its URL, for startCountWorkers. */
export function bundledCountWorker(): Promise<URL> {
  return bundledWorker(join(import.meta.dirname, "..", "src", "count", "count-worker.ts"));
}

/** A worker's TypeScript entry bundled into one module; its URL. */
export async function bundledWorker(entry: string): Promise<URL> {
  const out = join(tempDir(), "count", "count-worker.mjs");
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });
  return pathToFileURL(out);
}
