#!/bin/bash
# fastbpe (v2, small-piece fast path) rows: load / whole / chunked on prose, whole on vimdoc
cd /tmp/tokresearch
L=(
"mistral_v1	fastbpe SP(mistral-tokenizer-js data)"
"mistral_v3	fastbpe SP(v3 vocab + mistral-tokenizer-js merges)"
"tekken	fastbpe tiktoken(mtt tekken ranks)"
"llama2	fastbpe SP(ltj data)"
"llama3	fastbpe tiktoken(ranks)"
"gemma3	fastbpe SP(lenml json)+added tokens"
"qwen3	fastbpe ranks-only+added tokens"
"deepseek_v3	fastbpe ranks-only+added tokens"
"tekken	ai-tokenizer engine(tekken ranks)"
"llama3	js-tiktoken(ranks from lenml json)"
)
for e in "${L[@]}"; do
  fam="${e%%	*}"; impl="${e#*	}"
  for mode in load whole chunked; do ./runbench.sh "$fam" "$impl" corpus/prose5mb.txt $mode 150 >/dev/null; done
  ./runbench.sh "$fam" "$impl" corpus/vimdoc5mb.txt whole 150 >/dev/null
done
