import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests spawn the built CLI, which loads 1-2 MB rank tables per encoding.
    testTimeout: 30_000,
    pool: "forks",
    // Fails the run if the tests leave anything in the temp directory (each run gets one of its own).
    globalSetup: ["test/temp-guard.ts"],
  },
});
