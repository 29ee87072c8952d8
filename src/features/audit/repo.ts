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
  /** Keyset: rows strictly older than this one (at desc, id desc); the offset is then ignored. */
  after?: { at: string; id: string } | null;
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
        const after = f.after;
        return after ? qb.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])])) : qb.offset(f.offset);
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
