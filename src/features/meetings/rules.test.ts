// The rules a new user's attempts broke once (fresh-eyes review of issue 9), each kept by a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let orgs: Map<string, string>;
let people: Map<string, string>;
let kind: string;
before(async () => {
  t = await startTestApp();
  orgs = new Map((await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute()).map((o) => [o.short_name ?? '', o.id]));
  people = new Map((await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).execute()).map((p) => [p.full_name, p.id]));
  kind = (await t.db.selectFrom('meeting_kind').select('id').where('code', '=', 'giao_ban').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

const O = (s: string) => orgs.get(s) as string;
const idIn = (loc: string | null) => /\/app\/meetings\/([0-9a-f-]{36})/.exec(loc ?? '')?.[1] as string;
const version = async (id: string) => (await t.db.selectFrom('meeting').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}

/** A held meeting of the Party Committee on `date` with Lê Thị Mai present. */
async function heldMeeting(c: Client, title: string, date = '06/03/2017', host = O('Đảng ủy')): Promise<string> {
  const res = await c.post('/app/meetings', { kind_id: kind, title, date, start_time: '08:00', end_time: '10:00', place: 'Hội trường', host_org_id: host, invited_org_ids: [O('Đoàn TN')] });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const id = idIn(res.location);
  assert.equal((await c.post(`/app/meetings/${id}/attendees`, { person_id: people.get('Lê Thị Mai') as string, status: 'present' })).status, 303);
  assert.equal((await c.post(`/app/meetings/${id}/held`, { version: await version(id), closed_time: '' })).status, 303);
  return id;
}

test('minutes are approved by the ward’s Standing Committee or the chair, not by a city-level view, not with nobody present', async () => {
  const c = await login('vanphong');
  const id = await heldMeeting(c, 'Giao ban thử duyệt');
  const city = await login('thanhpho');
  const refused = await city.post(`/app/meetings/${id}/approve`, { version: await version(id) });
  assert.equal(refused.status, 403);
  assert.equal((await t.db.selectFrom('meeting').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'held');
  const admin = await login('quantri');
  assert.equal((await admin.post(`/app/meetings/${id}/approve`, { version: await version(id) })).status, 403, 'an account without a person is not the Standing Committee');
  const empty = idIn((await c.post('/app/meetings', { kind_id: kind, title: 'Không ai dự', date: '07/03/2017', start_time: '08:00', end_time: '09:00', place: 'P', host_org_id: O('Đảng ủy') })).location);
  await c.post(`/app/meetings/${empty}/held`, { version: await version(empty), closed_time: '' });
  const sc = await login('thuongvu');
  const none = await sc.post(`/app/meetings/${empty}/approve`, { version: await version(empty) });
  assert.equal(none.status, 422);
  assert.match(none.text, /chưa ghi ai có mặt/u);
  assert.equal((await sc.post(`/app/meetings/${id}/approve`, { version: await version(id) })).status, 303);
});

test('moving the first agenda item up changes nothing and answers like any action, never a 5xx', async () => {
  const c = await login('vanphong');
  const id = idIn((await c.post('/app/meetings', { kind_id: kind, title: 'Chương trình', date: '08/03/2017', start_time: '08:00', end_time: '09:00', place: 'P', host_org_id: O('Đảng ủy') })).location);
  await c.post(`/app/meetings/${id}/agenda`, { title: 'Mục một' });
  await c.post(`/app/meetings/${id}/agenda`, { title: 'Mục hai' });
  const items = await t.db.selectFrom('meeting_agenda_item').select(['id', 'title']).where('meeting_id', '=', id).orderBy('position').execute();
  assert.equal((await c.post(`/app/meetings/${id}/agenda/${items[0]?.id}/up`, {})).status, 303);
  assert.equal((await c.post(`/app/meetings/${id}/agenda/${items[1]?.id}/down`, {})).status, 303);
  assert.equal((await c.post(`/app/meetings/${id}/agenda/${items[1]?.id}/up`, {})).status, 303);
  const after = await t.db.selectFrom('meeting_agenda_item').select('title').where('meeting_id', '=', id).orderBy('position').execute();
  assert.deepEqual(after.map((x) => x.title), ['Mục hai', 'Mục một']);
});

test('a meeting’s files are served to those who may see the meeting only; /app/files serves programme files only', async () => {
  const c = await login('vanphong');
  const id = idIn((await c.post('/app/meetings', { kind_id: kind, title: 'Họp kín của Đoàn', date: '09/03/2017', start_time: '08:00', end_time: '09:00', place: 'P', host_org_id: O('Đoàn TN') })).location);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const form = new FormData();
  form.set('files', new Blob([pdf], { type: 'application/pdf' }), 'tai-lieu.pdf');
  // The token travels in the URL, as the page's upload form sends it (the body is read after the check).
  const up = await c.request('POST', `/app/meetings/${id}/files?_csrf=${encodeURIComponent(await c.csrf())}`, { body: form });
  assert.equal(up.status, 303, up.text.slice(0, 300));
  const file = await t.db.selectFrom('meeting_file').select('file_id').where('meeting_id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await c.getBuffer(`/app/meetings/${id}/files/${file.file_id}`)).status, 200);
  const head = await login('phunu');
  assert.equal((await head.get(`/app/meetings/${id}/files/${file.file_id}`)).status, 404);
  assert.equal((await head.get(`/app/files/${file.file_id}`)).status, 404);
  assert.equal((await c.get(`/app/files/${file.file_id}`)).status, 404, 'not a programme file');
});

test('a numbered notice fixes the conclusions; a held meeting does not move into the future; invitation and minutes numbered at their time', async () => {
  const c = await login('vanphong');
  const id = await heldMeeting(c, 'Giao ban có thông báo', '10/03/2017');
  assert.equal((await c.post(`/app/meetings/${id}/conclusions`, { kind: 'decision', content: 'Thống nhất lịch', addressed_org_ids: [O('Đoàn TN')] })).status, 303);
  const inv = await c.post(`/app/meetings/${id}/documents/invitation/issue`, {});
  assert.equal(inv.status, 422);
  assert.match(inv.text, /trước khi cuộc họp diễn ra/u);
  const minutes = await c.post(`/app/meetings/${id}/documents/minutes/issue`, {});
  assert.equal(minutes.status, 422);
  assert.equal((await c.post(`/app/meetings/${id}/documents/notice/issue`, {})).status, 303);
  const twice = await c.post(`/app/meetings/${id}/documents/notice/issue`, {});
  assert.equal(twice.status, 409);
  assert.match(twice.text, /đã được cấp số \d+-TB\/ĐU/u, 'the number is in the message, not a placeholder');
  const more = await c.post(`/app/meetings/${id}/conclusions`, { kind: 'decision', content: 'Thêm sau khi ra thông báo', addressed_org_ids: [O('Đoàn TN')] });
  assert.equal(more.status, 422);
  assert.match(more.text, /đã được cấp số; không thêm/u);
  assert.match(more.text, /Thêm sau khi ra thông báo/u, 'what was typed comes back');
  const api = await c.api('PATCH', `/api/v1/meetings/${id}`, { version: await version(id), date: '01/06/2099' });
  assert.equal(api.status, 400);
  assert.match(api.text, /không dời sang thời gian chưa tới/u);
});

test('API PATCH changes only the fields sent; lead and coordinating differ; lists count what they show', async () => {
  const c = await login('vanphong');
  const created = await c.api('POST', '/api/v1/meetings', { kind_id: kind, title: 'Sửa một phần', date: '2026-12-20', start_time: '08:00', end_time: '10:00', place: 'Hội trường', host_org_id: O('Đảng ủy'), invited_org_ids: [O('Hội LHPN'), O('Đoàn TN')], summary: 'Tóm tắt', is_public: true });
  assert.equal(created.status, 201, created.text);
  const id = created.json<{ id: string }>().id;
  const patched = await c.api('PATCH', `/api/v1/meetings/${id}`, { version: await version(id), title: 'Đã sửa tên' });
  assert.equal(patched.status, 200, patched.text);
  const body = patched.json<{ meeting: { title: string; summary: string; is_public: unknown }; invited_org_ids: string[] }>();
  assert.equal(body.meeting.title, 'Đã sửa tên');
  assert.equal(body.meeting.is_public, true, 'a flag answered as the boolean it was sent as');
  const yes = await c.api('PATCH', `/api/v1/meetings/${id}`, { version: await version(id), is_public: 'có' });
  assert.equal(yes.status, 400, 'a flag that is no boolean is refused, not read as false');
  assert.equal(body.meeting.summary, 'Tóm tắt');
  assert.equal(body.invited_org_ids.length, 2);
  const both = await c.api('POST', `/api/v1/meetings/${id}/conclusions`, { kind: 'task', content: 'X', lead_org_id: O('Đoàn TN'), coordinating_org_ids: [O('Đoàn TN')], due_on: '2027-01-31' });
  assert.equal(both.status, 400);
  assert.match(both.text, /không đồng thời là cơ quan phối hợp/u);
  await c.post(`/app/meetings/${id}/convene`, { version: await version(id) });
  // The head of Hội LHPN: one page of one meeting says so, and the total counts no drafts.
  const head = await login('phunu');
  const list = await head.api('GET', '/api/v1/meetings?page_size=1');
  const l = list.json<{ items: { status: string }[]; total: number }>();
  assert.equal(l.items.length, 1);
  assert.ok(l.items.every((x) => x.status !== 'draft'));
  const all = await head.api('GET', '/api/v1/meetings?page_size=200');
  assert.equal(all.json<{ items: unknown[]; total: number }>().total, all.json<{ items: unknown[] }>().items.length);
});

test('.ics: a guest’s name cannot rewrite an attendee’s address', async () => {
  const c = await login('vanphong');
  const id = idIn((await c.post('/app/meetings', { kind_id: kind, title: 'Có khách', date: '21/12/2026', start_time: '08:00', end_time: '09:00', place: 'P', host_org_id: O('Đảng ủy') })).location);
  await c.post(`/app/meetings/${id}/attendees`, { guest_name: 'B":mailto:attacker@evil.example', guest_title: 'Khách', role: 'guest' });
  await c.post(`/app/meetings/${id}/convene`, { version: await version(id) });
  const ics = await c.get(`/app/meetings/${id}/invite.ics`);
  assert.equal(ics.status, 200);
  const event = new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent');
  const addresses = (event?.getAllProperties('attendee') ?? []).map((p) => String(p.getFirstValue()));
  assert.ok(addresses.length >= 1);
  assert.ok(addresses.every((a) => !a.includes('attacker@evil.example')), addresses.join(' '));
});
