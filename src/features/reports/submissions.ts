// Submissions (issue 10, item 2): each organization asked drafts its report (sections and
// indicators of the pinned form version, files attached), submits it; the office accepts it or
// returns it with a comment; a returned report is resubmitted. Every submit keeps the content as
// sent in report_submission_event, so the history survives resubmission. A report first submitted
// after the due date is accepted and marked late (`late` = 1), never refused.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { hasAccess, requireAccess } from '../../platform/access.ts';
import { runCommand, type CommandContext, type CommandTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { notify, usersOfOrgs, usersOfRoles } from '../../platform/notify.ts';
import { translate } from '../../platform/i18n/index.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { getOrg, orgLabel } from '../orgs/service.ts';
import { formVersionRow, requestRow, specOf, submissionRow, type RequestRow, type SubmissionRow } from './repo.ts';
import type { DraftInput, ReviewInput } from './schema.ts';
import { checkDraft, draftOf, type CheckedDraft } from './values.ts';

/** Statuses in which the organization may still write its report. */
export const WRITABLE: ReadonlySet<string> = new Set(['pending', 'draft', 'returned']);
/** Roles that read every report of the ward (the office, the Standing Committee, the administrator). */
export const WARD_READERS = ['admin', 'office', 'standing'] as const;

/** Whether the actor may read a submission of organization `orgId`: ward readers, or whoever may report on that organization. */
export async function mayRead(q: Queryable, actor: Actor, orgId: string): Promise<boolean> {
  return WARD_READERS.some((r) => actor.roles.has(r)) || hasAccess(q, actor, 'org.report', [orgId]);
}

interface Loaded {
  s: SubmissionRow;
  r: RequestRow;
}

async function load(q: Queryable, actor: Actor, id: string): Promise<Loaded> {
  const s = await submissionRow(q, actor.wardId, id);
  if (!s) throw notFound();
  const r = await requestRow(q, actor.wardId, s.request_id);
  if (!r) throw notFound();
  return { s, r };
}

/** Updates the submission if its version is still `version`; 409 otherwise. */
async function writeSubmission(trx: CommandTx, s: SubmissionRow, version: number, set: Partial<Omit<SubmissionRow, 'id' | 'ward_id' | 'version'>>): Promise<void> {
  const res = await trx
    .updateTable('report_submission')
    .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', s.id)
    .where('ward_id', '=', s.ward_id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

async function event(c: CommandContext, s: SubmissionRow, action: string, extra: { comment?: string | null; snapshot?: CheckedDraft; late?: boolean } = {}): Promise<void> {
  await c.trx
    .insertInto('report_submission_event')
    .values({ id: newId(), ward_id: s.ward_id, submission_id: s.id, action, comment: extra.comment ?? null, snapshot: extra.snapshot ? JSON.stringify(extra.snapshot) : null, late: extra.late ? 1 : 0, actor_label: c.actor.label, user_id: c.actor.userId, at: nowIso() })
    .execute();
}

/** The org's report may be written: open request, writable status, `org.write` on the organization. */
async function requireWritable(c: CommandContext, actor: Actor, { s, r }: Loaded): Promise<void> {
  await requireAccess(c.trx, actor, 'org.write', [s.org_id]);
  if (r.status !== 'open') throw new AppError(422, 'report.err.closed');
  if (!WRITABLE.has(s.status)) throw new AppError(422, s.status === 'accepted' ? 'report.err.acceptedLocked' : 'report.err.submittedLocked');
}

/**
 * Saves the organization's draft: sections and indicator values checked against the request's
 * pinned form version (400 with `sections.<code>` / `indicators.<code>` errors, nothing written);
 * `computed` holds the figures the record gave when the draft was opened (kept beside what the head
 * typed). A pending report becomes 'draft'; a returned one stays 'returned' until resubmitted.
 * Heads of the organization (`org.write`). 403, 404, 409 (stale version), 422 (submitted, accepted, closed).
 */
export function saveDraft(db: Db, actor: Actor, id: string, input: DraftInput, computed: Record<string, number | null> = {}): Promise<void> {
  return runCommand(db, actor, 'report_submission.save', async (c) => {
    const l = await load(c.trx, actor, id);
    await requireWritable(c, actor, l);
    const v = await formVersionRow(c.trx, l.r.form_version_id);
    if (!v) throw notFound();
    const previous = draftOf(l.s);
    // A report never saved starts from the record's figures (as its page showed them): a field the
    // client leaves out keeps the figure; afterwards a left-out field keeps what was saved.
    for (const [code, n] of Object.entries(computed)) previous.indicators[code] = { value: l.s.status === 'pending' ? n : (previous.indicators[code]?.value ?? null), computed: n };
    const { draft, errors } = checkDraft(specOf(v), { sections: input.sections, indicators: input.indicators }, previous);
    if (Object.keys(errors).length) throw new ValidationError(errors);
    await writeSubmission(c.trx, l.s, input.version, { status: l.s.status === 'pending' ? 'draft' : l.s.status, sections: JSON.stringify(draft.sections), indicators: JSON.stringify(draft.indicators) });
    await c.audit({ action: 'report_submission.save', entityType: 'report_submission', entityId: l.s.id, subjectId: l.r.id, summary: l.r.title, before: draftOf(l.s), after: draft });
  });
}

/**
 * Submits the organization's report to the office. Refused when nothing is written yet (422
 * report.err.empty). Late when today (Vietnam) is after the due date: accepted all the same and
 * marked late on its first submission. The content as sent is kept in the history. Notifies the
 * ward office. Returns the users notified. 403, 404, 409, 422.
 */
export function submitReport(db: Db, actor: Actor, id: string, version: number): Promise<{ late: boolean; notified: string[] }> {
  return runCommand(db, actor, 'report_submission.submit', async (c) => {
    const l = await load(c.trx, actor, id);
    await requireWritable(c, actor, l);
    const content = draftOf(l.s);
    if (!Object.values(content.sections).some((t) => t.trim())) throw new AppError(422, 'report.err.empty');
    const now = nowIso();
    const late = todayInVietnam() > l.r.due_on;
    const first = l.s.first_submitted_at === null;
    await writeSubmission(c.trx, l.s, version, { status: 'submitted', submitted_at: now, first_submitted_at: l.s.first_submitted_at ?? now, late: first ? (late ? 1 : 0) : l.s.late, revision: l.s.revision + 1, return_comment: null });
    await event(c, l.s, first ? 'submit' : 'resubmit', { snapshot: content, late });
    await c.audit({ action: 'report_submission.submit', entityType: 'report_submission', entityId: l.s.id, subjectId: l.r.id, summary: l.r.title, before: { status: l.s.status }, after: { status: 'submitted', late, revision: l.s.revision + 1 } });
    const org = await getOrg(c.trx, actor, l.s.org_id);
    const users = (await usersOfRoles(c.trx, actor.wardId, ['office'])).filter((u) => u !== actor.userId);
    const notified = await notify(c.trx, { wardId: actor.wardId, userIds: users, kind: 'report_submitted', message: translate('vi', late ? 'report.notif.submittedLate' : 'report.notif.submitted', { org: org ? orgLabel(org) : '', title: l.r.title }), link: `/app/reports/submissions/${l.s.id}`, dedupeKey: `report:${l.s.id}:submitted:${l.s.revision + 1}` });
    return { late, notified };
  });
}

async function review(db: Db, actor: Actor, id: string, input: ReviewInput, action: 'accept' | 'return'): Promise<{ notified: string[] }> {
  return runCommand(db, actor, `report_submission.${action}`, async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const l = await load(c.trx, actor, id);
    if (l.s.status !== 'submitted') throw new AppError(422, 'report.err.notSubmitted');
    if (action === 'return' && !input.comment) throw new ValidationError({ comment: 'report.err.returnComment' });
    const status = action === 'accept' ? 'accepted' : 'returned';
    await writeSubmission(c.trx, l.s, input.version, action === 'accept' ? { status, accepted_at: nowIso() } : { status, return_comment: input.comment });
    await event(c, l.s, action, { comment: input.comment });
    await c.audit({ action: `report_submission.${action}`, entityType: 'report_submission', entityId: l.s.id, subjectId: l.r.id, summary: input.comment ?? l.r.title, before: { status: l.s.status }, after: { status, comment: input.comment } });
    const users = (await usersOfOrgs(c.trx, actor.wardId, [l.s.org_id])).filter((u) => u !== actor.userId);
    const message = translate('vi', action === 'accept' ? 'report.notif.accepted' : 'report.notif.returned', { title: l.r.title, comment: input.comment ?? '' });
    return { notified: await notify(c.trx, { wardId: actor.wardId, userIds: users, kind: `report_${status}`, message, link: `/app/reports/submissions/${l.s.id}`, dedupeKey: `report:${l.s.id}:${action}:${l.s.revision}` }) };
  });
}

/** Accepts a submitted report (comment optional). The office. 403, 404, 409, 422 (not submitted). */
export function acceptReport(db: Db, actor: Actor, id: string, input: ReviewInput): Promise<{ notified: string[] }> {
  return review(db, actor, id, input, 'accept');
}

/** Returns a submitted report to its organization with a comment (required, 400). The office. 403, 404, 409, 422. */
export function returnReport(db: Db, actor: Actor, id: string, input: ReviewInput): Promise<{ notified: string[] }> {
  return review(db, actor, id, input, 'return');
}

/**
 * Attaches files to the organization's report (bytes checked and staged by the route; rows written
 * here). Same rule as a draft: heads of the organization, while the report is writable. 403, 404, 422.
 */
export function attachReportFiles(db: Db, actor: Actor, id: string, files: { insert(q: CommandTx): Promise<string[]> }): Promise<string[]> {
  return runCommand(db, actor, 'report_submission.files', async (c) => {
    const l = await load(c.trx, actor, id);
    await requireWritable(c, actor, l);
    const ids = await files.insert(c.trx);
    for (const fid of ids) await c.trx.insertInto('report_file').values({ submission_id: l.s.id, file_id: fid, ward_id: actor.wardId, created_at: nowIso() }).execute();
    await c.audit({ action: 'report_submission.files', entityType: 'report_submission', entityId: l.s.id, subjectId: l.r.id, summary: `${ids.length} tệp`, after: { file_ids: ids } });
    return ids;
  });
}

/** Removes an attached file from a writable report (the stored bytes stay in the register). 403, 404, 422. */
export function removeReportFile(db: Db, actor: Actor, id: string, fileId: string): Promise<void> {
  return runCommand(db, actor, 'report_submission.file_remove', async (c) => {
    const l = await load(c.trx, actor, id);
    await requireWritable(c, actor, l);
    const res = await c.trx.deleteFrom('report_file').where('ward_id', '=', actor.wardId).where('submission_id', '=', l.s.id).where('file_id', '=', fileId).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw notFound();
    await c.audit({ action: 'report_submission.file_remove', entityType: 'report_submission', entityId: l.s.id, subjectId: l.r.id, summary: fileId, before: { file_id: fileId } });
  });
}
