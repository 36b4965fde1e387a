// node bench.mjs FAMILY "IMPL NAME" CORPUS_FILE MODE
//   MODE = load   : only load the tokenizer (for load time / baseline RSS)
//        = whole  : count the whole file in one call, twice (first pass in fresh process, then warm)
//        = chunked: split at blank lines ("\n\n" kept on the left chunk), count chunk by chunk, twice
// prints one JSON line. Run under /usr/bin/time -v for peak RSS.
import fs from 'node:fs';
import { IMPLS } from './impls.mjs';
const [fam, implName, corpus, mode = 'whole'] = process.argv.slice(2);
const tStart = performance.now();
const count = await IMPLS[fam][implName]();
const loadMs = performance.now() - tStart;
const res = { fam, impl: implName, mode, corpus, node_boot_ms: Math.round(performance.timeOrigin ? tStart : 0), load_ms: Math.round(loadMs) };
if (mode !== 'load') {
  const text = fs.readFileSync(corpus, 'utf8');
  const mb = Buffer.byteLength(text) / 1e6;
  let chunks = null;
  if (mode === 'chunked') { chunks = text.split(/(?<=\n\n)/); res.chunks = chunks.length; }
  const run = () => { if (!chunks) return count(text); let s = 0; for (const c of chunks) s += count(c); return s; };
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  let c0 = cpu(); let t = performance.now(); const n1 = run(); const first = (performance.now() - t) / 1000; const firstCpu = cpu() - c0;
  c0 = cpu(); t = performance.now(); const n2 = run(); const warm = (performance.now() - t) / 1000; const warmCpu = cpu() - c0;
  res.first_cpuMBps = +(mb / firstCpu).toFixed(2); res.warm_cpuMBps = +(mb / warmCpu).toFixed(2);
  Object.assign(res, { mb: +mb.toFixed(2), tokens: n1, tokens_warm: n2, first_s: +first.toFixed(2), first_MBps: +(mb / first).toFixed(2), warm_s: +warm.toFixed(2), warm_MBps: +(mb / warm).toFixed(2) });
}
res.heapUsedMB = Math.round(process.memoryUsage().heapUsed / 1e6);
console.log(JSON.stringify(res));
