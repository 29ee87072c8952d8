// The reports lifecycle through the service, on the demo ward, under the write guard (every write a
// command with its audit row): forms versioned, requests pinned, submissions with history, late
// marked, returns with comments, the roll-up by rule. SQLite, and PostgreSQL with ROVIEC_TEST_DATABASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { addDays, todayInVietnam } from '../../lib/vi/index.ts';
import { getForm, saveForm } from './forms.ts';
import { createRequest } from './requests.ts';
import { acceptReport, returnReport, saveDraft, submitReport } from './submissions.ts';
import { getRollup } from './rollup.ts';
import type { FormInput } from './schema.ts';

let t: TestApp;
let orgs: Map<string, string>;
const A: Record<'office' | 'head' | 'standing', Actor> = {} as never;

async function actor(username: string, role: Role, o: Partial<Actor> = {}): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set([role]), headOf: [], memberOf: [], ip: '127.0.0.1', ...o };
}
const O = (s: string) => orgs.get(s) ?? assert.fail(s);
const sub = (requestId: string, org: string) => t.db.selectFrom('report_submission').selectAll().where('request_id', '=', requestId).where('org_id', '=', O(org)).executeTakeFirstOrThrow();
async function rejects(p: Promise<unknown>, status: number, key?: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.status, status, `${e.key} ${JSON.stringify((e as ValidationError).fields ?? {})}`);
    if (key) assert.ok(e.key === key || Object.values((e as ValidationError).fields ?? {}).includes(key), `${e.key} ${JSON.stringify((e as ValidationError).fields ?? {})}`);
    return e;
  }
  return assert.fail('not refused');
}

before(async () => {
  t = await startTestApp();
  orgs = new Map((await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute()).map((o) => [o.short_name ?? '', o.id]));
  A.office = await actor('vanphong', 'office');
  A.standing = await actor('thuongvu', 'standing');
  A.head = await actor('phunu', 'org_head', { headOf: [O('Hội LHPN')] });
});
after(async () => t.close());

const year = Number(todayInVietnam().slice(0, 4));

test('a request pins the form version: editing the form later changes new requests only; a change that would break submitted reports is refused', async () => {
  const quarterly = (await t.db.selectFrom('report_form').select('id').where('code', '=', 'quarterly').where('ward_id', 'is', null).executeTakeFirstOrThrow()).id;
  const { id: rq } = await createRequest(t.db, A.office, { form_id: quarterly, period_id: `${year - 1}Q1`, due_on: `${year - 1}-04-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN'), O('Đoàn TN')] });
  const r = await t.db.selectFrom('report_request').selectAll().where('id', '=', rq).executeTakeFirstOrThrow();
  assert.equal(r.title, `Báo cáo quý I năm ${year - 1}`);
  assert.deepEqual([r.period_start, r.period_end], [`${year - 1}-01-01`, `${year - 1}-03-31`]);
  // The same form and period again: refused, nothing written.
  await rejects(createRequest(t.db, A.office, { form_id: quarterly, period_id: `${year - 1}Q1`, due_on: `${year - 1}-04-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội CCB')] }), 400, 'report.err.alreadyRequested');
  // A period of the wrong type, a due date decades away, an organization of another ward.
  const other = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).id;
  await rejects(createRequest(t.db, A.office, { form_id: quarterly, period_id: `${year}`, due_on: `${year}-04-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN')] }), 400, 'report.err.period');
  await rejects(createRequest(t.db, A.office, { form_id: quarterly, period_id: `${year}Q2`, due_on: '2099-01-01', title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN')] }), 400, 'report.err.due');
  await rejects(createRequest(t.db, A.office, { form_id: quarterly, period_id: `${year}Q2`, due_on: `${year}-07-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [other] }), 400, 'err.unknownOrg');
  // Heads do not request.
  await rejects(createRequest(t.db, A.head, { form_id: quarterly, period_id: `${year}Q2`, due_on: `${year}-07-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN')] }), 403);

  // Hội LHPN submits (late: the due date is in the past), the office accepts.
  const s = await sub(rq, 'Hội LHPN');
  await saveDraft(t.db, A.head, s.id, { sections: { results: 'Tổ chức 12 buổi tuyên truyền.' }, indicators: { propaganda_sessions: '12', cultural_families_rate: '91,5' }, version: s.version });
  const submitted = await submitReport(t.db, A.head, s.id, s.version + 1);
  assert.equal(submitted.late, true);

  // The office edits the built-in form: the ward gets its own copy, version 1; the request keeps its version.
  const f = await getForm(t.db, A.office, quarterly);
  const input: FormInput = { name: 'Báo cáo quý (mẫu của phường)', period_type: 'quarter', cutoff_day: 15, sections: [...f.spec.sections, { code: 'extra', title: 'Phần thêm', guidance: '', max_length: 1000 }], indicators: f.spec.indicators, version: undefined };
  const own = await saveForm(t.db, A.office, quarterly, input);
  assert.notEqual(own, quarterly);
  const pinned = await t.db.selectFrom('report_request').select('form_version_id').where('id', '=', rq).executeTakeFirstOrThrow();
  assert.equal(pinned.form_version_id, r.form_version_id);
  // Changing the type of an indicator that a submitted report holds: refused, form unchanged.
  const changed = { ...input, indicators: input.indicators.map((i) => (i.code === 'propaganda_sessions' ? { ...i, type: 'decimal' as const } : i)), version: 1 };
  await rejects(saveForm(t.db, A.office, own, changed), 400, 'report.err.indicatorInUse');
  await rejects(saveForm(t.db, A.office, own, { ...input, period_type: 'month', version: 1 }), 400, 'report.err.periodTypeInUse');
  assert.equal((await getForm(t.db, A.office, own)).versions.length, 1);
  // The ward's copy replaces the built-in for a new request of the same period: still "already requested".
  await rejects(createRequest(t.db, A.office, { form_id: own, period_id: `${year - 1}Q1`, due_on: `${year - 1}-04-05`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội CCB')] }), 400, 'report.err.alreadyRequested');
  // With the cut-off of 15 a new quarter runs from the 15th.
  const { id: rq2 } = await createRequest(t.db, A.office, { form_id: own, period_id: `${year - 1}Q2`, due_on: `${year - 1}-06-20`, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN')] });
  const r2 = await t.db.selectFrom('report_request').selectAll().where('id', '=', rq2).executeTakeFirstOrThrow();
  assert.deepEqual([r2.period_start, r2.period_end], [`${year - 1}-03-15`, `${year - 1}-06-14`]);
});

test('submit, return with a comment, resubmit, accept: the history keeps each version; a head writes only its organization; the roll-up aggregates by rule', async () => {
  const annual = (await t.db.selectFrom('report_form').select('id').where('code', '=', 'annual').where('ward_id', 'is', null).executeTakeFirstOrThrow()).id;
  const due = addDays(todayInVietnam(), 10);
  const { id: rq } = await createRequest(t.db, A.office, { form_id: annual, period_id: `${year}`, due_on: due, title: null, note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN'), O('Đoàn TN'), O('Hội CCB')] });
  const heads = await t.db.selectFrom('notification').select('user_id').where('dedupe_key', '=', `report:${rq}:requested`).execute();
  assert.ok(heads.length >= 1, 'the heads of the organizations asked are notified');

  const lhpn = await sub(rq, 'Hội LHPN');
  const doan = await sub(rq, 'Đoàn TN');
  // The head's home page lists the report her organization owes.
  const headClient = t.client();
  assert.equal((await headClient.login('phunu')).status, 302);
  const headHome = await headClient.get('/app');
  assert.match(headHome.text, /Báo cáo cần nộp/u);
  assert.match(headHome.text, new RegExp(`/app/reports/submissions/${lhpn.id}`, 'u'));
  // Another organization's report: 403, nothing written.
  await rejects(saveDraft(t.db, A.head, doan.id, { sections: { results: 'x' }, indicators: {}, version: doan.version }), 403);
  assert.equal((await sub(rq, 'Đoàn TN')).sections, '{}');
  // Empty report cannot be submitted; bad values are refused with the field named.
  await rejects(submitReport(t.db, A.head, lhpn.id, lhpn.version), 422, 'report.err.empty');
  await rejects(saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'a' }, indicators: { propaganda_sessions: 'mười hai' }, version: lhpn.version }), 400, 'report.err.integer');
  await rejects(saveDraft(t.db, A.head, lhpn.id, { sections: { proposals: 'x'.repeat(8001) }, indicators: {}, version: lhpn.version }), 400, 'report.err.sectionTooLong');
  assert.equal((await sub(rq, 'Hội LHPN')).status, 'pending');
  await saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'Bản đầu.' }, indicators: { propaganda_sessions: '10', cultural_families_rate: '90', targets_met: 'có' }, version: lhpn.version }, { tasks_done: 4 });
  let row = await sub(rq, 'Hội LHPN');
  assert.equal(row.status, 'draft');
  assert.deepEqual(JSON.parse(row.indicators).tasks_done, { value: 4, computed: 4 }, 'a first save keeps the record’s figure for a field not sent');
  // A stale version: 409.
  await rejects(saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'x' }, indicators: {}, version: lhpn.version }), 409);
  assert.equal((await submitReport(t.db, A.head, lhpn.id, row.version)).late, false);
  row = await sub(rq, 'Hội LHPN');
  await rejects(saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'x' }, indicators: {}, version: row.version }), 422, 'report.err.submittedLocked');
  // Returning needs a comment; heads cannot review.
  await rejects(returnReport(t.db, A.office, lhpn.id, { comment: null, version: row.version }), 400, 'report.err.returnComment');
  await rejects(acceptReport(t.db, A.head, lhpn.id, { comment: null, version: row.version }), 403);
  await returnReport(t.db, A.office, lhpn.id, { comment: 'Bổ sung số liệu gia đình văn hóa.', version: row.version });
  row = await sub(rq, 'Hội LHPN');
  assert.equal(row.status, 'returned');
  assert.equal(row.return_comment, 'Bổ sung số liệu gia đình văn hóa.');
  await saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'Bản bổ sung.' }, indicators: { cultural_families_rate: '92,5' }, version: row.version });
  await submitReport(t.db, A.head, lhpn.id, row.version + 1);
  row = await sub(rq, 'Hội LHPN');
  await acceptReport(t.db, A.office, lhpn.id, { comment: null, version: row.version });
  row = await sub(rq, 'Hội LHPN');
  assert.equal(row.status, 'accepted');
  assert.equal(row.revision, 2);
  const events = await t.db.selectFrom('report_submission_event').select(['action', 'comment', 'snapshot']).where('submission_id', '=', lhpn.id).orderBy('at').orderBy('id').execute();
  assert.deepEqual(events.map((e) => e.action), ['submit', 'return', 'resubmit', 'accept']);
  assert.equal(JSON.parse(events[0]?.snapshot ?? '{}').sections.results, 'Bản đầu.');
  assert.equal(JSON.parse(events[2]?.snapshot ?? '{}').sections.results, 'Bản bổ sung.');
  await rejects(saveDraft(t.db, A.head, lhpn.id, { sections: { results: 'x' }, indicators: {}, version: row.version }), 422, 'report.err.acceptedLocked');
  // Every write left its audit row.
  const audits = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', lhpn.id).execute();
  assert.deepEqual([...new Set(audits.map((a) => a.action))].sort(), ['report_submission.accept', 'report_submission.return', 'report_submission.save', 'report_submission.submit']);

  // Đoàn TN, written by the office on its behalf, accepted; Hội CCB never reports.
  await saveDraft(t.db, A.office, doan.id, { sections: { results: 'Ra quân tình nguyện.' }, indicators: { propaganda_sessions: '5', cultural_families_rate: '80', targets_met: 'không' }, version: doan.version });
  await submitReport(t.db, A.office, doan.id, doan.version + 1);
  await acceptReport(t.db, A.office, doan.id, { comment: 'Tốt.', version: doan.version + 2 });
  const roll = await getRollup(t.db, A.office, rq);
  const ind = (code: string) => roll.indicators.find((i) => i.spec.code === code) ?? assert.fail(code);
  assert.equal(ind('propaganda_sessions').total, 15);
  assert.equal(ind('cultural_families_rate').total, 86.25);
  assert.equal(ind('targets_met').total, 1);
  assert.deepEqual(roll.orgs.map((o) => o.id).sort(), [O('Hội LHPN'), O('Đoàn TN')].sort());
  assert.deepEqual(roll.missing.map((m) => m.id), [O('Hội CCB')]);
  const results = roll.sections.find((s) => s.spec.code === 'results') ?? assert.fail('results');
  assert.match(results.text, /Bản bổ sung\./u);
  assert.match(results.text, /Ra quân tình nguyện\./u);

  // The office, which follows the reports up, sees the request's completeness on its home page (D49).
  const c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
  const home = await c.get('/app');
  assert.equal(home.status, 200);
  assert.match(home.text, /Báo cáo định kỳ: tình hình nộp/u);
  assert.match(home.text, new RegExp(`/app/reports/${rq}`, 'u'));
});
