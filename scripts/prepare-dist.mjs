// Part of `npm run build`, after tsc and before the bundle: stamps dist/tokenizers/table-key.js with the
// name of the cache directory the derived tables are kept in (src/tokenizers/table-cache.ts), and removes
// what earlier builds left in dist/ that the package must not ship (prebuilt tables, source maps).
//
// The key is the package version and a hash of everything the tables are built from: the shipped
// vocabularies (tokenizers/*.json), the version of js-tiktoken (the OpenAI vocabularies come from it),
// and the compiled code that lays the tables out. Any change to those gets a new cache directory, so a
// run never reads a table another build wrote in another layout or from another vocabulary.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dist = join(root, "dist");
const read = (path) => readFileSync(join(root, path));

// Tables prebuilt into the package by builds before the cache existed, and source maps: a map points
// at src/, which the package does not ship, and the bundle's alone was 1.5 MB.
rmSync(join(dist, "rank-tables"), { recursive: true, force: true });
for (const entry of readdirSync(dist, { recursive: true })) {
  if (entry.endsWith(".map")) rmSync(join(dist, entry));
}

const hash = createHash("sha256");
const vocabularies = readdirSync(join(root, "tokenizers"))
  .filter((name) => name.endsWith(".json"))
  .sort();
for (const name of vocabularies) hash.update(name).update(read(`tokenizers/${name}`));
// js-tiktoken does not export its package.json: found from its entry point.
const entry = createRequire(import.meta.url).resolve("js-tiktoken");
const jsTiktokenDir = entry.slice(0, entry.lastIndexOf("js-tiktoken") + "js-tiktoken".length);
const jsTiktoken = JSON.parse(readFileSync(join(jsTiktokenDir, "package.json"), "utf8"));
hash.update(`js-tiktoken@${jsTiktoken.version}`);
for (const layout of ["rank-table", "backtrack-data", "merge-list-data", "rank-sources", "table-cache"])
  hash.update(read(`dist/tokenizers/${layout}.js`));
const { version } = JSON.parse(read("package.json").toString("utf8"));
const key = `${version}-${hash.digest("hex").slice(0, 12)}`;

// CODE_KEY: every compiled module tsc wrote (the key file itself and the bundle an earlier build left
// aside), so any change to the code names a new validated price list (src/io/pricing-cache.ts).
const code = createHash("sha256");
const modules = readdirSync(dist, { recursive: true })
  .filter((entry) => entry.endsWith(".js"))
  .filter(
    (entry) => entry !== join("tokenizers", "table-key.js") && entry !== join("cli", "llmcost.bundle.js"),
  )
  .sort();
for (const entry of modules) code.update(entry).update(readFileSync(join(dist, entry)));
const codeKey = `${version}-${code.digest("hex").slice(0, 12)}`;

const keyFile = join(dist, "tokenizers", "table-key.js");
const source = readFileSync(keyFile, "utf8");
let stamped = source;
for (const [name, value] of [
  ["TABLE_KEY", key],
  ["CODE_KEY", codeKey],
]) {
  const next = stamped.replace(new RegExp(`${name} = "[^"]*"`), `${name} = ${JSON.stringify(value)}`);
  if (next === stamped && !stamped.includes(`${name} = ${JSON.stringify(value)}`))
    throw new Error(`${keyFile}: no ${name} to stamp`);
  stamped = next;
}
writeFileSync(keyFile, stamped);
