// People to choose from in another room's form (a task's owner, D53): those of one organization
// first, then everyone else, optionally narrowed by a diacritic-free search from the start of words.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { searchesNothing, searchWords, todayInVietnam } from '../../lib/vi/index.ts';
import { findPeople } from './repo.ts';

/** One person to choose: id and full name. */
export interface PersonChoice {
  id: string;
  full_name: string;
}

/**
 * People of the ward not ended, in the Vietnamese name order: `first` are members or post holders
 * of `orgId` today, `others` the rest. With `text`, only names with every word of it starting a
 * word of the name, accents optional ("huong" finds Hương, not Phương). At most `limit` in each.
 */
export async function peopleChoice(q: Queryable, actor: Pick<Actor, 'wardId'>, opts: { text?: string; orgId?: string | null; limit?: number }): Promise<{ first: PersonChoice[]; others: PersonChoice[] }> {
  const terms = searchWords(opts.text ?? '');
  if (searchesNothing(opts.text ?? '')) return { first: [], others: [] };
  const limit = opts.limit ?? 500;
  const onDate = todayInVietnam();
  const base = { terms, onDate, includeEnded: false, offset: 0 };
  const first = opts.orgId ? (await findPeople(q, actor.wardId, { ...base, orgId: opts.orgId, limit })).rows : [];
  const seen = new Set(first.map((p) => p.id));
  const all = (await findPeople(q, actor.wardId, { ...base, orgId: null, limit: limit + first.length })).rows;
  const pick = (p: { id: string; full_name: string }) => ({ id: p.id, full_name: p.full_name });
  return { first: first.map(pick), others: all.filter((p) => !seen.has(p.id)).slice(0, limit).map(pick) };
}

/**
 * The print order a new post of `orgId` takes by default: one after the last post of that
 * organization still held on `onDate` (a smaller number prints first), 1 for its first post.
 */
export async function nextPositionRank(q: Queryable, actor: Pick<Actor, 'wardId'>, orgId: string, onDate: string = todayInVietnam()): Promise<number> {
  const row = await q
    .selectFrom('position')
    .select((eb) => eb.fn.max('rank').as('last'))
    .where('ward_id', '=', actor.wardId)
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', onDate)]))
    .executeTakeFirst();
  const last = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  return Math.min(999, last + 1);
}
