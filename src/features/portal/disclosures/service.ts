// Công khai (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15): each item with its kind, posting date,
// the forms used and the required duration; an index of what is current and what has expired.
import type { Db, Queryable } from '../../../db/index.ts';
import { newId, nowIso } from '../../../db/dialect.ts';
import type { Actor } from '../../../platform/actor.ts';
import { writeAudit } from '../../../platform/audit.ts';
import { runCommand, type CommandTx } from '../../../platform/command.ts';
import { requireAccess } from '../../../platform/access.ts';
import { conflict, notFound, ValidationError } from '../../../platform/errors.ts';
import { addDays, daysBetween, fold, todayInVietnam } from '../../../lib/vi/index.ts';
import { uniqueSlug } from '../service.ts';
import { slugify } from '../text.ts';
import type { DisclosureForm, DisclosureInput, DisclosureQuery, DisclosureUpdateInput } from './schema.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

export type DisclosureStatus = 'current' | 'expired' | 'upcoming' | 'withdrawn';

/** The last day of the required posting: posted on day 1, a 30-day duration ends on day 30. */
export function endsOn(postedOn: string, days: number): string {
  return addDays(postedOn, days - 1);
}

export function statusOn(row: { posted_on: string; ends_on: string; withdrawn_on: string | null }, today: string): DisclosureStatus {
  if (row.withdrawn_on) return 'withdrawn';
  if (row.posted_on > today) return 'upcoming';
  return row.ends_on >= today ? 'current' : 'expired';
}

/** Whether the portal shows this posting at /cong-khai/<slug> on `today`: posted and not withdrawn (the rule of publicDisclosure). */
export function isOnPortal(row: { posted_on: string; ends_on: string; withdrawn_on: string | null }, today: string): boolean {
  const s = statusOn(row, today);
  return s === 'current' || s === 'expired';
}

/** Days left including today (a posting that ends today has 1 day left). */
export function daysLeft(endsOnIso: string, today: string): number {
  return daysBetween(today, endsOnIso) + 1;
}

const COLUMNS = ['id', 'ward_id', 'kind', 'slug', 'title', 'description', 'posted_on', 'duration_days', 'ends_on', 'forms', 'article_id', 'withdrawn_on', 'version', 'created_at', 'updated_at'] as const;

function rowsQuery(q: Queryable, wardId: string) {
  return q.selectFrom('disclosure').select(COLUMNS).where('ward_id', '=', wardId);
}
export type DisclosureRow = Awaited<ReturnType<ReturnType<typeof rowsQuery>['executeTakeFirstOrThrow']>>;

export const formsOf = (row: Pick<DisclosureRow, 'forms'>): DisclosureForm[] => JSON.parse(row.forms) as DisclosureForm[];

/** The public index: posted and not withdrawn, newest first; filter current / expired / all and by kind. */
export async function publicDisclosures(q: Queryable, wardId: string, query: DisclosureQuery, today = todayInVietnam()): Promise<DisclosureRow[]> {
  let s = rowsQuery(q, wardId).where('withdrawn_on', 'is', null).where('posted_on', '<=', today);
  if (query.tinh_trang === 'dang-cong-khai') s = s.where('ends_on', '>=', today);
  if (query.tinh_trang === 'het-han') s = s.where('ends_on', '<', today);
  if (query.loai) s = s.where('kind', '=', query.loai);
  return s.orderBy('posted_on', 'desc').orderBy('id', 'desc').limit(500).execute();
}

export function publicDisclosure(q: Queryable, wardId: string, slug: string, today = todayInVietnam()) {
  return rowsQuery(q, wardId).where('slug', '=', slug).where('withdrawn_on', 'is', null).where('posted_on', '<=', today).executeTakeFirst();
}

/** The article a public disclosure links to, if it is of the same ward and public now (published, `published_at <= now`). */
export async function linkedArticle(q: Queryable, wardId: string, articleId: string | null, now = nowIso()): Promise<{ slug: string; title: string } | undefined> {
  if (!articleId) return undefined;
  return q.selectFrom('article').select(['slug', 'title']).where('ward_id', '=', wardId).where('id', '=', articleId).where('status', '=', 'published').where('published_at', '<=', now).executeTakeFirst();
}

export async function disclosurePaths(q: Queryable, wardId: string): Promise<string[]> {
  const rows = await q.selectFrom('disclosure').select('slug').where('ward_id', '=', wardId).where('withdrawn_on', 'is', null).where('posted_on', '<=', todayInVietnam()).execute();
  return ['/cong-khai', ...rows.map((r) => `/cong-khai/${r.slug}`)];
}

export function staffDisclosures(q: Queryable, actor: Actor): Promise<DisclosureRow[]> {
  return rowsQuery(q, actor.wardId).orderBy('posted_on', 'desc').orderBy('id', 'desc').execute();
}

export async function getDisclosure(q: Queryable, actor: Actor, id: string): Promise<DisclosureRow> {
  const row = await rowsQuery(q, actor.wardId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

async function assertArticle(q: Queryable, wardId: string, articleId: string | null): Promise<void> {
  if (!articleId) return;
  const a = await q.selectFrom('article').select('id').where('ward_id', '=', wardId).where('id', '=', articleId).executeTakeFirst();
  if (!a) throw new ValidationError({ article_id: 'err.choice' });
}

function fields(input: DisclosureInput) {
  return {
    kind: input.kind,
    title: input.title,
    description: input.description,
    posted_on: input.posted_on,
    duration_days: input.duration_days,
    ends_on: endsOn(input.posted_on, input.duration_days),
    forms: JSON.stringify([...new Set(input.forms)]),
    article_id: input.article_id,
    search_text: fold(`${input.title} ${input.description ?? ''}`),
  };
}

/** Inserts a disclosure with its audit row (no access checks: services and demo). */
export async function insertDisclosure(q: CommandTx, actor: AuditActor, input: DisclosureInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, slug: await uniqueSlug(q, 'disclosure', actor.wardId, slugify(input.title), null), ...fields(input), withdrawn_on: null, created_at: now, updated_at: now };
  await q.insertInto('disclosure').values(row).execute();
  await writeAudit(q, actor, { action: 'disclosure.create', entityType: 'disclosure', entityId: id, summary: input.title, after: row });
  return id;
}

export function createDisclosure(db: Db, actor: Actor, input: DisclosureInput): Promise<string> {
  return runCommand(db, actor, 'disclosure.create', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.publish');
    await assertArticle(trx, actor.wardId, input.article_id);
    return insertDisclosure(trx, actor, input);
  });
}

export async function updateDisclosure(db: Db, actor: Actor, id: string, input: DisclosureUpdateInput): Promise<void> {
  await runCommand(db, actor, 'disclosure.update', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.publish');
    const before = await getDisclosure(trx, actor, id);
    await assertArticle(trx, actor.wardId, input.article_id);
    const after = fields(input);
    const res = await trx
      .updateTable('disclosure')
      .set((eb) => ({ ...after, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'disclosure.update', entityType: 'disclosure', entityId: id, summary: input.title, before, after });
  });
}

export async function withdrawDisclosure(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  await runCommand(db, actor, 'disclosure.withdraw', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.publish');
    const before = await getDisclosure(trx, actor, id);
    const today = todayInVietnam();
    const res = await trx
      .updateTable('disclosure')
      .set((eb) => ({ withdrawn_on: today, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .where('withdrawn_on', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'disclosure.withdraw', entityType: 'disclosure', entityId: id, summary: before.title, before: { withdrawn_on: null }, after: { withdrawn_on: today } });
  });
}
