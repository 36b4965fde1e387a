// tiktoken's reference implementation is Rust, where \s is Unicode White_Space. JavaScript's \s also
// matches U+FEFF and misses U+0085, so js-tiktoken splits " \uFEFFa" differently and miscounts
// (found by the differential test against tiktoken). Spell Rust's class out instead.
const RUST_WHITESPACE = "\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Rewrites \s and \S in a regex source to Rust's whitespace class, inside and outside [...] alike. */
export function withRustWhitespace(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const next = pattern[i + 1];
    if (char === "\\" && (next === "s" || next === "S")) {
      if (inClass && next === "S") throw new Error("\\S inside a character class is not supported");
      out += inClass ? RUST_WHITESPACE : next === "s" ? `[${RUST_WHITESPACE}]` : `[^${RUST_WHITESPACE}]`;
      i++;
    } else if (char === "\\") {
      out += char + (next ?? "");
      i++;
    } else {
      if (char === "[") inClass = true;
      else if (char === "]") inClass = false;
      out += char;
    }
  }
  return out;
}
