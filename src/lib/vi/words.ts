// Word-start search over folded text (issue 11 item 9, docs/DESIGN.md D44): "huong" finds
// "Hương" but not "Phương"; "nguyen van" finds "Nguyễn Văn …". The database answers it with an
// index (SQLite FTS5 prefix queries, PostgreSQL tsvector prefix queries); matchesWordStarts is the
// same rule in code, the reference the tests compare the database with.
import { fold } from './normalize.ts';

/** Most words of one search taken into account (a longer query is cut, never refused). */
export const MAX_SEARCH_WORDS = 8;

/** The words of a search box, folded (lib/vi fold: no tones, đ → d, lower case), at most MAX_SEARCH_WORDS, duplicates dropped. */
export function searchWords(q: string): string[] {
  return [...new Set(fold(q).split(' ').filter(Boolean))].slice(0, MAX_SEARCH_WORDS);
}

/**
 * True when the box holds something but no word to search ("%", "_", "…"): the search finds nobody,
 * rather than everybody as an empty box does.
 */
export function searchesNothing(q: string): boolean {
  return q.trim() !== '' && searchWords(q).length === 0;
}

/** True when every term (folded) begins some word of `text` (folded here): the people search rule. */
export function matchesWordStarts(text: string, terms: readonly string[]): boolean {
  const words = fold(text).split(' ');
  return terms.every((t) => words.some((w) => w.startsWith(t)));
}
