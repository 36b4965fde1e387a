// vitest globalSetup: checks that a run leaves the temp directory as it found it. Every test process,
// and every CLI the tests spawn (test/e2e/cli.ts passes TMPDIR on), gets a temp directory of its own
// for the run (TMPDIR, which os.tmpdir() and mktemp read); afterwards it must be empty, and no new
// llmcost-* entry may have appeared in the shared temp directory (a path written as "/tmp/…").
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUN_PREFIX = "llmcost-vitest-run-";
/** llmcost-named entries in the shared temp directory that are not the tests': the e2e build lock, bench corpora. */
const NOT_TESTS = /^llmcost-(vitest-run-|build\.lock|bench-|repeated-)/;

const ourEntries = (dir: string) =>
  readdirSync(dir).filter((name) => name.startsWith("llmcost-") && !NOT_TESTS.test(name));

export default function setup(): () => void {
  const shared = tmpdir();
  const before = new Set(ourEntries(shared));
  const runDir = mkdtempSync(join(shared, RUN_PREFIX));
  const savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    const left = readdirSync(runDir);
    rmSync(runDir, { recursive: true, force: true });
    const appeared = ourEntries(shared).filter((name) => !before.has(name));
    const problems = [
      ...(left.length > 0
        ? [`the tests left ${left.length} entries in the temp directory (removed now): ${list(left)}`]
        : []),
      ...(appeared.length > 0
        ? [
            `${appeared.length} new llmcost-* entries in ${shared} (written there directly, or by another process): ${list(appeared)}`,
          ]
        : []),
    ];
    if (problems.length > 0) {
      // vitest reports an error thrown here ("error during close") but still exits 0 unless told.
      process.exitCode = 1;
      throw new Error(problems.join("; "));
    }
  };
}

const list = (names: string[]) => `${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""}`;
