// Minimal count-only BPE engines over data shipped in npm packages.
//  - makeTiktokenCounter: byte-level BPE with tiktoken ranks (Llama 3, tekken, Qwen, DeepSeek V3).
//    pretokenization = sequence of "Isolated" regex splits (last one is the tiktoken pat_str); gaps kept (HF semantics).
//  - makeSentencePieceCounter: SentencePiece-BPE (Llama 2, Mistral v1/v3, Gemma 3) with merges ranks + byte fallback.
// Both cache per-piece counts in a bounded Map (cleared when it reaches CACHE_MAX) and use an O(n log n) heap merge.
const CACHE_MAX = 200_000;

// Oniguruma / Rust-regex \s (Unicode White_Space) differs from JS \s: JS includes U+FEFF, excludes U+0085.
const WS = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export function fixWhitespaceClass(pat) {
  // rewrite \s and \S outside and inside character classes
  let out = ''; let inClass = false;
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') {
      const n = pat[i + 1];
      if (n === 's') { out += inClass ? WS : `[${WS}]`; i++; continue; }
      if (n === 'S') { if (inClass) throw new Error('\\S inside class unsupported'); out += `[^${WS}]`; i++; continue; }
      out += c + n; i++; continue;
    }
    if (c === '[' && !inClass) inClass = true; else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}
const JS_CONTRACTIONS = "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))";
export const toJsPattern = (p, { fixWs = true } = {}) => { const q = p.replace("(?i:'s|'t|'re|'ve|'m|'ll|'d)", JS_CONTRACTIONS); return fixWs ? fixWhitespaceClass(q) : q; };

// ---- generic heap-based BPE over an array of symbol ids; rankOf(a,b) -> [rank, mergedId] | undefined
// returns number of resulting symbols; `final` optional callback to expand unknown symbols (byte fallback)
// small pieces: plain rescans (faster than the heap for the common short word)
function bpeSmall(syms, rankOf, symCost) {
  let n = syms.length;
  const rk = new Array(n - 1), mg = new Array(n - 1);
  for (let i = 0; i + 1 < n; i++) { const rm = rankOf(syms[i], syms[i + 1]); if (rm === undefined) { rk[i] = Infinity; mg[i] = null; } else { rk[i] = rm[0]; mg[i] = rm[1]; } }
  for (;;) {
    let best = Infinity, bi = -1;
    for (let i = 0; i + 1 < n; i++) if (rk[i] < best) { best = rk[i]; bi = i; }
    if (bi < 0) break;
    syms[bi] = mg[bi]; syms.splice(bi + 1, 1); rk.splice(bi, 1); mg.splice(bi, 1); n--;
    if (bi < n - 1) { const rm = rankOf(syms[bi], syms[bi + 1]); if (rm === undefined) { rk[bi] = Infinity; mg[bi] = null; } else { rk[bi] = rm[0]; mg[bi] = rm[1]; } }
    if (bi > 0) { const rm = rankOf(syms[bi - 1], syms[bi]); if (rm === undefined) { rk[bi - 1] = Infinity; mg[bi - 1] = null; } else { rk[bi - 1] = rm[0]; mg[bi - 1] = rm[1]; } }
  }
  let t = 0; for (let i = 0; i < n; i++) t += symCost(syms[i]); return t;
}
function bpeCount(syms, rankOf, symCost) {
  const n = syms.length;
  if (n === 1) return symCost(syms[0]);
  if (n <= 48) return bpeSmall(syms, rankOf, symCost);
  const prev = new Int32Array(n), next = new Int32Array(n), ver = new Int32Array(n);
  for (let i = 0; i < n; i++) { prev[i] = i - 1; next[i] = i + 1 < n ? i + 1 : -1; }
  // binary heap of [rank, pos, ver(pos), ver(next)] packed in arrays
  let hr = [], hp = [], hv = [], hw = [], hm = [];
  const push = (r, p, m) => {
    let i = hr.length; hr.push(r); hp.push(p); hv.push(ver[p]); hw.push(ver[next[p]]); hm.push(m);
    while (i > 0) { const pa = (i - 1) >> 1; if (hr[pa] < r || (hr[pa] === r && hp[pa] < p)) break; swap(i, pa); i = pa; }
  };
  const swap = (a, b) => { let t = hr[a]; hr[a] = hr[b]; hr[b] = t; t = hp[a]; hp[a] = hp[b]; hp[b] = t; t = hv[a]; hv[a] = hv[b]; hv[b] = t; t = hw[a]; hw[a] = hw[b]; hw[b] = t; t = hm[a]; hm[a] = hm[b]; hm[b] = t; };
  const pop = () => {
    const last = hr.length - 1; swap(0, last);
    const r = [hr.pop(), hp.pop(), hv.pop(), hw.pop(), hm.pop()];
    let i = 0; const L = hr.length;
    for (;;) {
      const l = 2 * i + 1, rr = l + 1; let m = i;
      if (l < L && (hr[l] < hr[m] || (hr[l] === hr[m] && hp[l] < hp[m]))) m = l;
      if (rr < L && (hr[rr] < hr[m] || (hr[rr] === hr[m] && hp[rr] < hp[m]))) m = rr;
      if (m === i) break; swap(i, m); i = m;
    }
    return r;
  };
  const tryPush = (p) => { const q = next[p]; if (q < 0) return; const rm = rankOf(syms[p], syms[q]); if (rm !== undefined) push(rm[0], p, rm[1]); };
  for (let i = 0; i + 1 < n; i++) tryPush(i);
  let count = n;
  while (hr.length) {
    const [, p, vp, vq, m] = pop();
    const q = next[p];
    if (q < 0 || ver[p] !== vp || ver[q] !== vq || ver[p] < 0) continue;
    syms[p] = m; ver[p]++; ver[q] = -1; count--;
    const r = next[q]; next[p] = r; if (r >= 0) prev[r] = p;
    if (prev[p] >= 0) tryPush(prev[p]);
    tryPush(p);
  }
  let total = 0; for (let i = 0; i >= 0; i = next[i]) total += symCost(syms[i]);
  return total;
}

// ---------------- tiktoken-style ----------------
// ranksCompressed: js-tiktoken lite format ("! <offset> b64 b64 ...\n...")
// Optional HF semantics: mergesBL = [a, b][] in GPT-2 byte-level-unicode strings (merge allowed only if listed),
// ignoreMerges=false => never shortcut a whole pretoken via vocab lookup (HF BPE with ignore_merges=false).
function blDecoder() {
  const bs = []; for (let i = 33; i <= 126; i++) bs.push(i); for (let i = 161; i <= 172; i++) bs.push(i); for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = bs.slice(); let n = 0; for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  const m = new Map(); bs.forEach((b, i) => m.set(String.fromCodePoint(cs[i]), String.fromCharCode(b)));
  return (s) => Array.from(s, (c) => m.get(c)).join('');
}
export function makeTiktokenCounter({ patterns, ranksCompressed, nfc = false, mergesBL = null, ignoreMerges = true }) {
  const direct = new Map();   // utf-16 string -> rank (only tokens that are valid UTF-8)
  const byBytes = new Map();  // latin1 string of bytes -> rank
  const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (const line of ranksCompressed.split('\n')) {
    if (!line) continue;
    const parts = line.split(' '); const off = Number(parts[1]);
    for (let i = 2; i < parts.length; i++) {
      const b = Buffer.from(parts[i], 'base64'); const rank = off + i - 2;
      byBytes.set(b.toString('latin1'), rank);
      try { direct.set(td.decode(b), rank); } catch { /* not valid utf-8 */ }
    }
  }
  const regs = patterns.map((p) => new RegExp(p, 'gu'));
  const cache = new Map();
  // symbols are latin1 strings of bytes; merged symbol = concatenation
  let rankOf = (a, b) => { const s = a + b; const r = byBytes.get(s); return r === undefined ? undefined : [r, s]; };
  if (mergesBL) {
    const dec = blDecoder(); const mt = new Map();
    mergesBL.forEach(([a, b], r) => { const x = dec(a), y = dec(b); const k = x + '\u0001' + y; if (!mt.has(k)) mt.set(k, [r, x + y]); });
    rankOf = (a, b) => mt.get(a + '\u0001' + b);
  }
  const one = () => 1;
  function countPiece(piece) {
    if (ignoreMerges && direct.has(piece)) return 1;
    let c = cache.get(piece);
    if (c !== undefined) return c;
    const bytes = Buffer.from(piece, 'utf8');
    const syms = new Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) syms[i] = String.fromCharCode(bytes[i]);
    c = bpeCount(syms, rankOf, one);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(piece, c);
    return c;
  }
  // apply split level k to string s (Isolated: matches and gaps both become pieces)
  function split(s, k) {
    if (k === regs.length) return countPiece(s);
    const re = regs[k]; re.lastIndex = 0; let total = 0, last = 0, m;
    while ((m = re.exec(s)) !== null) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      if (m.index > last) total += split(s.slice(last, m.index), k + 1);
      total += k + 1 === regs.length ? countPiece(m[0]) : split(m[0], k + 1);
      last = m.index + m[0].length;
    }
    if (last < s.length) total += split(s.slice(last), k + 1);
    return total;
  }
  return (text) => (text.length === 0 ? 0 : split(nfc ? text.normalize('NFC') : text, 0));
}

// ---------------- SentencePiece-BPE ----------------
// vocab: string[] (id -> piece); merges: [a, b][] in priority order; byteFallback: unknown chars cost their UTF-8 byte count
export function makeSentencePieceCounter({ vocab, merges, addDummyPrefix, byteFallback = true }) {
  const ids = new Map(); vocab.forEach((p, i) => { if (!ids.has(p)) ids.set(p, i); });
  // merge table keyed by "a\u0001b" -> [rank, merged piece]
  const mt = new Map();
  merges.forEach(([a, b], r) => { const k = a + '\u0001' + b; if (!mt.has(k)) mt.set(k, [r, a + b]); });
  // bigrams (x, ▁) with x != ▁ that occur inside a piece: splitting between them would be unsafe
  const unsafe = new Set();
  for (const p of vocab) { const cs = [...p]; for (let i = 1; i < cs.length; i++) if (cs[i] === '▁' && cs[i - 1] !== '▁') unsafe.add(cs[i - 1]); }
  const rankOf = (a, b) => mt.get(a + '\u0001' + b);
  const symCost = (s) => (ids.has(s) ? 1 : byteFallback ? Buffer.byteLength(s, 'utf8') : 1);
  const cache = new Map();
  function countSeg(seg) {
    if (ids.has(seg)) return 1;
    let c = cache.get(seg); if (c !== undefined) return c;
    c = bpeCount(Array.from(seg), rankOf, symCost);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(seg, c); return c;
  }
  return (text) => {
    if (text.length === 0) return 0;
    let s = text.replaceAll(' ', '▁'); if (addDummyPrefix) s = '▁' + s;
    // segment before each ▁ whose previous char is not ▁ (and not an "unsafe" char)
    let total = 0, start = 0;
    for (let i = 1; i < s.length; i++) {
      if (s.charCodeAt(i) === 0x2581) {
        const pc = s.charCodeAt(i - 1);
        if (pc !== 0x2581 && !unsafe.has(s[i - 1]) && !(pc >= 0xdc00 && pc <= 0xdfff)) { total += countSeg(s.slice(start, i)); start = i; }
      }
    }
    return total + countSeg(s.slice(start));
  };
}

// Wrap a counter so that literal occurrences of added tokens (HF added_tokens) count as 1 token each,
// and the text between them is counted separately (HF splits on added tokens before normalization).
export function withAddedTokens(count, addedContents) {
  if (!addedContents.length) return count;
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp([...addedContents].sort((a, b) => b.length - a.length).map(esc).join('|'), 'g');
  return (text) => { let total = 0, last = 0; re.lastIndex = 0; let m;
    while ((m = re.exec(text)) !== null) { if (m.index > last) total += count(text.slice(last, m.index)); total += 1; last = m.index + m[0].length; }
    return total + (last < text.length ? count(text.slice(last)) : 0); };
}
