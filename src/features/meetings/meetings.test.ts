import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { clipAtWord } from '../../lib/vi/index.ts';

// The founding document's meeting, entered as data through the pages, and the rules around it.
const SEED = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../portal/fixtures/ward-news-2017-02-13.txt'), 'utf8');
const seedConclusions = [...SEED.matchAll(/^(\d)\.\s(.+)$/gmu)].map((m) => (m[2] as string).trim());
/** Runs of white space (the post has double and no-break spaces) compare as one space. */
const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();

let t: TestApp;
let orgs: Map<string, string>;
let people: Map<string, string>;
before(async () => {
  t = await startTestApp();
  orgs = new Map((await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute()).map((o) => [o.short_name ?? '', o.id]));
  people = new Map((await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).execute()).map((p) => [p.full_name, p.id]));
});
after(async () => t.close());

const idIn = (loc: string | null) => /\/app\/meetings\/([0-9a-f-]{36})/.exec(loc ?? '')?.[1] as string;
const O = (short: string) => orgs.get(short) as string;
const P = (name: string) => people.get(name) as string;

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}

async function ok<R extends { status: number; text: string }>(res: Promise<R>, status = 303): Promise<R> {
  const r = await res;
  assert.equal(r.status, status, (r.text.match(/class="error".{0,200}/su)?.[0] ?? r.text.slice(0, 300)));
  return r;
}

const massOrgs = () => ['UBMTTQ', 'Đoàn TN', 'Hội LHPN', 'Hội CCB', 'Công đoàn', 'Hội NCT'].map((s) => O(s) ?? '').filter(Boolean);

test('the founding meeting as data: the drafted article carries every fact of the ward’s post', async () => {
  assert.equal(seedConclusions.length, 5);
  const c = await login('vanphong');
  const kind = (await t.db.selectFrom('meeting_kind').select('id').where('code', '=', 'buoi_lam_viec').executeTakeFirstOrThrow()).id;
  const created = await ok(
    c.post('/app/meetings', {
      kind_id: kind,
      title: 'Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017',
      date: '10/02/2017',
      start_time: '14:00',
      end_time: '17:00',
      place: 'phòng họp số 1 UBND',
      host_org_id: O('BTV Đảng ủy') ?? O('Đảng ủy'),
      chair_person_id: P('Dương Ngọc Dũng'),
      invited_org_ids: massOrgs(),
      others_text: 'các đồng chí thường vụ Đảng ủy; các đồng chí trưởng, phó các đoàn thể chính trị - xã hội và cán bộ Văn phòng Đảng ủy phường',
      is_public: '1',
    }),
  );
  const id = idIn(created.location);
  for (const name of ['Dương Ngọc Dũng', 'Phạm Thị Kim Bình', 'Chu Thị Huế']) {
    await ok(c.post(`/app/meetings/${id}/attendees`, { person_id: P(name), role: 'member', status: 'present', featured: name === 'Dương Ngọc Dũng' ? '' : '1' }));
  }
  const paragraphs = SEED.split(/\n+/u).map((s) => s.trim());
  const results = paragraphs.find((p) => p.startsWith('Năm 2016')) as string;
  const difficulties = paragraphs.find((p) => p.startsWith('Cùng với')) as string;
  await ok(c.post(`/app/meetings/${id}/reports`, { org_id: O('UBMTTQ'), summary: `${results}\n\n${difficulties}`, is_public: '1' }));
  await ok(c.post(`/app/meetings/${id}/directives`, { speaker_name: 'Các đồng chí Ban Thường vụ', content: paragraphs.find((p) => p.startsWith('Trên cơ sở')) as string, org_ids: massOrgs(), is_public: '1' }));
  for (const [i, text] of seedConclusions.entries()) {
    await ok(c.post(`/app/meetings/${id}/conclusions`, { kind: 'task', content: text, lead_org_id: O('UBMTTQ'), addressed_org_ids: massOrgs(), due_on: i === 0 ? '31/03/2017' : '31/12/2017', is_public: '1' }));
  }
  // The page's form sends its empty "actual end time" field: the planned end stands.
  await ok(c.post(`/app/meetings/${id}/held`, { closed_time: '', version: (await t.db.selectFrom('meeting').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version }));
  const tasksRes = await ok(c.post(`/app/meetings/${id}/tasks`, { version: 1 }));
  assert.ok(tasksRes);
  const mine = (await t.db.selectFrom('meeting_conclusion').select('id').where('meeting_id', '=', id).execute()).map((r) => r.id);
  const tasks = await t.db.selectFrom('task').selectAll().where('origin_kind', '=', 'conclusion').where('origin_ref', 'in', mine).execute();
  assert.equal(tasks.length, 5 * massOrgs().length, 'one draft task per conclusion and organization');
  assert.ok(tasks.every((x) => x.approval === 'draft' && x.due_on && x.start_on === '2017-02-10'));
  // Linked both ways: the task page leads back to its conclusion on the meeting page.
  const taskPage = await c.get(`/app/tasks/${tasks[0]?.id}`);
  assert.match(taskPage.text, new RegExp(`href="/app/meetings/conclusions/${tasks[0]?.origin_ref}"`));
  const back = await c.get(`/app/meetings/conclusions/${tasks[0]?.origin_ref}`);
  assert.equal(back.status, 303);
  assert.equal(back.location, `/app/meetings/${id}#c-${tasks[0]?.origin_ref}`);
  // A task edited through its form (which has no field for the link) still carries out its conclusion.
  const edited = tasks[0] as (typeof tasks)[number];
  await ok(c.post(`/app/tasks/${edited.id}`, { title: edited.title, description: edited.description ?? '', lead_org_id: edited.lead_org_id ?? '', start_on: '10/02/2017', due_on: '31/03/2017', m03: '100', result_kind: 'deliverable', deliverable: 'Báo cáo', origin_kind: 'conclusion', origin_note: edited.origin_note ?? '', version: edited.version }));
  const after = await t.db.selectFrom('task').select(['origin_ref', 'deliverable']).where('id', '=', edited.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { origin_ref: edited.origin_ref, deliverable: 'Báo cáo' });

  const cat = (await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).orderBy('sort_order').executeTakeFirstOrThrow()).id;
  await ok(c.post(`/app/meetings/${id}/article`, { category_id: cat, version: 1 }));
  const m = await t.db.selectFrom('meeting').select('article_id').where('id', '=', id).executeTakeFirstOrThrow();
  const article = await t.db.selectFrom('article').selectAll().where('id', '=', m.article_id as string).executeTakeFirstOrThrow();
  const body = squash(article.body_md);
  assert.equal(article.status, 'draft');
  assert.equal(article.title, 'Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017');
  assert.match(body, /^Chiều ngày 10\/02\/2017, tại phòng họp số 1 UBND, Ban thường vụ Đảng ủy làm việc với MTTQ/u);
  // The three named people, each with exactly the posts the document gives them.
  assert.match(body, /đồng chí Dương Ngọc Dũng - Bí thư Đảng ủy, Chủ tịch HĐND[;.]/u);
  assert.match(body, /đồng chí Phạm Thị Kim Bình - Phó Bí thư TTĐU, Chủ nhiệm UBKT Đảng ủy, Trưởng Khối dân vận;/u);
  assert.match(body, /đồng chí Chu Thị Huế - PBTĐU, Chủ tịch UBND phường;/u);
  assert.match(body, /Chủ trì buổi làm việc, đồng chí Dương Ngọc Dũng/u);
  assert.ok(body.includes(squash(results)) && body.includes(squash(difficulties)));
  for (const [i, text] of seedConclusions.entries()) assert.ok(body.includes(`${i + 1}. ${squash(text)}`), `conclusion ${i + 1}`);
  // A second draft is refused, nothing written.
  const again = await c.post(`/app/meetings/${id}/article`, { category_id: cat, version: 1 });
  assert.equal(again.status, 409);
  assert.match(again.text, /Đã soạn tin bài/u);

  // The meeting page shows the conclusions' status from their tasks.
  const pageRes = await c.get(`/app/meetings/${id}`);
  assert.equal(pageRes.status, 200);
  assert.match(pageRes.text, /0\/5 kết luận giao nhiệm vụ đã hoàn thành/u);
  assert.match(pageRes.text, /Có mặt 3\/3 đồng chí; vắng 0 đồng chí/u);
});

test('bad input: refused with a clear Vietnamese message and a 4xx, nothing written', async () => {
  const c = await login('vanphong');
  const kind = (await t.db.selectFrom('meeting_kind').select('id').where('code', '=', 'giao_ban').executeTakeFirstOrThrow()).id;
  const base = { kind_id: kind, title: 'Giao ban tháng 3', date: '06/03/2017', start_time: '08:00', end_time: '10:00', place: 'Hội trường', host_org_id: O('Đảng ủy'), is_public: '1' };
  const before = Number((await t.db.selectFrom('meeting').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const backwards = await c.post('/app/meetings', { ...base, end_time: '07:00' });
  assert.equal(backwards.status, 400);
  assert.match(backwards.text, /Giờ kết thúc phải sau giờ bắt đầu/u);
  // An end day before the meeting's day: the date is named, not the hours.
  const dayBefore = await c.post('/app/meetings', { ...base, end_date: '05/03/2017' });
  assert.equal(dayBefore.status, 400);
  assert.match(dayBefore.text, /Ngày kết thúc không được trước ngày họp\./u);
  assert.doesNotMatch(dayBefore.text, /Giờ kết thúc phải sau giờ bắt đầu/u);
  const badTime = await c.post('/app/meetings', { ...base, start_time: '25:00' });
  assert.equal(badTime.status, 400);
  assert.match(badTime.text, /Giờ không hợp lệ/u);
  assert.equal(Number((await t.db.selectFrom('meeting').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), before);

  const id = idIn((await ok(c.post('/app/meetings', base))).location);
  const noOrg = await c.post(`/app/meetings/${id}/conclusions`, { kind: 'information', content: 'Thông tin chung' });
  assert.equal(noOrg.status, 400);
  assert.match(noOrg.text, /phải gửi tới ít nhất một tổ chức/u);
  const noDeadline = await c.post(`/app/meetings/${id}/conclusions`, { kind: 'task', content: 'Làm việc X', lead_org_id: O('Đoàn TN') });
  assert.equal(noDeadline.status, 400);
  assert.match(noDeadline.text, /phải có thời hạn/u);
  const typedPost = await c.post(`/app/meetings/${id}/attendees`, { person_id: P('Lê Thị Mai'), guest_title: 'Bí thư Đảng ủy', status: 'present' });
  assert.equal(typedPost.status, 400);
  assert.match(typedPost.text, /không nhập chức vụ bằng tay/u);
  const noReason = await c.post(`/app/meetings/${id}/attendees`, { person_id: P('Lê Thị Mai'), status: 'excused' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /phải ghi lý do/u);
  await ok(c.post(`/app/meetings/${id}/attendees`, { person_id: P('Lê Thị Mai'), status: 'present' }));
  // She is on the register now: the attendee form no longer offers her (a second add is a 409).
  const page = await c.get(`/app/meetings/${id}`);
  const select = /<select id="f-at-person_id"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? '';
  assert.ok(select.length > 0, 'the attendee form is on the page');
  assert.ok(!select.includes(`value="${P('Lê Thị Mai')}"`), 'an attendee is not offered again');
  const twice = await c.post(`/app/meetings/${id}/attendees`, { person_id: P('Lê Thị Mai'), status: 'present' });
  assert.equal(twice.status, 409);
  assert.equal((await t.db.selectFrom('meeting_conclusion').select('id').where('meeting_id', '=', id).execute()).length, 0);
  assert.equal((await t.db.selectFrom('meeting_attendee').select('id').where('meeting_id', '=', id).execute()).length, 1);

  // Minutes approved twice: the second is a 409 with its message.
  const v = async () => (await t.db.selectFrom('meeting').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  await ok(c.post(`/app/meetings/${id}/held`, { version: await v() }));
  const sc = await login('thuongvu');
  await ok(sc.post(`/app/meetings/${id}/approve`, { version: await v() }));
  const second = await sc.post(`/app/meetings/${id}/approve`, { version: await v() });
  assert.equal(second.status, 409);
  assert.match(second.text, /đã được duyệt rồi/u);
  const frozen = await t.db.selectFrom('meeting_attendee').select('posts_frozen').where('meeting_id', '=', id).executeTakeFirstOrThrow();
  assert.ok(frozen.posts_frozen !== null);
  // After approval the record is locked.
  const late = await c.post(`/app/meetings/${id}/agenda`, { title: 'Thêm muộn' });
  assert.equal(late.status, 422);
});

test('who sees what: another ward’s meeting is a 404; a head sees only meetings its organization attends; members cannot record', async () => {
  const c = await login('vanphong');
  const kind = (await t.db.selectFrom('meeting_kind').select('id').where('code', '=', 'hoi_nghi').executeTakeFirstOrThrow()).id;
  const base = { kind_id: kind, date: '20/03/2017', start_time: '08:00', end_time: '10:00', place: 'Hội trường', host_org_id: O('Đảng ủy') };
  const withPn = idIn((await ok(c.post('/app/meetings', { ...base, title: 'Hội nghị có Hội LHPN', invited_org_ids: [O('Hội LHPN')] }))).location);
  const withoutPn = idIn((await ok(c.post('/app/meetings', { ...base, title: 'Hội nghị không có Hội LHPN', invited_org_ids: [O('Đoàn TN')] }))).location);
  for (const id of [withPn, withoutPn]) await ok(c.post(`/app/meetings/${id}/convene`, { version: 1 }));
  const head = await login('phunu');
  assert.equal((await head.get(`/app/meetings/${withPn}`)).status, 200);
  assert.equal((await head.get(`/app/meetings/${withoutPn}`)).status, 404);
  const list = await head.get('/app/meetings');
  assert.match(list.text, /Hội nghị có Hội LHPN/u);
  assert.doesNotMatch(list.text, /Hội nghị không có Hội LHPN/u);
  // The head was notified of the invitation, once.
  const user = await t.db.selectFrom('app_user').select('id').where('username', '=', 'phunu').executeTakeFirstOrThrow();
  const notes = await t.db.selectFrom('notification').selectAll().where('user_id', '=', user.id).where('link', '=', `/app/meetings/${withPn}`).execute();
  assert.equal(notes.length, 1);
  assert.match(notes[0]?.message ?? '', /Giấy mời: Hội nghị có Hội LHPN/u);
  const member = await login('hoivien');
  assert.equal((await member.post(`/app/meetings/${withPn}/agenda`, { title: 'x' })).status, 403);
  const other = await login('vinhtuy.doan');
  assert.equal((await other.get(`/app/meetings/${withPn}`)).status, 404);
});

test('demo: the meeting of 10/02/2017 with its five conclusions carried out by programme tasks through 2017, and its article', async () => {
  const c = await login('thuongvu');
  const m = await t.db.selectFrom('meeting').selectAll().where('ward_id', '=', t.wardA).where('title', '=', 'Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017').where('status', '=', 'approved').executeTakeFirstOrThrow();
  const page = await c.get(`/app/meetings/${m.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Có mặt 10\/12 đồng chí; vắng 2 đồng chí/u);
  assert.match(page.text, /Phó Bí thư Thường trực Đảng ủy, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy, Trưởng Khối dân vận/u);
  assert.match(page.text, /\/5 kết luận giao nhiệm vụ đã hoàn thành/u);
  const linked = await t.db.selectFrom('task').select(['origin_ref']).where('origin_kind', '=', 'conclusion').where('ward_id', '=', t.wardA).execute();
  const conclusions = await t.db.selectFrom('meeting_conclusion').select('id').where('meeting_id', '=', m.id).execute();
  for (const k of conclusions) assert.ok(linked.some((x) => x.origin_ref === k.id), 'every conclusion is carried out by tasks');
  assert.ok(m.article_id, 'the published article of 13/02/2017 belongs to the meeting');
  // A later change of post does not rewrite the approved record: the frozen posts are printed.
  const binh = P('Phạm Thị Kim Bình');
  await runMaintenance(t.db, 'test.rename_post', (q) => q.updateTable('position').set({ title: 'Đổi tên để thử' }).where('person_id', '=', binh).where('title', '=', 'Trưởng Khối dân vận').execute());
  const again = await c.get(`/app/meetings/${m.id}`);
  assert.match(again.text, /Trưởng Khối dân vận/u);
  assert.doesNotMatch(again.text, /Đổi tên để thử/u);
  await runMaintenance(t.db, 'test.rename_post', (q) => q.updateTable('position').set({ title: 'Trưởng Khối dân vận' }).where('person_id', '=', binh).where('title', '=', 'Đổi tên để thử').execute());
});

test('conclusions not done by the next meeting of the same body are carried onto its agenda', async () => {
  const c = await login('vanphong');
  const kind = (await t.db.selectFrom('meeting_kind').select('id').where('code', '=', 'hop_btv').executeTakeFirstOrThrow()).id;
  const base = { kind_id: kind, start_time: '08:00', end_time: '10:00', place: 'Phòng họp', host_org_id: O('Hội CCB') };
  const first = idIn((await ok(c.post('/app/meetings', { ...base, title: 'Họp Ban Chấp hành Hội CCB tháng 4', date: '05/04/2017' }))).location);
  await ok(c.post(`/app/meetings/${first}/conclusions`, { kind: 'task', content: 'Rà soát hội viên cao tuổi', lead_org_id: O('Hội CCB'), due_on: '30/04/2017' }));
  await ok(c.post(`/app/meetings/${first}/conclusions`, { kind: 'information', content: 'Thông báo lịch sinh hoạt', addressed_org_ids: [O('Hội CCB')] }));
  // A meeting that has not taken place carries nothing over.
  const early = idIn((await ok(c.post('/app/meetings', { ...base, title: 'Họp Ban Chấp hành Hội CCB giữa tháng 4', date: '20/04/2017' }))).location);
  assert.equal((await t.db.selectFrom('meeting_agenda_item').select('id').where('meeting_id', '=', early).execute()).length, 0);
  await ok(c.post(`/app/meetings/${first}/held`, { version: (await t.db.selectFrom('meeting').select('version').where('id', '=', first).executeTakeFirstOrThrow()).version, closed_time: '' }));
  const second = idIn((await ok(c.post('/app/meetings', { ...base, title: 'Họp Ban Chấp hành Hội CCB tháng 5', date: '05/05/2017' }))).location);
  const agenda = await t.db.selectFrom('meeting_agenda_item').selectAll().where('meeting_id', '=', second).execute();
  assert.equal(agenda.length, 1, 'only the task conclusion, not the information');
  assert.match(agenda[0]?.title ?? '', /Kiểm điểm kết luận số 1 của Họp Ban Chấp hành Hội CCB tháng 4/u);
  assert.ok(agenda[0]?.carried_conclusion_id);
});

test('a carried agenda title is cut at a word, with "…", within the 300 characters of an agenda title', () => {
  const long = `Kiểm điểm kết luận số 1: ${'làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; '.repeat(8)}`;
  const clipped = clipAtWord(long, 300);
  assert.ok(clipped.length <= 300, String(clipped.length));
  assert.ok(clipped.endsWith('…'));
  const body = clipped.slice(0, -1);
  assert.ok(long.startsWith(body));
  assert.match(long.charAt(body.length), /[\s,;]/u, 'cut between words, not inside one');
  assert.equal(clipAtWord('Ngắn  gọn ', 300), 'Ngắn gọn');
});
