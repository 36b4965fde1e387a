// Character sets of Hugging Face `tokenizers` where its Unicode tables are older than JavaScript's.
//
// The characters it cuts at in its Punctuation and BertPreTokenizer
// pre-tokenizers: ASCII punctuation, and General_Category P as its unicode_categories crate has it (an
// older Unicode than JavaScript's \p{P}, which has 141 more and 2 fewer). Written from python
// `tokenizers` 0.23.2 run over every code point (scripts/hf-fixtures.py `punctuation`, which also
// writes test/fixtures/hf/punctuation.json, checked against this in test/unit/hf-split.test.ts).

/** A regex character class (for the u flag) of those characters, as ranges. */
export const HF_PUNCTUATION_CLASS = `[${[
  "\\u0021-\\u002f\\u003a-\\u0040\\u005b-\\u0060\\u007b-\\u007e\\u00a1\\u00a7\\u00ab\\u00b6-\\u00b7",
  "\\u00bb\\u00bf\\u037e\\u0387\\u055a-\\u055f\\u0589-\\u058a\\u05be\\u05c0\\u05c3\\u05c6",
  "\\u05f3-\\u05f4\\u0609-\\u060a\\u060c-\\u060d\\u061b\\u061e-\\u061f\\u066a-\\u066d\\u06d4",
  "\\u0700-\\u070d\\u07f7-\\u07f9\\u0830-\\u083e\\u085e\\u0964-\\u0965\\u0970\\u0af0\\u0df4\\u0e4f",
  "\\u0e5a-\\u0e5b\\u0f04-\\u0f12\\u0f14\\u0f3a-\\u0f3d\\u0f85\\u0fd0-\\u0fd4\\u0fd9-\\u0fda",
  "\\u104a-\\u104f\\u10fb\\u1360-\\u1368\\u1400\\u166d-\\u166e\\u169b-\\u169c\\u16eb-\\u16ed",
  "\\u1735-\\u1736\\u17d4-\\u17d6\\u17d8-\\u17da\\u1800-\\u180a\\u1944-\\u1945\\u1a1e-\\u1a1f",
  "\\u1aa0-\\u1aa6\\u1aa8-\\u1aad\\u1b5a-\\u1b60\\u1bfc-\\u1bff\\u1c3b-\\u1c3f\\u1c7e-\\u1c7f",
  "\\u1cc0-\\u1cc7\\u1cd3\\u2010-\\u2027\\u2030-\\u2043\\u2045-\\u2051\\u2053-\\u205e",
  "\\u207d-\\u207e\\u208d-\\u208e\\u2308-\\u230b\\u2329-\\u232a\\u2768-\\u2775\\u27c5-\\u27c6",
  "\\u27e6-\\u27ef\\u2983-\\u2998\\u29d8-\\u29db\\u29fc-\\u29fd\\u2cf9-\\u2cfc\\u2cfe-\\u2cff",
  "\\u2d70\\u2e00-\\u2e2e\\u2e30-\\u2e42\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301f\\u3030\\u303d",
  "\\u30a0\\u30fb\\ua4fe-\\ua4ff\\ua60d-\\ua60f\\ua673\\ua67e\\ua6f2-\\ua6f7\\ua874-\\ua877",
  "\\ua8ce-\\ua8cf\\ua8f8-\\ua8fa\\ua8fc\\ua92e-\\ua92f\\ua95f\\ua9c1-\\ua9cd\\ua9de-\\ua9df",
  "\\uaa5c-\\uaa5f\\uaade-\\uaadf\\uaaf0-\\uaaf1\\uabeb\\ufd3e-\\ufd3f\\ufe10-\\ufe19",
  "\\ufe30-\\ufe52\\ufe54-\\ufe61\\ufe63\\ufe68\\ufe6a-\\ufe6b\\uff01-\\uff03\\uff05-\\uff0a",
  "\\uff0c-\\uff0f\\uff1a-\\uff1b\\uff1f-\\uff20\\uff3b-\\uff3d\\uff3f\\uff5b\\uff5d\\uff5f-\\uff65",
  "\\u{10100}-\\u{10102}\\u{1039f}\\u{103d0}\\u{1056f}\\u{10857}\\u{1091f}\\u{1093f}",
  "\\u{10a50}-\\u{10a58}\\u{10a7f}\\u{10af0}-\\u{10af6}\\u{10b39}-\\u{10b3f}\\u{10b99}-\\u{10b9c}",
  "\\u{11047}-\\u{1104d}\\u{110bb}-\\u{110bc}\\u{110be}-\\u{110c1}\\u{11140}-\\u{11143}",
  "\\u{11174}-\\u{11175}\\u{111c5}-\\u{111c9}\\u{111cd}\\u{111db}\\u{111dd}-\\u{111df}",
  "\\u{11238}-\\u{1123d}\\u{112a9}\\u{114c6}\\u{115c1}-\\u{115d7}\\u{11641}-\\u{11643}",
  "\\u{1173c}-\\u{1173e}\\u{12470}-\\u{12474}\\u{16a6e}-\\u{16a6f}\\u{16af5}\\u{16b37}-\\u{16b3b}",
  "\\u{16b44}\\u{1bc9f}\\u{1da87}-\\u{1da8b}",
].join("")}]`;

// The characters its StripAccents normalizer removes: combining marks as its
// unicode_normalization_alignments crate has them (an older Unicode than JavaScript's \p{M}). Written
// from python `tokenizers` 0.23.2 over every code point (scripts/hf-fixtures.py `combining_marks`,
// also test/fixtures/hf/combining-marks.json, checked against this in test/unit/hf-split.test.ts).

/** A regex character class (for the u flag) of those 2097 characters, as 250 ranges. */
export const HF_COMBINING_MARK_CLASS = `[${[
  "\\u0300-\\u036f\\u0483-\\u0489\\u0591-\\u05bd\\u05bf\\u05c1-\\u05c2\\u05c4-\\u05c5\\u05c7",
  "\\u0610-\\u061a\\u064b-\\u065f\\u0670\\u06d6-\\u06dc\\u06df-\\u06e4\\u06e7-\\u06e8",
  "\\u06ea-\\u06ed\\u0711\\u0730-\\u074a\\u07a6-\\u07b0\\u07eb-\\u07f3\\u0816-\\u0819",
  "\\u081b-\\u0823\\u0825-\\u0827\\u0829-\\u082d\\u0859-\\u085b\\u08d4-\\u08e1\\u08e3-\\u0903",
  "\\u093a-\\u093c\\u093e-\\u094f\\u0951-\\u0957\\u0962-\\u0963\\u0981-\\u0983\\u09bc",
  "\\u09be-\\u09c4\\u09c7-\\u09c8\\u09cb-\\u09cd\\u09d7\\u09e2-\\u09e3\\u0a01-\\u0a03\\u0a3c",
  "\\u0a3e-\\u0a42\\u0a47-\\u0a48\\u0a4b-\\u0a4d\\u0a51\\u0a70-\\u0a71\\u0a75\\u0a81-\\u0a83\\u0abc",
  "\\u0abe-\\u0ac5\\u0ac7-\\u0ac9\\u0acb-\\u0acd\\u0ae2-\\u0ae3\\u0b01-\\u0b03\\u0b3c",
  "\\u0b3e-\\u0b44\\u0b47-\\u0b48\\u0b4b-\\u0b4d\\u0b56-\\u0b57\\u0b62-\\u0b63\\u0b82",
  "\\u0bbe-\\u0bc2\\u0bc6-\\u0bc8\\u0bca-\\u0bcd\\u0bd7\\u0c00-\\u0c03\\u0c3e-\\u0c44",
  "\\u0c46-\\u0c48\\u0c4a-\\u0c4d\\u0c55-\\u0c56\\u0c62-\\u0c63\\u0c81-\\u0c83\\u0cbc",
  "\\u0cbe-\\u0cc4\\u0cc6-\\u0cc8\\u0cca-\\u0ccd\\u0cd5-\\u0cd6\\u0ce2-\\u0ce3\\u0d01-\\u0d03",
  "\\u0d3e-\\u0d44\\u0d46-\\u0d48\\u0d4a-\\u0d4d\\u0d57\\u0d62-\\u0d63\\u0d82-\\u0d83\\u0dca",
  "\\u0dcf-\\u0dd4\\u0dd6\\u0dd8-\\u0ddf\\u0df2-\\u0df3\\u0e31\\u0e34-\\u0e3a\\u0e47-\\u0e4e\\u0eb1",
  "\\u0eb4-\\u0eb9\\u0ebb-\\u0ebc\\u0ec8-\\u0ecd\\u0f18-\\u0f19\\u0f35\\u0f37\\u0f39\\u0f3e-\\u0f3f",
  "\\u0f71-\\u0f84\\u0f86-\\u0f87\\u0f8d-\\u0f97\\u0f99-\\u0fbc\\u0fc6\\u102b-\\u103e",
  "\\u1056-\\u1059\\u105e-\\u1060\\u1062-\\u1064\\u1067-\\u106d\\u1071-\\u1074\\u1082-\\u108d",
  "\\u108f\\u109a-\\u109d\\u135d-\\u135f\\u1712-\\u1714\\u1732-\\u1734\\u1752-\\u1753",
  "\\u1772-\\u1773\\u17b4-\\u17d3\\u17dd\\u180b-\\u180d\\u1885-\\u1886\\u18a9\\u1920-\\u192b",
  "\\u1930-\\u193b\\u1a17-\\u1a1b\\u1a55-\\u1a5e\\u1a60-\\u1a7c\\u1a7f\\u1ab0-\\u1abe",
  "\\u1b00-\\u1b04\\u1b34-\\u1b44\\u1b6b-\\u1b73\\u1b80-\\u1b82\\u1ba1-\\u1bad\\u1be6-\\u1bf3",
  "\\u1c24-\\u1c37\\u1cd0-\\u1cd2\\u1cd4-\\u1ce8\\u1ced\\u1cf2-\\u1cf4\\u1cf8-\\u1cf9",
  "\\u1dc0-\\u1df5\\u1dfb-\\u1dff\\u20d0-\\u20f0\\u2cef-\\u2cf1\\u2d7f\\u2de0-\\u2dff",
  "\\u302a-\\u302f\\u3099-\\u309a\\ua66f-\\ua672\\ua674-\\ua67d\\ua69e-\\ua69f\\ua6f0-\\ua6f1",
  "\\ua802\\ua806\\ua80b\\ua823-\\ua827\\ua880-\\ua881\\ua8b4-\\ua8c5\\ua8e0-\\ua8f1\\ua926-\\ua92d",
  "\\ua947-\\ua953\\ua980-\\ua983\\ua9b3-\\ua9c0\\ua9e5\\uaa29-\\uaa36\\uaa43\\uaa4c-\\uaa4d",
  "\\uaa7b-\\uaa7d\\uaab0\\uaab2-\\uaab4\\uaab7-\\uaab8\\uaabe-\\uaabf\\uaac1\\uaaeb-\\uaaef",
  "\\uaaf5-\\uaaf6\\uabe3-\\uabea\\uabec-\\uabed\\ufb1e\\ufe00-\\ufe0f\\ufe20-\\ufe2f\\u{101fd}",
  "\\u{102e0}\\u{10376}-\\u{1037a}\\u{10a01}-\\u{10a03}\\u{10a05}-\\u{10a06}\\u{10a0c}-\\u{10a0f}",
  "\\u{10a38}-\\u{10a3a}\\u{10a3f}\\u{10ae5}-\\u{10ae6}\\u{11000}-\\u{11002}\\u{11038}-\\u{11046}",
  "\\u{1107f}-\\u{11082}\\u{110b0}-\\u{110ba}\\u{11100}-\\u{11102}\\u{11127}-\\u{11134}\\u{11173}",
  "\\u{11180}-\\u{11182}\\u{111b3}-\\u{111c0}\\u{111ca}-\\u{111cc}\\u{1122c}-\\u{11237}\\u{1123e}",
  "\\u{112df}-\\u{112ea}\\u{11300}-\\u{11303}\\u{1133c}\\u{1133e}-\\u{11344}\\u{11347}-\\u{11348}",
  "\\u{1134b}-\\u{1134d}\\u{11357}\\u{11362}-\\u{11363}\\u{11366}-\\u{1136c}\\u{11370}-\\u{11374}",
  "\\u{11435}-\\u{11446}\\u{114b0}-\\u{114c3}\\u{115af}-\\u{115b5}\\u{115b8}-\\u{115c0}",
  "\\u{115dc}-\\u{115dd}\\u{11630}-\\u{11640}\\u{116ab}-\\u{116b7}\\u{1171d}-\\u{1172b}",
  "\\u{11c2f}-\\u{11c36}\\u{11c38}-\\u{11c3f}\\u{11c92}-\\u{11ca7}\\u{11ca9}-\\u{11cb6}",
  "\\u{16af0}-\\u{16af4}\\u{16b30}-\\u{16b36}\\u{16f51}-\\u{16f7e}\\u{16f8f}-\\u{16f92}",
  "\\u{1bc9d}-\\u{1bc9e}\\u{1d165}-\\u{1d169}\\u{1d16d}-\\u{1d172}\\u{1d17b}-\\u{1d182}",
  "\\u{1d185}-\\u{1d18b}\\u{1d1aa}-\\u{1d1ad}\\u{1d242}-\\u{1d244}\\u{1da00}-\\u{1da36}",
  "\\u{1da3b}-\\u{1da6c}\\u{1da75}\\u{1da84}\\u{1da9b}-\\u{1da9f}\\u{1daa1}-\\u{1daaf}",
  "\\u{1e000}-\\u{1e006}\\u{1e008}-\\u{1e018}\\u{1e01b}-\\u{1e021}\\u{1e023}-\\u{1e024}",
  "\\u{1e026}-\\u{1e02a}\\u{1e8d0}-\\u{1e8d6}\\u{1e944}-\\u{1e94a}\\u{e0100}-\\u{e01ef}",
].join("")}]`;
