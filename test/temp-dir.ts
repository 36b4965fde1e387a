// Temporary directories for tests, each removed when the test file that made it is done. The afterAll
// below is registered in every test file that imports this module (vitest evaluates it once per file),
// so a test only asks for a directory and never cleans up; test/temp-guard.ts fails the run if anything
// is left behind all the same.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory in the temp directory, removed after the file's last test. */
export function tempDir(prefix = "llmcost-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
