// Vietnamese collation (a < ă < â < b < c < d < đ < e < ê …) and person-name ordering.
import { cleanText } from './normalize.ts';

/** Shared collator: Vietnamese alphabet order, numeric-aware ("Tổ 2" < "Tổ 10"). */
export const viCollator = new Intl.Collator('vi', { numeric: true });

export function compareVi(a: string, b: string): number {
  return viCollator.compare(a, b);
}

/** Returns a new array sorted in Vietnamese order (by `key` when given). */
export function sortVi(arr: readonly string[]): string[];
export function sortVi<T>(arr: readonly T[], key: (item: T) => string): T[];
export function sortVi<T>(arr: readonly T[], key?: (item: T) => string): T[] {
  const k = key ?? ((item: T) => String(item));
  return arr
    .map((item) => ({ item, sortKey: k(item) }))
    .sort((x, y) => viCollator.compare(x.sortKey, y.sortKey))
    .map((x) => x.item);
}

export interface PersonName {
  family: string;
  middle: string;
  given: string;
}

/**
 * Splits a Vietnamese full name (family first, given last):
 * "Dương Ngọc Dũng" → { family: "Dương", middle: "Ngọc", given: "Dũng" }.
 * One word is the given name; two words are family + given. Compound family
 * names (e.g. "Tôn Nữ") are not detected: the first word is the family name.
 */
export function splitName(full: string): PersonName {
  const words = cleanText(full).split(' ').filter((w) => w !== '');
  const given = words.pop() ?? '';
  const family = words.shift() ?? '';
  return { family, middle: words.join(' '), given };
}

// U+0009 is not ignorable in the CLDR collation (unlike U+0001) and sorts below
// space and letters, so it cleanly separates the fields.
const SEP = '\t';

/**
 * Key that sorts with compareVi by given name, then middle, then family name
 * (e.g. for storage / ORDER BY). Caveat of any single collation key: accents
 * and case are compared after the base letters of the WHOLE key, so "Văn Ân"
 * vs "Văn An" with different family names may order by family first. Use
 * comparePersonNames for the exact field-by-field order.
 */
export function personSortKey(full: string): string {
  const { family, middle, given } = splitName(full);
  return [given, middle, family].join(SEP);
}

/** Orders by given name, then middle name, then family name (each fully, accents included). */
export function comparePersonNames(a: string, b: string): number {
  const x = splitName(a);
  const y = splitName(b);
  return (
    viCollator.compare(x.given, y.given) ||
    viCollator.compare(x.middle, y.middle) ||
    viCollator.compare(x.family, y.family) ||
    viCollator.compare(cleanText(a), cleanText(b))
  );
}

// ---- Binary-sortable keys -------------------------------------------------------------
// A database orders text by bytes (SQLite BINARY, PostgreSQL COLLATE "C") so that both
// engines agree; these keys make byte order equal Vietnamese dictionary order: letters by
// the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), then tones (ngang, huyền,
// hỏi, ngã, sắc, nặng), then case (lower first), as Intl.Collator('vi') does.
const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONES: Record<string, string> = { '\u0300': '1', '\u0309': '2', '\u0303': '3', '\u0301': '4', '\u0323': '5' };
const LETTER_CODE = new Map<string, string>([...ALPHABET].map((ch, i) => [ch, String.fromCharCode(0x41 + i)]));

interface KeyParts {
  primary: string;
  secondary: string;
  tertiary: string;
}

function keyParts(s: string): KeyParts {
  let primary = '';
  let secondary = '';
  let tertiary = '';
  // Split into base letter + marks; keep vowel-shaping marks (breve, circumflex, horn) with the letter.
  const clusters = canonicalToneless(s);
  for (const { letter, tone, upper } of clusters) {
    if (/\s/.test(letter)) {
      primary += ' ';
      continue;
    }
    const code = LETTER_CODE.get(letter);
    if (code) {
      primary += code;
      secondary += tone;
      tertiary += upper ? '1' : '0';
    } else if (/[0-9]/.test(letter)) {
      primary += letter;
    } else if (/\p{L}/u.test(letter)) {
      primary += letter; // letters outside the alphabet sort after it, by code point
      secondary += tone;
      tertiary += upper ? '1' : '0';
    }
  }
  return { primary: primary.replace(/ +/g, ' ').trim(), secondary, tertiary };
}

function canonicalToneless(s: string): { letter: string; tone: string; upper: boolean }[] {
  const out: { letter: string; tone: string; upper: boolean }[] = [];
  for (const ch of cleanText(s).normalize('NFC')) {
    const d = ch.normalize('NFD');
    let tone = '0';
    let base = '';
    for (const c of d) {
      if (TONES[c]) tone = TONES[c];
      else base += c;
    }
    const recomposed = base.normalize('NFC');
    const lower = recomposed.toLowerCase();
    out.push({ letter: lower, tone, upper: lower !== recomposed });
  }
  return out;
}

/** A key whose byte order is Vietnamese order (for ORDER BY on SQLite and PostgreSQL alike). */
export function binarySortKey(s: string): string {
  const p = keyParts(s);
  return `${p.primary}\u0001${p.secondary}\u0001${p.tertiary}`;
}

/**
 * Byte-sortable person key (the stored `person.sort_key`): the given name as a whole word first —
 * its letters in the Vietnamese alphabet, then its tones (ngang, huyền, hỏi, ngã, sắc, nặng, as
 * Intl.Collator('vi') and Vietnamese dictionaries order them), then its case — then the middle
 * name the same way, then the family name. So every "Anh" comes before every "Ánh" and every
 * "Dung" before every "Dũng", whatever the middle and family names (D44; the house plan,
 * /work/shared/DESIGN.md §6: people sort by given name, then middle, then family name).
 * Byte order of the key equals comparePersonNames up to its last tie-break. Fields are ended by
 * U+0003 and their levels by U+0002, both below every character a level holds.
 */
export function personBinarySortKey(full: string): string {
  const { family, middle, given } = splitName(full);
  return [given, middle, family].map((f) => {
    const p = keyParts(f);
    return `${p.primary}\u0002${p.secondary}\u0002${p.tertiary}\u0003`;
  }).join('');
}
