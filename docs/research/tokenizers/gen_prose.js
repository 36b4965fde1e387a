// Generates ~5 MB of English prose: word-bigram Markov chain trained on local English text
// (/usr/share/common-licenses/* and the prose lines of /usr/share/doc/nodejs/api/*.md), deterministic PRNG.
// node gen_prose.js [bytes] > corpus/prose5mb.txt
const fs = require('fs');
const target = Number(process.argv[2] || 5_000_000);
let src = '';
for (const f of fs.readdirSync('/usr/share/common-licenses')) {
  const p = '/usr/share/common-licenses/' + f; if (fs.statSync(p).isFile()) src += fs.readFileSync(p, 'utf8') + '\n';
}
const api = '/usr/share/doc/nodejs/api';
if (fs.existsSync(api)) for (const f of fs.readdirSync(api).filter((x) => x.endsWith('.md'))) {
  let inCode = false;
  for (const line of fs.readFileSync(`${api}/${f}`, 'utf8').split('\n')) {
    if (line.startsWith('```')) { inCode = !inCode; continue; }
    if (!inCode && /^[A-Z][a-z]/.test(line) && !line.includes('`') && !line.includes('[')) src += line + '\n';
  }
}
const words = src.replace(/[^A-Za-z0-9,.;:!?'()\- ]+/g, ' ').split(/\s+/).filter((w) => w && /[A-Za-z]/.test(w));
const next = new Map();
for (let i = 0; i + 1 < words.length; i++) { const a = words[i]; if (!next.has(a)) next.set(a, []); next.get(a).push(words[i + 1]); }
let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const starts = words.filter((w, i) => i > 0 && /[.!?]$/.test(words[i - 1]) && /^[A-Z]/.test(w));
const out = []; let size = 0; let w = starts[0]; let sentences = 0; const uniq = new Set();
while (size < target) {
  let para = []; const nSent = 3 + Math.floor(rnd() * 5);
  for (let s = 0; s < nSent; s++) {
    w = starts[Math.floor(rnd() * starts.length)]; const sent = [w];
    for (let k = 0; k < 40; k++) {
      const c = next.get(w); if (!c) break; w = c[Math.floor(rnd() * c.length)]; sent.push(w); if (/[.!?]$/.test(w) && k > 5) break;
    }
    let str = sent.join(' '); if (!/[.!?]$/.test(str)) str += '.'; para.push(str); sentences++;
    for (const x of sent) uniq.add(x.toLowerCase().replace(/[^a-z]/g, ''));
  }
  const p = para.join(' ') + '\n\n'; out.push(p); size += Buffer.byteLength(p);
}
process.stdout.write(out.join(''));
process.stderr.write(`bytes=${size} sentences=${sentences} unique_words=${uniq.size} training_words=${words.length}\n`);
