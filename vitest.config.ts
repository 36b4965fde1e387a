import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests spawn the built CLI, which loads 4-7 MB rank tables per encoding (built on first use).
    testTimeout: 30_000,
    pool: "forks",
    // A table cache of the run's own (never ~/.cache); then fails the run if the tests leave anything
    // in the temp directory (each run gets one of its own).
    globalSetup: ["test/table-cache-setup.ts", "test/temp-guard.ts"],
  },
});
