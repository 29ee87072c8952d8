import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { likeEscape } from '../../db/dialect.ts';

export interface AuditFilter {
  /** Rows by these users… */
  actorIds: string[] | null;
  /** …or whose recorded actor label contains this text (system actors have no user). */
  actorLabel: string | null;
  entityType: string | null;
  entityId: string | null;
  action: string | null;
  /** Instants, ISO UTC text: fromAt <= at < toAt. */
  fromAt: string | null;
  toAt: string | null;
  limit: number;
  offset: number;
  /** Keyset: rows strictly older than this one (at desc, id desc); the offset is then ignored. Only without `sort`. */
  after?: { at: string; id: string } | null;
  /**
   * A column sort (D65): `time` by the instant; `ranked` by the place of the row's `column` value in
   * `order` (values in the order the reader reads them: names and labels in Vietnamese order,
   * worked out by the service; a value not in it after them). Ties newest first (at, id desc).
   */
  sort?: { by: 'time'; dir: 'asc' | 'desc' } | { by: 'ranked'; column: 'actor_label' | 'action' | 'entity_type'; order: readonly string[]; dir: 'asc' | 'desc' } | null;
}

/** `case <column> when v0 then 0 when v1 then 1 … else n end`: a fixed order of known values in SQL (values bound, ranks literal). */
function rankOf(column: 'actor_label' | 'action' | 'entity_type', order: readonly string[]) {
  if (order.length === 0) return sql<number>`0`;
  return sql<number>`case ${sql.ref(column)} ${sql.join(
    order.map((v, i) => sql`when ${v} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(order.length)} end`;
}

/** The distinct actor labels of the ward's audit rows under `f` (for a sort by who, in Vietnamese order). */
export async function auditActorLabels(q: Queryable, wardId: string, f: AuditFilter): Promise<string[]> {
  const rows = await filtered(q, wardId, f).select('actor_label').distinct().execute();
  return rows.map((r) => r.actor_label);
}

// Audit rows are only ever inserted (platform/audit.ts) and read here: nothing updates or deletes them.
function filtered(q: Queryable, wardId: string, f: AuditFilter) {
  let query = q.selectFrom('audit_event').where('ward_id', '=', wardId);
  if (f.actorIds !== null || f.actorLabel !== null) {
    const ids = f.actorIds ?? [];
    const label = f.actorLabel;
    query = query.where((eb) =>
      eb.or([...(ids.length ? [eb('actor_user_id', 'in', ids)] : []), ...(label !== null ? [sql<boolean>`actor_label like ${'%' + likeEscape(label) + '%'} escape '\\'`] : []), ...(ids.length === 0 && label === null ? [sql<boolean>`1 = 0`] : [])]),
    );
  }
  if (f.entityType) query = query.where('entity_type', '=', f.entityType);
  if (f.entityId) {
    const id = f.entityId;
    query = query.where((eb) => eb.or([eb('entity_id', '=', id), eb('subject_id', '=', id)]));
  }
  if (f.action) query = query.where('action', '=', f.action);
  if (f.fromAt) query = query.where('at', '>=', f.fromAt);
  if (f.toAt) query = query.where('at', '<', f.toAt);
  return query;
}

export async function findAuditRows(q: Queryable, wardId: string, f: AuditFilter) {
  const [rows, count] = await Promise.all([
    filtered(q, wardId, f)
      .select(['id', 'at', 'actor_user_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'summary', 'before_json', 'after_json'])
      .$call((qb) => {
        const after = f.sort ? null : f.after;
        return after ? qb.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])])) : qb.offset(f.offset);
      })
      .$call((qb) => {
        const s = f.sort;
        if (!s) return qb;
        if (s.by === 'time') return qb.orderBy('at', s.dir).orderBy('id', s.dir);
        return qb.orderBy(rankOf(s.column, s.order), s.dir);
      })
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .execute(),
    filtered(q, wardId, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
export type AuditRow = Awaited<ReturnType<typeof findAuditRows>>['rows'][number];

/** Names of people, organizations and source documents of the ward, by id (the audit details' references; D60). */
export async function auditNames(q: Queryable, wardId: string, ids: { person: Set<string>; org: Set<string>; source: Set<string> }): Promise<{ person: Map<string, string>; org: Map<string, string>; source: Map<string, string> }> {
  const some = (s: Set<string>) => [...s].slice(0, 500);
  const [people, orgs, sources] = await Promise.all([
    ids.person.size ? q.selectFrom('person').select(['id', 'full_name as name']).where('ward_id', '=', wardId).where('id', 'in', some(ids.person)).execute() : [],
    ids.org.size ? q.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', wardId).where('id', 'in', some(ids.org)).execute() : [],
    ids.source.size ? q.selectFrom('source_document').select(['id', 'number', 'title']).where('ward_id', '=', wardId).where('id', 'in', some(ids.source)).execute() : [],
  ]);
  return {
    person: new Map(people.map((p) => [p.id, p.name])),
    org: new Map(orgs.map((o) => [o.id, o.name])),
    source: new Map(sources.map((s) => [s.id, s.number ? `${s.number} ${s.title}` : s.title])),
  };
}
