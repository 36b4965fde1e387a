import { IMPLS } from './impls.mjs';
import fs from 'node:fs';
const r = JSON.parse(fs.readFileSync('data/llama3.tiktoken.json'));
const lines = r.bpe_ranks.split('\n'); console.log('lines', lines.length, lines.map(l => l.slice(0, 20)));
const { Tokenizer } = await import('ai-tokenizer');
const o200 = await import('ai-tokenizer/encoding/o200k_base');
console.log('ai-tokenizer o200k empty ->', new Tokenizer(o200).encode(''));
