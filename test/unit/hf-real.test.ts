// Optional, local: real tokenizer.json files (tens of MB, not in the repository) against python
// `tokenizers` on the fuzz corpus of test/fixtures/hf/. Runs only when LLMCOST_HF_JSON_FILES lists the
// files (separated by ":"), with python3 and `tokenizers` installed; see docs/tokenizer-json.md.
//   LLMCOST_HF_JSON_FILES=/tmp/llama3/tokenizer.json:/tmp/qwen3/tokenizer.json npx vitest run test/unit/hf-real.test.ts
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadHfTokenizer } from "../../src/tokenizers/hf-load.js";

const files = (process.env.LLMCOST_HF_JSON_FILES ?? "").split(":").filter(Boolean);
/** LLMCOST_HF_FUZZ_TEXTS=N: N more random texts (scripts/hf-fixtures.py `fuzz`) instead of the corpus. */
const fuzz = process.env.LLMCOST_HF_FUZZ_TEXTS;
const digest = (ids: number[]) => createHash("sha1").update(ids.join(",")).digest("hex").slice(0, 16);

describe.skipIf(files.length === 0)("real tokenizer.json files against python tokenizers", () => {
  const script = new URL("../../scripts/hf-fixtures.py", import.meta.url).pathname;
  const python = () =>
    JSON.parse(
      execFileSync("python3", [script, "--check", ...(fuzz ? ["--fuzz", fuzz] : []), ...files], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      }),
    ) as Record<string, { counts: number[]; ids: string[] }> & { texts: string[] };
  it("counts every corpus text as python does, token for token", { timeout: 600_000 }, async () => {
    const reference = python();
    const corpus = reference.texts;
    let tokens = 0;
    for (const file of files) {
      const tokenizer = await loadHfTokenizer(`hf:${file}`);
      const { counts, ids } = reference[file] as { counts: number[]; ids: string[] };
      tokens += counts.reduce((sum, count) => sum + count, 0);
      const wrong = corpus.flatMap((text, k) => {
        const encoded = tokenizer.encode?.(text) ?? [];
        return tokenizer.count(text) === counts[k] && digest(encoded.map((t) => t.id)) === ids[k]
          ? []
          : [text];
      });
      expect(wrong, file).toEqual([]);
    }
    console.log(`${files.length} files × ${corpus.length} texts, ${tokens} tokens: all equal`);
  });
});
