import type { Queryable } from '../../db/index.ts';
import { dialectOf } from '../../db/dialect.ts';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';

export const PERSON_COLUMNS = ['id', 'ward_id', 'full_name', 'gender', 'birth_date', 'phone', 'email', 'unit_id', 'note', 'ended_on', 'end_reason', 'version', 'created_at', 'updated_at'] as const;

export interface PeopleFilter {
  terms: string[]; // folded words (lib/vi searchWords); each must begin a word of the folded name
  orgId: string | null;
  onDate: string; // posts and memberships active on this date
  includeEnded: boolean;
  /** A date asked for (`on`): people whose following ended after it were still followed then and are listed (null: today, only those not ended). */
  followedOn?: string | null;
  limit: number;
  offset: number;
  sort?: 'name' | 'birth_date' | undefined;
  dir?: 'asc' | 'desc' | undefined;
}

/** The whitelist of sortable columns: URL word → fixed column. The name sorts by the Vietnamese key (D2). */
const SORT_COLUMNS = { name: 'person.sort_key', birth_date: 'person.birth_date' } as const;

/**
 * The word-start condition on `person` for folded search words (D44): every word begins a word of
 * the folded name. PostgreSQL: a prefix tsquery on the stored tsvector (GIN index); SQLite: a
 * prefix query on the FTS5 table person_fts (rowids from person_fts_key). The words hold only
 * letters and digits (lib/vi fold), so `:*` and `"…"*` are the only syntax; the query text is a
 * bound parameter either way.
 */
export function wordStartMatch(q: Queryable, terms: readonly string[]) {
  if (dialectOf(q) === 'postgres') return sql<boolean>`person.search_tsv @@ to_tsquery('simple', ${terms.map((t) => `${t}:*`).join(' & ')})`;
  const match = terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
  return sql<boolean>`person.id in (select k.person_id from person_fts f cross join person_fts_key k where person_fts match ${match} and k.rid = f.rowid)`;
}

/**
 * The people who hold a post in or are members of organization `orgId` on day `on` (a set of ids, from
 * the (ward_id, org_id) indexes of position and membership).
 */
function orgPeople(q: Queryable, wardId: string, orgId: string, on: string) {
  const held = <T extends 'position' | 'membership'>(table: T) =>
    q
      .selectFrom(table as 'position')
      .select('person_id')
      .where('ward_id', '=', wardId)
      .where('org_id', '=', orgId)
      .where('start_on', '<=', on)
      .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', on)]));
  return held('position').union(held('membership'));
}

function filtered(q: Queryable, wardId: string, f: PeopleFilter) {
  const sqlite = dialectOf(q) === 'sqlite';
  // A search or an organization's people on SQLite start from their set of ids (the FTS5 hits, the
  // organization's posts and memberships), then person by primary key: the unary `+` keeps SQLite's
  // planner from walking the ward's sort index and testing every person against the set (measured:
  // 10 hits of 5,000 people, 0.3 ms instead of 2–3 ms, D44; an organization's holders, one correlated
  // EXISTS per person, 12 ms a query, D77). PostgreSQL chooses from its statistics.
  const fromSet = sqlite && (f.terms.length > 0 || f.orgId !== null);
  let query = fromSet ? q.selectFrom('person').where(sql<boolean>`+person.ward_id = ${wardId}`) : q.selectFrom('person').where('person.ward_id', '=', wardId);
  if (f.terms.length) query = query.where(wordStartMatch(q, f.terms));
  if (!f.includeEnded) {
    const on = f.followedOn;
    query = on ? query.where((e) => e.or([e('person.ended_on', 'is', null), e('person.ended_on', '>', on)])) : query.where('person.ended_on', 'is', null);
  }
  if (f.orgId) query = query.where('person.id', 'in', orgPeople(q, wardId, f.orgId, f.onDate));
  return query;
}

/**
 * Orders by the asked column, then by name and id (pages stay stable); by name by default.
 * Empty values come last in both directions on both engines (SQLite and PostgreSQL differ on nulls).
 */
function ordered<O>(query: SelectQueryBuilder<DB, 'person', O>, f: PeopleFilter): SelectQueryBuilder<DB, 'person', O> {
  const dir = f.dir ?? 'asc';
  let out = query;
  if (f.sort && f.sort !== 'name') {
    const col = SORT_COLUMNS[f.sort];
    out = out.orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`).orderBy(col, dir);
  }
  const nameDir = f.sort === 'name' ? dir : 'asc';
  return out.orderBy('person.sort_key', nameDir).orderBy('person.id', nameDir);
}

/**
 * The app_setting key of a ward's head count, kept exact by triggers on person (migration 0016):
 * people not ended (`active`) or ended (`ended`). Text value, an integer.
 */
export function peopleCountKey(wardId: string, state: 'active' | 'ended'): string {
  return `people_count:${wardId}:${state}`;
}

/** How many people the unfiltered list holds: the stored head counts (no count over the ward; D44). */
async function storedCount(q: Queryable, wardId: string, includeEnded: boolean): Promise<number> {
  const keys = includeEnded ? [peopleCountKey(wardId, 'active'), peopleCountKey(wardId, 'ended')] : [peopleCountKey(wardId, 'active')];
  const rows = await q.selectFrom('app_setting').select('value').where('key', 'in', keys).execute();
  return rows.reduce((n, r) => n + Number(r.value), 0);
}

/** One page of people (`limit`/`offset` on the order of `ordered`, walked in the (ward_id, sort_key, id) index) and how many match. */
export async function findPeople(q: Queryable, wardId: string, f: PeopleFilter) {
  const unfiltered = f.terms.length === 0 && !f.orgId && !f.followedOn; // the stored head counts are of today's
  const [rows, total] = await Promise.all([
    ordered(filtered(q, wardId, f).select(PERSON_COLUMNS.map((c) => `person.${c}` as const)), f).limit(f.limit).offset(f.offset).execute(),
    unfiltered ? storedCount(q, wardId, f.includeEnded) : filtered(q, wardId, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
  ]);
  return { rows, total };
}

/** The head count the reference way (count over the ward), for tests comparing it with the stored one. */
export async function countPeopleDirectly(q: Queryable, wardId: string, includeEnded: boolean): Promise<number> {
  let query = q.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', wardId);
  if (!includeEnded) query = query.where('ended_on', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export function getPersonRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('person').select(PERSON_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type PersonRow = NonNullable<Awaited<ReturnType<typeof getPersonRow>>>;

/** Posts of these people; with onDate, only those held on that date. */
export function positionRows(q: Queryable, wardId: string, personIds: string[], onDate: string | null) {
  if (personIds.length === 0) return Promise.resolve([]);
  let query = q
    .selectFrom('position')
    .innerJoin('organization', 'organization.id', 'position.org_id')
    .select([
      'position.id',
      'position.person_id',
      'position.org_id',
      'position.title',
      'position.abbreviation',
      'position.rank',
      'position.start_on',
      'position.end_on',
      'position.version',
      'organization.name as org_name',
      'organization.short_name as org_short',
      'organization.kind as org_kind',
    ])
    .where('position.ward_id', '=', wardId)
    .where('position.person_id', 'in', personIds);
  if (onDate) {
    query = query.where('position.start_on', '<=', onDate).where((e) => e.or([e('position.end_on', 'is', null), e('position.end_on', '>=', onDate)]));
  }
  return query.orderBy('position.rank').orderBy('position.start_on').execute();
}
export type PositionRow = Awaited<ReturnType<typeof positionRows>>[number];

export function membershipRows(q: Queryable, wardId: string, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('membership')
    .innerJoin('organization', 'organization.id', 'membership.org_id')
    .select(['membership.id', 'membership.person_id', 'membership.org_id', 'membership.member_no', 'membership.start_on', 'membership.end_on', 'membership.version', 'organization.name as org_name'])
    .where('membership.ward_id', '=', wardId)
    .where('membership.person_id', 'in', personIds)
    .orderBy('membership.start_on')
    .execute();
}
export type MembershipRow = Awaited<ReturnType<typeof membershipRows>>[number];

export function getPositionRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('position').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

export function getMembershipRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('membership').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** Organizations where a person holds a post or membership that has not ended. */
/**
 * Organizations a person takes part in on `onDate` ('YYYY-MM-DD'): posts and memberships that
 * have started by then and not ended before it. A future or ended span is not counted.
 */
export async function activeOrgIdsOf(q: Queryable, wardId: string, personId: string, onDate: string): Promise<string[]> {
  return [...new Set((await currentOrgsOf(q, wardId, [personId], onDate)).get(personId) ?? [])];
}

/** For each person, the organizations of their posts and memberships active on `onDate` (one query each). */
export async function currentOrgsOf(q: Queryable, wardId: string, personIds: readonly string[], onDate: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (personIds.length === 0) return out;
  const ids = [...new Set(personIds)];
  const [p, m] = await Promise.all([
    q.selectFrom('position').select(['person_id', 'org_id']).where('ward_id', '=', wardId).where('person_id', 'in', ids).where('start_on', '<=', onDate).where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', onDate)])).execute(),
    q.selectFrom('membership').select(['person_id', 'org_id']).where('ward_id', '=', wardId).where('person_id', 'in', ids).where('start_on', '<=', onDate).where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', onDate)])).execute(),
  ]);
  for (const r of [...p, ...m]) out.set(r.person_id, [...(out.get(r.person_id) ?? []), r.org_id]);
  return out;
}

/** Organizations of a person's posts and memberships still open (no end, or an end on or after `onDate`), future ones included. */
export async function openOrgIdsOf(q: Queryable, wardId: string, personId: string, onDate: string): Promise<string[]> {
  const [p, m] = await Promise.all([
    q.selectFrom('position').select('org_id').where('ward_id', '=', wardId).where('person_id', '=', personId).where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', onDate)])).execute(),
    q.selectFrom('membership').select('org_id').where('ward_id', '=', wardId).where('person_id', '=', personId).where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', onDate)])).execute(),
  ]);
  return [...new Set([...p, ...m].map((r) => r.org_id))];
}
