// The fake IO the in-process runs share: test/unit/helpers.ts runCli (the CLI from src/) and
// test/e2e/in-process.ts llmcost (the built bundle) hand run(io) the same piped stdin and collecting
// stdout and stderr, so what a test sees does not depend on which of them runs it.
import { PassThrough, type Readable, Writable } from "node:stream";

/** What run(io) of src/cli/run.ts or of the bundle is given here (a subset of CliIO). */
export interface InProcessIO {
  argv: readonly string[];
  stdin: Readable;
  stdinKind: "pipe";
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  cwd?: string;
}

export interface InProcessOptions<Extra> {
  /** Chunks written to stdin one by one, `delayMs` apart, then the end (a pipe's writer closing it). */
  input?: string | Buffer | (string | Buffer)[];
  delayMs?: number;
  env: Record<string, string | undefined>;
  cwd?: string;
  /** More of the io (network options, for one). */
  extra?: Extra;
}

/** Collects what is written, as bytes decoded once at the end (as a pipe's reader does). */
function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Writes `input` chunks to a stdin one by one, `delayMs` apart, then ends it. */
export function feed(
  stdin: Writable,
  options: { input?: InProcessOptions<never>["input"]; delayMs?: number },
) {
  const input = options.input;
  const chunks = input === undefined ? [] : Array.isArray(input) ? input : [input];
  const writeNext = (index: number) => {
    const chunk = chunks[index];
    if (chunk === undefined) return void stdin.end();
    stdin.write(chunk);
    setTimeout(() => writeNext(index + 1), options.delayMs ?? 0);
  };
  writeNext(0);
}

/** Runs `run` with a piped stdin fed `input`; returns its exit code and everything it wrote. */
export async function runInProcess<Extra extends object = object>(
  run: (io: InProcessIO & Extra) => Promise<number>,
  argv: readonly string[],
  options: InProcessOptions<Extra>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  feed(stdin, options);
  const stdout = collector();
  const stderr = collector();
  const code = await run({
    argv,
    stdin,
    stdinKind: "pipe",
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.extra as Extra),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
