// The reports pages over real HTTP on the demo ward: the office requests the annual review from three
// organizations; the head of Hội LHPN opens its pre-filled report, is refused a bad figure (nothing
// written), saves, submits; the office returns it with a comment, the head resubmits, the office
// accepts; the board, the roll-up, access, the forms editor, files; screenshots and axe in Chromium.
// SQLite, and PostgreSQL with ROVIEC_TEST_DATABASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type TestApp, type Client, type Res, DB_KIND } from '../../../test/support/app.ts';
import { launchBrowser, overflowing, screenshotPath, seriousAxe } from '../../../test/support/browser.ts';
import { addDays, formatDate, todayInVietnam } from '../../lib/vi/index.ts';

let t: TestApp;
let orgs: Map<string, string>;
before(async () => {
  t = await startTestApp();
  orgs = new Map((await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute()).map((o) => [o.short_name ?? '', o.id]));
});
after(async () => t.close());

const O = (s: string) => orgs.get(s) ?? assert.fail(s);
const year = Number(todayInVietnam().slice(0, 4));
const THREE = ['Hội LHPN', 'Đoàn TN', 'Hội CCB'];

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
async function ok(res: Promise<Res>, status = 303): Promise<Res> {
  const r = await res;
  assert.equal(r.status, status, r.text.match(/class="(?:error|form-errors)".{0,300}/su)?.[0] ?? r.text.slice(0, 300));
  return r;
}
const sub = (requestId: string, org: string) => t.db.selectFrom('report_submission').selectAll().where('request_id', '=', requestId).where('org_id', '=', O(org)).executeTakeFirstOrThrow();
/** The text of an element by id (a field's message), tags dropped. */
const byId = (html: string, id: string) => new RegExp(`id="${id.replace(/[.]/g, '\\.')}"[^>]*>([^<]*)<`, 'u').exec(html)?.[1] ?? '';

let requestId = '';

test('the office requests the annual review from three organizations; a bad period and no organization are refused with their messages', async () => {
  const c = await login('vanphong');
  const form = await ok(c.get('/app/reports/new?form=rf-annual'), 200);
  assert.match(form.text, /Báo cáo tổng kết năm/u);
  assert.match(form.text, new RegExp(`value="${year}"`));
  const meetings = await ok(c.get('/app/reports'), 200);
  assert.match(meetings.text, /href="\/app\/reports\/forms"/u, 'the office sees the forms');
  const base = { form_id: 'rf-annual', period_id: String(year), due_on: formatDate(addDays(todayInVietnam(), 20)), issuer_org_id: O('Đảng ủy'), org_ids: THREE.map(O), note: 'Gửi trước ngày họp tổng kết.' };
  const count = async () => (await t.db.selectFrom('report_request').select('id').where('ward_id', '=', t.wardA).execute()).length;
  const before = await count();
  const badPeriod = await ok(c.post('/app/reports', { ...base, period_id: `${year}Q1` }), 400);
  assert.match(byId(badPeriod.text, 'f-period_id-err'), /Kỳ báo cáo không đúng với loại kỳ của mẫu/u);
  const noOrgs = await ok(c.post('/app/reports', { ...base, org_ids: [] }), 400);
  assert.match(noOrgs.text, /Chọn ít nhất một tổ chức/u);
  const badDate = await ok(c.post('/app/reports', { ...base, due_on: '31/02/2026' }), 400);
  assert.match(badDate.text, /id="f-due_on-err"/u);
  assert.equal(await count(), before, 'nothing written');
  const created = await ok(c.post('/app/reports', base));
  requestId = /\/app\/reports\/([0-9a-f-]{36})$/u.exec(created.location ?? '')?.[1] ?? assert.fail(String(created.location));
  const page = await ok(c.get(`/app/reports/${requestId}`), 200);
  assert.match(page.text, new RegExp(`Báo cáo tổng kết năm ${year}`, 'u'));
  assert.match(page.text, new RegExp(`Từ 01/01/${year} đến 31/12/${year}`, 'u'));
  assert.equal((page.text.match(/>Chưa nộp</gu) ?? []).length, 3);
  const list = await ok(c.get(`/app/reports?year=${year}&form=rf-annual`), 200);
  assert.match(list.text, /0\/3 đã nộp/u);
  // The same form and period again is refused on its field.
  const again = await ok(c.post('/app/reports', base), 400);
  assert.match(byId(again.text, 'f-period_id-err'), /đã được yêu cầu cho kỳ này/u);
});

test('the head of Hội LHPN writes its report: pre-filled, a bad figure refused on its field with nothing written, saved, submitted; returned, resubmitted, accepted', async () => {
  assert.ok(requestId, 'the request of the first test');
  const head = await login('phunu');
  const office = await login('vanphong');
  const list = await ok(head.get('/app/reports'), 200);
  assert.match(list.text, /Soạn báo cáo/u);
  const mine = await sub(requestId, 'Hội LHPN');
  const url = `/app/reports/submissions/${mine.id}`;
  const page = await ok(head.get(url), 200);
  // Pre-filled: each computed indicator carries the record's figure (marked ●), the same count the sources list shows.
  const done = /id="source-tasks_done"><h3>[^<:]*: (\d+)</u.exec(page.text)?.[1];
  assert.ok(done !== undefined, 'the sources block lists tasks done');
  assert.match(page.text, new RegExp(`name="indicators\\.tasks_done" value="${done}"`, 'u'));
  assert.match(page.text, /● <\/span>Số nhiệm vụ hoàn thành trong kỳ/u);
  assert.match(page.text, /Số liệu tự tính từ hệ thống: /u);
  assert.match(page.text, /Gửi báo cáo/u);

  const bad = await ok(head.post(`${url}/save`, { 'sections.results': 'Tuyên truyền bầu cử.', 'indicators.propaganda_sessions': 'abc', version: mine.version }), 400);
  assert.match(byId(bad.text, 'f-indicators.propaganda_sessions-err'), /Cần một số nguyên/u);
  assert.match(bad.text, /Tuyên truyền bầu cử\./u, 'what was typed comes back');
  const unchanged = await sub(requestId, 'Hội LHPN');
  assert.deepEqual([unchanged.status, unchanged.version, unchanged.sections], ['pending', mine.version, '{}']);

  const text = 'Tổ chức 12 buổi tuyên truyền về bầu cử đại biểu Quốc hội và HĐND các cấp.';
  const saved = await ok(head.post(`${url}/save`, { 'sections.results': text, 'sections.directions': 'Tiếp tục xây dựng gia đình văn hóa.', 'indicators.tasks_done': done, 'indicators.propaganda_sessions': '12', 'indicators.cultural_families_rate': '92,5', 'indicators.targets_met': 'có', version: mine.version }));
  assert.equal(saved.location, `${url}?ok=saved`);
  const draft = await sub(requestId, 'Hội LHPN');
  assert.equal(draft.status, 'draft');
  const values = JSON.parse(draft.indicators) as Record<string, { value: number | null; computed: number | null }>;
  assert.deepEqual(values.propaganda_sessions, { value: 12, computed: null });
  assert.deepEqual(values.tasks_done, { value: Number(done), computed: Number(done) });
  assert.equal(values.cultural_families_rate?.value, 92.5);
  assert.equal(values.targets_met?.value, 1);
  const reopened = await ok(head.get(saved.location ?? url), 200);
  assert.match(reopened.text, /name="indicators\.cultural_families_rate" value="92,5"/u);
  assert.match(reopened.text, /Đã lưu/u);

  // Submit: the button of the draft form (what it carries is saved, then sent).
  await ok(head.post(`${url}/submit`, { 'sections.results': text, 'indicators.propaganda_sessions': '12', version: draft.version }));
  assert.equal((await sub(requestId, 'Hội LHPN')).status, 'submitted');
  const locked = await ok(head.post(`${url}/save`, { 'sections.results': 'sửa sau khi gửi', version: draft.version + 2 }), 422);
  assert.match(locked.text, /Báo cáo đã gửi, đang chờ Văn phòng xem xét/u);

  // The office returns it: a comment is required.
  const s1 = await sub(requestId, 'Hội LHPN');
  const noComment = await ok(office.post(`${url}/return`, { comment: '', version: s1.version }), 400);
  assert.match(byId(noComment.text, 'f-ret-comment-err'), /Cần ghi ý kiến khi trả lại báo cáo/u);
  assert.equal((await sub(requestId, 'Hội LHPN')).status, 'submitted');
  await ok(office.post(`${url}/return`, { comment: 'Bổ sung số liệu hội viên mới.', version: s1.version }));
  const returned = await ok(head.get(url), 200);
  assert.match(returned.text, /Văn phòng trả lại báo cáo: Bổ sung số liệu hội viên mới\./u);
  assert.match(returned.text, /Gửi lại báo cáo/u);
  const s2 = await sub(requestId, 'Hội LHPN');
  await ok(head.post(`${url}/submit`, { 'sections.results': text, 'indicators.new_members': '35', version: s2.version }));
  const s3 = await sub(requestId, 'Hội LHPN');
  assert.deepEqual([s3.status, s3.revision, s3.late], ['submitted', 2, 0]);
  await ok(office.post(`${url}/accept`, { comment: '', version: s3.version }));
  assert.equal((await sub(requestId, 'Hội LHPN')).status, 'accepted');
  const history = await ok(head.get(url), 200);
  for (const line of [/gửi báo cáo/u, /trả lại: Bổ sung số liệu hội viên mới\./u, /gửi lại báo cáo/u, /duyệt báo cáo/u]) assert.match(history.text, line);
  assert.doesNotMatch(history.text, /name="sections\.results"/u, 'an accepted report is read-only');
  // A second accept is a 422 notice on the page, not a 5xx.
  const twice = await ok(office.post(`${url}/accept`, { version: s3.version + 1 }), 422);
  assert.match(twice.text, /Chỉ duyệt hoặc trả lại được báo cáo đã gửi/u);
});

test('a 2017 annual review opens pre-filled from the record: the tasks Hội LHPN did in 2017, counted, listed with links, drafted into its results', async () => {
  const office = await login('vanphong');
  const created = await ok(office.post('/app/reports', { form_id: 'rf-annual', period_id: '2017', due_on: '15/01/2018', issuer_org_id: O('Đảng ủy'), org_ids: [O('Hội LHPN')] }));
  const rq = /([0-9a-f-]{36})$/u.exec(created.location ?? '')?.[1] as string;
  const head = await login('phunu');
  const page = await ok(head.get(`/app/reports/submissions/${(await sub(rq, 'Hội LHPN')).id}`), 200);
  const block = /<div id="source-tasks_done"><h3>[^<:]*: (\d+)<\/h3>(.*?)<\/div>/su.exec(page.text);
  const n = Number(block?.[1] ?? assert.fail('no tasks-done block'));
  assert.ok(n > 0, 'the demo has tasks of Hội LHPN done in 2017');
  const linked = [...(block?.[2] ?? '').matchAll(/href="\/app\/tasks\/([0-9a-f-]{36})">([^<]+)</gu)];
  assert.equal(linked.length, n, 'each task listed with a link to its row');
  const done = await t.db.selectFrom('task').select(['id', 'done_on']).where('id', 'in', linked.map((m) => m[1] as string)).execute();
  assert.ok(done.length === n && done.every((x) => x.done_on !== null && x.done_on >= '2017-01-01' && x.done_on <= '2017-12-31'));
  assert.match(page.text, new RegExp(`name="indicators\\.tasks_done" value="${n}"`, 'u'));
  const results = /name="sections\.results"[^>]*>([^<]*)<\/textarea>/u.exec(page.text)?.[1] ?? '';
  assert.ok(linked.some((m) => results.includes((m[2] as string).replace(/&quot;/gu, '"'))), 'the results section is drafted from the record');
});

test('the board shows each organization’s state and the rates; the roll-up sums the accepted report and links its computed figures', async () => {
  const office = await login('vanphong');
  const board = await ok(office.get(`/app/reports/${requestId}`), 200);
  assert.equal((board.text.match(/>Đã duyệt</gu) ?? []).length, 1);
  assert.equal((board.text.match(/>Chưa nộp</gu) ?? []).length, 2);
  // Not due yet: only the report received is expected; it came on time.
  assert.match(board.text, /<dt>Được yêu cầu<\/dt><dd>3<\/dd><dt>Đến hạn phải nộp<\/dt><dd>1<\/dd><dt>Đã nhận<\/dt><dd>1<\/dd><dt>Đúng hạn<\/dt><dd>1<\/dd><dt>Tỷ lệ nộp<\/dt><dd>100%<\/dd><dt>Tỷ lệ đúng hạn<\/dt><dd>100%<\/dd>/u);
  assert.match((await office.get(`/app/reports?year=${year}`)).text, /1\/3 đã nộp/u);
  const mine = await sub(requestId, 'Hội LHPN');
  const rollup = await ok(office.get(`/app/reports/${requestId}/rollup`), 200);
  assert.match(rollup.text, /Tổ chức 12 buổi tuyên truyền/u);
  assert.match(rollup.text, new RegExp(`href="/app/reports/submissions/${mine.id}#source-tasks_done"`, 'u'));
  assert.match(rollup.text, /Chưa tổng hợp \(chưa duyệt\): /u);
  assert.match(rollup.text, /href="\/app\/reports\/[0-9a-f-]{36}\/rollup\.docx"/u);
  // The edit form starts from the assembled text; a section posted unchanged (CRLF as browsers send it) is not an edit.
  assert.doesNotMatch(rollup.text, /<textarea/u, 'reading the roll-up carries no edit form');
  assert.match(rollup.text, /href="\/app\/reports\/[0-9a-f-]{36}\/rollup\?edit=1#edit"/u);
  const editing = await ok(office.get(`/app/reports/${requestId}/rollup?edit=1`), 200);
  assert.match(editing.text, /name="sections\.directions"[^>]*>Hội Liên hiệp Phụ nữ phường:\nTiếp tục xây dựng gia đình văn hóa\.<\/textarea>/u);
  const v = await ok(office.post(`/app/reports/${requestId}/rollup`, { 'sections.results': 'Văn phòng tổng hợp: các đoàn thể tuyên truyền bầu cử.', 'sections.directions': 'Hội Liên hiệp Phụ nữ phường:\r\nTiếp tục xây dựng gia đình văn hóa.', version: 0 }));
  assert.equal(v.location, `/app/reports/${requestId}/rollup?ok=saved`);
  const kept = await t.db.selectFrom('report_rollup').select('sections').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(kept.sections), { results: 'Văn phòng tổng hợp: các đoàn thể tuyên truyền bầu cử.' });
  assert.match((await office.get(`/app/reports/${requestId}/rollup`)).text, /Văn phòng tổng hợp: các đoàn thể tuyên truyền bầu cử\./u);
  const stale = await ok(office.post(`/app/reports/${requestId}/rollup`, { 'sections.results': 'x', version: 0 }), 409);
  assert.match(stale.text, /form-errors/u);
  // Ask one more organization, close and reopen.
  const r = await t.db.selectFrom('report_request').select('version').where('id', '=', requestId).executeTakeFirstOrThrow();
  const none = await ok(office.post(`/app/reports/${requestId}/orgs`, { version: r.version }), 400);
  assert.match(none.text, /Chọn ít nhất một tổ chức/u);
  await ok(office.post(`/app/reports/${requestId}/orgs`, { org_ids: [O('Công đoàn')], version: r.version }));
  assert.equal((await ok(office.get(`/app/reports/${requestId}`), 200)).text.match(/>Chưa nộp</gu)?.length, 3);
  await ok(office.post(`/app/reports/${requestId}/close`, { version: r.version + 1 }));
  const closedAgain = await ok(office.post(`/app/reports/${requestId}/close`, { version: r.version + 1 }), 409);
  assert.match(closedAgain.text, /form-errors/u);
  await ok(office.post(`/app/reports/${requestId}/reopen`, { version: r.version + 2 }));
});

test('who sees what: a head gets 403 on another organization’s report; members read, never write; another ward 404', async () => {
  const head = await login('phunu');
  const doan = await sub(requestId, 'Đoàn TN');
  assert.equal((await head.get(`/app/reports/submissions/${doan.id}`)).status, 403);
  assert.equal((await head.post(`/app/reports/submissions/${doan.id}/save`, { 'sections.results': 'x', version: doan.version })).status, 403);
  assert.equal((await sub(requestId, 'Đoàn TN')).status, 'pending');
  assert.equal((await head.get('/app/reports/new')).status, 403);
  assert.equal((await head.get(`/app/reports/${requestId}/rollup`)).status, 403);
  const board = await ok(head.get(`/app/reports/${requestId}`), 200);
  assert.doesNotMatch(board.text, /Đoàn Thanh niên/u, 'a head sees its own line only');
  const member = await login('hoivien');
  const mine = await sub(requestId, 'Hội LHPN');
  assert.equal((await member.get(`/app/reports/submissions/${mine.id}`)).status, 200);
  assert.equal((await member.post(`/app/reports/${requestId}/close`, { version: 1 })).status, 403);
  const standing = await login('thuongvu');
  assert.equal((await standing.get(`/app/reports/${requestId}/rollup`)).status, 200);
  assert.doesNotMatch((await standing.get(`/app/reports/${requestId}/rollup`)).text, /Sửa báo cáo tổng hợp/u);
  const other = await login('vinhtuy.doan');
  assert.equal((await other.get(`/app/reports/${requestId}`)).status, 404);
  assert.equal((await other.get(`/app/reports/submissions/${mine.id}`)).status, 404);
});

test('files of a report: uploaded by the head, refused when not a document, served only with their report', async () => {
  const head = await login('phunu');
  const office = await login('vanphong');
  const qForm = (await t.db.selectFrom('report_form').select('id').where('code', '=', 'quarterly').where('ward_id', 'is', null).executeTakeFirstOrThrow()).id;
  const created = await ok(office.post('/app/reports', { form_id: qForm, period_id: `${year - 1}Q3`, due_on: formatDate(addDays(todayInVietnam(), 10)), issuer_org_id: O('Đảng ủy'), org_ids: [O('Hội LHPN')] }));
  const rq = /([0-9a-f-]{36})$/u.exec(created.location ?? '')?.[1] as string;
  const s = await sub(rq, 'Hội LHPN');
  const upload = async (data: Buffer, name: string) => {
    const form = new FormData();
    form.set('files', new Blob([new Uint8Array(data)]), name);
    return head.request('POST', `/app/reports/submissions/${s.id}/files?_csrf=${encodeURIComponent(await head.csrf())}`, { body: form });
  };
  const wrong = await upload(Buffer.from('MZ not a document'), 'virus.exe');
  assert.equal(wrong.status, 400);
  assert.match(byId(wrong.text, 'f-rf-files-err'), /\S/u);
  await ok(upload(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'bao-cao.pdf'));
  const f = await t.db.selectFrom('report_file').select('file_id').where('submission_id', '=', s.id).executeTakeFirstOrThrow();
  assert.equal((await head.getBuffer(`/app/reports/submissions/${s.id}/files/${f.file_id}`)).status, 200);
  const otherSub = await sub(requestId, 'Hội LHPN');
  assert.equal((await head.getBuffer(`/app/reports/submissions/${otherSub.id}/files/${f.file_id}`)).status, 404, 'not a file of that report');
  const doan = await login('vinhtuy.doan');
  assert.equal((await doan.getBuffer(`/app/reports/submissions/${s.id}/files/${f.file_id}`)).status, 404);
  // Taken off again while the report is writable; a second time is a 404.
  await ok(head.post(`/app/reports/submissions/${s.id}/files/${f.file_id}/remove`, {}));
  assert.equal((await t.db.selectFrom('report_file').select('file_id').where('submission_id', '=', s.id).execute()).length, 0);
  assert.equal((await head.post(`/app/reports/submissions/${s.id}/files/${f.file_id}/remove`, {})).status, 404);
});

test('the forms editor creates a form; a bad row and a type change after submission are refused with their messages', async () => {
  const office = await login('vanphong');
  assert.match((await ok(office.get('/app/reports/forms'), 200)).text, /Báo cáo tổng kết năm/u);
  assert.match((await ok(office.get('/app/reports/forms/rf-annual'), 200)).text, /mẫu dùng chung/u);
  const rows = {
    name: 'Báo cáo công tác dân vận quý',
    period_type: 'quarter',
    cutoff_day: '',
    section_code: ['ket_qua', ''],
    section_title: ['Kết quả', ''],
    section_guidance: ['Những việc đã làm.', ''],
    section_max_length: ['3000', ''],
    indicator_code: ['so_buoi', ''],
    indicator_name: ['Số buổi tiếp xúc', ''],
    indicator_unit: ['buổi', ''],
    indicator_type: ['integer', 'integer'],
    indicator_aggregate: ['sum', 'sum'],
    indicator_source: ['', ''],
  };
  const badCode = await ok(office.post('/app/reports/forms', { ...rows, section_code: ['Kết quả', ''] }), 400);
  assert.match(byId(badCode.text, 'f-section-0-code-err'), /Mã chỉ gồm chữ thường không dấu/u);
  const created = await ok(office.post('/app/reports/forms', rows));
  const formId = /\/app\/reports\/forms\/([0-9a-f-]{36})\?ok=saved$/u.exec(created.location ?? '')?.[1] ?? assert.fail(String(created.location));
  const editor = await ok(office.get(`/app/reports/forms/${formId}`), 200);
  assert.match(editor.text, /value="so_buoi"/u);
  assert.match(editor.text, /Phiên bản 1/u);
  // Requested, submitted by Hội LHPN: then the indicator's type cannot change.
  const rq = /([0-9a-f-]{36})$/u.exec((await ok(office.post('/app/reports', { form_id: formId, period_id: `${year}Q2`, due_on: formatDate(addDays(todayInVietnam(), 5)), issuer_org_id: O('Đảng ủy'), org_ids: [O('Hội LHPN')] }))).location ?? '')?.[1] as string;
  const head = await login('phunu');
  const s = await sub(rq, 'Hội LHPN');
  await ok(head.post(`/app/reports/submissions/${s.id}/submit`, { 'sections.ket_qua': 'Đã tiếp xúc 4 buổi.', 'indicators.so_buoi': '4', version: s.version }));
  const v = (await t.db.selectFrom('report_form').select('version').where('id', '=', formId).executeTakeFirstOrThrow()).version;
  const refused = await ok(office.post(`/app/reports/forms/${formId}`, { ...rows, indicator_type: ['decimal', 'integer'], version: v }), 400);
  assert.match(refused.text, /Chỉ tiêu đã có trong báo cáo đã nộp không được đổi kiểu số liệu/u);
  assert.equal((await t.db.selectFrom('report_form_version').select('id').where('form_id', '=', formId).execute()).length, 1, 'no version written');
  // A compatible change (a new indicator) makes version 2; hiding works.
  await ok(office.post(`/app/reports/forms/${formId}`, { ...rows, indicator_code: ['so_buoi', 'so_nguoi'], indicator_name: ['Số buổi tiếp xúc', 'Số người dự'], version: v }));
  assert.match((await office.get(`/app/reports/forms/${formId}`)).text, /Phiên bản 2/u);
  await ok(office.post(`/app/reports/forms/${formId}/active`, { active: '0' }));
  const hideBuiltIn = await ok(office.post('/app/reports/forms/rf-annual/active', { active: '0' }), 422);
  assert.match(hideBuiltIn.text, /Không ẩn được mẫu dùng chung/u);
});

test('bad input never gets a 5xx', async () => {
  const office = await login('vanphong');
  const mine = await sub(requestId, 'Đoàn TN');
  const tries: [string, Record<string, string>][] = [
    ['/app/reports', {}],
    ['/app/reports', { form_id: 'rf-nope', period_id: 'x'.repeat(50), due_on: 'hôm qua', issuer_org_id: 'x', org_ids: 'y' }],
    [`/app/reports/${requestId}/orgs`, { org_ids: 'not-an-id', version: 'x' }],
    [`/app/reports/${requestId}/close`, { version: '-1' }],
    [`/app/reports/${requestId}/rollup`, { 'sections.results': 'x'.repeat(300_000), version: 'abc' }],
    [`/app/reports/submissions/${mine.id}/accept`, { version: 'abc' }],
    [`/app/reports/submissions/${mine.id}/return`, { comment: 'x', version: '1' }],
    ['/app/reports/forms', { name: '', period_type: 'century', cutoff_day: '99' }],
    ['/app/reports/forms/rf-annual', { name: 'x', period_type: 'year', section_code: 'a', section_title: 't', section_max_length: '1e9' }],
  ];
  for (const [p, body] of tries) {
    const r = await office.post(p, body);
    assert.ok(r.status >= 400 && r.status < 500, `${p} → ${r.status}`);
  }
  for (const p of ['/app/reports?year=abc', '/app/reports?page=-1', '/app/reports/not-an-id', '/app/reports/forms/%C3%A9', `/app/reports/submissions/${mine.id}/files/x`, '/app/reports/new?year=99999']) {
    const r = await office.get(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p} → ${r.status}`);
  }
});

// Pixels and accessibility do not depend on the database: looked at once, on SQLite.
test('screenshots: the head’s report page and the office’s board, without serious axe violations', { skip: DB_KIND === 'postgres' ? 'rendering is the same on PostgreSQL' : false }, async () => {
  const b = await launchBrowser();
  try {
    const shoot = async (user: string, path: string, name: string, width = 1280) => {
      const page = await b.newPage({ baseURL: t.base, width, height: 900 });
      await page.goto('/login');
      await page.getByLabel('Tên đăng nhập').fill(user);
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(/\/app/u);
      await page.goto(path);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      assert.deepEqual(await seriousAxe(page), [], name);
      if (width < 600) assert.deepEqual(await overflowing(page), [], `${name}: nothing sticks out sideways on a phone`);
    };
    // The head's 2017 review, pre-filled from the record (made by the pre-fill test).
    const rq = (await t.db.selectFrom('report_request').select('id').where('ward_id', '=', t.wardA).where('period_id', '=', '2017').where('form_id', '=', 'rf-annual').executeTakeFirstOrThrow()).id;
    await shoot('phunu', `/app/reports/submissions/${(await sub(rq, 'Hội LHPN')).id}`, 'reports-head-report');
    await shoot('vanphong', `/app/reports/${requestId}`, 'reports-office-board');
    await shoot('phunu', `/app/reports/submissions/${(await sub(rq, 'Hội LHPN')).id}`, 'reports-head-report-phone', 390);
    await shoot('vanphong', `/app/reports/${requestId}`, 'reports-office-board-phone', 390);
    await shoot('vanphong', `/app/reports/${requestId}/rollup`, 'reports-rollup');
    await shoot('vanphong', '/app/reports/new', 'reports-request-form');
    await shoot('vanphong', '/app/reports/forms/rf-annual', 'reports-form-editor');
  } finally {
    await b.close();
  }
});
