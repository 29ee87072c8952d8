// Vietnamese text normalization: Unicode NFC, whitespace cleanup, canonical
// tone-mark placement and accent-insensitive folding for search/comparison.

/** Unicode NFC only (no trimming). */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * Characters no text field may hold: C0 controls other than tab, line feed and carriage return,
 * DEL and C1 controls (CONTROL_RUN), and the non-characters U+FFFE/U+FFFF, invisible format
 * characters that let a blank look filled or text read backwards (zero-width space U+200B,
 * LRM/RLM U+200E/F, the bidi embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069,
 * the BOM U+FEFF, the soft hyphen U+00AD and the word joiner U+2060 that text pasted from Word or
 * a PDF carries inside words) and U+FFFD (a replacement character stands for bytes already lost)
 * (INVISIBLE_CHARS); lone surrogates are dropped too. A NUL breaks PostgreSQL text and every XML
 * feed; the others break HTML, XML, iCalendar and Word output or mislead a reader. Handled at the
 * one boundary where text enters. ZWJ/ZWNJ (U+200C/D) stay: emoji sequences use them.
 * A run of control characters becomes one space (it stood between two things: "Hòa\0Bình" is
 * "Hòa Bình", not "HòaBình"), or nothing when a space or tab is already beside it; an invisible
 * character is removed.
 */
/** A run of control characters with the space or tab beside it, if any: one separator stays (never two). */
// eslint-disable-next-line no-control-regex
const CONTROL_RUN = /([ \t]?)[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]+([ \t]?)/g;
const INVISIBLE_CHARS = /[\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uFFFD\uFFFE\uFFFF]/g;

/** A UTF-16 surrogate without its pair: no character at all (it cannot be encoded as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` without lone surrogates and the characters no stored text may hold (controls → a space, invisible ones removed; see CONTROL_RUN). Linear. */
export function stripControls(s: string): string {
  return s.replace(LONE_SURROGATE, '').replace(INVISIBLE_CHARS, '').replace(CONTROL_RUN, (_, before: string, after: string) => before || after || ' ');
}

/** Single-line field: NFC, control characters removed, every whitespace run (incl. newlines, NBSP) → one space, trimmed. */
export function cleanText(s: string): string {
  return nfc(stripControls(s)).replace(/\s+/g, ' ').trim();
}

/**
 * Multi-line field: NFC, control characters removed, CRLF/CR → LF, trailing spaces removed per
 * line, whole text trimmed. Linear in the input (per-line trimEnd; a regex anchored at line ends
 * was quadratic on long runs of spaces).
 */
export function cleanMultiline(s: string): string {
  return nfc(stripControls(s))
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

// ---------------------------------------------------------------------------
// Tone marks
//
// Canonical placement chosen here: the "old"/classic style (kiểu cũ) still used
// by most Vietnamese administrative documents: hòa, thủy, khỏe, ủy ban, hoàn,
// quý, giá. Rules, applied to one syllable:
//   1. "qu" and "gi" (before another vowel) are consonant clusters, so their
//      u/i never carry the mark: quý, giá, giặt (but "gì", "gìn" keep it on i).
//   2. If a vowel carries a shape mark (ă â ê ô ơ ư) the tone goes on it; for
//      ươ it goes on ơ (người, sướng).
//   3. Otherwise, a single vowel carries it; in a three-vowel cluster the
//      middle one (ngoài, khuỷu); in a two-vowel cluster the second vowel when
//      a final consonant follows (hoàn, toán), else the first (hòa, thủy, mùa).
// Both "hoà" and "hòa" therefore map to "hòa". Syllables that do not look like
// Vietnamese (several tone marks, unusual finals, >3 vowels) are left as is.
// ---------------------------------------------------------------------------

const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);

interface Letter {
  base: string; // base character, original case
  lower: string;
  shape: string; // non-tone combining marks (circumflex, breve, horn)
}

function placeTone(word: string): string {
  // word is NFD: base letters each followed by their combining marks
  const letters: Letter[] = [];
  const tones: string[] = [];
  for (const ch of word) {
    if (/\p{M}/u.test(ch)) {
      if (TONE_MARKS.has(ch)) tones.push(ch);
      else {
        const last = letters[letters.length - 1];
        if (!last) return word;
        last.shape += ch;
      }
    } else {
      letters.push({ base: ch, lower: ch.toLowerCase(), shape: '' });
    }
  }
  const tone = tones[0];
  if (tones.length !== 1 || tone === undefined) return word;

  const isVowel = (l: Letter | undefined): boolean => l !== undefined && VOWELS.has(l.lower);

  let start = 0;
  while (start < letters.length && !isVowel(letters[start])) start++;
  // qu / gi clusters: the u / i belongs to the initial consonant
  const prev = letters[start - 1]?.lower;
  const cur = letters[start]?.lower;
  if (((prev === 'q' && cur === 'u') || (prev === 'g' && cur === 'i')) && isVowel(letters[start + 1])) {
    start++;
  }
  let end = start;
  while (end < letters.length && isVowel(letters[end])) end++;
  const count = end - start;
  const final = letters.slice(end).map((l) => l.lower + l.shape).join('');
  if (count < 1 || count > 3 || !FINALS.has(final)) return word;

  let target = -1;
  for (let i = start; i < end; i++) if (letters[i]?.shape) target = i; // last shaped vowel (ươ → ơ)
  if (target < 0) {
    if (count === 1) target = start;
    else if (count === 3) target = start + 1;
    else target = final ? start + 1 : start;
  }

  // shape mark before tone, as in NFD (caller re-normalizes)
  return letters.map((l, i) => l.base + l.shape + (i === target ? tone : '')).join('');
}

/**
 * Moves each syllable's tone mark to its canonical vowel (classic style, see
 * above), preserving case. Output is NFC. canonicalTones("hoà") === "hòa".
 */
export function canonicalTones(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\p{L}\p{M}]+/gu, placeTone)
    .normalize('NFC');
}

/**
 * Accent-, case- and punctuation-insensitive comparison key:
 * fold("Đảng ủy") === fold("ĐẢNG ỦY") === fold("dang uy") === "dang uy".
 * Every mark is stripped, so where a tone sits (canonicalTones) cannot change the key and is not
 * computed: NFD(NFC(s)) is NFD(s), and placing a tone moves marks only, never a base letter
 * (normalize.test.ts compares this with the canonical-tones definition; D68: a third of a search).
 */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Case-insensitive but accent-exact key: canonical tones, lower case, NFC, whitespace collapsed. */
export function searchKey(s: string): string {
  return cleanText(canonicalTones(s)).toLowerCase().normalize('NFC');
}

/** Text of at most `max` characters: cut at the last space before it, with "…" (never mid-word). */
export function clipAtWord(text: string, max: number): string {
  const s = text.replace(/\s+/gu, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  const head = s.slice(0, cut > max / 2 ? cut : max - 1);
  // Trailing spaces and punctuation dropped from the end backwards (a `[…]+$` regex is quadratic on long runs).
  let end = head.length;
  while (end > 0 && /[\s,;:.–-]/u.test(head[end - 1] as string)) end--;
  return `${head.slice(0, end)}…`;
}
