#!/usr/bin/env python3
"""Writes test/fixtures/hf/: small tokenizer.json files of each kind llmcost's hf: loader runs, trained
here with Hugging Face `tokenizers` (pip install tokenizers), a fuzz corpus, and the reference counts
and token ids `tokenizers` gives for every text. test/unit/hf-*.test.ts compare llmcost against them.

    python3 scripts/hf-fixtures.py            # writes test/fixtures/hf/
    python3 scripts/hf-fixtures.py --check F… # prints the corpus and python's counts and ids for files (JSON)
    python3 scripts/hf-fixtures.py --check --fuzz N F…  # the same on N more random texts, some long

Deterministic: the corpus comes from a seeded generator and training is single-threaded.
"""
import hashlib
import json
import os
import random
import sys

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers  # noqa: E402
import tokenizers  # noqa: E402
from tokenizers import AddedToken  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "hf")

LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
O200K = (
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
DEEPSEEK_CJK = "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+"
DEEPSEEK_WORDS = (
    r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+"
    r"| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# Characters by script and kind, for the corpus: every script the tokenizers may meet.
POOLS = {
    "ascii": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "digits": "0123456789٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»“”‘’—–…·•§¶©®™°±×÷",
    "space": " \t\n\r\u00a0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u0085\u000b\u000c\ufeff\u200b\u180e",
    "latin": "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĪīİıŁłŃńŇňŐőŒœŘřŚśŞşŠšŢţŤťŪūŮůŰűŸŹźŻżŽžſ",
    "greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρςστυφχψωάέήίόύώ",
    "cyrillic": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةًٌٍَُِّْ",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשתךםןףץ",
    "devanagari": "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहािीुूृेैोौं्",
    "thai": "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะัาำิีึืุูเแโใไ่้๊๋",
    "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域读",
    "kana": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンー",
    "hangul": "가나다라마바사아자차카타파하한국어안녕하세요감사합니다세계",
    "emoji": "😀😃😄😁😆😅😂🤣☺😊👍👎👏🙏💪🔥✨🎉❤💔⭐🌍🚀🐍🦀👩‍💻👨‍👩‍👧‍👦🏳️‍🌈🇺🇸🇯🇵👋🏽✌️",
    "symbols": "∀∂∃∅∇∈∉∋∏∑−∗√∝∞∠∧∨∩∪∫≈≠≡≤≥⊂⊃⊆⊇⊕⊗⊥€£¥₹₽₿←↑→↓↔⇒⇔■□▲△○●◆◇★☆♠♣♥♦♪♫",
    "astral": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢𝐀𝐁𝐂𝟎𝟏𝟐𠀀𠀁𡃁𩸽𓀀𓁐",
    "combining": "\u0300\u0301\u0302\u0303\u0308\u030a\u0327\u0328\u20d7\u0336\u035c",
    "special": "<|endoftext|>|<s>|</s>|<unk>|<0x41>|<pad>|<|im_start|>|[INST]|▁|▁▁|[NEW]| [NEW] |word|<think>|</think>|Hello|<mask>",
    "contractions": "'s|'S|'t|'T|'re|'RE|'ve|'m|'M|'ll|'LL|'d|'D|'ſ|'K",
}

TRAIN_TEXT = [
    "The quick brown fox jumps over the lazy dog. It's the dog's day; they'll see, we've won, I'm here, you'd go.",
    "Tokenizers split text into pieces, then merge bytes or characters pair by pair until no merge applies.",
    "def count(text):\n    return len(tokens)  # 42 tokens, 3.14159 ratio, 2024-12-06\n\n\tindent\ttabs",
    "Größe, naïve café, résumé, façade, Ærøskøbing, Łódź, Şişli, İstanbul, ſtraße, Œuvre.",
    "Привет, мир! Как дела? Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "Γειά σου Κόσμε· ΣΊΣΥΦΟΣ σοφός. العربية لغة جميلة. עברית שפה עתיקה. हिन्दी भाषा सुंदर है। ภาษาไทยสวยงาม",
    "你好，世界。今天天气很好，我们去公园散步吧。中文分词与字节对编码。こんにちは世界、カタカナとひらがな。안녕하세요 세계",
    "Emoji: 😀😂👍🔥🚀 👩‍💻 🇺🇸 ❤️ and math ∑∫√∞ ≤ ≥ ≠ → ⇒ € £ ¥ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Numbers 1234567890 and 0.5 and 1,000,000 and ٣٤٥ and १२३ and ０１２.",
    "    many    spaces     and\n\n\nnewlines\r\n\r\nwindows   trailing   ",
]


def fuzz(count, seed=2121):
    """More random mixes of the pools, up to a few thousand characters each."""
    rng = random.Random(seed)
    names = sorted(POOLS)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.choice([1, 3, 10, 40, 200])):
            pool = POOLS[rng.choice(names)]
            if "|" in pool and rng.random() < 0.7:
                parts.append(rng.choice(pool.split("|")))
            else:
                parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 20))))
            if rng.random() < 0.6:
                parts.append(rng.choice([" ", "  ", "\n", " \n ", "\t", "", "   ", "\n\n", " " * rng.randint(1, 30)]))
        texts.append("".join(parts))
    return texts


def corpus():
    """Texts for the references: fixed edge cases, then seeded random mixes of the pools."""
    texts = [
        "",
        " ",
        "  ",
        "\n",
        "a",
        "Hello world",
        " Hello world",
        "Hello  world  ",
        "hello\n\n\n  world\t\t!",
        "It's, you'LL, THEY'RE, we'VE, 'ſ, 'K",
        "<|endoftext|>Hello<|endoftext|>",
        "a<|endoftext|> b <|endoftext|>  c",
        "<s>Hello</s> <unk> <0x41> [INST]",
        "▁▁hello ▁ world▁",
        "12345678901234567890",
        "x" * 300,
        " " * 40 + "end",
        "\t" * 17 + "\n" * 9,
        "ab" * 100,
        "😀" * 20,
        "👩‍💻👨‍👩‍👧‍👦🏳️‍🌈🇺🇸",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀𠀁",
        "e\u0301 n\u0303 A\u030a \u212b \u00c5 \ufb01 \u2126",
        "\ufeffBOM and \u200bZWSP and \u00a0NBSP and \u3000IDEO and \u0085NEL",
        "ΣΊΣΥΦΟΣ ΟΔΟΣ Σ",
        "HELLO hello Hello ΣAB σab xHellox",
        "abc cab abcab bcab ccab",
        "a [NEW] b  [NEW]  c[NEW]d [NEW][NEW]  [NEW]\n\t[NEW]",
        "word words sword word. _word word_ wordword (word) word",
        "<think>x</think> <THINK> < think> <think></think>",
        "İstanbul ıIiİ ß ẞ ǅ",
        "\ufffd lone \ufffd",
        "x\ufffd",
    ]
    for key, pool in POOLS.items():
        if key in ("special", "contractions"):
            texts.append(" ".join(pool.split("|")))
        else:
            texts.append(pool)
            texts.append(" ".join(pool[i : i + 5] for i in range(0, len(pool), 5)))
    rng = random.Random(21)
    names = sorted(POOLS)
    for n in range(160):
        parts = []
        for _ in range(rng.randint(1, 12)):
            pool = POOLS[rng.choice(names)]
            if "|" in pool and rng.random() < 0.8:
                parts.append(rng.choice(pool.split("|")))
            else:
                parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 14))))
            if rng.random() < 0.5:
                parts.append(rng.choice([" ", "  ", "\n", " \n ", "\t", "", "   "]))
        texts.append("".join(parts))
    return texts


def bpe_trainer(size, specials=(), alphabet=None):
    return trainers.BpeTrainer(
        vocab_size=size,
        min_frequency=1,
        special_tokens=list(specials),
        show_progress=False,
        initial_alphabet=alphabet or [],
    )


def byte_level(pre, normalizer=None, size=700, specials=("<|endoftext|>",), ignore_merges=False):
    tok = Tokenizer(models.BPE(ignore_merges=ignore_merges))
    tok.pre_tokenizer = pre
    if normalizer is not None:
        tok.normalizer = normalizer
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(
        TRAIN_TEXT * 3 + corpus()[:60], bpe_trainer(size, specials, pre_tokenizers.ByteLevel.alphabet())
    )
    return tok


def sentencepiece_like(normalizer, pre, size=600, byte_fallback=True, unk=True, fuse_unk=True):
    tok = Tokenizer(models.BPE(unk_token="<unk>" if unk else None, byte_fallback=byte_fallback, fuse_unk=fuse_unk))
    if normalizer is not None:
        tok.normalizer = normalizer
    if pre is not None:
        tok.pre_tokenizer = pre
    # The training texts leave out most scripts, so that byte fallback and unk are exercised.
    tok.train_from_iterator(TRAIN_TEXT[:5] * 3, bpe_trainer(size, ["<unk>", "<s>", "</s>"]))
    data = json.loads(tok.to_str())
    vocab = data["model"]["vocab"]
    if byte_fallback:
        for byte in range(256):
            vocab.setdefault(f"<0x{byte:02X}>", len(vocab))
    return Tokenizer.from_str(json.dumps(data))


def kinds():
    """Each fixture: a name, what it shows, and its tokenizer."""
    gpt2 = byte_level(pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True))
    llama3 = byte_level(
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated"),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
            ]
        ),
        ignore_merges=True,
        specials=("<|begin_of_text|>", "<|end_of_text|>"),
    )
    llama3.add_special_tokens(["<|eot_id|>"])
    qwen = byte_level(
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.Split(Regex(QWEN), behavior="isolated"),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
            ]
        ),
        normalizer=normalizers.NFC(),
        specials=("<|endoftext|>", "<|im_start|>", "<|im_end|>"),
    )
    o200k = byte_level(
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.Split(Regex(O200K), behavior="removed", invert=True),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
            ]
        )
    )
    deepseek = byte_level(
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.Split(Regex(r"\p{N}{1,3}"), behavior="isolated"),
                pre_tokenizers.Split(Regex(DEEPSEEK_CJK), behavior="isolated"),
                pre_tokenizers.Split(Regex(DEEPSEEK_WORDS), behavior="isolated"),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
            ]
        ),
        specials=("<｜begin▁of▁sentence｜>",),
    )
    deepseek.add_tokens([AddedToken("<think>", normalized=True), AddedToken("</think>", normalized=False)])
    llama2 = sentencepiece_like(
        normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")]), None
    )
    metaspace = sentencepiece_like(None, pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first"))
    metaspace.add_tokens([AddedToken("[NEW]", lstrip=True, rstrip=True), AddedToken("word", single_word=True)])
    gemma = sentencepiece_like(
        normalizers.Replace(" ", "▁"),
        pre_tokenizers.Split(" ", behavior="merged_with_previous"),
        unk=True,
        fuse_unk=False,
    )
    lower = sentencepiece_like(
        normalizers.Sequence(
            [normalizers.NFKC(), normalizers.Lowercase(), normalizers.Strip(), normalizers.NFD(), normalizers.StripAccents()]
        ),
        pre_tokenizers.Sequence(
            [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.Metaspace(prepend_scheme="always")]
        ),
        byte_fallback=False,
    )
    roberta = byte_level(
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        normalizer=normalizers.Replace(Regex(r"\s{2,}"), " "),
        specials=("<s>", "</s>", "<mask>"),
    )
    words = sentencepiece_like(
        None,
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.WhitespaceSplit(),
                pre_tokenizers.Digits(individual_digits=False),
                pre_tokenizers.Metaspace(prepend_scheme="never", split=False),
            ]
        ),
    )
    bert_like = sentencepiece_like(
        None,
        pre_tokenizers.Sequence(
            [
                pre_tokenizers.CharDelimiterSplit("|"),
                pre_tokenizers.Punctuation(behavior="merged_with_next"),
                pre_tokenizers.Whitespace(),
            ]
        ),
    )
    # Looked for in the normalized text, as their normalized form ("hello"), and in the raw text.
    lower.add_tokens([AddedToken("Hello", normalized=True), AddedToken("ΣAB", normalized=False)])
    # Merges by pair, not by merged token: "abc" is a token made from ab + c, but b + c merges first, and
    # no merge joins a + bc, so "abc" is two tokens (tiktoken-style rank merging would make it one).
    # A pair listed twice keeps its last rank: "c a" ranks after "a b" (else "cab" is c + ab).
    vocab = {t: i for i, t in enumerate(["a", "b", "c", "bc", "ab", "abc", "ca", "cab", "▁"])}
    pairs_json = json.loads(Tokenizer(models.BPE(vocab, [])).to_str())
    pairs_json["model"]["merges"] = [["b", "c"], ["c", "a"], ["a", "b"], ["ab", "c"], ["c", "ab"], ["c", "a"]]
    pairs = Tokenizer.from_str(json.dumps(pairs_json))
    return [
        ("pairs", "a hand-made merge list: merges by pair, a pair listed twice keeps its last rank", pairs),
        ("gpt2", "ByteLevel pre-tokenizer with its own regex and add_prefix_space", gpt2),
        ("llama3", "Split (Llama 3 regex) + ByteLevel, ignore_merges, added special tokens", llama3),
        ("qwen", "NFC + Split (Qwen regex) + ByteLevel", qwen),
        ("o200k", "Split Removed+invert (o200k regex) + ByteLevel", o200k),
        ("deepseek", "Sequence of three Splits + ByteLevel, normalized and raw added tokens", deepseek),
        ("llama2", "Prepend + Replace normalizers, no pre-tokenizer, byte_fallback, fused unk", llama2),
        ("metaspace", "Metaspace prepend_scheme first, lstrip/rstrip/single_word added tokens", metaspace),
        ("gemma", "Replace normalizer + Split MergedWithPrevious, unfused unk", gemma),
        ("roberta", "ByteLevel without add_prefix_space, a regex Replace normalizer", roberta),
        ("words", "WhitespaceSplit + Digits (contiguous) + Metaspace never, no split, byte fallback", words),
        ("whitespace", "CharDelimiterSplit + Punctuation merged_with_next + Whitespace", bert_like),
        ("lowercase", "NFKC + Lowercase + Strip + NFD + StripAccents, Digits + Metaspace, unk without byte fallback, normalized added tokens", lower),
    ]


# Split pre-tokenizers run alone on texts, for test/unit/hf-split.test.ts: every behaviour, inverted
# or not, and patterns whose Oniguruma meaning JavaScript spells differently (\s, \w, \d, ., ^, $,
# (?i:…), \x{…}, \p{Script}, \b, empty matches, lookbehind).
SPLIT_PATTERNS = [
    r"\s+",
    r"\s*",
    r"\w+",
    r"\d+",
    r"\W+",
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)",
    r"(?i:ab)c",
    r"^\s*\S",
    r"\S+$",
    r"a.c",
    r"\x{41}+|\x42",
    r"\p{Han}+|\p{Hiragana}+",
    r"\bw\w*",
    r"(?<=\p{L})\p{N}",
    r"[\p{P}\p{S}]",
    r"[^\s\p{L}]+",
    r"\p{N}{1,3}",
    r"x*",
    r"\p{L}++|\p{N}{1,3}+",
    r"[^\r\n\p{L}\p{N}]?+\p{L}++|\s++$|\s*[\r\n]|\s+(?!\S)|\s",
    r"(?>ab|a)c|a*+a|(?<w>x)y",
    r"a{2}|\{|x{1,}?y|}",
    LLAMA3,
    O200K,
]
SPLIT_TEXTS = [
    "Hello world, it's me: I'LL go 'ſ 'S 'K",
    "a\u0085b\ufeffc\u00a0d\u3000e\u2028f\u200bg\u180eh",
    "naïve café 123 ٣٤٥ ০১ x_y z-w",
    "line one\nline two\r\nline three\n",
    "abc aXc a\nc AAB 中文字 ひらがな カタ 123abc",
    "xxaxxbxx  x",
    "😀👍 🇺🇸 e\u0301 ΣΊΣΥΦΟΣ",
    "x²y½z¾ ⒶⒷ a\u200db ৴৵ Ⅻ 🄰 ʕ",
]
SPLIT_BEHAVIORS = ["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"]


def splits():
    cases = []
    for pattern in SPLIT_PATTERNS:
        for behavior in SPLIT_BEHAVIORS:
            for invert in (False, True):
                split = pre_tokenizers.Split(Regex(pattern), behavior=behavior, invert=invert)
                for text in SPLIT_TEXTS:
                    pieces = [piece for piece, _ in split.pre_tokenize_str(text)]
                    cases.append({"pattern": pattern, "behavior": behavior, "invert": invert, "text": text, "pieces": pieces})
    return cases


def punctuation():
    """The characters `tokenizers`' Punctuation and BertPreTokenizer cut at: ASCII punctuation and its
    unicode_categories crate's P (an older Unicode than JavaScript's \\p{P}), over every code point."""
    chars = [c for c in range(0x110000) if not (0xD800 <= c <= 0xDFFF) and c != ord("a")]
    pieces = pre_tokenizers.Punctuation(behavior="isolated").pre_tokenize_str("a".join(map(chr, chars)))
    return sorted({ord(piece) for piece, _ in pieces if len(piece) == 1 and piece != "a"})


def combining_marks():
    """The characters `tokenizers`' StripAccents removes (its unicode_normalization_alignments crate's
    combining marks, an older Unicode than JavaScript's \\p{M}), over every code point."""
    chars = [c for c in range(0x110000) if not (0xD800 <= c <= 0xDFFF)]
    kept = set(map(ord, normalizers.StripAccents().normalize_str("".join(map(chr, chars)))))
    return [c for c in chars if c not in kept]


# Class escapes, alone and inside brackets (Oniguruma's sets differ there: \w in brackets leaves out
# ² ³ ¹ ¼ ½ ¾), matched by python over every code point: test/unit/hf-syntax.test.ts compares
# hf-regex.ts's translation on each code point.
CLASS_ESCAPES = [r"\w", r"\W", r"\s", r"\S", r"\d", r"\D", r"\h", r"\H", r"\p{L}", r"\P{L}", r"\p{^N}", r"\p{Han}"]
CLASS_PATTERNS = [form.format(e) for e in CLASS_ESCAPES for form in ("{}", "[{}]", "[^{}]")] + [
    r"[^\w\s]",
    r"[\w-]",
    r"[\w\s]",
    r"[^\s\p{L}\p{N}]",
    r"[^\d\p{L}]",
    # Unassigned in python's Oniguruma: characters Unicode assigned since (JavaScript's is newer).
    r"\p{Cn}",
]
# Quantifier and syntax forms Oniguruma (Ruby syntax) reads otherwise than JavaScript, run as Split
# (isolated) over texts; hf-regex.ts translates each exactly or refuses it (the test says which).
SYNTAX_PATTERNS = [
    r"a{,2}|[^a\n]", r"a{,2}", r"a{2,}", r"a{2}", r"a{,}", r"a{", r"a{1", r"a{x}", r"a{ 2}", r"x{2}{",
    r"a{2}?", r"a{1,2}?", r"a{,2}?", r"a{2,}?", r"a{0}", r"(?#a comment)a", r"a(?#x)+", r"\}|\{",
    r"[\w-]+", r"[^\w\s]+", r"\W+|[^\w\s]+",
]
SYNTAX_TEXTS = [
    "aaaa\n\n\n\nbb",
    "a{,2}x a{,}a{ a{2}{ aaaaaaa 1234567 a{1 a{x} x{2}{",
    "\U0001f361\u03ee\u0605\uac5d\u064a\u3050\u00bc|\n\u3089\u0e6d\u3069 x\u00b2-y_z \u00bd\u00be",
]


def class_sets():
    chars = [c for c in range(0x110000) if not (0xD800 <= c <= 0xDFFF)]
    text = "".join(map(chr, chars))
    sets = {}
    for pattern in CLASS_PATTERNS:
        split = pre_tokenizers.Split(Regex(pattern), behavior="removed", invert=True)
        ranges = []
        for piece, _ in split.pre_tokenize_str(text):
            for ch in piece:
                code = ord(ch)
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
        sets[pattern] = ranges
    return sets


def syntax():
    cases = []
    for pattern in SYNTAX_PATTERNS:
        split = pre_tokenizers.Split(Regex(pattern), behavior="isolated")
        cases.append({"pattern": pattern, "pieces": [[p for p, _ in split.pre_tokenize_str(t)] for t in SYNTAX_TEXTS]})
    return {"texts": SYNTAX_TEXTS, "cases": cases, "counts": swapped_counts(), "classes": class_sets()}


# The reviewer's two repros, whole: the qwen fixture with its Split pattern swapped, counted by python.
SWAPPED_PATTERNS = [r"\W+|[^\w\s]+", r"a{,2}|[^a\n]"]


def swapped_counts():
    out = []
    with open(os.path.join(OUT, "qwen.json"), encoding="utf-8") as f:
        base = json.load(f)
    for pattern in SWAPPED_PATTERNS:
        data = json.loads(json.dumps(base))
        data["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = pattern
        tok = Tokenizer.from_str(json.dumps(data))
        out.append({"pattern": pattern, "counts": [len(tok.encode(t, add_special_tokens=False).ids) for t in SYNTAX_TEXTS]})
    return out


def digest(ids):
    return hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:16]


def reference(tok, texts):
    encodings = [tok.encode(text, add_special_tokens=False).ids for text in texts]
    return {"counts": [len(ids) for ids in encodings], "ids": [digest(ids) for ids in encodings]}


def main():
    texts = corpus()
    if sys.argv[1:2] == ["--syntax"]:
        # Only test/fixtures/hf/syntax.json (the other files are left as they are).
        with open(os.path.join(OUT, "syntax.json"), "w", encoding="utf-8") as f:
            json.dump(syntax(), f, ensure_ascii=False)
            f.write("\n")
        return
    if sys.argv[1:2] == ["--check"]:
        files = sys.argv[2:]
        if files[:1] == ["--fuzz"]:
            texts = fuzz(int(files[1]))
            files = files[2:]
        out = {"texts": texts}
        for path in files:
            tok = Tokenizer.from_file(path)
            tok.no_truncation()
            tok.no_padding()
            out[path] = reference(tok, texts)
        json.dump(out, sys.stdout)
        return
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False, indent=0)
    index = []
    for name, what, tok in kinds():
        if name == "pairs":
            # Saved as written: `tokenizers` would save the merge list without its duplicate.
            data = json.loads(tok.to_str())
            data["model"]["merges"] = [["b", "c"], ["c", "a"], ["a", "b"], ["ab", "c"], ["c", "ab"], ["c", "a"]]
            with open(os.path.join(OUT, f"{name}.json"), "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
        else:
            tok.save(os.path.join(OUT, f"{name}.json"))
        # The references come from the file as saved, loaded as a user of it would load it.
        saved = Tokenizer.from_file(os.path.join(OUT, f"{name}.json"))
        index.append({"name": name, "shows": what, **reference(saved, texts)})
    with open(os.path.join(OUT, "punctuation.json"), "w", encoding="utf-8") as f:
        json.dump(punctuation(), f)
        f.write("\n")
    with open(os.path.join(OUT, "combining-marks.json"), "w", encoding="utf-8") as f:
        json.dump(combining_marks(), f)
        f.write("\n")
    with open(os.path.join(OUT, "splits.json"), "w", encoding="utf-8") as f:
        json.dump(splits(), f, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "syntax.json"), "w", encoding="utf-8") as f:
        json.dump(syntax(), f, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(OUT, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"python_tokenizers": tokenizers.__version__, "tokenizers": index}, f, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
