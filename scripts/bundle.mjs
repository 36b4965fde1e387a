// Part of `npm run build`, after tsc: bundles the CLI's two entry points — the command line
// (dist/cli/run.js → dist/cli/llmcost.bundle.js, which bin/llmcost.js imports) and the counting worker
// thread (dist/count/count-worker.js, bundled in place) — each into one file. Node resolves, reads and
// compiles ~90 small modules at every start otherwise: the bundle cuts the import from ~115 ms to
// ~45 ms, which every run pays and every worker thread pays again.
//
// The bundles sit in dist/cli/ and dist/count/, as deep as the modules they replace, so the paths those
// modules build from import.meta.url (../../tokenizers/, ../../pricing/, ../../package.json,
// ../count/count-worker.js) still point at the same files. No source maps: they would point at src/,
// which the package does not ship (debug from the sources: the tests run them directly). Packages loaded lazily and only by some
// runs — vocabulary data, the .gitignore matcher, and the glob matcher — stay outside, still loaded on
// first use.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const LAZY = ["js-tiktoken", "llama-tokenizer-js", "mistral-tokenizer-js", "ignore", "picomatch"];
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const BANNER =
  "import { createRequire as __llmcostCreateRequire } from 'node:module'; const require = __llmcostCreateRequire(import.meta.url);";

for (const [entry, outfile] of [
  ["cli/run.js", "cli/llmcost.bundle.js"],
  ["count/count-worker.js", "count/count-worker.js"],
]) {
  // The worker is bundled in place: run again without tsc, it is a bundle already.
  if (readFileSync(`${dist}${entry}`, "utf8").includes("__llmcostCreateRequire")) continue;
  await build({
    entryPoints: [`${dist}${entry}`],
    outfile: `${dist}${outfile}`,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: LAZY,
    // Bundled CommonJS packages (commander, cli-table3) call require() for Node's own modules.
    banner: { js: BANNER },
    sourcemap: false,
    logLevel: "warning",
  });
}
