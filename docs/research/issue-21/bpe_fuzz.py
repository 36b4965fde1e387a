# Hugging Face `tokenizers` ids for each text of DIR/texts.json (see bpe_fuzz.mjs): DIR/hf-qwen-3.json
# from DIR/qwen3/package/models/tokenizer.json and DIR/hf-o200k_harmony.json from DIR/gptoss/…; null
# for a text that spells one of the tokenizer's added tokens (ordinary text to llmcost, one token here).
import json, os, sys
import tokenizers
from tokenizers import Tokenizer

d = sys.argv[1]
texts = json.load(open(os.path.join(d, "texts.json"), encoding="utf-8"))
for tid, package in (("qwen-3", "qwen3"), ("o200k_harmony", "gptoss")):
    path = os.path.join(d, package, "package/models/tokenizer.json")
    tok = Tokenizer.from_file(path)
    added = [t["content"] for t in json.load(open(path, encoding="utf-8"))["added_tokens"]]
    manifest = json.load(open(os.path.join(d, package, "package/package.json"), encoding="utf-8"))
    ids = [None if any(a in t["text"] for a in added) else tok.encode(t["text"], add_special_tokens=False).ids for t in texts]
    out = {"version": tokenizers.__version__, "source": f"{manifest['name']} {manifest['version']} models/tokenizer.json", "ids": ids}
    json.dump(out, open(os.path.join(d, f"hf-{tid}.json"), "w"))
    print(tid, len(ids), "texts,", sum(i is None for i in ids), "left out")
