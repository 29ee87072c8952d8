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
