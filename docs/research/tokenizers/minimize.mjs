// node minimize.mjs FAMILY "IMPL A" "IMPL B" JSON_STRING : shrink a string while the two counts still differ
import { IMPLS } from './impls.mjs';
const [fam, a, b, js] = process.argv.slice(2);
const A = await IMPLS[fam][a](), B = await IMPLS[fam][b]();
let s = [...JSON.parse(js)];
const differ = (arr) => { const t = arr.join(''); return A(t) !== B(t); };
if (!differ(s)) { console.log('no difference'); process.exit(); }
let changed = true;
while (changed) { changed = false; for (let i = 0; i < s.length; i++) { const t = s.slice(0, i).concat(s.slice(i + 1)); if (differ(t)) { s = t; changed = true; i--; } } }
const t = s.join('');
console.log(JSON.stringify(t), [...t].map((c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase()).join(' '), 'A=', A(t), 'B=', B(t));
