# Reference token counts of chat requests for Qwen 3 and Qwen 2.5: each package's chat template
# (tokenizer_config.json "chat_template") rendered with Jinja2 (add_generation_prompt=True), then the
# rendered prompt encoded with Hugging Face `tokenizers` on the package's tokenizer.json (which makes
# <|im_start|> and <|im_end|> one token each). DIR as in bpe_fuzz.mjs (qwen3/ and q25/ unpacked).
# Prints one JSON object: {name: {"qwen3": n, "qwen2.5": n}}, the counts test/unit/qwen-chat.test.ts keeps.
import json, os, sys
import jinja2
from tokenizers import Tokenizer

REQUESTS = {
    "one user message": [{"role": "user", "content": "Hello, Qwen!"}],
    "system and user": [
        {"role": "system", "content": "You are a scientist."},
        {"role": "user", "content": "Why is the sky blue? Answer in one sentence."},
    ],
    "three turns": [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "4"},
        {"role": "user", "content": "And 3 + 3?\nThen stop."},
    ],
    "CJK and code": [
        {"role": "user", "content": "请把这段代码翻译成 Python：\n```js\nconst x = [1, 2, 3].map((n) => n * 2);\n```"},
    ],
}

d = sys.argv[1]
env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
out = {}
for key, package in (("qwen3", "qwen3"), ("qwen2.5", "q25")):
    base = os.path.join(d, package, "package/models")
    template = env.from_string(json.load(open(os.path.join(base, "tokenizer_config.json"), encoding="utf-8"))["chat_template"])
    tok = Tokenizer.from_file(os.path.join(base, "tokenizer.json"))
    for name, messages in REQUESTS.items():
        prompt = template.render(messages=messages, add_generation_prompt=True)
        out.setdefault(name, {})[key] = len(tok.encode(prompt, add_special_tokens=False).ids)
print(json.dumps(out, ensure_ascii=False, indent=1))
