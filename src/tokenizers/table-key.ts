/**
 * Names the cache directory of the tables built from the vocabularies (table-cache.ts). Run from the
 * sources it is "dev"; `npm run build` (scripts/prepare-dist.mjs) writes into dist/ the package version
 * and a hash of the vocabulary files and of the code that lays the tables out, so a new release, a
 * changed vocabulary or a changed table layout gets a directory of its own and never reads stale tables.
 */
export const TABLE_KEY: string = "dev";

/**
 * A hash of all the compiled code, stamped by the build as TABLE_KEY is; "dev" from the sources. Names
 * what is cached from the code's own output (the validated price list, io/pricing-cache.ts), which any
 * change to the code may change. From the sources ("dev") nothing of the kind is cached: the code
 * changes between runs without the key changing.
 */
export const CODE_KEY: string = "dev";
