// Reads of the reports room for pages and the API: the list of requests an actor may see, one
// request with its completeness board, one organization's report with its pre-fill and history.
// Visibility: the office, the Standing Committee and the administrator see every report of the
// ward; a head or member sees the requests addressed to organizations it may report on (org.report).
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { allowedIds, hasAccess } from '../../platform/access.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import type { RelatedLink } from '../../platform/related.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs, orgLabel, type OrgRow } from '../orgs/service.ts';
import { getMeeting } from '../meetings/service.ts';
import { boardOf, ratesByOrg, type Board, type Rates } from './board.ts';
import { parsePeriod, periodName, type Period } from './periods.ts';
import { prefillFigures, prefillFor, prefillNarrative, type Prefill } from './prefill.ts';
import { eventRows, fileRows, formRow, formVersionRow, orgHistoryRows, requestRow, requestRows, specOf, submissionRow, submissionRows, type RequestRow, type SubmissionEventRow, type SubmissionRow } from './repo.ts';
import type { FormSpec, RequestListQuery } from './schema.ts';
import { mayRead, WARD_READERS, WRITABLE } from './submissions.ts';
import { draftOf, type CheckedDraft } from './values.ts';

export const PAGE_SIZE = 30;

/** Organization ids whose reports the actor may read: 'all' for the ward readers. */
export async function readableOrgs(q: Queryable, actor: Actor): Promise<'all' | Set<string>> {
  if (WARD_READERS.some((r) => actor.roles.has(r))) return 'all';
  return allowedIds(q, actor, 'org.report', (await listOrgs(q, actor)).map((o) => o.id));
}

export interface RequestListItem {
  request: RequestRow;
  periodName: string;
  formName: string;
  board: Board;
}

/** Requests the actor may see (newest period first, 30 a page) with each one's board restricted to what it may read. */
export async function listRequests(q: Queryable, actor: Actor, query: RequestListQuery): Promise<{ items: RequestListItem[]; total: number }> {
  const scope = await readableOrgs(q, actor);
  const { rows, total } = await requestRows(q, actor.wardId, { year: query.year, formId: query.form, orgIds: scope === 'all' ? null : [...scope], limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
  const subs = await submissionRows(q, actor.wardId, rows.map((r) => r.id));
  const forms = new Map<string, string>();
  for (const r of rows) if (!forms.has(r.form_id)) forms.set(r.form_id, (await formRow(q, actor.wardId, r.form_id))?.name ?? '');
  const today = todayInVietnam();
  const items = rows.map((r) => {
    const mine = subs.filter((s) => s.request_id === r.id && (scope === 'all' || scope.has(s.org_id)));
    return { request: r, periodName: periodName(parsePeriod(r.period_id) as Period), formName: forms.get(r.form_id) ?? '', board: boardOf(r.due_on, mine, today) };
  });
  return { items, total };
}

export interface RequestDetail {
  request: RequestRow;
  formName: string;
  spec: FormSpec;
  period: Period;
  periodName: string;
  board: Board;
  orgs: Map<string, OrgRow>;
  issuer: OrgRow | undefined;
  /** Each organization's rates across every request of the ward (the board's second table). */
  orgRates: Map<string, Rates>;
  canReview: boolean;
  /** Submissions of this request the actor may write (its own organizations'). */
  writable: Set<string>;
  /** The meeting the reports are presented at, as the actor may see it (null: none, or not visible). */
  meeting: { id: string; title: string; starts_at: string } | null;
}

/** One request with its board; a head sees only its organizations' lines. 403 when it may see none, 404. */
export async function getRequest(q: Queryable, actor: Actor, id: string): Promise<RequestDetail> {
  const r = await requestRow(q, actor.wardId, id);
  if (!r) throw notFound();
  const scope = await readableOrgs(q, actor);
  const all = await submissionRows(q, actor.wardId, [r.id]);
  const subs = all.filter((s) => scope === 'all' || scope.has(s.org_id));
  if (subs.length === 0 && scope !== 'all') throw forbidden();
  const [form, v, orgList] = await Promise.all([formRow(q, actor.wardId, r.form_id), formVersionRow(q, r.form_version_id), listOrgs(q, actor)]);
  if (!form || !v) throw notFound();
  const orgs = new Map(orgList.map((o) => [o.id, o]));
  const order = new Map(orgList.map((o, i) => [o.id, i]));
  subs.sort((a, b) => (order.get(a.org_id) ?? 0) - (order.get(b.org_id) ?? 0));
  const today = todayInVietnam();
  const history = await orgHistoryRows(q, actor.wardId, subs.map((s) => s.org_id));
  const writableIds = await allowedIds(q, actor, 'org.write', subs.map((s) => s.org_id));
  const period = parsePeriod(r.period_id) as Period;
  const meeting = r.meeting_id ? await getMeeting(q, actor, r.meeting_id).then((m) => ({ id: m.meeting.id, title: m.meeting.title, starts_at: m.meeting.starts_at }), () => null) : null;
  return {
    meeting,
    request: r,
    formName: form.name,
    spec: specOf(v),
    period,
    periodName: periodName(period),
    board: boardOf(r.due_on, subs, today),
    orgs,
    issuer: orgs.get(r.issuer_org_id),
    orgRates: ratesByOrg(history, today),
    canReview: await hasAccess(q, actor, 'ward.office'),
    writable: new Set(subs.filter((s) => writableIds.has(s.org_id)).map((s) => s.id)),
  };
}

export interface SubmissionDetail {
  submission: SubmissionRow;
  request: RequestRow;
  org: OrgRow;
  orgName: string;
  formName: string;
  spec: FormSpec;
  period: Period;
  periodName: string;
  /** What is stored; for a report never saved, the pre-fill's figures in `computed`. */
  content: CheckedDraft;
  /** The record's view of the organization over the period (for writable reports and the sources list). */
  prefill: Prefill;
  events: SubmissionEventRow[];
  files: Awaited<ReturnType<typeof fileRows>>;
  canWrite: boolean;
  canReview: boolean;
}

/**
 * One organization's report. A report still pending opens pre-filled: each indicator with a source
 * gets the record's figure as its value and as `computed`, the results section the drafted
 * narrative. 403 when the actor may not read it, 404.
 */
export async function getSubmission(q: Queryable, actor: Actor, id: string): Promise<SubmissionDetail> {
  const s = await submissionRow(q, actor.wardId, id);
  if (!s) throw notFound();
  if (!(await mayRead(q, actor, s.org_id))) throw forbidden();
  const r = await requestRow(q, actor.wardId, s.request_id);
  if (!r) throw notFound();
  const [form, v, orgs, events, files] = await Promise.all([formRow(q, actor.wardId, r.form_id), formVersionRow(q, r.form_version_id), listOrgs(q, actor), eventRows(q, actor.wardId, s.id), fileRows(q, actor.wardId, [s.id])]);
  const org = orgs.find((o) => o.id === s.org_id);
  if (!form || !v || !org) throw notFound();
  const spec = specOf(v);
  const period = parsePeriod(r.period_id) as Period;
  const prefill = await prefillFor(q, actor, s.org_id, { start: r.period_start, end: r.period_end });
  const content = draftOf(s);
  if (s.status === 'pending') {
    const figures = prefillFigures(prefill) as Record<string, number>;
    for (const ind of spec.indicators) {
      const n = ind.source ? (figures[ind.source] ?? null) : null;
      if (n !== null) content.indicators[ind.code] = { value: n, computed: n };
    }
    const results = spec.sections.find((x) => x.code === 'results');
    const narrative = prefillNarrative(prefill, 'vi');
    if (results && narrative && !content.sections.results) content.sections.results = narrative.slice(0, results.max_length);
  }
  const canWrite = r.status === 'open' && WRITABLE.has(s.status) && (await hasAccess(q, actor, 'org.write', [s.org_id]));
  return { submission: s, request: r, org, orgName: orgLabel(org), formName: form.name, spec, period, periodName: periodName(period), content, prefill, events, files, canWrite, canReview: await hasAccess(q, actor, 'ward.office') };
}

/** The record's figures for the indicators of a submission's form that have a source (what `saveDraft` keeps as `computed`). */
export function computedOf(d: Pick<SubmissionDetail, 'spec' | 'prefill'>): Record<string, number | null> {
  const figures = prefillFigures(d.prefill) as Record<string, number>;
  return Object.fromEntries(d.spec.indicators.filter((i) => i.source).map((i) => [i.code, figures[i.source as string] ?? null]));
}

/**
 * Links to the report requests presented at meeting `meetingId` that the actor may see (for the
 * meeting's page, through platform/related): "Báo cáo tổng kết năm 2016" → /app/reports/<id>.
 */
export async function requestsOfMeeting(q: Queryable, actor: Actor, meetingId: string, locale: string): Promise<RelatedLink[]> {
  const rows = await q.selectFrom('report_request').select(['id', 'title']).where('ward_id', '=', actor.wardId).where('meeting_id', '=', meetingId).orderBy('period_end').execute();
  if (rows.length === 0) return [];
  const scope = await readableOrgs(q, actor);
  const subs = scope === 'all' ? [] : await submissionRows(q, actor.wardId, rows.map((r) => r.id));
  const group = translate(locale === 'en' ? 'en' : 'vi', 'report.presentedAt');
  return rows.filter((r) => scope === 'all' || subs.some((s) => s.request_id === r.id && scope.has(s.org_id))).map((r) => ({ group, href: `/app/reports/${r.id}`, label: r.title }));
}
