// Report requests (issue 10, item 2): the office asks chosen organizations for a form's report of a
// period by a due date. The request pins the form's current version; one submission row per
// organization is created at once (status 'pending', "chưa nộp"), so the completeness board knows
// what is expected and a submission for a period nobody asked for cannot exist.
import type { Db } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand, type CommandContext } from '../../platform/command.ts';
import { conflict, notFound, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { notify, usersOfOrgs } from '../../platform/notify.ts';
import { translate } from '../../platform/i18n/index.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { getMeeting } from '../meetings/service.ts';
import { parsePeriod, periodName, periodRange, type PeriodType } from './periods.ts';
import { formRow, requestRow, sameFormIds, type RequestRow } from './repo.ts';
import type { RequestInput } from './schema.ts';

/** Earliest and latest due date accepted, relative to the period (a year before its start, two after its end). */
const DUE_SLACK_DAYS = { before: 366, after: 731 };

const dayDiff = (a: string, b: string) => (Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;

/**
 * A request's title from its form and period, the words they share said once: "Báo cáo tổng kết năm"
 * + "Năm 2026" → "Báo cáo tổng kết năm 2026"; "Báo cáo quý" + "Quý III năm 2026" → "Báo cáo quý III năm 2026".
 */
export function defaultTitle(formName: string, period: string): string {
  const f = formName.trim().split(/\s+/u);
  const p = period.trim().split(/\s+/u);
  const low = (w: string | undefined) => (w ?? '').toLocaleLowerCase('vi');
  let overlap = 0;
  for (let k = Math.min(f.length, p.length); k > 0; k--) {
    if (f.slice(-k).every((w, i) => low(w) === low(p[i]))) {
      overlap = k;
      break;
    }
  }
  const rest = p.slice(overlap).join(' ');
  const tail = overlap ? rest : `${low(p[0])} ${p.slice(1).join(' ')}`.trim();
  return `${formName.trim()} ${tail}`.trim();
}

async function insertSubmissions(c: CommandContext, requestId: string, orgIds: readonly string[]): Promise<void> {
  const now = nowIso();
  for (const org of orgIds) {
    await c.trx.insertInto('report_submission').values({ id: newId(), ward_id: c.actor.wardId, request_id: requestId, org_id: org, status: 'pending', sections: '{}', indicators: '{}', first_submitted_at: null, submitted_at: null, accepted_at: null, return_comment: null, created_at: now, updated_at: now }).execute();
  }
}

async function tellRequested(c: CommandContext, r: Pick<RequestRow, 'id' | 'title' | 'due_on'>, orgIds: readonly string[]): Promise<string[]> {
  const users = (await usersOfOrgs(c.trx, c.actor.wardId, orgIds)).filter((u) => u !== c.actor.userId);
  return notify(c.trx, { wardId: c.actor.wardId, userIds: users, kind: 'report_requested', message: translate('vi', 'report.notif.requested', { title: r.title, due: formatDate(r.due_on) }), link: `/app/reports/${r.id}`, dedupeKey: `report:${r.id}:requested` });
}

/**
 * Requests a report: form (active, visible to the ward), period id of the form's period type
 * ('2026', '2026S1', '2026Q1', '202603'), due date, the organizations asked and the body that will
 * issue the roll-up. Returns the request id and the users notified (to e-mail after the commit).
 * The office (`ward.office`). 400 (bad period, unknown organization, due date far from the period),
 * 403, 404 (form), 409 (this form already requested for that period).
 */
export function createRequest(db: Db, actor: Actor, input: RequestInput): Promise<{ id: string; notified: string[] }> {
  return runCommand(db, actor, 'report_request.create', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const form = await formRow(c.trx, actor.wardId, input.form_id);
    if (!form || !form.active) throw new ValidationError({ form_id: 'report.err.form' });
    const errors: FieldErrors = {};
    const period = parsePeriod(input.period_id);
    if (!period || period.type !== (form.period_type as PeriodType)) errors.period_id = 'report.err.period';
    const orgs = new Map((await listOrgs(c.trx, actor)).map((o) => [o.id, o]));
    if (input.org_ids.some((o) => !orgs.has(o))) errors.org_ids = 'err.unknownOrg';
    if (!orgs.has(input.issuer_org_id)) errors.issuer_org_id = 'err.unknownOrg';
    if (input.meeting_id && !(await getMeeting(c.trx, actor, input.meeting_id).then(() => true, () => false))) errors.meeting_id = 'report.err.meeting';
    const range = period ? periodRange(period, form.cutoff_day) : null;
    if (range && (dayDiff(range.start, input.due_on) > DUE_SLACK_DAYS.before || dayDiff(input.due_on, range.end) > DUE_SLACK_DAYS.after)) errors.due_on = 'report.err.due';
    if (Object.keys(errors).length || !period || !range) throw new ValidationError(errors);
    // One request per form code and period: a ward's copy of a built-in form counts as the same form.
    const sameCode = await sameFormIds(c.trx, actor.wardId, form.code);
    const existing = await c.trx.selectFrom('report_request').select('id').where('ward_id', '=', actor.wardId).where('form_id', 'in', sameCode).where('period_id', '=', period.id).executeTakeFirst();
    if (existing) throw new ValidationError({ period_id: 'report.err.alreadyRequested' });
    const id = newId();
    const now = nowIso();
    const title = input.title ?? defaultTitle(form.name, periodName(period));
    const row = { id, ward_id: actor.wardId, form_id: form.id, form_version_id: form.current_version_id, period_id: period.id, period_start: range.start, period_end: range.end, due_on: input.due_on, title, note: input.note, issuer_org_id: input.issuer_org_id, meeting_id: input.meeting_id, status: 'open', created_by: actor.userId, created_at: now, updated_at: now };
    await c.trx.insertInto('report_request').values(row).execute();
    const orgIds = [...new Set(input.org_ids)];
    await insertSubmissions(c, id, orgIds);
    await c.audit({ action: 'report_request.create', entityType: 'report_request', entityId: id, summary: title, after: { ...row, org_ids: orgIds } });
    return { id, notified: await tellRequested(c, row, orgIds) };
  });
}

/** Adds organizations to an open request (their submissions start 'pending'). The office. 400, 403, 404, 409, 422 (closed). */
export function addRequestOrgs(db: Db, actor: Actor, requestId: string, orgIds: readonly string[], version: number): Promise<{ notified: string[] }> {
  return runCommand(db, actor, 'report_request.add_orgs', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const r = await requestRow(c.trx, actor.wardId, requestId);
    if (!r) throw notFound();
    if (r.version !== version) throw conflict();
    if (r.status !== 'open') throw new ValidationError({ org_ids: 'report.err.closed' });
    const orgs = new Set((await listOrgs(c.trx, actor)).map((o) => o.id));
    if (orgIds.some((o) => !orgs.has(o))) throw new ValidationError({ org_ids: 'err.unknownOrg' });
    const have = new Set((await c.trx.selectFrom('report_submission').select('org_id').where('ward_id', '=', actor.wardId).where('request_id', '=', r.id).execute()).map((s) => s.org_id));
    const added = [...new Set(orgIds)].filter((o) => !have.has(o));
    await insertSubmissions(c, r.id, added);
    await c.trx.updateTable('report_request').set((eb) => ({ updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', r.id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'report_request.add_orgs', entityType: 'report_request', entityId: r.id, summary: r.title, after: { org_ids: added } });
    return { notified: await tellRequested(c, r, added) };
  });
}

/** Closes or reopens a request: a closed request takes no more drafts or submissions. The office. 403, 404, 409. */
export function setRequestOpen(db: Db, actor: Actor, requestId: string, open: boolean, version: number): Promise<void> {
  return runCommand(db, actor, open ? 'report_request.reopen' : 'report_request.close', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const r = await requestRow(c.trx, actor.wardId, requestId);
    if (!r) throw notFound();
    const res = await c.trx
      .updateTable('report_request')
      .set((eb) => ({ status: open ? 'open' : 'closed', updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', r.id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await c.audit({ action: open ? 'report_request.reopen' : 'report_request.close', entityType: 'report_request', entityId: r.id, summary: r.title, before: { status: r.status }, after: { status: open ? 'open' : 'closed' } });
  });
}
