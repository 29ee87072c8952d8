// The task form's aids (issue 11 item 5, D53): spread milestones, save and add another, the owner
// search, and a refused submit that names the field and keeps what was typed. Real HTTP, real DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { spreadMilestones } from './task-form-aids.ts';
import { monthEnd } from './status.ts';

let t: TestApp;
let pn: string; // Hội LHPN
let doan: string; // Đoàn TN
before(async () => {
  t = await startTestApp();
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute();
  pn = orgs.find((o) => o.short_name === 'Hội LHPN')?.id as string;
  doan = orgs.find((o) => o.short_name === 'Đoàn TN')?.id as string;
});
after(async () => t.close());

const idIn = (loc: string | null) => /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(loc ?? '')?.[1] as string;
async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const months = (html: string) => Array.from({ length: 12 }, (_, i) => new RegExp(`name="m${String(i + 1).padStart(2, '0')}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '');

test('spreadMilestones: even cumulative percents, one per month, last 100 %, due at month ends', () => {
  const q = spreadMilestones('2026-01-15', '2026-03-31', 2026);
  assert.deepEqual(Object.values(q ?? {}).filter(Boolean), ['33', '67', '100']);
  assert.equal(q?.m01, '33');
  assert.equal(q?.m04, '');
  // The milestones fall due at the ends of their months, February of a common and a leap year too.
  assert.deepEqual(['2026-01', '2026-02', '2026-03', '2028-02'].map(monthEnd), ['2026-01-31', '2026-02-28', '2026-03-31', '2028-02-29']);
  // One month: one milestone of 100 %.
  assert.deepEqual(Object.entries(spreadMilestones('2026-06-03', '2026-06-20', 2026) ?? {}).filter(([, v]) => v), [['m06', '100']]);
  // The whole year: 12 milestones, evenly rising.
  const y = Object.values(spreadMilestones('2026-01-01', '2026-12-31', 2026) ?? {});
  assert.deepEqual(y, ['8', '17', '25', '33', '42', '50', '58', '67', '75', '83', '92', '100']);
  // A task started last year is spread over its whole period; this year's months show their cumulative share (D65).
  assert.deepEqual(Object.values(spreadMilestones('2025-10-01', '2026-02-10', 2026) ?? {}).filter(Boolean), ['80', '100']);
  const twoYears = spreadMilestones('2025-01-01', '2026-12-31', 2026);
  assert.equal(twoYears?.m01, '54'); // 13 of 24 months, not 8 %
  assert.equal(twoYears?.m06, '75');
  assert.equal(twoYears?.m12, '100');
  // One carried on into next year does not reach 100 % in December.
  assert.deepEqual(Object.values(spreadMilestones('2026-11-01', '2027-05-01', 2026) ?? {}).filter(Boolean), ['14', '29']);
  assert.equal(spreadMilestones('2024-01-01', '2025-06-30', 2026), null);
  assert.equal(spreadMilestones('2026-05-01', '2026-04-01', 2026), null);
  assert.equal(spreadMilestones('2027-01-01', '2027-04-01', 2026), null);
});

async function programme(c: Client, year: number): Promise<string> {
  const res = await c.post('/app/programmes', { org_id: pn, year, title: `Chương trình công tác năm ${year} của Hội LHPN phường` });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  return idIn(res.location);
}

test('"Chia đều các mốc" fills the months from the typed dates, saves nothing, and the saved task has the milestones', async () => {
  const head = await login('phunu');
  const pid = await programme(head, 2019);
  const before = Number((await t.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const typed = { title: 'Thăm hội viên khó khăn', description: 'Mỗi chi hội thăm ít nhất 2 hội viên', lead_org_id: pn, start_on: '10/02/2019', due_on: '30/04/2019' };
  const r = await head.post(`/app/programmes/${pid}/tasks`, { ...typed, intent: 'spread' });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.deepEqual(months(r.text), ['', '33', '67', '100', '', '', '', '', '', '', '', '']);
  assert.match(r.text, /Đã chia đều các mốc tiến độ/);
  assert.match(r.text, /value="Thăm hội viên khó khăn"/);
  assert.match(r.text, /Mỗi chi hội thăm ít nhất 2 hội viên/);
  assert.equal(Number((await t.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), before, 'nothing saved');
  // A task begun the year before: spread over its whole period, the notice says what ran before (D65).
  const carried = await head.post(`/app/programmes/${pid}/tasks`, { ...typed, start_on: '01/01/2018', due_on: '31/12/2019', intent: 'spread' });
  assert.equal(carried.status, 200, carried.text.slice(0, 300));
  assert.deepEqual(months(carried.text), ['54', '58', '63', '67', '71', '75', '79', '83', '88', '92', '96', '100']);
  assert.match(carried.text, /Nhiệm vụ kéo dài 24 tháng, 12 tháng trước năm nay: đến hết tháng 12\/2018 dự kiến đạt 50%/);
  // Without a deadline: refused, naming the field, what was typed kept.
  const noDue = await head.post(`/app/programmes/${pid}/tasks`, { ...typed, due_on: '', intent: 'spread' });
  assert.equal(noDue.status, 400);
  assert.match(noDue.text, /<a href="#f-due_on">Thời hạn hoàn thành: Nhập ngày này để chia đều các mốc\.<\/a>/);
  // Saved with the spread months: three milestones at the month ends.
  const saved = await head.post(`/app/programmes/${pid}/tasks`, { ...typed, m02: '33', m03: '67', m04: '100' });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const ms = await t.db.selectFrom('milestone').select(['due_on', 'planned_percent']).where('task_id', '=', idIn(saved.location)).orderBy('due_on').execute();
  assert.deepEqual(ms.map((m) => [m.due_on, Number(m.planned_percent)]), [['2019-02-28', 33], ['2019-03-31', 67], ['2019-04-30', 100]]);
});

test('"Lưu và thêm nhiệm vụ khác" saves, then opens a fresh form of the same programme keeping the lead organization', async () => {
  const head = await login('phunu');
  const pid = await programme(head, 2020);
  const r = await head.post(`/app/programmes/${pid}/tasks`, { title: 'Việc thứ nhất', lead_org_id: doan, intent: 'again' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, `/app/programmes/${pid}/tasks/new?lead_org_id=${doan}`);
  assert.equal((await t.db.selectFrom('task').select('title').where('programme_id', '=', pid).execute()).map((x) => x.title).join(), 'Việc thứ nhất');
  const next = await head.get(r.location as string);
  assert.equal(next.status, 200);
  assert.match(next.text, /Đã lưu nhiệm vụ\. Nhập nhiệm vụ tiếp theo\./);
  assert.match(next.text, new RegExp(`<option value="${doan}" selected`));
  assert.doesNotMatch(next.text, /value="Việc thứ nhất"/);
  // A plain save goes to the task.
  const plain = await head.post(`/app/programmes/${pid}/tasks`, { title: 'Việc thứ hai', lead_org_id: pn, intent: 'save' });
  assert.match(plain.location ?? '', /^\/app\/tasks\/[0-9a-f-]{36}\?ok=saved$/);
});

test('the owner search: "huong" finds Hương of the lead organization first, not Phương; the draft is kept', async () => {
  const office = await login('vanphong');
  for (const [name, org] of [['Đỗ Thị Hương', null], ['Nguyễn Thị Hương', pn], ['Trần Thị Phương', pn], ['Vũ Văn Hưởng', doan]] as const) {
    const r = await office.post('/app/people', { full_name: name, gender: 'nu', membership_org_id: org ?? '', membership_start_on: org ? '01/01/2020' : '' });
    assert.equal(r.status, 303, `${name}: ${r.text.slice(0, 300)}`);
  }
  const head = await login('phunu');
  const pid = await programme(head, 2021);
  const r = await head.post(`/app/programmes/${pid}/tasks`, { title: 'Việc cần người', lead_org_id: pn, owner_q: 'huong', intent: 'owner' });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const select = /<select id="f-owner_person_id"[^>]*>([\s\S]*?)<\/select>/.exec(r.text)?.[1] ?? '';
  const names = [...select.matchAll(/<option value="[^"]+"[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]);
  assert.equal(names[0], 'Nguyễn Thị Hương', select);
  assert.match(select, /<optgroup label="Người của cơ quan chủ trì"><option[^>]*>Nguyễn Thị Hương<\/option><\/optgroup>/);
  assert.ok(names.includes('Đỗ Thị Hương') && names.includes('Vũ Văn Hưởng'), names.join());
  assert.ok(!names.includes('Trần Thị Phương'), 'Phương is not a match for "huong"');
  assert.match(r.text, /value="Việc cần người"/);
  assert.match(r.text, /Tìm thấy 3 người/);
  // Without a search the lead organization's people still come first.
  const fresh = await head.get(`/app/programmes/${pid}/tasks/new`);
  assert.match(fresh.text, /<optgroup label="Người của cơ quan chủ trì">[^]*?Nguyễn Thị Hương[^]*?<\/optgroup><optgroup label="Người khác">/);
});

test('a refused save names the exact field in the summary, keeps the typed values, and reloads safely (4xx, nothing saved)', async () => {
  const head = await login('phunu');
  const pid = await programme(head, 2022);
  const r = await head.post(`/app/programmes/${pid}/tasks`, { title: '', description: 'Mô tả đã gõ', lead_org_id: pn, start_on: '31/02/2022', m03: '150' });
  assert.equal(r.status, 400);
  const summary = /<div class="form-errors" role="alert">([\s\S]*?)<\/div>/.exec(r.text)?.[1] ?? '';
  assert.match(summary, /<a href="#f-title">Thiếu Nội dung nhiệm vụ\.<\/a>/);
  assert.match(summary, /<a href="#f-start_on">Ngày bắt đầu: /);
  assert.match(summary, /<a href="#f-m03">Tháng 3\/2022: /);
  assert.match(r.text, /Mô tả đã gõ/);
  assert.match(r.text, /value="31\/02\/2022"/);
  assert.equal((await t.db.selectFrom('task').select('id').where('programme_id', '=', pid).execute()).length, 0);
  // Posting the same again (a reload) answers the same refusal.
  const again = await head.post(`/app/programmes/${pid}/tasks`, { title: '', description: 'Mô tả đã gõ', lead_org_id: pn });
  assert.equal(again.status, 400);
});

test('other forms of the app name their refused fields too (person, programme, membership end)', async () => {
  const office = await login('vanphong');
  const person = await office.post('/app/people', { full_name: '', email: 'không-phải-thư' });
  assert.equal(person.status, 400);
  assert.match(person.text, /<ul class="error-summary"><li><a href="#f-full_name">Thiếu Họ và tên\.<\/a><\/li><li><a href="#f-email">[^<]+: [^<]+<\/a><\/li><\/ul>/);
  const head = await login('phunu');
  const prog = await head.post('/app/programmes', { org_id: pn, year: '2023', title: '' });
  assert.equal(prog.status, 400);
  assert.match(prog.text, /Thiếu [^<.]+\.<\/a>/);
  assert.doesNotMatch(prog.text, /data-summary=/, 'no marker is left in the page');
});

// D77: an approved task whose plan is edited goes back to draft, and the page says so.
test('editing an approved task\'s plan says it is a draft again, to be submitted anew', async () => {
  const head = await login('phunu');
  const pid = await programme(head, 2023);
  const typed = { title: 'Tập huấn cán bộ chi hội', description: 'Hai lớp', lead_org_id: pn, start_on: '01/03/2023', due_on: '30/06/2023', m06: '100' };
  const saved = await head.post(`/app/programmes/${pid}/tasks`, typed);
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const id = idIn(saved.location);
  await t.db.transaction().execute((tx) => runMaintenance(tx, 'test.approve', async (m) => void (await m.updateTable('task').set({ approval: 'approved' }).where('id', '=', id).execute())));
  const { version } = await t.db.selectFrom('task').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  const edited = await head.post(`/app/tasks/${id}`, { ...typed, due_on: '31/07/2023', m06: '', m07: '100', version });
  assert.equal(edited.status, 303, edited.text.slice(0, 300));
  const page = await head.get(edited.location ?? '');
  assert.match(page.text, /Kế hoạch của nhiệm vụ đã thay đổi nên nhiệm vụ trở về dự thảo; hãy trình duyệt lại\./);
  assert.equal((await t.db.selectFrom('task').select('approval').where('id', '=', id).executeTakeFirstOrThrow()).approval, 'draft');
});
