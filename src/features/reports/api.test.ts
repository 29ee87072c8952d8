// The reports API over real HTTP: a request, a head's draft refused for each bad value (field named,
// Vietnamese message, nothing written), a late submission received and marked, returned and
// resubmitted with its history kept, accepted, rolled up; a form change that would break submitted
// reports refused; an audit row for every write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestApp, type TestApp, type Client, type Res } from '../../../test/support/app.ts';

let t: TestApp;
let office: Client;
let head: Client;
const O = { du: '', pn: '', doan: '', ccb: '' };

interface Err {
  error: string;
  message: string;
  fields?: Record<string, string>;
}
interface Sub {
  submission: { id: string; status: string; late: boolean; version: number; revision: number; org_id: string };
  content: { sections: Record<string, string>; indicators: Record<string, { value: number | null; computed: number | null }> };
  computed: Record<string, number | null>;
  events: { action: string; late: boolean; comment: string | null; content: { sections: Record<string, string> } | null }[];
  can_write: boolean;
}
interface Detail {
  request: { id: string; version: number; title: string };
  board: { lines: { submission_id: string; org_id: string; state: string; late: boolean }[] };
}

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const orgId = async (short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', short).executeTakeFirstOrThrow()).id;
const row = (id: string) => t.db.selectFrom('report_submission').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audits = async (action: string, entityId: string) => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).where('entity_id', '=', entityId).executeTakeFirstOrThrow()).n);
const ok = (r: Res, status = 200) => assert.equal(r.status, status, r.text);

before(async () => {
  t = await startTestApp();
  office = await login('vanphong');
  head = await login('phunu');
  O.du = await orgId('Đảng ủy');
  O.pn = await orgId('Hội LHPN');
  O.doan = await orgId('Đoàn TN');
  O.ccb = await orgId('Hội CCB');
});
after(async () => t.close());

test('a late report: bad values refused field by field, late submission received, returned and resubmitted with history, accepted, rolled up', async () => {
  const created = await office.api('POST', '/api/v1/reports/requests', { form_id: 'rf-annual', period_id: '2025', due_on: '15/01/2026', issuer_org_id: O.du, org_ids: [O.pn, O.doan] });
  ok(created, 201);
  const req = created.json<Detail>();
  assert.equal(req.board.lines.length, 2);
  assert.equal(await audits('report_request.create', req.request.id), 1);

  // An organization not asked: no such report.
  const notAsked = await office.api('GET', `/api/v1/reports/requests/${req.request.id}/orgs/${O.ccb}`);
  assert.equal(notAsked.status, 404);
  assert.equal(notAsked.json<Err>().error, 'report.err.notRequested');
  assert.match(notAsked.json<Err>().fields?.org ?? '', /không được yêu cầu báo cáo/);

  // The head sees its own organization's line only.
  const mine = (await head.api('GET', `/api/v1/reports/requests/${req.request.id}`)).json<Detail>();
  assert.deepEqual(mine.board.lines.map((l) => l.org_id), [O.pn]);
  const sid = mine.board.lines[0]?.submission_id as string;
  const opened = await head.api('GET', `/api/v1/reports/submissions/${sid}`);
  ok(opened);
  const first = opened.json<Sub>();
  assert.equal(first.submission.status, 'pending');
  assert.ok(typeof first.computed.tasks_done === 'number', 'the record’s figures for indicators with a source');
  // A report never saved opens with the record's figures as its values.
  assert.deepEqual(first.content.indicators.tasks_done, { value: first.computed.tasks_done, computed: first.computed.tasks_done });
  assert.equal(first.can_write, true);
  const v = first.submission.version;

  // Each bad value: 400, the field named, a Vietnamese message, nothing written.
  const bad: [string, unknown, RegExp][] = [
    ['new_members', 'abc', /số nguyên/],
    ['new_members', 1e308, /số nguyên/],
    ['new_members', 2 ** 31, /số nguyên/],
    ['new_members', 12.5, /số nguyên/],
    ['funds_raised', 1e308, /Cần một số/],
    ['funds_raised', 'abc', /Cần một số/],
    ['cultural_families_rate', 101, /từ 0 đến 100/],
    ['cultural_families_rate', '-1%', /từ 0 đến 100/],
    ['targets_met', 'maybe', /"có" hoặc "không"/],
    ['targets_met', { yes: true }, /không phải là số/],
  ];
  for (const [code, value, message] of bad) {
    const r = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Kết quả' }, indicators: { [code]: value }, version: v });
    assert.equal(r.status, 400, `${code}=${JSON.stringify(value)}: ${r.text}`);
    const fields = r.json<Err>().fields ?? {};
    const msg = fields[`indicators.${code}`] ?? Object.values(fields).join(' ');
    assert.match(msg, message, `${code}=${JSON.stringify(value)}: ${r.text}`);
  }
  const tooLong = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { proposals: 'a'.repeat(8001) }, indicators: {}, version: v });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.json<Err>().fields?.['sections.proposals'] ?? '', /dài quá giới hạn/);
  assert.deepEqual([(await row(sid)).version, (await row(sid)).status, (await row(sid)).sections], [v, 'pending', '{}']);
  assert.equal(await audits('report_submission.save', sid), 0);

  // NUL bytes are cleaned; 100 kB of spaces is refused or cleaned, never a server error.
  const nul = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Kết quả\u0000 tốt\u0000' }, indicators: {}, version: v });
  ok(nul);
  assert.equal(nul.json<Sub>().content.sections.results, 'Kết quả tốt');
  assert.doesNotMatch((await row(sid)).sections, /\\u0000/);
  const spaces = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { limitations: ' '.repeat(100 * 1024) }, indicators: {}, version: v + 1 });
  assert.ok(spaces.status === 200 || spaces.status === 400, spaces.text);
  if (spaces.status === 200) assert.equal(spaces.json<Sub>().content.sections.limitations, undefined);
  const vNow = (await row(sid)).version;

  const saved = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Tổ chức 12 buổi tuyên truyền.' }, indicators: { new_members: '1.200', funds_raised: 12.5, cultural_families_rate: '85,5%', targets_met: 'có', tasks_done: null }, version: vNow });
  ok(saved);
  const s1 = saved.json<Sub>();
  assert.equal(s1.submission.status, 'draft');
  // The head cleared a computed figure: its value is blank, the record's figure is kept beside it.
  assert.deepEqual(s1.content.indicators.tasks_done, { value: null, computed: first.computed.tasks_done });
  assert.deepEqual([s1.content.indicators.new_members?.value, s1.content.indicators.funds_raised?.value, s1.content.indicators.cultural_families_rate?.value, s1.content.indicators.targets_met?.value], [1200, 12.5, 85.5, 1]);
  const stale = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Ghi đè' }, indicators: {}, version: vNow });
  assert.equal(stale.status, 409);
  assert.equal((await row(sid)).version, s1.submission.version);

  // Due 15/01/2026, already past: received all the same, marked late.
  const submitted = await head.api('POST', `/api/v1/reports/submissions/${sid}/submit`, { version: s1.submission.version });
  ok(submitted);
  const s2 = submitted.json<Sub>();
  assert.deepEqual([s2.submission.status, s2.submission.late, s2.events.map((e) => [e.action, e.late])], ['submitted', true, [['submit', true]]]);
  assert.equal((await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Sửa sau khi gửi' }, indicators: {}, version: s2.submission.version })).status, 422);

  // Returned (a comment is required), rewritten, resubmitted: the first text stays in the history.
  const noComment = await office.api('POST', `/api/v1/reports/submissions/${sid}/return`, { version: s2.submission.version });
  assert.equal(noComment.status, 400);
  assert.match(noComment.json<Err>().fields?.comment ?? '', /ý kiến/);
  const returned = await office.api('POST', `/api/v1/reports/submissions/${sid}/return`, { comment: 'Bổ sung số liệu hội viên.', version: s2.submission.version });
  ok(returned);
  const s3 = returned.json<Sub>();
  assert.equal(s3.submission.status, 'returned');
  const rewritten = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Tổ chức 14 buổi tuyên truyền.' }, indicators: { new_members: 130 }, version: s3.submission.version });
  ok(rewritten);
  const resubmitted = await head.api('POST', `/api/v1/reports/submissions/${sid}/submit`, { version: rewritten.json<Sub>().submission.version });
  ok(resubmitted);
  const s4 = resubmitted.json<Sub>();
  assert.deepEqual(s4.events.map((e) => e.action), ['submit', 'return', 'resubmit']);
  assert.equal(s4.events[0]?.content?.sections.results, 'Tổ chức 12 buổi tuyên truyền.');
  assert.equal(s4.events[2]?.content?.sections.results, 'Tổ chức 14 buổi tuyên truyền.');
  assert.deepEqual([s4.submission.late, s4.submission.revision], [true, 2]);
  assert.equal((await head.api('POST', `/api/v1/reports/submissions/${sid}/accept`, { version: s4.submission.version })).status, 403);
  const accepted = await office.api('POST', `/api/v1/reports/submissions/${sid}/accept`, { version: s4.submission.version });
  ok(accepted);
  assert.equal(accepted.json<Sub>().submission.status, 'accepted');

  // The roll-up: the accepted report's text and figures; the office's edit with its version.
  const rollup = await office.api('GET', `/api/v1/reports/requests/${req.request.id}/rollup`);
  ok(rollup);
  const ru = rollup.json<{ sections: { code: string; text: string }[]; indicators: { code: string; total: number | null }[]; missing: { id: string }[]; version: number }>();
  assert.match(ru.sections.find((s) => s.code === 'results')?.text ?? '', /14 buổi/);
  assert.equal(ru.indicators.find((i) => i.code === 'new_members')?.total, 130);
  assert.deepEqual(ru.missing.map((m) => m.id), [O.doan]);
  const edit = await office.api('PUT', `/api/v1/reports/requests/${req.request.id}/rollup`, { sections: { results: 'Toàn phường tổ chức 14 buổi.' }, version: 0 });
  ok(edit);
  assert.equal(edit.json<{ version: number }>().version, 1);
  assert.equal((await office.api('PUT', `/api/v1/reports/requests/${req.request.id}/rollup`, { sections: { results: 'Cũ' }, version: 0 })).status, 409);

  // One audit row per successful write, none for the refused ones.
  assert.deepEqual(
    [await audits('report_submission.save', sid), await audits('report_submission.submit', sid), await audits('report_submission.return', sid), await audits('report_submission.accept', sid), await audits('report_rollup.save', req.request.id)],
    [spaces.status === 200 ? 4 : 3, 2, 1, 1, 1],
  );
});

test('forms: a change that would break submitted reports is refused; a compatible one makes the ward’s own version', async () => {
  // A submitted report of the quarterly form pins its indicators' meaning.
  const created = await office.api('POST', '/api/v1/reports/requests', { form_id: 'rf-quarterly', period_id: '2026Q4', due_on: '2027-01-10', issuer_org_id: O.du, org_ids: [O.pn] });
  ok(created, 201);
  const sid = created.json<Detail>().board.lines[0]?.submission_id as string;
  const saved = await head.api('PUT', `/api/v1/reports/submissions/${sid}`, { sections: { results: 'Quý IV' }, indicators: {}, version: 1 });
  ok(saved);
  const sub = await head.api('POST', `/api/v1/reports/submissions/${sid}/submit`, { version: saved.json<Sub>().submission.version });
  ok(sub);
  assert.equal(sub.json<Sub>().submission.late, false, 'due in the future: on time');

  const got = await office.api('GET', '/api/v1/reports/forms/rf-quarterly');
  ok(got);
  const f = got.json<{ id: string; name: string; period_type: string; cutoff_day: number | null; version: number; built_in: boolean; spec: { sections: object[]; indicators: { code: string; type: string }[] } }>();
  assert.equal(f.built_in, true);
  const body = (indicators: object[]) => ({ name: f.name, period_type: f.period_type, cutoff_day: f.cutoff_day, sections: f.spec.sections, indicators, version: f.version });
  const breaking = await office.api('PUT', '/api/v1/reports/forms/rf-quarterly', body(f.spec.indicators.map((i) => (i.code === 'new_members' ? { ...i, type: 'decimal' } : i))));
  assert.equal(breaking.status, 400, breaking.text);
  assert.match(breaking.json<Err>().fields?.indicators ?? '', /mã mới/);
  const monthly = await office.api('PUT', '/api/v1/reports/forms/rf-quarterly', { ...body(f.spec.indicators), period_type: 'month' });
  assert.equal(monthly.status, 400);
  assert.match(monthly.json<Err>().fields?.period_type ?? '', /không đổi được loại kỳ/);
  assert.equal(Number((await t.db.selectFrom('report_form').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).n), 0);

  const added = await office.api('PUT', '/api/v1/reports/forms/rf-quarterly', body([...f.spec.indicators, { code: 'clubs', name: 'Số câu lạc bộ', unit: 'câu lạc bộ', type: 'integer', aggregate: 'sum', source: null }]));
  ok(added);
  const own = added.json<{ id: string; code: string; built_in: boolean; versions: object[] }>();
  assert.deepEqual([own.code, own.built_in, own.versions.length], ['quarterly', false, 1]);
  assert.notEqual(own.id, 'rf-quarterly');
  assert.equal(await audits('report_form.update', own.id), 1);
  const listed = (await head.api('GET', '/api/v1/reports/forms')).json<{ items: { id: string; code: string }[] }>().items;
  assert.deepEqual(listed.filter((x) => x.code === 'quarterly').map((x) => x.id), [own.id]);
  // The pinned version of the request is unchanged: the report keeps the indicators it was asked with.
  const pinned = (await head.api('GET', `/api/v1/reports/submissions/${sid}`)).json<{ spec: { indicators: { code: string }[] } }>();
  assert.ok(!pinned.spec.indicators.some((i) => i.code === 'clubs'));

  const bad = await office.api('POST', '/api/v1/reports/forms', { name: 'Mẫu thử', period_type: 'week', sections: [{ code: 'Kết quả', title: '', max_length: 10 }], indicators: [] });
  assert.equal(bad.status, 400);
  const fields = bad.json<Err>().fields ?? {};
  assert.match(JSON.stringify(fields), /Loại kỳ báo cáo không hợp lệ/);
  const newForm = await office.api('POST', '/api/v1/reports/forms', { name: 'Báo cáo chuyên đề', period_type: 'year', cutoff_day: null, sections: [{ code: 'results', title: 'Kết quả', guidance: '', max_length: 2000 }], indicators: [] });
  ok(newForm, 201);
  assert.equal(await audits('report_form.create', newForm.json<{ id: string }>().id), 1);

  const doc = (await office.api('GET', '/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
  for (const [p, m] of [
    ['/api/v1/reports/forms', 'post'],
    ['/api/v1/reports/forms/{id}', 'put'],
    ['/api/v1/reports/requests', 'get'],
    ['/api/v1/reports/requests/{id}/orgs', 'post'],
    ['/api/v1/reports/requests/{id}/rollup', 'put'],
    ['/api/v1/reports/submissions/{id}', 'put'],
    ['/api/v1/reports/submissions/{id}/submit', 'post'],
    ['/api/v1/reports/submissions/{id}/accept', 'post'],
    ['/api/v1/reports/submissions/{id}/return', 'post'],
  ] as const) assert.ok(doc.paths[p]?.[m], `${m} ${p}`);
});

test('hostile JSON on the report routes: never a server error, never a stored NUL', async () => {
  const created = await office.api('POST', '/api/v1/reports/requests', { form_id: 'rf-monthly', period_id: '202610', due_on: '2026-11-05', issuer_org_id: O.du, org_ids: [O.pn] });
  ok(created, 201);
  const rid = created.json<Detail>().request.id;
  const sid = created.json<Detail>().board.lines[0]?.submission_id as string;
  const hostile = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', '1e309', 'NaN', '-0', '1.234,5', '12.5', '85%', 'có', '\u0000', 'x\u0000y', ' '.repeat(9000), 'Đ'.repeat(8001)), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record({
      sections: fc.oneof(fc.dictionary(fc.constantFrom('results', 'limitations', 'directions', 'proposals', 'other', '__proto__'), hostile), hostile),
      indicators: fc.oneof(fc.dictionary(fc.constantFrom('new_members', 'funds_raised', 'cultural_families_rate', 'targets_met', 'tasks_done', 'nope'), fc.oneof(hostile, fc.array(fc.integer()))), hostile),
      version: fc.oneof(fc.constant(1), fc.integer(), hostile),
      comment: hostile,
      org_ids: fc.oneof(fc.array(fc.uuid(), { maxLength: 3 }), hostile),
    }),
  );
  const routes = [
    ['PUT', `/api/v1/reports/submissions/${sid}`],
    ['POST', `/api/v1/reports/submissions/${sid}/submit`],
    ['POST', `/api/v1/reports/submissions/${sid}/return`],
    ['POST', `/api/v1/reports/requests/${rid}/orgs`],
    ['PUT', `/api/v1/reports/requests/${rid}/rollup`],
    ['POST', '/api/v1/reports/forms'],
    ['POST', '/api/v1/reports/requests'],
  ] as const;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url], b) => {
      const res = await office.api(method, url, b);
      assert.ok(res.status < 500, `${method} ${url} ${JSON.stringify(b).slice(0, 300)}: ${res.status} ${res.text.slice(0, 300)}`);
    }),
    { numRuns: 150 },
  );
  const stored = await row(sid);
  assert.doesNotMatch(stored.sections + stored.indicators, /\\u0000/);
});
