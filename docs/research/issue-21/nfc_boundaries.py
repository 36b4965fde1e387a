# Checks the two facts src/tokenizers/normalized.ts (isNfcBoundaryBefore) rests on, against Python's
# Unicode data: every code point with a non-zero canonical combining class is a mark (\p{M}), and every
# second half of a canonical (non-compatibility) two-code-point decomposition, plus the Hangul medial
# vowels and final consonants that compose algorithmically, is a mark or one of those jamo. Also that
# below U+0300 every code point has class 0 and is no second half. Prints the Unicode version and
# any exception (none with 14.0.0, checked 2026-12-06).
import unicodedata as u

seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
for cp in range(0x110000):
    d = u.decomposition(chr(cp))
    if d and not d.startswith("<"):
        parts = [int(x, 16) for x in d.split()]
        if len(parts) == 2:
            seconds.add(parts[1])
jamo = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
is_mark = lambda cp: u.category(chr(cp)).startswith("M")
print("unicodedata", u.unidata_version)
print("combining class > 0 but not a mark:", [hex(cp) for cp in range(0x110000) if u.combining(chr(cp)) and not is_mark(cp)])
print("second halves that are neither marks nor Hangul jamo:", [hex(cp) for cp in sorted(seconds) if not is_mark(cp) and cp not in jamo])
print("below U+0300, class > 0 or a second half:", [hex(cp) for cp in range(0x300) if u.combining(chr(cp)) or cp in seconds])
