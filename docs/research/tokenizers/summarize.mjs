// Summarize out/bench.jsonl: one line per (family, impl): load ms, RSS after load, whole & chunked MB/s (wall, first/warm), RSS
import fs from 'node:fs';
const rows = fs.readFileSync('out/bench.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const key = (r) => `${r.fam}|${r.impl}`; const by = new Map();
for (const r of rows) { if (!by.has(key(r))) by.set(key(r), {}); by.get(key(r))[r.mode + (r.corpus.includes('vim') ? '_vim' : '')] = r; }
const f = (r) => (!r ? '-' : r.error || r.tokens === undefined ? 'timeout/err' : `${r.first_MBps}/${r.warm_MBps} MB/s (cpu ${r.first_cpuMBps}/${r.warm_cpuMBps}) rss ${r.maxRSS_MB}MB tok ${r.tokens}`);
for (const [k, m] of by) {
  console.log(`${k}\n   load ${m.load ? m.load.load_ms + 'ms rss ' + m.load.maxRSS_MB + 'MB' : '-'} | whole ${f(m.whole)} | chunked ${f(m.chunked)}${m.whole_vim ? ' | vimdoc whole ' + f(m.whole_vim) : ''}`);
}
