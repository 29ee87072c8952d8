// Who may do what with reports over the API, tried over real HTTP as each demo account (and a
// bearer token): every route × admin, standing, office, org_head of Hội LHPN, member of Hội LHPN,
// editor, the other ward's head, anonymous. A head sees and writes only its organization's report;
// the other ward's user gets 404 on this ward's ids wherever its role lets it ask; a refused write
// changes nothing (row and audit log checked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client, type Res } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { createToken } from '../../platform/auth/tokens.ts';

let t: TestApp;
const WHO = ['admin', 'standing', 'office', 'head', 'member', 'editor', 'other', 'anon'] as const;
type Who = (typeof WHO)[number];
const USERS: Record<Exclude<Who, 'anon'>, string> = { admin: 'quantri', standing: 'thuongvu', office: 'vanphong', head: 'phunu', member: 'hoivien', editor: 'bientap', other: 'vinhtuy.doan' };
const as = {} as Record<Who, Client>;
const O = { du: '', pn: '', doan: '', ccb: '' };
const F = { form: '', request: '', pn: '', doan: '' };

const orgId = async (short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', short).executeTakeFirstOrThrow()).id;
const sub = (id: string) => t.db.selectFrom('report_submission').select(['version', 'status', 'sections', 'indicators']).where('id', '=', id).executeTakeFirstOrThrow();
const auditCount = async () => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('action', 'like', 'report%').executeTakeFirstOrThrow()).n);
const call = (who: Who, method: string, url: string, body?: unknown): Promise<Res> => as[who].api(method, url, body);

/** Expected statuses in WHO order. */
type Row = [method: string, url: () => string, expected: number[]];

before(async () => {
  t = await startTestApp();
  for (const [who, u] of Object.entries(USERS)) {
    const c = t.client();
    assert.equal((await c.login(u)).status, 302, u);
    as[who as Who] = c;
  }
  as.anon = t.client();
  O.du = await orgId('Đảng ủy');
  O.pn = await orgId('Hội LHPN');
  O.doan = await orgId('Đoàn TN');
  O.ccb = await orgId('Hội CCB');
  const form = await call('office', 'POST', '/api/v1/reports/forms', { name: 'Báo cáo chuyên đề dân vận', period_type: 'year', cutoff_day: null, sections: [{ code: 'results', title: 'Kết quả', guidance: '', max_length: 5000 }], indicators: [{ code: 'sessions', name: 'Số buổi', unit: 'buổi', type: 'integer', aggregate: 'sum', source: null }] });
  assert.equal(form.status, 201, form.text);
  F.form = form.json<{ id: string }>().id;
  const r = await call('office', 'POST', '/api/v1/reports/requests', { form_id: 'rf-annual', period_id: '2024', due_on: '2025-01-15', issuer_org_id: O.du, org_ids: [O.pn, O.doan] });
  assert.equal(r.status, 201, r.text);
  const d = r.json<{ request: { id: string }; board: { lines: { org_id: string; submission_id: string }[] } }>();
  F.request = d.request.id;
  F.pn = d.board.lines.find((l) => l.org_id === O.pn)?.submission_id as string;
  F.doan = d.board.lines.find((l) => l.org_id === O.doan)?.submission_id as string;
});
after(async () => t.close());

test('reads: each route as each role', async () => {
  const R = '/api/v1/reports';
  //                                                                     admin standing office head member editor other anon
  const rows: Row[] = [
    ['GET', () => `${R}/forms`, [200, 200, 200, 200, 200, 403, 200, 401]],
    ['GET', () => `${R}/forms/rf-annual`, [200, 200, 200, 200, 200, 403, 200, 401]],
    ['GET', () => `${R}/forms/${F.form}`, [200, 200, 200, 200, 200, 403, 404, 401]],
    ['GET', () => `${R}/requests`, [200, 200, 200, 200, 200, 403, 200, 401]],
    ['GET', () => `${R}/requests/${F.request}`, [200, 200, 200, 200, 200, 403, 404, 401]],
    ['GET', () => `${R}/requests/${F.request}/orgs/${O.pn}`, [200, 200, 200, 200, 200, 403, 404, 401]],
    ['GET', () => `${R}/requests/${F.request}/orgs/${O.doan}`, [200, 200, 200, 403, 403, 403, 404, 401]],
    ['GET', () => `${R}/requests/${F.request}/rollup`, [200, 200, 200, 403, 403, 403, 404, 401]],
    ['GET', () => `${R}/submissions/${F.pn}`, [200, 200, 200, 200, 200, 403, 404, 401]],
    ['GET', () => `${R}/submissions/${F.doan}`, [200, 200, 200, 403, 403, 403, 404, 401]],
  ];
  const got: string[] = [];
  const want: string[] = [];
  for (const [method, url, expected] of rows) {
    for (const [i, who] of WHO.entries()) {
      const res = await call(who, method, url());
      got.push(`${method} ${url()} ${who} ${res.status}`);
      want.push(`${method} ${url()} ${who} ${expected[i]}`);
    }
  }
  assert.deepEqual(got, want);

  // Lists: the other ward sees none of this ward's requests; the head sees its organization's line only.
  const otherList = (await call('other', 'GET', `${R}/requests`)).json<{ items: { id: string }[] }>();
  assert.ok(!otherList.items.some((i) => i.id === F.request));
  const headList = (await call('head', 'GET', `${R}/requests`)).json<{ items: { id: string; counts: { pending: number } }[] }>();
  assert.equal(headList.items.find((i) => i.id === F.request)?.counts.pending, 1);
  const officeList = (await call('office', 'GET', `${R}/requests?year=2024&page=1`)).json<{ items: { id: string; counts: { pending: number } }[]; total: number }>();
  assert.deepEqual([officeList.total, officeList.items[0]?.counts.pending], [1, 2]);
  assert.equal((await call('office', 'GET', `${R}/requests?year=2019`)).json<{ total: number }>().total, 0);
  assert.equal((await call('office', 'GET', `${R}/requests?page=0`)).status, 400);
  const detail = (await call('head', 'GET', `${R}/requests/${F.request}`)).json<{ board: { lines: { org_id: string; writable: boolean }[] } }>();
  assert.deepEqual(detail.board.lines.map((l) => [l.org_id, l.writable]), [[O.pn, true]]);
  const memberView = (await call('member', 'GET', `${R}/submissions/${F.pn}`)).json<{ can_write: boolean }>();
  assert.equal(memberView.can_write, false);
  assert.equal((await call('office', 'GET', `${R}/submissions/not-an-id`)).status, 404);

  // A bearer token acts as its user (no CSRF), in the user's ward.
  const uid = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'phunu').executeTakeFirstOrThrow()).id;
  const { token } = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, uid, 'test', null));
  assert.equal((await t.client().api('GET', `${R}/submissions/${F.pn}`, undefined, token)).status, 200);
  assert.equal((await t.client().api('GET', `${R}/submissions/${F.doan}`, undefined, token)).status, 403);
});

test('writes: each route as each role; a refused write changes nothing', async () => {
  const R = '/api/v1/reports';
  const refused = async (who: Who, method: string, url: string, body: unknown, status: number, check?: () => Promise<unknown>) => {
    const before = [await auditCount(), check ? await check() : null];
    const res = await call(who, method, url, body);
    assert.equal(res.status, status, `${method} ${url} ${who}: ${res.text}`);
    assert.deepEqual([await auditCount(), check ? await check() : null], before, `${method} ${url} ${who} wrote something`);
  };
  const ok = async (who: Who, method: string, url: string, body: unknown, status = 200) => {
    const before = await auditCount();
    const res = await call(who, method, url, body);
    assert.equal(res.status, status, `${method} ${url} ${who}: ${res.text}`);
    assert.equal(await auditCount(), before + 1, `${method} ${url} ${who}: one audit row`);
    return res;
  };
  const version = async (url: string, pick: (j: never) => number) => pick((await call('office', 'GET', url)).json<never>());
  const formCount = () => t.db.selectFrom('report_form').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const requestState = () => t.db.selectFrom('report_request').select(['version']).where('id', '=', F.request).executeTakeFirstOrThrow();
  const formBody = { name: 'Báo cáo chuyên đề', period_type: 'year', cutoff_day: null, sections: [{ code: 'results', title: 'Kết quả', guidance: '', max_length: 5000 }], indicators: [] };
  const refusers = (gate: Who[], other: number): [Who, number][] => [...gate.map((w): [Who, number] => [w, 403]), ['other', other], ['anon', 401]];
  const notOffice: Who[] = ['standing', 'head', 'member', 'editor'];

  // Forms: the office (admin, office).
  for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'POST', `${R}/forms`, formBody, s, formCount);
  for (const who of ['admin', 'office'] as const) await ok(who, 'POST', `${R}/forms`, { ...formBody, name: `${formBody.name} (${who})` }, 201);
  const formVersion = () => version(`${R}/forms/${F.form}`, (j: { version: number }) => j.version);
  const formState = () => t.db.selectFrom('report_form').select(['version', 'name']).where('id', '=', F.form).executeTakeFirstOrThrow();
  for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'PUT', `${R}/forms/${F.form}`, { ...formBody, version: await formVersion() }, s, formState);
  for (const who of ['admin', 'office'] as const) await ok(who, 'PUT', `${R}/forms/${F.form}`, { ...formBody, name: `Báo cáo của ${who}`, version: await formVersion() });

  // Requests: the office.
  const reqBody = (period: string) => ({ form_id: F.form, period_id: period, due_on: `${period}-12-31`, issuer_org_id: O.du, org_ids: [O.pn] });
  const requestCount = () => t.db.selectFrom('report_request').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'POST', `${R}/requests`, reqBody('2023'), s, requestCount);
  await ok('admin', 'POST', `${R}/requests`, reqBody('2023'), 201);
  await ok('office', 'POST', `${R}/requests`, reqBody('2022'), 201);
  const reqVersion = () => version(`${R}/requests/${F.request}`, (j: { request: { version: number } }) => j.request.version);
  for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'POST', `${R}/requests/${F.request}/orgs`, { org_ids: [O.ccb], version: await reqVersion() }, s, requestState);
  await ok('admin', 'POST', `${R}/requests/${F.request}/orgs`, { org_ids: [O.ccb], version: await reqVersion() });
  await ok('office', 'POST', `${R}/requests/${F.request}/orgs`, { org_ids: [O.ccb], version: await reqVersion() });

  // A head writes its own organization's report only; the other ward's head finds nothing.
  const draft = (text: string, v: number) => ({ sections: { results: text }, indicators: { new_members: 3 }, version: v });
  const subVersion = async (id: string) => (await sub(id)).version;
  for (const [who, s] of [['standing', 403], ['member', 403], ['editor', 403], ['other', 404], ['anon', 401]] as const) await refused(who, 'PUT', `${R}/submissions/${F.pn}`, draft('Không được ghi', await subVersion(F.pn)), s, () => sub(F.pn));
  await refused('head', 'PUT', `${R}/submissions/${F.doan}`, draft('Báo cáo của tổ chức khác', await subVersion(F.doan)), 403, () => sub(F.doan));
  assert.deepEqual(await sub(F.doan), { version: 1, status: 'pending', sections: '{}', indicators: '{}' });
  for (const who of ['admin', 'office', 'head'] as const) await ok(who, 'PUT', `${R}/submissions/${F.pn}`, draft(`Bản của ${who}`, await subVersion(F.pn)));
  assert.match((await sub(F.pn)).sections, /Bản của head/);

  for (const [who, s] of [['standing', 403], ['member', 403], ['editor', 403], ['other', 404], ['anon', 401]] as const) await refused(who, 'POST', `${R}/submissions/${F.pn}/submit`, { version: await subVersion(F.pn) }, s, () => sub(F.pn));
  await refused('head', 'POST', `${R}/submissions/${F.doan}/submit`, { version: await subVersion(F.doan) }, 403, () => sub(F.doan));
  await ok('head', 'POST', `${R}/submissions/${F.pn}/submit`, { version: await subVersion(F.pn) });

  // Review: the office.
  for (const action of ['return', 'accept'] as const) {
    for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'POST', `${R}/submissions/${F.pn}/${action}`, { comment: 'Ý kiến', version: await subVersion(F.pn) }, s, () => sub(F.pn));
  }
  await ok('office', 'POST', `${R}/submissions/${F.pn}/return`, { comment: 'Bổ sung', version: await subVersion(F.pn) });
  await ok('head', 'POST', `${R}/submissions/${F.pn}/submit`, { version: await subVersion(F.pn) });
  await ok('admin', 'POST', `${R}/submissions/${F.pn}/accept`, { version: await subVersion(F.pn) });

  // The roll-up: the office edits it.
  const rollupVersion = () => version(`${R}/requests/${F.request}/rollup`, (j: { version: number }) => j.version);
  const rollupState = () => t.db.selectFrom('report_rollup').selectAll().where('request_id', '=', F.request).executeTakeFirst();
  for (const [who, s] of refusers(notOffice, 403)) await refused(who, 'PUT', `${R}/requests/${F.request}/rollup`, { sections: { results: 'Tổng hợp' }, version: await rollupVersion() }, s, rollupState);
  await ok('office', 'PUT', `${R}/requests/${F.request}/rollup`, { sections: { results: 'Tổng hợp của văn phòng' }, version: await rollupVersion() });
  await ok('admin', 'PUT', `${R}/requests/${F.request}/rollup`, { sections: { results: 'Tổng hợp của quản trị' }, version: await rollupVersion() });
  const ru = (await call('standing', 'GET', `${R}/requests/${F.request}/rollup`)).json<{ sections: { code: string; text: string; edited: boolean }[] }>();
  assert.deepEqual(ru.sections.find((s) => s.code === 'results'), { ...ru.sections.find((s) => s.code === 'results'), text: 'Tổng hợp của quản trị', edited: true });

  // Nothing of ward B moved: no report rows, no report audit rows there.
  const wardBAudit = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardB).where('action', 'like', 'report%').executeTakeFirstOrThrow();
  assert.equal(Number(wardBAudit.n), 0);
});
