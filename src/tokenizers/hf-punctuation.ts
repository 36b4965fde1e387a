// The characters Hugging Face `tokenizers` cuts at in its Punctuation and BertPreTokenizer
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
