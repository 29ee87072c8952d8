// The meetings calendar over real HTTP on the demo wards (SQLite and PostgreSQL): the month page per
// role, the .ics of a meeting read by ical.js (METHOD, UID, SEQUENCE, Vietnam time, attendees,
// folding at 75 octets, cancel), 404 for another ward / out of scope / drafts, the personal feed
// (create, fetch without a cookie, renew, revoke, disabled user), and the route × role table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { Client, createTestDb, DB_KIND, type TestDb } from '../../../../test/support/app.ts';
import { loadConfig } from '../../../config.ts';
import { buildApp } from '../../../app.ts';
import { loadDemo } from '../../../demo/seed.ts';
import { newId } from '../../../db/dialect.ts';
import { runMaintenance } from '../../../platform/command.ts';
import { instantAfterDays } from '../../../lib/vi/index.ts';
import { sendMail } from '../../../platform/mail.ts';
import { launchBrowser, overflowing, screenshotPath, seriousAxe } from '../../../../test/support/browser.ts';
import { startSmtp } from '../../../../test/support/smtp.ts';
import { calendarRoutes } from './routes.tsx';
import { invitationMails } from './service.ts';

const LONG_TITLE = 'Hội nghị Ban Chấp hành Đảng bộ phường lần thứ mười hai (mở rộng) quán triệt, triển khai nhiệm vụ trọng tâm công tác xây dựng Đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội năm 2027';

let tdb: TestDb;
let app: FastifyInstance;
let base: string;
let filesDir: string;
let wardA: string;
let wardB: string;
const org: Record<string, string> = {};
const m: Record<string, string> = {};
const people: { withMail: string; mai: string } = { withMail: '', mai: '' };

interface MeetingSpec {
  ward?: string;
  title: string;
  host: string;
  invited?: string[];
  status: string;
  starts: string;
  minutes?: number;
  kind?: string;
}

async function insertMeeting(s: MeetingSpec): Promise<string> {
  const id = newId();
  const ward = s.ward ?? wardA;
  const ends = new Date(new Date(s.starts).getTime() + (s.minutes ?? 120) * 60_000).toISOString();
  const now = new Date().toISOString();
  await runMaintenance(tdb.db, 'test.meetings', async (q) => {
    await q
      .insertInto('meeting')
      .values({ id, ward_id: ward, kind_id: s.kind ?? 'mk-hoi_nghi', title: s.title, starts_at: s.starts, ends_at: ends, place: 'Phòng họp số 1 UBND phường', host_org_id: s.host, chair_person_id: null, secretary_person_id: null, status: s.status, summary: null, is_public: 1, closed_at: null, cancel_reason: s.status === 'cancelled' ? 'Trùng lịch làm việc của Quận ủy' : null, ics_sequence: 0, convened_at: null, approved_at: null, approved_by: null, article_id: null, search_text: s.title.toLowerCase(), version: 1, created_at: now, updated_at: now })
      .execute();
    for (const o of s.invited ?? []) await q.insertInto('meeting_org').values({ meeting_id: id, org_id: o, ward_id: ward }).execute();
  });
  return id;
}

before(async () => {
  tdb = await createTestDb();
  await loadDemo(tdb.db);
  const wards = await tdb.db.selectFrom('unit').select(['id', 'code']).where('code', 'in', ['DEMO-DONGTAM', 'DEMO-VINHTUY']).execute();
  wardA = wards.find((w) => w.code === 'DEMO-DONGTAM')?.id ?? '';
  wardB = wards.find((w) => w.code === 'DEMO-VINHTUY')?.id ?? '';
  for (const o of await tdb.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', wardA).execute()) org[o.short_name ?? ''] = o.id;
  const orgB = (await tdb.db.selectFrom('organization').select('id').where('ward_id', '=', wardB).executeTakeFirstOrThrow()).id;
  people.mai = (await tdb.db.selectFrom('app_user').select('person_id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).person_id ?? '';
  people.withMail = (await tdb.db.selectFrom('person').select('id').where('ward_id', '=', wardA).where('id', '!=', people.mai).orderBy('id').executeTakeFirstOrThrow()).id;
  await runMaintenance(tdb.db, 'test.people', (q) => q.updateTable('person').set({ email: 'chu.tich@dongtam.example.vn' }).where('id', '=', people.withMail).execute());

  const du = org['Đảng ủy'] as string;
  const pn = org['Hội LHPN'] as string;
  const doan = org['Đoàn TN'] as string;
  // November 2026 (Vietnam times in the comments).
  m.big = await insertMeeting({ title: LONG_TITLE, host: du, invited: [pn, doan], status: 'convened', starts: '2026-11-16T07:00:00.000Z' }); // Mon 16/11 14:00
  m.youth = await insertMeeting({ title: 'Giao ban công tác Đoàn tháng 11', host: doan, status: 'convened', starts: '2026-11-18T01:30:00.000Z', kind: 'mk-giao_ban' }); // Wed 18/11 08:30
  m.cancelled = await insertMeeting({ title: 'Buổi làm việc với Hội LHPN về phong trào phụ nữ', host: du, invited: [pn], status: 'cancelled', starts: '2026-11-20T02:00:00.000Z', kind: 'mk-buoi_lam_viec' }); // Fri 20/11 09:00
  m.draft = await insertMeeting({ title: 'Dự kiến hội nghị tổng kết năm 2026', host: du, invited: [pn], status: 'draft', starts: '2026-11-25T01:00:00.000Z' });
  m.otherWard = await insertMeeting({ ward: wardB, title: 'Hội nghị của phường Vĩnh Tuy', host: orgB, status: 'convened', starts: '2026-11-16T02:00:00.000Z' });
  // Relative to now, for the feed window (90 days back, a year ahead).
  m.soonPn = await insertMeeting({ title: 'Hội nghị sơ kết phong trào phụ nữ', host: du, invited: [pn], status: 'convened', starts: instantAfterDays(5) });
  m.soonYouth = await insertMeeting({ title: 'Sinh hoạt Đoàn định kỳ', host: doan, status: 'convened', starts: instantAfterDays(3) });
  m.tooOld = await insertMeeting({ title: 'Hội nghị cũ', host: pn, status: 'held', starts: instantAfterDays(-200) });
  m.tooFar = await insertMeeting({ title: 'Hội nghị xa', host: pn, status: 'convened', starts: instantAfterDays(400) });
  m.soonCancelled = await insertMeeting({ title: 'Hội nghị đã hủy sắp tới', host: pn, status: 'cancelled', starts: instantAfterDays(10) });

  await runMaintenance(tdb.db, 'test.meetings', async (q) => {
    await q.insertInto('meeting_attendee').values([
      { id: newId(), ward_id: wardA, meeting_id: m.big as string, person_id: people.withMail, guest_name: null, guest_title: null, role: 'member', status: 'confirmed', reason: null, posts_frozen: null, position: 1, version: 1, created_at: new Date().toISOString() },
      { id: newId(), ward_id: wardA, meeting_id: m.big as string, person_id: people.mai, guest_name: null, guest_title: null, role: 'member', status: 'invited', reason: null, posts_frozen: null, position: 2, version: 1, created_at: new Date().toISOString() },
      { id: newId(), ward_id: wardA, meeting_id: m.big as string, person_id: null, guest_name: 'Nguyễn Văn Khách', guest_title: 'Phóng viên Báo Hà Nội mới', role: 'press', status: 'invited', reason: null, posts_frozen: null, position: 3, version: 1, created_at: new Date().toISOString() },
    ]).execute();
    await q.insertInto('meeting_agenda_item').values([
      { id: newId(), ward_id: wardA, meeting_id: m.big as string, position: 1, title: 'Báo cáo kết quả thực hiện Nghị quyết năm 2026', presenter_person_id: null, presenter_name: null, planned_minutes: 30, carried_conclusion_id: null },
      { id: newId(), ward_id: wardA, meeting_id: m.big as string, position: 2, title: 'Thảo luận phương hướng năm 2027', presenter_person_id: null, presenter_name: null, planned_minutes: 60, carried_conclusion_id: null },
    ]).execute();
  });

  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-cal-'));
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: tdb.url, ROVIEC_FILES: filesDir }), mailFrom: 'Văn phòng Đảng ủy <vanphong@dongtam.example.vn>' };
  ({ app } = await buildApp(config, tdb.handle));
  // Until the integrator registers calendarRoutes inside the meetings feature, the test does.
  if (!app.hasRoute({ method: 'GET', url: '/app/meetings/calendar' })) await app.register(async (scope) => calendarRoutes(scope));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

/** The feed URL shown is of the configured origin (ROVIEC_PUBLIC_URL, D29); fetch it from this test's server. */
const local = (shown: string) => base + new URL(shown).pathname;

after(async () => {
  await app?.close();
  await tdb?.drop();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

const clients = new Map<string, Client>();
async function as(username: string): Promise<Client> {
  let c = clients.get(username);
  if (!c) {
    c = new Client(base);
    const res = await c.login(username);
    assert.equal(res.status, 302, `login ${username}`);
    clients.set(username, c);
  }
  return c;
}

/** Raw bytes of a GET with the client's cookies (to check the folding octet by octet). */
async function rawGet(c: Client | null, p: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (c?.cookies.size) headers.cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + p, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function parse(text: string): { cal: ICAL.Component; events: ICAL.Event[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return { cal, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

test('month page: each role sees the meetings of its scope; cancelled struck through; drafts for the office only', async () => {
  const office = await (await as('vanphong')).get('/app/meetings/calendar?month=2026-11');
  assert.equal(office.status, 200);
  for (const id of [m.big, m.youth, m.cancelled, m.draft]) assert.ok(office.text.includes(`href="/app/meetings/${id}"`), `office sees ${id}`);
  assert.ok(!office.text.includes(m.otherWard as string), 'another ward never shows');
  assert.match(office.text, /<time datetime="2026-11-16T07:00:00.000Z">14:00<\/time> <span class="cal-kind">Hội nghị<\/span>/);
  assert.match(office.text, /<s>Buổi làm việc với Hội LHPN về phong trào phụ nữ<\/s><\/a> <span class="badge badge-bad">Đã hủy<\/span>/);
  assert.match(office.text, /<caption>Lịch họp tháng 11\/2026, tuần bắt đầu từ thứ Hai<\/caption>/);
  assert.match(office.text, /<th scope="col">Thứ Hai<\/th>/);
  assert.match(office.text, /href="\/app\/meetings\/calendar\?month=2026-10" rel="prev"/);
  assert.match(office.text, /href="\/app\/meetings\/calendar\?month=2026-12" rel="next"/);

  const pn = (await (await as('phunu')).get('/app/meetings/calendar?month=2026-11')).text;
  assert.ok(pn.includes(m.big as string) && pn.includes(m.cancelled as string), 'Hội LHPN head sees the meetings inviting it');
  assert.ok(!pn.includes(m.youth as string), 'not the Đoàn meeting');
  assert.ok(!pn.includes(m.draft as string), 'not the draft');
  const items = (pn.match(/<li class="cal-m/g) ?? []).length;
  assert.ok(items >= 2);
  assert.ok(pn.includes(`>${items} cuộc họp<`), 'the count says how many are listed');

  const standing = (await (await as('thuongvu')).get('/app/meetings/calendar?month=2026-11')).text;
  assert.ok(standing.includes(m.youth as string) && !standing.includes(m.draft as string), 'standing sees all but drafts');

  const editor = (await (await as('bientap')).get('/app/meetings/calendar?month=2026-11')).text;
  assert.ok(editor.includes('Không có cuộc họp nào trong tháng này.'));
  assert.ok(![m.big, m.youth, m.cancelled].some((id) => editor.includes(id as string)));
});

test('month page: default month is today in Vietnam (marked), holidays named, bad month is a Vietnamese 400', async () => {
  const c = await as('phunu');
  const now = await c.get('/app/meetings/calendar');
  assert.equal(now.status, 200);
  assert.match(now.text, /<td class="[^"]*cal-now[^"]*" aria-current="date">/);
  assert.match(now.text, /<strong class="cal-tag">Hôm nay<\/strong>/);
  const sept = await c.get('/app/meetings/calendar?month=2026-09');
  assert.equal((sept.text.match(/cal-holname">Quốc khánh</g) ?? []).length, 2);
  const tet = await c.get('/app/meetings/calendar?month=2026-02');
  assert.equal((tet.text.match(/cal-holname">Tết Nguyên đán</g) ?? []).length, 5);
  for (const bad of ['2026-13', 'abc', '2026-1', '2026-11-01', '', '0000-01', '2026-11%00']) {
    const res = await c.get(`/app/meetings/calendar?month=${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match(res.text, /Tháng không hợp lệ: hãy ghi theo dạng năm-tháng, ví dụ 2026-11\./);
  }
  assert.equal((await c.get('/app/meetings/calendar?month=2026-11&month=2026-12')).status, 400);
});

test('.ics of a meeting: ical.js reads METHOD:REQUEST, stable UID, SEQUENCE, Vietnam time, organizer, attendees; folded at 75 octets', async () => {
  const c = await as('phunu');
  const raw = await rawGet(c, `/app/meetings/${m.big}/invite.ics`);
  assert.equal(raw.status, 200);
  assert.equal(raw.headers.get('content-type'), 'text/calendar; charset=utf-8; method=REQUEST');
  const text = raw.bytes.toString('utf8');
  // Every line at most 75 octets, CRLF-separated, and no UTF-8 sequence split across a fold.
  const lines = text.split('\r\n');
  assert.equal(lines.at(-1), '');
  for (const line of lines) {
    const bytes = Buffer.from(line, 'utf8');
    assert.ok(bytes.length <= 75, `line of ${bytes.length} octets: ${line}`);
  }
  let start = 0;
  for (let i = 0; i + 1 < raw.bytes.length; i++) {
    if (raw.bytes[i] === 0x0d && raw.bytes[i + 1] === 0x0a) {
      assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(raw.bytes.subarray(start, i)));
      start = i + 2;
    }
  }
  assert.ok(lines.some((l) => l.startsWith(' ')), 'the long title was folded');

  const { cal, events } = parse(text);
  assert.equal(cal.getFirstPropertyValue('method'), 'REQUEST');
  assert.equal(events.length, 1);
  const ev = events[0] as ICAL.Event;
  assert.equal(ev.uid, `${m.big}@roviec`);
  assert.equal(ev.sequence, 0);
  assert.equal(ev.summary, LONG_TITLE);
  assert.equal(ev.location, 'Phòng họp số 1 UBND phường');
  assert.ok(text.includes('\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20261116T140000\r\n'));
  assert.ok(text.includes('\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n'));
  assert.equal(ev.startDate.zone?.tzid, 'Asia/Ho_Chi_Minh');
  assert.equal(ev.startDate.toString(), '2026-11-16T14:00:00');
  assert.equal(ev.startDate.toJSDate().toISOString(), '2026-11-16T07:00:00.000Z');
  assert.equal(ev.endDate.toString(), '2026-11-16T16:00:00');
  assert.match(ev.description, /Loại: Hội nghị\nCơ quan chủ trì: Đảng ủy phường\nNội dung:\n1\. Báo cáo kết quả thực hiện Nghị quyết năm 2026\n2\. Thảo luận phương hướng năm 2027/);
  assert.ok(ev.description.includes(`/app/meetings/${m.big}`));
  const organizer = ev.component.getFirstProperty('organizer');
  assert.equal(organizer?.getParameter('cn'), 'Đảng ủy phường');
  assert.equal(String(organizer?.getFirstValue()).toLowerCase(), 'mailto:vanphong@dongtam.example.vn');
  const attendees = ev.attendees.map((a) => ({ cn: a.getParameter('cn'), to: String(a.getFirstValue()).toLowerCase(), partstat: a.getParameter('partstat'), role: a.getParameter('role') }));
  const names = await tdb.db.selectFrom('person').select(['id', 'full_name']).where('id', 'in', [people.withMail, people.mai]).execute();
  assert.deepEqual(attendees.map((a) => a.cn), [names.find((n) => n.id === people.withMail)?.full_name, names.find((n) => n.id === people.mai)?.full_name, 'Nguyễn Văn Khách']);
  assert.equal(attendees[0]?.to, 'mailto:chu.tich@dongtam.example.vn');
  assert.equal(attendees[0]?.partstat, 'ACCEPTED');
  assert.match(attendees[1]?.to ?? '', /^mailto:[0-9a-f-]+@khong-co-thu\.invalid$/);
  assert.equal(attendees[1]?.partstat, 'NEEDS-ACTION');
  assert.equal(attendees[2]?.role, 'NON-PARTICIPANT');
});

test('.ics: a changed meeting gives SEQUENCE 1 and the new time; a cancelled one METHOD:CANCEL and STATUS:CANCELLED', async () => {
  const c = await as('vanphong');
  await runMaintenance(tdb.db, 'test.move', (q) => q.updateTable('meeting').set({ ics_sequence: 1, starts_at: '2026-11-17T01:00:00.000Z', ends_at: '2026-11-17T03:00:00.000Z', updated_at: new Date().toISOString() }).where('id', '=', m.big as string).execute());
  const moved = await c.get(`/app/meetings/${m.big}/invite.ics`);
  const ev = parse(moved.text).events[0] as ICAL.Event;
  assert.equal(ev.uid, `${m.big}@roviec`);
  assert.equal(ev.sequence, 1);
  assert.equal(ev.startDate.toString(), '2026-11-17T08:00:00');
  await runMaintenance(tdb.db, 'test.move', (q) => q.updateTable('meeting').set({ ics_sequence: 0, starts_at: '2026-11-16T07:00:00.000Z', ends_at: '2026-11-16T09:00:00.000Z' }).where('id', '=', m.big as string).execute());

  const cancelled = await c.get(`/app/meetings/${m.cancelled}/invite.ics`);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.headers.get('content-type'), 'text/calendar; charset=utf-8; method=CANCEL');
  const p = parse(cancelled.text);
  assert.equal(p.cal.getFirstPropertyValue('method'), 'CANCEL');
  assert.equal(p.events[0]?.component.getFirstPropertyValue('status'), 'CANCELLED');
  assert.match(p.events[0]?.description ?? '', /^Đã hủy cuộc họp\.\nLý do hủy: Trùng lịch làm việc của Quận ủy/);
});

test('.ics: another ward, out of scope, a draft outside the office, a bad id → 404 (never 403)', async () => {
  const office = await as('vanphong');
  assert.equal((await office.get(`/app/meetings/${m.otherWard}/invite.ics`)).status, 404);
  assert.equal((await office.get(`/app/meetings/${m.draft}/invite.ics`)).status, 200);
  assert.equal((await office.get('/app/meetings/khong-phai-id/invite.ics')).status, 404);
  const pn = await as('phunu');
  assert.equal((await pn.get(`/app/meetings/${m.youth}/invite.ics`)).status, 404);
  assert.equal((await pn.get(`/app/meetings/${m.draft}/invite.ics`)).status, 404);
  assert.equal((await (await as('thuongvu')).get(`/app/meetings/${m.draft}/invite.ics`)).status, 404);
  const otherHead = await as('vinhtuy.doan');
  assert.equal((await otherHead.get(`/app/meetings/${m.big}/invite.ics`)).status, 404);
  assert.equal((await otherHead.get(`/app/meetings/${m.otherWard}/invite.ics`)).status, 404);
});

test('personal feed: create shows the secret URL once; fetched without a cookie it lists the user’s meetings only; renew and revoke → 404', async () => {
  const c = await as('phunu');
  const page = await c.get('/app/meetings/calendar/feed');
  assert.equal(page.status, 200);
  assert.match(page.text, /Bạn chưa có lịch cá nhân\./);
  const created = await c.post('/app/meetings/calendar/feed');
  assert.equal(created.status, 200);
  assert.equal(created.headers.get('cache-control'), 'no-store');
  const url = /value="(http:\/\/localhost:3000\/lich\/cal_[A-Za-z0-9_-]{43}\.ics)"/.exec(created.text)?.[1];
  assert.ok(url, 'the URL is shown');
  const token = /\/lich\/(cal_[^.]+)\.ics/.exec(url)?.[1] ?? '';
  const stored = await tdb.db.selectFrom('calendar_feed').selectAll().where('ward_id', '=', wardA).execute();
  assert.equal(stored.length, 1);
  assert.ok(stored[0]?.token_hash.match(/^[0-9a-f]{64}$/) && !JSON.stringify(stored).includes(token), 'only the hash is stored');
  const audit = await tdb.db.selectFrom('audit_event').select(['action', 'after_json']).where('entity_id', '=', stored[0]?.id ?? '').execute();
  assert.equal(audit[0]?.action, 'calendar_feed.create');
  assert.ok(!(audit[0]?.after_json ?? '').includes(token), 'the token is never audited');
  assert.doesNotMatch((await c.get('/app/meetings/calendar/feed')).text, /cal_[A-Za-z0-9_-]{43}/, 'shown only once');

  const res = await fetch(local(url)); // real HTTP, no cookie
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8; method=PUBLISH');
  assert.equal(res.headers.get('cache-control'), 'private, max-age=300');
  assert.equal(res.headers.get('set-cookie'), null);
  const feed = parse(await res.text());
  assert.equal(feed.cal.getFirstPropertyValue('method'), 'PUBLISH');
  const uids = new Set(feed.events.map((e) => e.uid));
  assert.ok(uids.has(`${m.soonPn}@roviec`), 'the meeting inviting Hội LHPN');
  assert.ok(uids.has(`${m.soonCancelled}@roviec`), 'the cancelled one too');
  for (const id of [m.soonYouth, m.tooOld, m.tooFar, m.draft, m.youth, m.otherWard]) assert.ok(!uids.has(`${id}@roviec`), `not ${id}`);
  const cancelledEv = feed.events.find((e) => e.uid === `${m.soonCancelled}@roviec`);
  assert.equal(cancelledEv?.component.getFirstPropertyValue('status'), 'CANCELLED');

  // Renew: a new URL, the old one is gone for good.
  const renewed = await c.post('/app/meetings/calendar/feed');
  const url2 = /value="(http:[^"]+\.ics)"/.exec(renewed.text)?.[1] ?? '';
  assert.notEqual(url2, url);
  assert.equal((await fetch(local(url))).status, 404);
  assert.equal((await fetch(local(url2))).status, 200);

  // Someone else cannot revoke it; its owner can.
  const feedId = /name="feed" value="([^"]+)"/.exec((await c.get('/app/meetings/calendar/feed')).text)?.[1] ?? '';
  assert.equal((await (await as('vanphong')).post('/app/meetings/calendar/feed/revoke', { feed: feedId })).status, 403);
  assert.equal((await fetch(local(url2))).status, 200);
  const revoked = await c.post('/app/meetings/calendar/feed/revoke', { feed: feedId });
  assert.equal(revoked.status, 303);
  assert.equal((await fetch(local(url2))).status, 404);
  assert.match((await c.get('/app/meetings/calendar/feed')).text, /Bạn chưa có lịch cá nhân\./);
  assert.equal((await c.post('/app/meetings/calendar/feed/revoke', { feed: 'khong-phai-id' })).status, 400);
  const actions = await tdb.db.selectFrom('audit_event').select('action').where('entity_type', '=', 'calendar_feed').execute();
  assert.deepEqual(actions.map((a) => a.action).sort(), ['calendar_feed.create', 'calendar_feed.create', 'calendar_feed.revoke']);
});

test('personal feed: a disabled user’s feed is a 404; unknown and malformed tokens too', async () => {
  const c = await as('hoivien');
  const url = /value="(http:[^"]+\.ics)"/.exec((await c.post('/app/meetings/calendar/feed')).text)?.[1] ?? '';
  const ok = await fetch(local(url));
  assert.equal(ok.status, 200);
  const uids = new Set(parse(await ok.text()).events.map((e) => e.uid));
  assert.ok(uids.has(`${m.soonPn}@roviec`) && !uids.has(`${m.soonYouth}@roviec`), 'a member sees its organization’s meetings');
  await runMaintenance(tdb.db, 'test.disable', (q) => q.updateTable('app_user').set({ disabled: 1 }).where('username', '=', 'hoivien').execute());
  assert.equal((await fetch(local(url))).status, 404);
  await runMaintenance(tdb.db, 'test.disable', (q) => q.updateTable('app_user').set({ disabled: 0 }).where('username', '=', 'hoivien').execute());
  assert.equal((await fetch(local(url))).status, 200);
  assert.equal((await fetch(`${base}/lich/cal_${'A'.repeat(43)}.ics`)).status, 404);
  assert.equal((await fetch(`${base}/lich/abc.ics`)).status, 404);
  assert.equal((await fetch(`${base}/lich/cal_${'A'.repeat(43)}.txt`)).status, 404);
});

test('route × role table of the calendar routes', async () => {
  const roles = ['quantri', 'thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap'] as const;
  // Expected status per caller (anonymous first): page GETs send anonymous callers to /login (302).
  const table: [string, string, (string | number)[]][] = [
    ['GET', '/app/meetings/calendar?month=2026-11', [302, 200, 200, 200, 200, 200, 200]],
    ['GET', `/app/meetings/${m.big}/invite.ics`, [302, 200, 200, 200, 200, 200, 404]],
    ['GET', `/app/meetings/${m.draft}/invite.ics`, [302, 200, 404, 200, 404, 404, 404]],
    ['GET', '/app/meetings/calendar/feed', [302, 200, 200, 200, 200, 200, 200]],
    ['POST', '/app/meetings/calendar/feed', [401, 200, 200, 200, 200, 200, 200]],
    ['POST', '/app/meetings/calendar/feed/revoke', [401, 404, 404, 404, 404, 404, 404]],
    ['GET', `/lich/cal_${'B'.repeat(43)}.ics`, [404, 404, 404, 404, 404, 404, 404]],
  ];
  const problems: string[] = [];
  for (const [method, url, expected] of table) {
    for (let i = 0; i <= roles.length; i++) {
      const who = i === 0 ? 'anonymous' : (roles[i - 1] as string);
      const c = i === 0 ? new Client(base) : await as(who);
      const res = method === 'GET' ? await c.get(url) : i === 0 ? await c.request('POST', url) : await c.post(url, url.endsWith('revoke') ? { feed: newId() } : {});
      if (res.status !== expected[i]) problems.push(`${method} ${url} as ${who}: ${res.status}, expected ${expected[i]}`);
    }
  }
  assert.deepEqual(problems, []);
  const rules = app.routeRules.filter((r) => r.url.startsWith('/app/meetings/calendar') || r.url.includes('invite.ics') || r.url.startsWith('/lich/'));
  assert.deepEqual(rules.map((r) => `${r.method} ${r.url} ${JSON.stringify(r.access)}`).sort(), [
    'GET /app/meetings/:id/invite.ics "auth"',
    'GET /app/meetings/calendar "auth"',
    'GET /app/meetings/calendar/feed "auth"',
    'GET /lich/:token.ics "public"',
    'POST /app/meetings/calendar/feed "auth"',
    'POST /app/meetings/calendar/feed/revoke "auth"',
  ]);
  assert.ok(DB_KIND === 'sqlite' || DB_KIND === 'postgres');
});

test('invitation e-mails: the .ics travels as text/calendar; method=REQUEST through SMTP from ROVIEC_MAIL_FROM', async () => {
  const smtp = await startSmtp();
  const { mails, url: smtpUrl } = smtp;
  try {
    const users = await tdb.db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['hoivien', 'phunu']).execute();
    await runMaintenance(tdb.db, 'test.people', (q) => q.updateTable('person').set({ email: 'mai@dongtam.example.vn' }).where('id', '=', people.mai).execute());
    const opts = { baseUrl: 'https://roviec.example.vn', organizerEmail: 'vanphong@dongtam.example.vn' };
    const messages = await invitationMails(tdb.db, wardA, m.big as string, users.map((u) => u.id), opts);
    assert.equal(messages.length, 1, 'phunu has no linked person, so no address');
    assert.equal(messages[0]?.to, 'mai@dongtam.example.vn');
    assert.match(messages[0]?.subject ?? '', /^Giấy mời họp: Hội nghị Ban Chấp hành .* \(Chiều ngày 16\/11\/2026, 14:00\)$/);
    assert.deepEqual(await invitationMails(tdb.db, wardB, m.big as string, users.map((u) => u.id), opts), [], 'another ward: nothing');
    const sent = await sendMail({ smtpUrl, mailFrom: 'Văn phòng Đảng ủy <vanphong@dongtam.example.vn>' }, messages);
    assert.deepEqual(sent, { sent: 1, failed: 0 });
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.to, 'mai@dongtam.example.vn');
    assert.match(mails[0]?.raw ?? '', /^From: =\?UTF-8\?[^\n]*\r\n [^\n]*<vanphong@dongtam\.example\.vn>\r\n/m);
    assert.match(mails[0]?.raw ?? '', /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const cancel = await invitationMails(tdb.db, wardA, m.cancelled as string, users.map((u) => u.id), opts);
    assert.match(cancel[0]?.subject ?? '', /^Hủy cuộc họp: /);
    assert.equal(cancel[0]?.icalEvent?.method, 'CANCEL');
    assert.deepEqual(await sendMail({ smtpUrl: undefined }, messages), { sent: 0, failed: 0 }, 'no SMTP_URL: no mail');
  } finally {
    await smtp.close();
  }
});

// The markup does not depend on the database: the checker and the browser run on SQLite only.
const markupSkip = DB_KIND === 'postgres' ? 'same markup as on SQLite' : false;
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

test('calendar pages are valid HTML (Nu Html Checker)', { skip: markupSkip, timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-cal-vnu-'));
  try {
    const office = await as('vanphong');
    const pages: Record<string, string> = {
      month: (await office.get('/app/meetings/calendar?month=2026-11')).text,
      holidays: (await office.get('/app/meetings/calendar?month=2026-09')).text,
      feed: (await office.get('/app/meetings/calendar/feed')).text,
      created: (await office.post('/app/meetings/calendar/feed')).text,
      badMonth: (await office.get('/app/meetings/calendar?month=2026-13')).text,
    };
    const files = Object.entries(pages).map(([name, html]) => {
      const f = path.join(dir, `${name}.html`);
      fs.writeFileSync(f, html);
      return f;
    });
    const out = await new Promise<string>((resolve) => execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', ...files], { maxBuffer: 16 * 1024 * 1024 }, (_err, stdout) => resolve(stdout)));
    const { messages } = JSON.parse(out) as { messages: { type: string; subType?: string; message: string; url: string; lastLine?: number }[] };
    const errors = messages.filter((x) => x.type === 'error' || x.subType === 'fatal').map((x) => `${path.basename(x.url)}:${x.lastLine ?? ''} ${x.message}`);
    assert.deepEqual(errors, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('at 360 px the month is a list of the days with meetings, nothing overflows, no serious axe violation', { skip: markupSkip, timeout: 180_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const problems: string[] = [];
    const office = await as('vanphong');
    const cookies = [...office.cookies].map(([name, value]) => ({ name, value, url: base }));
    for (const width of [360, 1280]) {
      const page = await browser.newPage({ width, height: 740, baseURL: base });
      await page.context().addCookies(cookies);
      await page.goto('/app/meetings/calendar?month=2026-11');
      await page.screenshot({ path: screenshotPath(`meetings-calendar-${width}`), fullPage: true });
      const visibleDays = await page.locator('td.cal-d:visible').count();
      const daysWithMeetings = await page.locator('td.cal-has').count();
      if (width === 360) {
        if (visibleDays !== daysWithMeetings) problems.push(`360: ${visibleDays} day cells shown, ${daysWithMeetings} have meetings`);
        if (!(await page.getByText('Thứ Hai, 16/11/2026').isVisible())) problems.push('360: the full date of a day is not shown');
        for (const o of await overflowing(page)) problems.push(`360 overflows: ${o}`);
      } else if (visibleDays !== 42) problems.push(`1280: ${visibleDays} day cells, expected 6 weeks × 7`);
      for (const v of await seriousAxe(page)) problems.push(`${width}: ${v}`);
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
