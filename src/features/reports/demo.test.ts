// The reports demo (issue 10, item 7) loads on the database under test (SQLite, or PostgreSQL with
// ROVIEC_TEST_DATABASE_URL): the 2016 annual reviews presented at the meeting of 10/02/2017, with
// their states, history and 2017 instants; the ward roll-up sums them; the 2026 request is open
// with mixed states.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/app.ts';
import { loadDemo } from '../../demo/seed.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { boardOf } from './board.ts';
import { submissionRows } from './repo.ts';
import { getRollup } from './rollup.ts';

let t: TestDb;
let wardId = '';

before(async () => {
  t = await createTestDb();
  wardId = await loadDemo(t.db);
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

const request = (period: string) => t.db.selectFrom('report_request').selectAll().where('ward_id', '=', wardId).where('period_id', '=', period).executeTakeFirstOrThrow();
const orgName = async (id: string) => (await t.db.selectFrom('organization').select('short_name').where('id', '=', id).executeTakeFirstOrThrow()).short_name ?? '';

test('the 2016 request: asked by the Party Committee for the meeting of 10/02/2017, closed, every review accepted in Jan–Feb 2017', async () => {
  const r = await request('2016');
  assert.equal(r.title, 'Báo cáo tổng kết năm 2016');
  assert.equal(r.due_on, '2017-01-31');
  assert.equal(r.status, 'closed');
  assert.equal(await orgName(r.issuer_org_id), 'Đảng ủy');
  const m = await t.db.selectFrom('meeting').select(['starts_at', 'title']).where('id', '=', r.meeting_id as string).executeTakeFirstOrThrow();
  assert.equal(m.starts_at, '2017-02-10T07:00:00.000Z');
  assert.match(m.title, /làm việc với MTTQ và các đoàn thể/u);

  const subs = await submissionRows(t.db, wardId, [r.id]);
  const byOrg = new Map(await Promise.all(subs.map(async (s) => [await orgName(s.org_id), s] as const)));
  assert.deepEqual([...byOrg.keys()].sort(), ['Công đoàn', 'Hội CCB', 'Hội LHPN', 'Hội NCT', 'UBMTTQ', 'Đoàn TN'].sort());
  for (const [name, s] of byOrg) {
    assert.equal(s.status, 'accepted', name);
    for (const at of [s.first_submitted_at, s.submitted_at, s.accepted_at]) assert.ok(at && at >= '2017-01-01' && at < '2017-02-10', `${name}: ${at}`);
    assert.equal(s.late, name === 'Hội CCB' ? 1 : 0, name);
    const sections = JSON.parse(s.sections) as Record<string, string>;
    assert.match(sections.results ?? '', /bầu cử đại biểu Quốc hội khóa XIV/u);
    assert.match(sections.results ?? '', /nếp sống văn minh đô thị/iu);
    assert.match(sections.results ?? '', /[Gg]ia đình văn hóa/u);
    assert.match(sections.limitations ?? '', /tổ chức cán bộ ở các (chi|ban|tổ)/u);
    assert.match(sections.limitations ?? '', /giám sát/u);
    assert.match(sections.directions ?? '', /^Năm 2017/u);
    // Figures the record gave (pre-fill) kept beside the values: the articles taken as computed.
    const ind = JSON.parse(s.indicators) as Record<string, { value: number | null; computed: number | null }>;
    assert.equal(typeof ind.articles_published?.computed, 'number', name);
    assert.equal(ind.articles_published?.value, ind.articles_published?.computed, name);
    assert.equal(ind.tasks_done?.computed, 0, `${name}: RõViệc holds no 2016 task`);
    assert.ok((ind.tasks_done?.value ?? 0) > 0, `${name}: typed from the paper programme`);
  }
  // Hội LHPN: returned once with a comment, resubmitted, accepted; its history keeps each step.
  const pn = byOrg.get('Hội LHPN');
  assert.ok(pn);
  assert.equal(pn.revision, 2);
  const events = await t.db.selectFrom('report_submission_event').select(['action', 'comment', 'at', 'snapshot']).where('submission_id', '=', pn.id).orderBy('at').execute();
  assert.deepEqual(events.map((e) => e.action), ['submit', 'return', 'resubmit', 'accept']);
  assert.match(events[1]?.comment ?? '', /Gia đình văn hóa/u);
  const first = JSON.parse(events[0]?.snapshot ?? '{}') as { indicators: Record<string, { value: number | null }> };
  const second = JSON.parse(events[2]?.snapshot ?? '{}') as { indicators: Record<string, { value: number | null }> };
  assert.equal(first.indicators.cultural_families_rate?.value, null, 'the first submission lacked the rate the office asked for');
  assert.equal(second.indicators.cultural_families_rate?.value, 93.1);

  // The board of the 2016 request: all received, one late.
  const board = boardOf(r.due_on, subs, todayInVietnam());
  assert.equal(board.counts.accepted, 6);
  assert.equal(board.counts.late, 1);
  assert.equal(board.rates.received, 6);
  assert.equal(board.rates.onTime, 5);
});

test('the 2016 roll-up: nobody missing, each indicator aggregated by its rule from the accepted reports, the edited text opens with the document', async () => {
  const r = await request('2016');
  const roll = await getRollup(t.db, { wardId }, r.id);
  assert.equal(roll.orgs.length, 6);
  assert.deepEqual(roll.missing, []);
  // Independently from the stored JSON.
  const stored = await t.db.selectFrom('report_submission').select('indicators').where('request_id', '=', r.id).where('status', '=', 'accepted').execute();
  const valuesOf = (code: string) => stored.map((s) => (JSON.parse(s.indicators) as Record<string, { value: number | null }>)[code]?.value ?? null).filter((v): v is number => v !== null);
  for (const ind of roll.indicators) {
    const vs = valuesOf(ind.spec.code);
    if (ind.spec.aggregate === 'sum') assert.equal(ind.total, vs.length ? Math.round(vs.reduce((a, b) => a + b, 0) * 10_000) / 10_000 : null, ind.spec.code); // sums kept to 4 decimals
    if (ind.spec.aggregate === 'average') assert.equal(ind.total, vs.length ? Math.round((vs.reduce((a, b) => a + b, 0) / vs.length) * 100) / 100 : null, ind.spec.code);
    assert.equal(ind.values.length, 6, ind.spec.code);
  }
  const total = (code: string) => roll.indicators.find((i) => i.spec.code === code)?.total;
  assert.equal(total('propaganda_sessions'), 24 + 18 + 30 + 12 + 10 + 14);
  assert.equal(total('propaganda_participants'), 3150 + 1240 + 2680 + 860 + 420 + 1530);
  assert.equal(total('new_members'), 27 + 64 + 15 + 6 + 41);
  assert.equal(total('targets_met'), 5, 'Hội CCB did not meet its targets');
  assert.equal(total('cultural_families_rate'), Math.round(((92.5 + 93.1 + 95 + 94.2) / 4) * 100) / 100);
  const results = roll.sections.find((s) => s.spec.code === 'results');
  assert.ok(results?.edited);
  assert.match(results.text, /^Năm 2016, MTTQ và các đoàn thể đã tiếp tục việc đổi mới/u);
  assert.match(results.text, /Hội Liên hiệp Phụ nữ phường:\n1\. Công tác tuyên truyền/u);
  assert.equal(roll.sections.find((s) => s.spec.code === 'directions')?.edited, false);
});

test('the 2026 third-quarter request is open with every state, so the board is alive', async () => {
  const r = await request('2026Q3');
  assert.equal(r.status, 'open');
  assert.equal(r.due_on, '2026-10-10');
  const subs = await submissionRows(t.db, wardId, [r.id]);
  const states = Object.fromEntries(await Promise.all(subs.map(async (s) => [await orgName(s.org_id), s.status] as const)));
  assert.deepEqual(states, { UBMTTQ: 'accepted', 'Hội LHPN': 'submitted', 'Hội CCB': 'returned', 'Đoàn TN': 'draft', 'Công đoàn': 'pending', 'Hội NCT': 'pending' });
  const late = Object.fromEntries(await Promise.all(subs.map(async (s) => [await orgName(s.org_id), s.late] as const)));
  assert.deepEqual(late, { UBMTTQ: 0, 'Hội LHPN': 0, 'Hội CCB': 1, 'Đoàn TN': 0, 'Công đoàn': 0, 'Hội NCT': 0 });
  for (const s of subs) if (s.submitted_at) assert.ok(s.submitted_at >= '2026-10-01' && s.submitted_at < '2026-10-20', s.submitted_at);
  // The drafts opened with the record's figures (pre-fill), kept beside the values.
  const mttq = subs.find((s) => s.status === 'accepted');
  const ind = JSON.parse(mttq?.indicators ?? '{}') as Record<string, { value: number | null; computed: number | null }>;
  assert.equal(typeof ind.tasks_done?.computed, 'number');
  assert.equal(ind.tasks_done?.value, ind.tasks_done?.computed);
  const board = boardOf(r.due_on, subs, '2026-11-29');
  assert.equal(board.counts.overdue, 3, 'Đoàn TN (draft), Công đoàn and Hội NCT (not started) are past the due date');
  assert.equal(board.counts.late, 1);
  // The 2016 notifications are read; the 2026 ones wait for their readers, dated when they were raised.
  const read2016 = await t.db.selectFrom('notification').select(['read_at']).where('ward_id', '=', wardId).where('created_at', '<', '2018').where('link', 'like', '/app/reports/%').execute();
  assert.ok(read2016.length > 0 && read2016.every((n) => n.read_at));
  const unread = await t.db.selectFrom('notification').select(['created_at']).where('ward_id', '=', wardId).where('link', 'like', '/app/reports/%').where('read_at', 'is', null).execute();
  assert.ok(unread.length > 0);
  assert.ok(unread.every((n) => n.created_at >= '2026-09-21' && n.created_at < '2026-10-20'), JSON.stringify(unread));
});
