// node crosscheck.mjs FAMILY  -> counts per fixture per implementation, flags disagreements
import { IMPLS } from './impls.mjs';
import { createRequire } from 'node:module';
const { fixtures } = createRequire(import.meta.url)('./fixtures.js');
const fam = process.argv[2];
const impls = IMPLS[fam];
const counters = {};
for (const [name, load] of Object.entries(impls)) {
  const t0 = performance.now();
  try { counters[name] = await load(); console.log(`loaded ${name} in ${(performance.now() - t0).toFixed(0)} ms`); }
  catch (e) { console.log(`LOAD FAIL ${name}: ${String(e.message || e).slice(0, 200)}`); }
}
const names = Object.keys(counters);
console.log('\nfixture'.padEnd(20), names.map((n, i) => `[${i}]`).join(' '), '   ', names.map((n, i) => `[${i}]=${n}`).join('  '));
let disagree = 0;
for (const [fx, text] of fixtures) {
  const row = names.map((n) => { try { const c = counters[n](text); return String(c); } catch (e) { return 'ERR:' + String(e.message || e).slice(0, 60); } });
  const uniq = new Set(row);
  if (uniq.size > 1) disagree++;
  console.log(fx.padEnd(19), row.join(' '), uniq.size > 1 ? '   <-- DISAGREE' : '');
}
console.log(`\n${fam}: ${disagree} fixture(s) with disagreement among ${names.length} impls`);
