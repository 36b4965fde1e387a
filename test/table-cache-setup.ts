// vitest globalSetup: the tables a run builds from the vocabularies are cached under $XDG_CACHE_HOME
// (src/tokenizers/table-cache.ts). The tests point it at a directory of this run, so they never write
// to the developer's ~/.cache, and each run starts cold: the first test to need a table builds it and
// the others (test processes, and the CLIs they spawn: test/e2e/cli.ts cleanEnv passes it on) read it.
// Afterwards the run fails if the developer's llmcost cache gained an entry: a test spawned the CLI
// with an environment of its own that left XDG_CACHE_HOME out (or another process wrote there: re-run).
// Listed before test/temp-guard.ts, so the directory is made in the shared temp directory, named as
// the guard's own.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";

const entries = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

export default function setup(): () => void {
  const saved = process.env.XDG_CACHE_HOME;
  const developers = join(saved && isAbsolute(saved) ? saved : join(homedir(), ".cache"), "llmcost");
  const before = new Set(entries(developers));
  const cache = mkdtempSync(join(tmpdir(), "llmcost-vitest-run-cache-"));
  process.env.XDG_CACHE_HOME = cache;
  return () => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    rmSync(cache, { recursive: true, force: true });
    const appeared = entries(developers).filter((name) => !before.has(name));
    if (appeared.length > 0) {
      process.exitCode = 1;
      throw new Error(
        `${developers} gained ${appeared.join(", ")} during the tests: a CLI was run without the run's XDG_CACHE_HOME`,
      );
    }
  };
}
