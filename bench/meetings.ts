// Benchmarks of the meetings room (issue 9, "What must be shown"), as functions for bench/run.ts:
// 1. GET /app/meetings/:id as the office — the meeting page (attendees printed with their posts of
//    the day, proceedings, conclusions with the status of the tasks made from them, the office's forms);
// 2. GET /app/meetings/:id/documents/minutes.docx — the minutes in Word: time per request, and peak
//    memory (RSS over idle) of the app process while it exports, and of one export alone in its own
//    process (bench/lib/docx-child.ts);
// 3. GET /api/v1/meetings/:id — the same record over the JSON API (bearer token).
// The meeting is written through the meetings service with a system actor, as the office records it.
import type { Db } from '../src/db/index.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { systemActor } from '../src/platform/actor.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { addAgendaItem, addAttendee, addConclusion, addDirective, addReport, createMeeting, markHeld, turnIntoTasks } from '../src/features/meetings/service.ts';
import { meetingDocumentFile } from '../src/features/meetings/documents.ts';
import { AgendaInput, AttendeeInput, ConclusionInput, DirectiveInput, MeetingInput, ReportInput, type Attendance } from '../src/features/meetings/schema.ts';
import { Client, type Res } from '../test/support/app.ts';
import type { Target } from './lib/load.ts';

/** Sizes of the generated meeting. */
export const MEETING_SIZES = { attendees: 30, conclusions: 20, turnedIntoTasks: 12, reports: 4, directives: 3, agenda: 3 } as const;
/** A past day (a meeting is marked held only once it started), Vietnam time. */
export const MEETING_DAY = '2026-03-12';
const HOST = 'BTV Đảng ủy';
const BODIES = ['UBMTTQ', 'Đoàn TN', 'Hội LHPN', 'Hội CCB', 'Công đoàn', 'Hội NCT'];

/** Attendance of the 30, in list order: most present, some late or leaving early, excused, absent, one never confirmed. */
const STATUSES: [Attendance, string | null][] = [
  ...Array.from({ length: 21 }, (): [Attendance, null] => ['present', null]),
  ['late', null],
  ['late', null],
  ['left_early', null],
  ['excused', 'Đi học lớp trung cấp lý luận chính trị'],
  ['excused', 'Ốm'],
  ['excused', 'Đi công tác theo phân công của Đảng ủy'],
  ['absent', 'Không báo lý do'],
  ['absent', null],
  ['confirmed', null],
];

export const conclusionText = (n: number) => `Kết luận đo hiệu năng số ${n}: các tổ chức rà soát, đôn đốc thực hiện nhiệm vụ trọng tâm, báo cáo kết quả về Văn phòng Đảng ủy.`;

export interface MeetingsGen {
  meetingId: string;
  /** The 30 attendees' names as the register holds them. */
  names: string[];
  /** Tasks made from conclusions, and how many of them were marked done. */
  tasks: number;
  tasksDone: number;
  /** An API token of the office account `vanphong`. */
  token: string;
  ms: number;
}

/**
 * One held meeting of the Standing Committee with 30 attendees of the register (those holding a
 * post first, so most print one), 3 agenda items, 4 reports, 3 directives and 20 conclusions: 15
 * task conclusions of which the first 12 are turned into tasks (two per conclusion: its lead body
 * and the body it is addressed to; the first four conclusions' tasks then marked done, half due
 * before today), 3 decisions and 2 items of information. Written through the meetings service as
 * a system actor (each write its own command with its audit row); the "done" marks are bench
 * maintenance. Also a bearer token of the office account `vanphong`.
 */
export async function generateMeeting(db: Db, wardId: string): Promise<MeetingsGen> {
  const t0 = performance.now();
  const actor = systemActor(wardId, 'Dữ liệu đo hiệu năng');
  const orgs = await db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', wardId).where('valid_to', 'is', null).execute();
  const org = (s: string) => {
    const id = orgs.find((o) => o.short_name === s)?.id;
    if (!id) throw new Error(`bench: the ward has no organization "${s}"`);
    return id;
  };
  const posted = await db
    .selectFrom('position')
    .innerJoin('person', 'person.id', 'position.person_id')
    .select(['person.id', 'person.full_name'])
    .distinct()
    .where('position.ward_id', '=', wardId)
    .where('position.end_on', 'is', null)
    .where('person.ended_on', 'is', null)
    .orderBy('person.full_name')
    .orderBy('person.id')
    .limit(MEETING_SIZES.attendees)
    .execute();
  const others = await db
    .selectFrom('person')
    .select(['id', 'full_name'])
    .where('ward_id', '=', wardId)
    .where('ended_on', 'is', null)
    .where('id', 'not in', posted.length ? posted.map((p) => p.id) : [''])
    .orderBy('sort_key')
    .limit(MEETING_SIZES.attendees - posted.length)
    .execute();
  const people = [...posted, ...others];
  if (people.length < MEETING_SIZES.attendees) throw new Error(`bench: only ${people.length} people for the meeting`);

  const kind = await db.selectFrom('meeting_kind').select('id').where('code', '=', 'hop_btv').executeTakeFirst();
  const meetingId = await createMeeting(
    db,
    actor,
    MeetingInput.parse({
      kind_id: kind?.id ?? 'mk-hop_btv',
      title: 'Ban Thường vụ Đảng ủy giao ban công tác quý I năm 2026 (đo hiệu năng)',
      date: MEETING_DAY.split('-').reverse().join('/'),
      start_time: '08:00',
      end_time: '11:30',
      place: 'phòng họp số 1, trụ sở Đảng ủy phường',
      host_org_id: org(HOST),
      chair_person_id: people[0]?.id,
      secretary_person_id: people[1]?.id,
      invited_org_ids: BODIES.map(org),
      summary: 'Đánh giá kết quả thực hiện nhiệm vụ quý I, triển khai nhiệm vụ trọng tâm quý II năm 2026.',
      is_public: '1',
    }),
  );
  for (const title of ['Báo cáo kết quả công tác quý I năm 2026', 'Các đoàn thể báo cáo, đề xuất', 'Đồng chí Bí thư Đảng ủy kết luận']) {
    await addAgendaItem(db, actor, meetingId, AgendaInput.parse({ title, planned_minutes: '45' }));
  }
  for (const [i, p] of people.entries()) {
    const [status, reason] = STATUSES[i] ?? ['present', null];
    await addAttendee(db, actor, meetingId, AttendeeInput.parse({ person_id: p.id, status, reason: reason ?? '', featured: i < 2 ? '1' : '' }));
  }
  for (const b of BODIES.slice(0, MEETING_SIZES.reports)) {
    await addReport(db, actor, meetingId, ReportInput.parse({ org_id: org(b), summary: `${b} báo cáo kết quả công tác quý I năm 2026: tổ chức tuyên truyền, vận động hội viên, đoàn viên thực hiện nghị quyết; phát triển hội viên mới; phối hợp giám sát việc thực hiện quy chế dân chủ ở cơ sở.`, is_public: '1' }));
  }
  for (let i = 0; i < MEETING_SIZES.directives; i++) {
    await addDirective(db, actor, meetingId, DirectiveInput.parse({ speaker_person_id: people[2 + i]?.id, content: `Đề nghị các đoàn thể bám sát chương trình công tác năm, làm rõ người, rõ việc, rõ thời gian, rõ kết quả (ý kiến chỉ đạo số ${i + 1}).`, org_ids: BODIES.slice(i, i + 2).map(org), is_public: '1' }));
  }
  const kindOf = (n: number) => (n <= 15 ? 'task' : n <= 18 ? 'decision' : 'information');
  const addN = async (n: number) => {
    const lead = BODIES[n % BODIES.length] as string;
    const addressed = BODIES[(n + 1) % BODIES.length] as string;
    const task = kindOf(n) === 'task';
    await addConclusion(db, actor, meetingId, ConclusionInput.parse({ kind: kindOf(n), content: conclusionText(n), lead_org_id: task ? org(lead) : '', addressed_org_ids: [org(addressed)], due_on: task ? (n % 2 ? '30/06/2026' : '31/12/2026') : '', is_public: '1' }));
  };
  for (let n = 1; n <= MEETING_SIZES.turnedIntoTasks; n++) await addN(n);
  const version = async () => (await db.selectFrom('meeting').select('version').where('id', '=', meetingId).executeTakeFirstOrThrow()).version;
  await markHeld(db, actor, meetingId, { closed_time: '11:15', version: await version() });
  const tasks = await turnIntoTasks(db, actor, meetingId);
  // Conclusions recorded afterwards: not turned into tasks yet.
  for (let n = MEETING_SIZES.turnedIntoTasks + 1; n <= MEETING_SIZES.conclusions; n++) await addN(n);

  // The first four conclusions carried out: their tasks done (bench data, not a user's report).
  const doneOf = await db.selectFrom('meeting_conclusion').select('id').where('meeting_id', '=', meetingId).where('number', '<=', 4).execute();
  const done = await runMaintenance(db, 'bench.meetings', (q) =>
    q.updateTable('task').set({ progress_percent: 100, progress_on: '2026-05-20', done_on: '2026-05-20' }).where('ward_id', '=', wardId).where('origin_kind', '=', 'conclusion').where('origin_ref', 'in', doneOf.map((c) => c.id)).executeTakeFirst(),
  );
  const office = await db.selectFrom('app_user').select('id').where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  const { token } = await runMaintenance(db, 'bench.tokens', (q) => createToken(q, office.id, 'bench meetings', null));
  return { meetingId, names: people.map((p) => p.full_name), tasks, tasksDone: Number(done.numUpdatedRows), token, ms: Math.round(performance.now() - t0) };
}

export interface DocxMeasure {
  /** The first export in the process (cold: first use of the code paths). */
  firstMs: number;
  bytes: number;
  rssBeforeMB: number;
  peakRssMB: number;
  peakHeapUsedMB: number;
  /** Mean of `warmRuns` further exports, one after another. */
  warmMs: number;
  warmRuns: number;
}

/**
 * The minutes of `meetingId` as .docx in this process (as the route makes them): the first export
 * timed with memory sampled every 5 ms (`afterFirst` runs right after it), then `warmRuns` more timed.
 */
export async function measureMinutesDocx(db: Db, wardId: string, meetingId: string, warmRuns = 20, afterFirst?: () => void): Promise<DocxMeasure> {
  const actor = systemActor(wardId);
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  const f = await meetingDocumentFile(db, actor, meetingId, 'minutes', 'docx');
  const firstMs = performance.now() - t0;
  sample();
  clearInterval(timer);
  afterFirst?.();
  const t1 = performance.now();
  for (let i = 0; i < warmRuns; i++) await meetingDocumentFile(db, actor, meetingId, 'minutes', 'docx');
  const warmMs = (performance.now() - t1) / warmRuns;
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  const r = (n: number) => Math.round(n * 10) / 10;
  return { firstMs: r(firstMs), bytes: f.body.length, rssBeforeMB: mb(before.rss), peakRssMB: mb(peakRss), peakHeapUsedMB: mb(peakHeap), warmMs: r(warmMs), warmRuns };
}

export const meetingPaths = (id: string) => ({ page: `/app/meetings/${id}`, minutes: `/app/meetings/${id}/documents/minutes.docx`, api: `/api/v1/meetings/${id}` });

export interface MeetingChecks {
  page: { htmlKB: number; options: number };
  docx: { bytes: number; ms: number };
  api: { attendees: number; conclusions: number; withTasks: number };
}

/**
 * Checks the three targets answer what they should: the page (200, HTML, every attendee's name and
 * every conclusion), the minutes (200, Word type, a zip: "PK", a table row per attendee cannot be
 * read without unzipping, so its size is checked), the API (200, JSON, 30 attendees with their
 * statuses, 20 conclusions, the turned ones with their task ids). Throws on a wrong answer.
 */
export async function checkMeetings(base: string, cookie: string, gen: MeetingsGen): Promise<MeetingChecks> {
  const p = meetingPaths(gen.meetingId);
  const office = new Client(base);
  const fail = (what: string, res?: Res) => new Error(`bench: ${what}${res ? ` (status ${res.status}, ${res.text.slice(0, 200).replace(/\s+/g, ' ')})` : ''}`);
  const page = await office.request('GET', p.page, { headers: { cookie } });
  const missing = gen.names.filter((n) => !page.text.includes(n));
  const missingC = Array.from({ length: MEETING_SIZES.conclusions }, (_, i) => conclusionText(i + 1)).filter((c) => !page.text.includes(c));
  if (page.status !== 200 || !page.headers.get('content-type')?.includes('text/html') || missing.length || missingC.length || page.text.includes('name="password"')) {
    throw fail(`GET ${p.page}: ${missing.length} of ${gen.names.length} attendees and ${missingC.length} of ${MEETING_SIZES.conclusions} conclusions missing`, page);
  }
  const t0 = performance.now();
  const r = await fetch(base + p.minutes, { headers: { cookie } });
  const body = Buffer.from(await r.arrayBuffer());
  const ms = Math.round(performance.now() - t0);
  if (r.status !== 200 || !r.headers.get('content-type')?.includes('wordprocessingml') || body.subarray(0, 2).toString() !== 'PK' || body.length < 5_000) {
    throw fail(`GET ${p.minutes}: status ${r.status}, ${r.headers.get('content-type')}, ${body.length} bytes`);
  }
  const api = await office.api('GET', p.api, undefined, gen.token);
  const j = api.status === 200 ? api.json<{ attendees?: { status: string }[]; conclusions?: { task_ids: string[] }[] }>() : {};
  const statuses = new Set(j.attendees?.map((a) => a.status));
  const withTasks = j.conclusions?.filter((c) => c.task_ids.length > 0).length ?? 0;
  if (!api.headers.get('content-type')?.includes('application/json') || j.attendees?.length !== MEETING_SIZES.attendees || statuses.size < 5 || j.conclusions?.length !== MEETING_SIZES.conclusions || withTasks !== MEETING_SIZES.turnedIntoTasks) {
    throw fail(`GET ${p.api}: ${j.attendees?.length} attendees (${[...statuses].join(', ')}), ${j.conclusions?.length} conclusions, ${withTasks} with tasks`, api);
  }
  return { page: { htmlKB: Math.round(page.text.length / 1024), options: (page.text.match(/<option/g) ?? []).length }, docx: { bytes: body.length, ms }, api: { attendees: j.attendees.length, conclusions: j.conclusions.length, withTasks } };
}

/** The autocannon targets: the page and the minutes as the office (session cookie), the API by bearer token. */
export function meetingTargets(base: string, cookie: string, gen: MeetingsGen): { page: Target; minutes: Target; api: Target } {
  const p = meetingPaths(gen.meetingId);
  return {
    page: { name: 'GET /app/meetings/:id (30 attendees, 20 concl.)', url: base + p.page, headers: { cookie }, expectStatus: 200 },
    minutes: { name: 'GET /app/meetings/:id/documents/minutes.docx', url: base + p.minutes, headers: { cookie }, expectStatus: 200 },
    api: { name: 'GET /api/v1/meetings/:id (bearer)', url: base + p.api, headers: { authorization: `Bearer ${gen.token}`, accept: 'application/json' }, expectStatus: 200 },
  };
}
