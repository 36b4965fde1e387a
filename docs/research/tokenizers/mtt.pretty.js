import e from "path";
import { readFileSync as t } from "fs";
import { Tiktoken as r } from "js-tiktoken";
var n = 0;
function s(e) {
  return "__private_" + n++ + "_" + e;
}
function i(e, t) {
  if (!Object.prototype.hasOwnProperty.call(e, t))
    throw new TypeError("attempted to use private field on non-instance");
  return e;
}
class o extends Error {
  constructor(e) {
    super("This code should never be reached.");
  }
}
const c = { V1: "v1", V2: "v2", V3: "v3" },
  a = {
    CODESTRAL_2405: "codestral-2405",
    MISTRAL_EMBED_2312: "mistral-embed-2312",
    MISTRAL_LARGE_2402: "mistral-large-2402",
    MISTRAL_LARGE_2407: "mistral-large-2407",
    MISTRAL_SMALL_2402: "mistral-small-2402",
    OPEN_CODESTRAL_MAMBA_V01: "open-codestral-mamba-v0.1",
    OPEN_MISTRAL_7B_V01: "open-mistral-7b-v0.1",
    OPEN_MISTRAL_7B_V02: "open-mistral-7b-v0.2",
    OPEN_MISTRAL_7B_V03: "open-mistral-7b-v0.3",
    OPEN_MISTRAL_NEMO_2407: "open-mistral-nemo-2407",
    OPEN_MIXTRAL_8X22B_V01: "open-mixtral-8x22b-v0.1",
    OPEN_MIXTRAL_8X7B_V01: "open-mixtral-8x7b-v0.1",
  },
  h = {
    CODESTRAL_LATEST: "codestral-latest",
    MISTRAL_EMBED: "mistral-embed",
    MISTRAL_LARGE_LATEST: "mistral-large-latest",
    MISTRAL_SMALL_LATEST: "mistral-small-latest",
    OPEN_CODESTRAL_MAMBA: "open-codestral-mamba",
    OPEN_MISTRAL_7B: "open-mistral-7b",
    OPEN_MISTRAL_NEMO: "open-mistral-nemo",
    OPEN_MIXTRAL_8X22B: "open-mixtral-8x22b",
    OPEN_MIXTRAL_8X7B: "open-mixtral-8x7b",
  };
function l(e) {
  return Object.values(h).includes(e);
}
const u = {
    [h.CODESTRAL_LATEST]: a.CODESTRAL_2405,
    [h.MISTRAL_EMBED]: a.MISTRAL_EMBED_2312,
    [h.MISTRAL_LARGE_LATEST]: a.MISTRAL_LARGE_2407,
    [h.MISTRAL_SMALL_LATEST]: a.MISTRAL_SMALL_2402,
    [h.OPEN_CODESTRAL_MAMBA]: a.OPEN_CODESTRAL_MAMBA_V01,
    [h.OPEN_MISTRAL_7B]: a.OPEN_MISTRAL_7B_V03,
    [h.OPEN_MISTRAL_NEMO]: a.OPEN_MISTRAL_NEMO_2407,
    [h.OPEN_MIXTRAL_8X22B]: a.OPEN_MIXTRAL_8X22B_V01,
    [h.OPEN_MIXTRAL_8X7B]: a.OPEN_MIXTRAL_8X7B_V01,
  },
  _ = "<s>",
  d = "</s>";
var p = /*#__PURE__*/ s("heap"),
  f = /*#__PURE__*/ s("comparator"),
  A = /*#__PURE__*/ s("parent"),
  E = /*#__PURE__*/ s("left"),
  O = /*#__PURE__*/ s("right"),
  L = /*#__PURE__*/ s("greater"),
  T = /*#__PURE__*/ s("swap"),
  v = /*#__PURE__*/ s("siftUp"),
  S = /*#__PURE__*/ s("siftDown");
class I {
  constructor(e = (e, t) => e > t) {
    (Object.defineProperty(this, S, { value: N }),
      Object.defineProperty(this, v, { value: m }),
      Object.defineProperty(this, T, { value: R }),
      Object.defineProperty(this, L, { value: g }),
      Object.defineProperty(this, O, { value: M }),
      Object.defineProperty(this, E, { value: P }),
      Object.defineProperty(this, A, { value: b }),
      Object.defineProperty(this, p, { writable: !0, value: [] }),
      Object.defineProperty(this, f, { writable: !0, value: void 0 }),
      (i(this, p)[p] = []),
      (i(this, f)[f] = e));
  }
  size() {
    return i(this, p)[p].length;
  }
  isEmpty() {
    return 0 === this.size();
  }
  peek() {
    return i(this, p)[p][0];
  }
  push(...e) {
    return (
      e.forEach((e) => {
        (i(this, p)[p].push(e), i(this, v)[v]());
      }),
      this.size()
    );
  }
  pop() {
    const e = this.peek(),
      t = this.size() - 1;
    return (
      t > 0 && i(this, T)[T](0, t),
      i(this, p)[p].pop(),
      i(this, S)[S](),
      e
    );
  }
  replace(e) {
    const t = this.peek();
    return ((i(this, p)[p][0] = e), i(this, S)[S](), t);
  }
}
function b(e) {
  return ((e + 1) >>> 1) - 1;
}
function P(e) {
  return 1 + (e << 1);
}
function M(e) {
  return (e + 1) << 1;
}
function g(e, t) {
  return i(this, f)[f](i(this, p)[p][e], i(this, p)[p][t]);
}
function R(e, t) {
  [i(this, p)[p][e], i(this, p)[p][t]] = [i(this, p)[p][t], i(this, p)[p][e]];
}
function m() {
  let e = this.size() - 1;
  for (; e > 0 && i(this, L)[L](e, i(this, A)[A](e));)
    (i(this, T)[T](e, i(this, A)[A](e)), (e = i(this, A)[A](e)));
}
function N() {
  let e = 0;
  for (
    ;
    (i(this, E)[E](e) < this.size() && i(this, L)[L](i(this, E)[E](e), e)) ||
    (i(this, O)[O](e) < this.size() && i(this, L)[L](i(this, O)[O](e), e));
  ) {
    const t =
      i(this, O)[O](e) < this.size() &&
      i(this, L)[L](i(this, O)[O](e), i(this, E)[E](e))
        ? i(this, O)[O](e)
        : i(this, E)[E](e);
    (i(this, T)[T](e, t), (e = t));
  }
}
function y(e) {
  return atob(e);
}
function w(e) {
  return `<0x${e.toString(16).toUpperCase().padStart(2, "0")}>`;
}
function x(e) {
  const t = e.replace(/<0x|>/gi, "");
  return parseInt(t, 16);
}
function B(e) {
  return e.filter((e) => Boolean(e));
}
class j {}
const k = new TextDecoder("utf-8"),
  V = new TextEncoder();
var X,
  D = /*#__PURE__*/ s("vocabById"),
  C = /*#__PURE__*/ s("vocabByString"),
  z = /*#__PURE__*/ s("merges"),
  G = /*#__PURE__*/ s("decodeVocabulary"),
  $ = /*#__PURE__*/ s("decompressMerges"),
  U = /*#__PURE__*/ s("getMergeByIdentifierString"),
  K = /*#__PURE__*/ s("mapCharactersToTokenIds"),
  F = /*#__PURE__*/ s("getMergeIdentifierString");
class W extends j {
  constructor(r) {
    (super(),
      Object.defineProperty(this, F, { value: Y }),
      Object.defineProperty(this, K, { value: Q }),
      Object.defineProperty(this, U, { value: H }),
      Object.defineProperty(this, $, { value: q }),
      Object.defineProperty(this, G, { value: J }),
      Object.defineProperty(this, D, { writable: !0, value: void 0 }),
      Object.defineProperty(this, C, { writable: !0, value: new Map() }),
      Object.defineProperty(this, z, { writable: !0, value: void 0 }));
    const n = t(e.resolve(r, "vocab.bin"), "utf-8");
    ((i(this, D)[D] = i(this, G)[G](n)),
      i(this, D)[D].forEach((e, t) => {
        i(this, C)[C].set(e, t);
      }));
    const s = t(e.resolve(r, "merges.bin"), "utf-8");
    i(this, z)[z] = i(this, $)[$](s);
  }
  get vocab() {
    return i(this, D)[D];
  }
  get vocabSize() {
    return this.vocab.length;
  }
  get bosId() {
    return i(this, C)[C].get(_);
  }
  get eosId() {
    return i(this, C)[C].get(d);
  }
  encode(e, t = !0, r = !1) {
    if (0 === e.length) return [];
    const n = B([t && this.bosId, ...i(this, K)[K](e), r && this.eosId]),
      s = new I(
        (e, t) => !(!e.mergePrio || !t.mergePrio) && e.mergePrio < t.mergePrio,
      ),
      o = (t) => {
        if (t.next) {
          const r = i(this, F)[F](t.tokenId, t.next.tokenId),
            n = i(this, U)[U](r);
          n &&
            ((t.mergePrio = n + t.origPos / e.length),
            (t.mergeToString = r.replace(" ", "")),
            s.push(t));
        }
      };
    let c = { origPos: 0, tokenId: n[0], prev: null, next: null },
      a = c;
    for (let e = 1; e < n.length; e++) {
      const t = { origPos: e, tokenId: n[e], prev: a, next: null };
      ((a.next = t), o(a), (a = t));
    }
    for (; !s.isEmpty();) {
      const e = s.pop();
      if (e && !e.deleted && e.next && !e.next.deleted) {
        if (((e.deleted = !0), (e.next.deleted = !0), e.prev)) {
          const t = e.prev;
          t.deleted = !0;
          const r = {
            origPos: t.origPos,
            tokenId: t.tokenId,
            prev: t.prev,
            next: t.next,
          };
          ((e.prev = r), r.prev ? (r.prev.next = r) : (c = r));
        }
        if (e.mergeToString) {
          const t = i(this, C)[C].get(e.mergeToString);
          if (t) {
            const r = {
              origPos: e.origPos,
              tokenId: t,
              prev: e.prev,
              next: e.next.next,
            };
            (r.prev ? ((r.prev.next = r), o(r.prev)) : (c = r),
              r.next && ((r.next.prev = r), o(r)));
          }
        }
      }
    }
    const h = [];
    for (let e = c; null !== e; e = e.next) h.push(e.tokenId);
    return h;
  }
  decode(e) {
    const t = [];
    for (let r = e[0] === this.bosId ? 1 : 0; r < e.length; r++) {
      const n = this.vocab[e[r]];
      if (n.startsWith("<0x") && n.endsWith(">")) {
        const e = x(n);
        t.push(e);
      } else V.encode(n).forEach((e) => t.push(e));
    }
    const r = new Uint8Array(t);
    return k.decode(r).replaceAll("▁", " ").slice(1);
  }
}
function J(e) {
  const t = Uint8Array.from(y(e), (e) => e.charCodeAt(0));
  return k.decode(t).split("\n");
}
function q(e) {
  const t = y(e),
    r = new Uint8Array(t.length);
  for (let e = 0; e < t.length; e++) r[e] = t.charCodeAt(e);
  const n = [];
  for (let e = 0; e < r.length; e += 2) n.push(r[e] + (r[e + 1] << 8));
  const s = new Map();
  for (let e = 0; e < n.length; e += 2) {
    const t = n[e],
      r = n[e + 1],
      o = i(this, F)[F](t, r);
    s.set(o, e + 1);
  }
  return s;
}
function H(e) {
  return i(this, z)[z].get(e);
}
function Q(e) {
  const t = [],
    r = ` ${e}`.replaceAll(" ", "▁"),
    n = Array.from(r);
  for (const e of n) {
    const r = i(this, C)[C].get(e);
    if (r) t.push(r);
    else {
      const r = V.encode(e);
      for (const n of r) {
        const r = i(this, C)[C].get(w(n));
        r
          ? t.push(r)
          : (console.log(
              `Encountered unknown character ${e} (partial UTF-8 byte ${n} + hex + ${w(n)})`,
            ),
            (t[t.length - 1] = i(this, C)[C].get("<unk>")));
      }
    }
  }
  return t;
}
function Y(e, t) {
  return `${this.vocab[e]} ${this.vocab[t]}`;
}
!(function (e) {
  ((e[(e.IGNORE = 0)] = "IGNORE"),
    (e[(e.KEEP = 1)] = "KEEP"),
    (e[(e.RAISE = 2)] = "RAISE"));
})(X || (X = {}));
var Z = /*#__PURE__*/ s("SPECIAL_TOKENS"),
  ee = /*#__PURE__*/ s("specialTokens"),
  te = /*#__PURE__*/ s("model"),
  re = /*#__PURE__*/ s("numSpecialTokens"),
  ne = /*#__PURE__*/ s("decodeAll"),
  se = /*#__PURE__*/ s("idToPiece");
class ie extends j {
  constructor(e) {
    (super(),
      Object.defineProperty(this, se, { value: ae }),
      Object.defineProperty(this, ne, { value: ce }),
      Object.defineProperty(this, re, { get: oe, set: void 0 }),
      Object.defineProperty(this, Z, {
        writable: !0,
        value: [
          "<unk>",
          _,
          d,
          "[INST]",
          "[/INST]",
          "[AVAILABLE_TOOLS]",
          "[/AVAILABLE_TOOLS]",
          "[TOOL_RESULTS]",
          "[/TOOL_RESULTS]",
          "[TOOL_CALLS]",
          "<pad>",
          "[PREFIX]",
          "[MIDDLE]",
          "[SUFFIX]",
        ],
      }),
      Object.defineProperty(this, ee, { writable: !0, value: void 0 }),
      Object.defineProperty(this, te, { writable: !0, value: void 0 }));
    const n = JSON.parse(t(e, "utf-8")),
      {
        config: {
          pattern: s,
          default_vocab_size: o,
          default_num_special_tokens: a,
          version: h,
        },
        bpe_ranks: l,
      } = n;
    if (
      !(function (e) {
        return Object.values(c).includes(e);
      })(h)
    )
      throw new Error(`Invalid tokenizer version: ${h}`);
    ((this.vocabSize = o),
      (i(this, ee)[ee] = [
        ...i(this, Z)[Z],
        ...Array.from(
          { length: a - i(this, Z)[Z].length },
          (e, t) => `<SPECIAL_${t}>`,
        ),
      ]),
      (i(this, te)[te] = new r({
        pat_str: s,
        special_tokens: {},
        bpe_ranks: l,
      })),
      (this.vocab = Array.from({ length: o }, (e, t) => i(this, se)[se](t))));
  }
  get bosId() {
    return i(this, Z)[Z].indexOf(_);
  }
  get eosId() {
    return i(this, Z)[Z].indexOf(d);
  }
  encode(e, t = !0, r = !1) {
    const n = i(this, te)
      [te].encode(e)
      .map((e) => e + i(this, re)[re]);
    return B([t && this.bosId, ...n, r && this.eosId]);
  }
  decode(e) {
    const t = e[0] === this.bosId;
    return i(this, ne)
      [ne](t ? e.slice(1) : e, X.RAISE)
      .join("");
  }
}
function oe() {
  return i(this, ee)[ee].length;
}
function ce(e, t) {
  const r = [],
    n = (function (e, t) {
      const r = new Map();
      for (const n of e) {
        const e = t(n);
        r.has(e) ? r.get(e).push(n) : r.set(e, [n]);
      }
      return r;
    })(e, (e) => String(e < i(this, re)[re]));
  for (const [e, s] of n.entries())
    if ("true" === e) {
      if (t === X.RAISE)
        throw new Error(
          `Decoding 'tokens' that contain special tokens (${s}) is not allowed.`,
        );
      if (t === X.KEEP) r.push(...s.map((e) => i(this, ee)[ee][e]));
      else if (t === X.IGNORE) continue;
    } else
      r.push(i(this, te)[te].decode(s.map((e) => e - i(this, ee)[ee].length)));
  return r;
}
function ae(e) {
  return i(this, ne)[ne]([e], X.KEEP)[0];
}
var he = /*#__PURE__*/ s("tokenizer"),
  le = /*#__PURE__*/ s("tokenizerDataPath");
class ue {
  constructor(e, t) {
    Object.defineProperty(this, he, { writable: !0, value: void 0 });
    const r = i(ue, le)[le](e, t);
    i(this, he)[he] = t ? new ie(r) : new W(r);
  }
  encode(...e) {
    return i(this, he)[he].encode(...e);
  }
  decode(...e) {
    return i(this, he)[he].decode(...e);
  }
}
function _e(e, t) {
  return new ue(e, t);
}
function de(e) {
  const t = (function (e) {
      const t = l(e) ? u[e] : e;
      switch (t) {
        case a.MISTRAL_EMBED_2312:
        case a.OPEN_MISTRAL_7B_V01:
        case a.OPEN_MISTRAL_7B_V02:
        case a.OPEN_MIXTRAL_8X7B_V01:
          return c.V1;
        case a.MISTRAL_LARGE_2402:
        case a.MISTRAL_SMALL_2402:
          return c.V2;
        case a.CODESTRAL_2405:
        case a.MISTRAL_LARGE_2407:
        case a.OPEN_CODESTRAL_MAMBA_V01:
        case a.OPEN_MISTRAL_7B_V03:
        case a.OPEN_MISTRAL_NEMO_2407:
        case a.OPEN_MIXTRAL_8X22B_V01:
          return c.V3;
        default:
          throw new o(t);
      }
    })(e),
    r = (function (e) {
      return (l(e) ? u[e] : e) === a.OPEN_MISTRAL_NEMO_2407;
    })(e);
  return _e(t, r);
}
Object.defineProperty(ue, le, {
  value: function (t, r) {
    const n = e.join(__dirname, "../data");
    switch (t) {
      case c.V1:
      case c.V2:
        return e.join(n, "bpe", t);
      case c.V3:
        return r ? e.resolve(n, "tekken/240718.json") : e.join(n, "bpe", t);
      default:
        throw new o(t);
    }
  },
});
export {
  a as MistralModel,
  h as MistralModelAlias,
  c as TokenizerVersion,
  _e as getTokenizer,
  de as getTokenizerForModel,
};
//# sourceMappingURL=index.modern.js.map
