import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type AuditActor, type CommandTx, type MaintenanceTx } from '../../platform/command.ts';
import { conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { fold, formatDate } from '../../lib/vi/index.ts';
import { requireSourceEditor, requireSourceWriter } from './access.ts';
import { allSourceRows, findSources, getSourceRow, sourceRowsByIds, type SourceRow } from './repo.ts';
import type { SourceInput, SourceKind, SourceQuery, SourceUpdateInput } from './schema.ts';
import { toLimitOffset } from '../../platform/list.ts';

export type { SourceRow } from './repo.ts';
export const SOURCE_PAGE_SIZE = 50;

/** Kind names as printed before a number: "Chỉ thị số 05-CT/TW". */
export const KIND_PRINTED: Record<SourceKind, string> = {
  nghi_quyet: 'Nghị quyết',
  chi_thi: 'Chỉ thị',
  quyet_dinh: 'Quyết định',
  ke_hoach: 'Kế hoạch',
  chuong_trinh: 'Chương trình',
  huong_dan: 'Hướng dẫn',
  ket_luan: 'Kết luận',
  chu_de_nam: 'Chủ đề năm',
};

/** "Chỉ thị số 05-CT/TW ngày 15/05/2016 của Bộ Chính trị" / "Chủ đề năm 2017: Năm CCHC – …". */
export function sourceCitation(d: Pick<SourceRow, 'kind' | 'number' | 'issued_on' | 'issuer' | 'title' | 'theme_year'>): string {
  const kind = KIND_PRINTED[d.kind as SourceKind] ?? d.kind;
  if (d.kind === 'chu_de_nam') return `${kind} ${d.theme_year ?? ''}: ${d.title}`;
  const parts = [kind, d.number ? `số ${d.number}` : '', d.issued_on ? `ngày ${formatDate(d.issued_on)}` : '', d.issuer ? `của ${d.issuer}` : ''].filter(Boolean);
  return parts.join(' ');
}

/** Short form for lists and the schedule: "Chỉ thị 05-CT/TW". */
export function sourceShort(d: Pick<SourceRow, 'kind' | 'number' | 'title' | 'theme_year'>): string {
  const kind = KIND_PRINTED[d.kind as SourceKind] ?? d.kind;
  if (d.kind === 'chu_de_nam') return `${kind} ${d.theme_year ?? ''}`;
  return d.number ? `${kind} ${d.number}` : `${kind}: ${d.title}`;
}

function searchTextOf(i: SourceInput): string {
  // The number is folded twice: "05-CT/TW" is found as "05-ct/tw", "05 ct tw" and "05ct".
  const num = i.number ?? '';
  return fold(`${KIND_PRINTED[i.kind]} ${num} ${num.replace(/[^\p{L}\p{N}]+/gu, ' ')} ${num.replace(/[^\p{L}\p{N}]+/gu, '')} ${i.issuer ?? ''} ${i.title} ${i.theme_year ?? ''}`);
}

export async function listSources(q: Queryable, actor: Pick<Actor, 'wardId'>, query: SourceQuery) {
  const terms = fold(query.q).split(' ').filter(Boolean).slice(0, 8);
  return findSources(q, actor.wardId, { terms, kind: query.kind ?? null, ...toLimitOffset({ page: query.page, page_size: SOURCE_PAGE_SIZE }) });
}

export function allSources(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<SourceRow[]> {
  return allSourceRows(q, actor.wardId);
}

export async function getSource(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<SourceRow> {
  const row = await getSourceRow(q, actor.wardId, id);
  if (!row) throw notFound();
  return row;
}

/** The cited documents must all be of this ward; otherwise the field is named. */
export async function assertSourcesInWard(q: Queryable, actor: Pick<Actor, 'wardId'>, ids: readonly string[], field = 'source_ids'): Promise<void> {
  const unique = [...new Set(ids)];
  const rows = await sourceRowsByIds(q, actor.wardId, unique);
  if (rows.length !== unique.length) throw new ValidationError({ [field]: 'src.err.unknown' });
}

export function sourcesByIds(q: Queryable, actor: Pick<Actor, 'wardId'>, ids: readonly string[]): Promise<SourceRow[]> {
  return sourceRowsByIds(q, actor.wardId, ids);
}

type FileRows = { insert: (q: CommandTx) => Promise<string[]> } | null;

/** Adds a source document (with its file, already stored by the caller: its row is written here). 403. */
export async function createSource(db: Db, actor: Actor, input: SourceInput, file: FileRows = null): Promise<string> {
  return runCommand(db, actor, 'source.create', async (c) => {
    requireSourceWriter(actor);
    return insertSource(c.trx, actor, input, file ? ((await file.insert(c.trx))[0] ?? null) : null, actor.userId);
  });
}

/**
 * Inserts a source document with its `source.create` audit row, in a running command (after its
 * access check) or in maintenance (demo, fixtures). No access checks here.
 */
export async function insertSource(q: CommandTx | MaintenanceTx, actor: AuditActor, input: SourceInput, fileId: string | null = null, createdBy: string | null = null): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, ...input, file_id: fileId, created_by: createdBy, search_text: searchTextOf(input), created_at: now, updated_at: now };
  await q.insertInto('source_document').values(row).execute();
  await writeAudit(q, actor, { action: 'source.create', entityType: 'source_document', entityId: id, summary: sourceCitation(row), after: row });
  return id;
}

/** Changes a source document read at `input.version` (a new file replaces the old one); only its editors (`canEditSource`). 403, 404, 409. */
export async function updateSource(db: Db, actor: Actor, id: string, input: SourceUpdateInput, file: FileRows = null): Promise<void> {
  await runCommand(db, actor, 'source.update', async (c) => {
    const trx = c.trx;
    const before = await getSourceRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    requireSourceEditor(actor, before);
    const { version, ...fields } = input;
    const fileId = file ? ((await file.insert(trx))[0] ?? before.file_id) : before.file_id;
    const set = { ...fields, file_id: fileId, search_text: searchTextOf(fields), updated_at: nowIso() };
    const res = await trx
      .updateTable('source_document')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await c.audit({ action: 'source.update', entityType: 'source_document', entityId: id, summary: sourceCitation({ ...before, ...fields }), before, after: { ...before, ...set } });
  });
}
