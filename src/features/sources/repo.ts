import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { likeEscape } from '../../db/dialect.ts';

export const SOURCE_COLUMNS = ['id', 'ward_id', 'kind', 'number', 'issued_on', 'issuer', 'title', 'theme_year', 'file_id', 'created_by', 'version', 'created_at', 'updated_at'] as const;

export interface SourceFilter {
  terms: string[]; // folded words, each must appear
  kind: string | null;
  limit: number;
  offset: number;
}

function filtered(q: Queryable, wardId: string, f: SourceFilter) {
  let query = q.selectFrom('source_document').where('ward_id', '=', wardId);
  for (const term of f.terms) query = query.where(sql<boolean>`search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  if (f.kind) query = query.where('kind', '=', f.kind);
  return query;
}

export async function findSources(q: Queryable, wardId: string, f: SourceFilter) {
  const [rows, count] = await Promise.all([
    filtered(q, wardId, f).select(SOURCE_COLUMNS).orderBy('issued_on', 'desc').orderBy('theme_year', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    filtered(q, wardId, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function getSourceRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('source_document').select(SOURCE_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type SourceRow = NonNullable<Awaited<ReturnType<typeof getSourceRow>>>;

export function sourceRowsByIds(q: Queryable, wardId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as SourceRow[]);
  return q.selectFrom('source_document').select(SOURCE_COLUMNS).where('ward_id', '=', wardId).where('id', 'in', [...ids]).execute();
}

export function allSourceRows(q: Queryable, wardId: string) {
  return q.selectFrom('source_document').select(SOURCE_COLUMNS).where('ward_id', '=', wardId).orderBy('issued_on', 'desc').orderBy('theme_year', 'desc').execute();
}
