// Queries of the documents room, always scoped by ward (built-in profiles have ward_id null).
import type { Queryable } from '../../db/index.ts';
import type { CommandTx } from '../../platform/command.ts';
import type { DocumentProfileTable, IssuedDocumentTable } from '../../db/types.ts';

const PROFILE_COLUMNS = ['id', 'ward_id', 'code', 'name', 'family', 'org_kinds', 'effective_from', 'effective_to', 'spec', 'based_on_id', 'note', 'version', 'created_at', 'created_by'] as const;

/** Profiles a ward can use (its own and the built-in ones), by family then effective date. */
export function profileRows(q: Queryable, wardId: string) {
  return q
    .selectFrom('document_profile')
    .select(PROFILE_COLUMNS)
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .orderBy('family')
    .orderBy('effective_from', 'desc')
    .orderBy('code')
    .execute();
}
export type ProfileRow = Awaited<ReturnType<typeof profileRows>>[number];

/** Profiles of the ward and built-in ones in force on `date`. */
export function profileRowsOn(q: Queryable, wardId: string, date: string) {
  return q
    .selectFrom('document_profile')
    .select(PROFILE_COLUMNS)
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .execute();
}

export function profileRow(q: Queryable, wardId: string, id: string) {
  return q
    .selectFrom('document_profile')
    .select(PROFILE_COLUMNS)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .executeTakeFirst();
}

export function profileByCode(q: Queryable, wardId: string, code: string) {
  return q
    .selectFrom('document_profile')
    .select('id')
    .where('code', '=', code)
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .executeTakeFirst();
}

export async function insertProfileRow(q: CommandTx, row: Omit<DocumentProfileTable, 'version'>): Promise<void> {
  await q.insertInto('document_profile').values(row).execute();
}

/** Terms of one body, newest first. */
export function termRows(q: Queryable, wardId: string, orgId: string) {
  return q.selectFrom('body_term').select(['id', 'org_id', 'name', 'start_on', 'end_on']).where('ward_id', '=', wardId).where('org_id', '=', orgId).orderBy('start_on', 'desc').execute();
}
export type TermRow = Awaited<ReturnType<typeof termRows>>[number];

/** Every recorded term of the ward, with its body's name. */
export function wardTermRows(q: Queryable, wardId: string) {
  return q
    .selectFrom('body_term as t')
    .innerJoin('organization as o', 'o.id', 't.org_id')
    .select(['t.id', 't.org_id', 't.name', 't.start_on', 't.end_on', 'o.name as org_name'])
    .where('t.ward_id', '=', wardId)
    .orderBy('o.name')
    .orderBy('t.start_on', 'desc')
    .execute();
}

export async function insertTermRow(q: CommandTx, row: { id: string; ward_id: string; org_id: string; name: string; start_on: string; end_on: string | null; created_at: string }): Promise<void> {
  await q.insertInto('body_term').values(row).execute();
}

/**
 * Gives the next number of a sequence in ONE statement: inserts (…, 1) or, when the row exists,
 * adds one to it, and returns the new value. The row stays locked (PostgreSQL: row lock; SQLite:
 * the database write lock) until the caller's transaction ends, so concurrent issuers wait and
 * never share a number; a rolled-back transaction takes its increment with it (no gap).
 */
export async function nextNumber(q: CommandTx, key: { ward_id: string; issuer_org_id: string; doc_type: string; period_key: string }): Promise<number> {
  const row = await q
    .insertInto('document_number_seq')
    .values({ ...key, last_number: 1 })
    .onConflict((oc) => oc.columns(['ward_id', 'issuer_org_id', 'doc_type', 'period_key']).doUpdateSet((eb) => ({ last_number: eb('document_number_seq.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertIssuedRow(q: CommandTx, row: IssuedDocumentTable): Promise<void> {
  await q.insertInto('issued_document').values(row).execute();
}

const ISSUED_COLUMNS = ['id', 'issuer_org_id', 'doc_type', 'number', 'number_text', 'period_key', 'issued_on', 'subject_kind', 'subject_id', 'title', 'profile_id', 'created_at'] as const;

/** Numbers issued for one subject (e.g. a meeting), oldest first. */
export function issuedRowsFor(q: Queryable, wardId: string, subjectKind: string, subjectId: string) {
  return q.selectFrom('issued_document').select(ISSUED_COLUMNS).where('ward_id', '=', wardId).where('subject_kind', '=', subjectKind).where('subject_id', '=', subjectId).orderBy('created_at').execute();
}
export type IssuedRow = Awaited<ReturnType<typeof issuedRowsFor>>[number];

/** The number already issued in the ward for this subject and type (the unique key is global; subject ids are UUIDs). */
export function issuedForSubject(q: Queryable, wardId: string, subjectKind: string, subjectId: string, docType: string) {
  return q.selectFrom('issued_document').select(['id', 'ward_id', 'number_text', 'issued_on']).where('ward_id', '=', wardId).where('subject_kind', '=', subjectKind).where('subject_id', '=', subjectId).where('doc_type', '=', docType).executeTakeFirst();
}
