// vitest globalSetup: the tables a run builds from the vocabularies are cached under $XDG_CACHE_HOME
// (src/tokenizers/table-cache.ts). The tests point it at a directory of this run, so they never write
// to the developer's ~/.cache, and each run starts cold: the first test to need a table builds it and
// the others (test processes, and the CLIs they spawn, test/e2e/cli.ts cleanEnv) read it. Listed before
// test/temp-guard.ts, so the directory is made in the shared temp directory, named as the guard's own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const saved = process.env.XDG_CACHE_HOME;
  const cache = mkdtempSync(join(tmpdir(), "llmcost-vitest-run-cache-"));
  process.env.XDG_CACHE_HOME = cache;
  return () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    rmSync(cache, { recursive: true, force: true });
  };
}
