import type { Writable } from "node:stream";
import type { Chunk } from "../core/calibration-sample.js";
import type { Sample } from "../core/profile-fit.js";
import type { CountClient } from "../io/count-client.js";
import type { Tokenizer } from "../tokenizers/types.js";
import type { Warn } from "./context.js";

/** What the endpoint said: its framing per request, and each chunk's text tokens beside the estimate. */
export interface Measured {
  framing: number;
  samples: Sample[];
}

/** Two one-letter texts: each is one token in any vocabulary, so an answer less one is the framing. */
const MINIMAL_TEXTS = ["a", "b"] as const;

/**
 * Sends the framing probes, then every chunk, one request at a time, and pairs each answer (framing
 * taken off) with the estimator's count. Progress goes to stderr: a line redrawn in place on a
 * terminal, else one line saying what is sent.
 */
export async function measureSamples(
  client: CountClient,
  tokenizer: Tokenizer,
  chunks: readonly Chunk[],
  options: { stderr: Writable & { isTTY?: boolean }; quiet: boolean; warn: Warn; provider: string },
): Promise<Measured> {
  const total = chunks.length + MINIMAL_TEXTS.length;
  const progress = requestProgress(options.stderr, !options.quiet, total, client.url);
  try {
    const minimal: number[] = [];
    for (const text of MINIMAL_TEXTS) {
      minimal.push(await client.count(text));
      progress.step();
    }
    const low = Math.min(...minimal);
    if (minimal.some((count) => count !== low))
      options.warn(
        "calibrate",
        `${options.provider} counted the one-letter texts as ${minimal.join(" and ")} tokens; framing taken as ${Math.max(0, low - 1)}`,
      );
    const framing = Math.max(0, low - 1);
    const samples: Sample[] = [];
    for (const chunk of chunks) {
      const answer = await client.count(chunk.text);
      progress.step();
      samples.push({
        source: chunk.source,
        kind: chunk.kind,
        estimate: tokenizer.count(chunk.text),
        vendor: Math.max(0, answer - framing),
      });
    }
    return { framing, samples };
  } finally {
    progress.done();
  }
}

/** "12/52 requests" redrawn on a terminal; one plain line elsewhere; nothing when quiet. */
function requestProgress(
  stderr: Writable & { isTTY?: boolean },
  enabled: boolean,
  total: number,
  url: string,
): { step(): void; done(): void } {
  if (!enabled) return { step: () => {}, done: () => {} };
  if (!stderr.isTTY) {
    stderr.write(`llmcost: calibrate: sending ${total} requests to ${url}\n`);
    return { step: () => {}, done: () => {} };
  }
  let sent = 0;
  const draw = () =>
    stderr.write(`\r\u001b[2Kllmcost: calibrate: ${sent}/${total} requests to ${url}`.slice(0, 130));
  draw();
  return {
    step() {
      sent++;
      draw();
    },
    done() {
      stderr.write("\r\u001b[2K");
    },
  };
}
