// node fuzz.mjs FAMILY "IMPL A" "IMPL B" [N]
// Differential test: random strings (corpus words, code-ish punctuation, whitespace runs, random code points from many
// scripts, emoji, BOM/NEL) + every paragraph of the first 300 KB of vimdoc5mb.txt. Prints first mismatches.
import fs from 'node:fs';
import { IMPLS } from './impls.mjs';
const [fam, a, b, nArg] = process.argv.slice(2);
const N = Number(nArg || 20000);
const A = await IMPLS[fam][a](), B = await IMPLS[fam][b]();
let s0 = 0x9e3779b9 | 0; const rnd = () => { s0 ^= s0 << 13; s0 ^= s0 >>> 17; s0 ^= s0 << 5; return (s0 >>> 0) / 4294967296; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const words = fs.readFileSync('corpus/prose5mb.txt', 'utf8').slice(0, 200000).split(/\s+/);
const ranges = [[0x20, 0x7e], [0xa0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x6ff], [0x900, 0x97f], [0xe00, 0xe7f], [0x1100, 0x11ff], [0x3040, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0x1f300, 0x1faff], [0x2000, 0x206f], [0xff00, 0xffef], [0x10000, 0x1ffff]];
const ws = [' ', '  ', '    ', '\n', '\n\n', '\t', '\r\n', ' \n', '\u00a0', '\u3000', '\uFEFF', '\u0085'];
const punct = ['.', ',', '(', ')', '{', '}', '=>', '==', '"', "'", "'s", "'LL", '::', '...', '--', '#', '//', '<', '>', '</', '/>', '_', '0', '123', '4567', '3.14'];
function gen() {
  const parts = []; const n = 1 + Math.floor(rnd() * 30);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.35) parts.push(pick(words));
    else if (r < 0.55) parts.push(pick(ws));
    else if (r < 0.7) parts.push(pick(punct));
    else { const [lo, hi] = pick(ranges); let s = ''; const k = 1 + Math.floor(rnd() * 6); for (let j = 0; j < k; j++) { const cp = lo + Math.floor(rnd() * (hi - lo + 1)); if (cp < 0xd800 || cp > 0xdfff) s += String.fromCodePoint(cp); } parts.push(s); }
  }
  return parts.join(rnd() < 0.5 ? ' ' : '');
}
const cases = [];
for (let i = 0; i < N; i++) cases.push(gen());
for (const p of fs.readFileSync('corpus/vimdoc5mb.txt', 'utf8').slice(0, 300000).split(/\n\n/)) cases.push(p);
if (process.env.STRIPCN) for (let i = 0; i < cases.length; i++) cases[i] = cases[i].replace(/\p{Cn}/gu, "");
if (process.env.STRIP) for (let i = 0; i < cases.length; i++) cases[i] = cases[i].replace(/[\uFEFF\u0085]/g, "");
const uniq = [...new Set(cases)]; cases.length = 0; cases.push(...uniq);
let bad = 0; const shown = [];
for (const s of cases) {
  let x, y; try { x = A(s); } catch (e) { x = 'ERR ' + e.message; } try { y = B(s); } catch (e) { y = 'ERR ' + e.message; }
  if (x !== y) { bad++; if (shown.length < 5) shown.push(`${JSON.stringify(s).slice(0, 160)}  A=${x} B=${y}`); }
}
console.log(`${fam}: [A] ${a} vs [B] ${b}: ${bad} / ${cases.length} strings differ`);
if (process.env.DUMP) fs.writeFileSync(process.env.DUMP, JSON.stringify(cases.filter((s) => { try { return A(s) !== B(s); } catch { return true; } })));
for (const l of shown) console.log('   ', l);
