// The programme pages at scale: how many queries a page costs must not grow with its tasks (no
// query per task), the ward-wide schedule comes a page at a time with every row one click away
// (and in the XLSX), the dashboard's lists are bounded, and the owner filter lists task owners only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { QueryTracer } from '../../../bench/lib/tracer.ts';
import { Client, createTestDb, type TestDb } from '../../../test/support/app.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { loadDemo } from '../../demo/seed.ts';
import { BOARD_LIST_ROWS } from './board-views.tsx';
import { SCHEDULE_PAGE_ROWS } from './schedule.ts';
import { refreshTaskState } from './state.ts';
import { insertTask } from './service.ts';
import { taskPlan } from './schema.ts';

const tracer = new QueryTracer();
let tdb: TestDb;
let app: FastifyInstance;
let filesDir: string;
let c: Client;
let wardA = '';
let pnOrg = '';
let pnProg = '';
let pnTask = '';

before(async () => {
  tdb = await createTestDb();
  await loadDemo(tdb.db);
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-files-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: tdb.url, ROVIEC_FILES: filesDir });
  // The app's database handle notes every query while the tracer is on.
  ({ app } = await buildApp(config, { ...tdb.handle, db: tdb.handle.db.withPlugin(tracer) }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  c = new Client(`http://127.0.0.1:${addr.port}`);
  assert.equal((await c.login('vanphong')).status, 302);
  wardA = (await tdb.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow()).id;
  pnOrg = (await tdb.db.selectFrom('organization').select('id').where('ward_id', '=', wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  pnProg = (await tdb.db.selectFrom('programme').select('id').where('org_id', '=', pnOrg).where('year', '=', 2017).executeTakeFirstOrThrow()).id;
  pnTask = (await tdb.db.selectFrom('task').select('id').where('programme_id', '=', pnProg).where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;
});
after(async () => {
  await app?.close();
  await tdb?.drop();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

/** Adds `n` unfinished tasks of 2017 to Hội LHPN's programme (owners in turn, a report on every other one, sub-tasks in two branches on every 25th). */
let added = 0;
async function addTasks(n: number): Promise<void> {
  const pn = pnOrg;
  const branches = await tdb.db.selectFrom('organization').select('id').where('parent_id', '=', pn).orderBy('sort_order').limit(2).execute();
  const people = await tdb.db.selectFrom('person').select('id').where('ward_id', '=', wardA).where('ended_on', 'is', null).orderBy('sort_key').limit(7).execute();
  const sys = systemActor(wardA);
  const plan = (i: number, lead: string) =>
    taskPlan({
      title: `Nhiệm vụ bổ sung số ${i}: vận động hội viên giữ gìn vệ sinh ngõ phố`,
      description: 'Mỗi chi hội một buổi ra quân.',
      owner_person_id: people[i % people.length]?.id ?? null,
      lead_org_id: lead,
      start_on: '2017-02-01',
      due_on: '2017-06-30',
      result_kind: 'deliverable',
      deliverable: 'Báo cáo',
      milestones: [
        { month: '2017-03', planned_percent: 30, title: null },
        { month: '2017-06', planned_percent: 100, title: null },
      ],
    });
  await tdb.db.transaction().execute((tx) => runMaintenance(tx, 'test.fixture', async (trx) => {
    for (let j = 1; j <= n; j++) {
      const i = ++added; // numbered on across calls
      const id = await insertTask(trx, sys, { programmeId: pnProg, parentId: null, sortOrder: 10_000 + i }, plan(i, pn));
      if (i % 2) await trx.insertInto('progress_update').values({ id: newId(), ward_id: wardA, task_id: id, reported_on: '2017-03-20', percent: 20, value: null, note: null, user_id: null, actor_label: 'test', created_at: nowIso() }).execute();
      if (i % 25 === 0) for (const b of branches) await insertTask(trx, sys, { programmeId: pnProg, parentId: id }, plan(i, b.id));
    }
    // As a command would: the stored state of what was added (D41), so a page measures reads only.
    const fresh = await trx.selectFrom('task').select('id').where('ward_id', '=', wardA).execute();
    await refreshTaskState(trx, wardA, fresh.map((r) => r.id));
  }));
}

const PAGES = () => [
  '/app/schedule?year=2017',
  `/app/schedule?year=2017&org=${pnOrg}`,
  '/app/schedule?year=2017&all=1',
  '/app/programmes?year=2017',
  `/app/programmes/${pnProg}`,
  `/app/tasks/${pnTask}`,
  '/app/programmes/dashboard?year=2017',
  '/app/schedule.xlsx?year=2017',
  '/api/v1/tasks?year=2017',
];

async function queriesOf(url: string): Promise<number> {
  tracer.start();
  const res = await c.get(url);
  const n = tracer.stop().length;
  assert.equal(res.status, 200, url);
  return n;
}

/** The task rows of a schedule page (sub-tasks included), in order. */
const rowIds = (html: string) => [...html.matchAll(/<tr (?:class="sub" )?id="r-([0-9a-f-]{36})"/g)].map((m) => m[1] as string);

/** Ids per `in (…)` lookup in the programme repo (`chunked` in repo.ts): past it a lookup costs one query more. */
const ID_CHUNK = 500;
/** The chunked lookups a page may run (milestones, progress, sources, sub-tasks, …): each adds at most one query per extra chunk. */
const CHUNKED_LOOKUPS = 8;

test('queries per page do not grow with the number of tasks, across the 500-id chunk of the lookups', async () => {
  const pages = async () => {
    const out: Record<string, number> = {};
    for (const url of PAGES()) out[url] = await queriesOf(url);
    return out;
  };
  const before = await pages();
  // Past the chunk: the programme (and the ward's 2017 schedule) hold more than 500 tasks, so every
  // lookup by task id runs in two chunks.
  await addTasks(ID_CHUNK + 20);
  const tasks = Number((await tdb.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).where('programme_id', '=', pnProg).executeTakeFirstOrThrow()).n);
  assert.ok(tasks > ID_CHUNK, `${tasks} tasks in the programme`);
  const crossed = await pages();
  for (const url of PAGES()) assert.ok((crossed[url] as number) - (before[url] as number) <= CHUNKED_LOOKUPS, `${url}: ${before[url]} → ${crossed[url]} queries`);
  // Within the same number of chunks, not one query more per task.
  await addTasks(60);
  assert.deepEqual(await pages(), crossed);
  // And a page stays a handful of queries (session and access included).
  for (const [url, n] of Object.entries(crossed)) assert.ok(n <= 25 + CHUNKED_LOOKUPS, `${url}: ${n} queries`);
});

test('the ward-wide schedule comes a page at a time, a task with its sub-tasks together; all=1 and the XLSX hold every row', async () => {
  const all = await c.get('/app/schedule?year=2017&all=1');
  const every = rowIds(all.text);
  const total = Number(/<p class="muted">(\d+) nhiệm vụ · /.exec(all.text)?.[1]);
  assert.equal(every.length, total);
  assert.ok(total > 2 * SCHEDULE_PAGE_ROWS, `${total} rows`);

  const first = await c.get('/app/schedule?year=2017');
  assert.ok(first.text.length < all.text.length / 2, `page 1: ${first.text.length} bytes, all: ${all.text.length}`);
  assert.match(first.text, new RegExp(`href="/app/schedule\\?year=2017&amp;all=1">Xem tất cả ${total} nhiệm vụ \\(để in\\)`));
  assert.match(first.text, /<nav class="sched-orgs no-print" aria-label="Theo tổ chức">/);
  const pages = Number(/Trang 1\/(\d+)/.exec(first.text)?.[1]);
  assert.ok(pages >= 3);
  const seen: string[] = [];
  for (let p = 1; p <= pages; p++) {
    const res = p === 1 ? first : await c.get(`/app/schedule?year=2017&page=${p}`);
    const ids = rowIds(res.text);
    assert.ok(ids.length > 0 && ids.length <= SCHEDULE_PAGE_ROWS, `page ${p}: ${ids.length} rows`);
    // A page never starts with a sub-task: it stays under its parent.
    assert.doesNotMatch(/<tbody>.*?<tr (class="sub" )?id="r-/s.exec(res.text)?.[0] ?? '', /class="sub" id=/, `page ${p}`);
    if (p < pages) assert.match(res.text, new RegExp(`href="/app/schedule\\?year=2017&amp;page=${p + 1}" rel="next"`));
    seen.push(...ids);
  }
  assert.deepEqual(seen, every);
  // Past the last page: the last page.
  assert.deepEqual(rowIds((await c.get(`/app/schedule?year=2017&page=${pages + 5}`)).text), rowIds((await c.get(`/app/schedule?year=2017&page=${pages}`)).text));

  const res = await fetch(`${c.base}/app/schedule.xlsx?year=2017`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  let taskRows = 0;
  wb.worksheets[0]?.eachRow((row, n) => {
    // A task row (sub-tasks too) has its title in column B and its status in column S, after the 12 months,
    // neither merged (an organization's line is one merged cell; so are the signature block's lines).
    if (n > 7 && row.getCell(2).value && !row.getCell(2).isMerged && row.getCell(19).value && !row.getCell(19).isMerged) taskRows++;
  });
  assert.equal(taskRows, total);
});

test('the owner filter lists the people who own tasks that year, not the whole ward', async () => {
  const page = await c.get('/app/schedule?year=2017');
  const select = /<select id="s-owner" name="owner">(.*?)<\/select>/s.exec(page.text)?.[1] ?? '';
  const options = [...select.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  const owners = await tdb.db.selectFrom('task').select('owner_person_id').distinct().where('ward_id', '=', wardA).where('owner_person_id', 'is not', null).execute();
  const people = Number((await tdb.db.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardA).executeTakeFirstOrThrow()).n);
  assert.equal(options.length, owners.length);
  assert.ok(options.length < people, `${options.length} owners of ${people} people`);
});

test('the dashboard lists at most a page of overdue tasks and links to all of them', async () => {
  const res = await c.get('/app/programmes/dashboard?year=2017');
  const overdue = /<section class="card" id="overdue">(.*?)<\/section>/s.exec(res.text)?.[1] ?? '';
  const n = Number(/Nhiệm vụ quá hạn \((\d+)\)/.exec(overdue)?.[1]);
  assert.ok(n > BOARD_LIST_ROWS, `${n} overdue`);
  assert.equal([...overdue.matchAll(/<a href="\/app\/tasks\/[0-9a-f-]{36}">/g)].length, BOARD_LIST_ROWS);
  assert.match(overdue, new RegExp(`<a href="/app/schedule\\?year=2017&amp;status=overdue">Đang hiện ${BOARD_LIST_ROWS}/${n} nhiệm vụ`));
});
