// Benchmarks of the programmes feature (issue 3), as functions for bench/run.ts and as a script:
//   node --import tsx bench/programmes.ts [--pg] [--duration 8] [--connections 50]
// 1. GET /app/schedule (ward-wide, 2,000 tasks of one year): page 1 (100 rows) and the print view (all=1);
// 2. the XLSX export of 10,000 tasks (another year), in-process: time, bytes, peak RSS and heap;
// 3. POST /api/v1/tasks/:id/progress from 50 users at once (50 bearer tokens, 50 connections).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Insertable } from 'kysely';
import type { Db } from '../src/db/index.ts';
import type { DB } from '../src/db/types.ts';
import { openDb } from '../src/db/index.ts';
import { newId, nowIso } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemo } from '../src/demo/seed.ts';
import { addAccount } from '../src/features/users/service.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { systemActor } from '../src/platform/actor.ts';
import { SCHEDULE_PAGE_ROWS, streamSchedule } from '../src/features/programmes/schedule.ts';
import { writeScheduleXlsx } from '../src/features/programmes/schedule-xlsx.ts';
import { monthEnd } from '../src/features/programmes/status.ts';
import { refreshTaskState } from '../src/features/programmes/state.ts';
import { fold } from '../src/lib/vi/index.ts';
import { startChild } from './lib/child.ts';
import { runLoad, type LoadResult, type RunSettings, type Target } from './lib/load.ts';
import { Client } from '../test/support/app.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';

export const SCHEDULE_YEAR = 2030;
export const EXPORT_YEAR = 2031;

/**
 * Inserts `count` six-clear tasks (3 milestones, 2 progress updates each) for `year`, spread over
 * the ward's organizations, numbered from `offset + 1` (a second call for the same year adds to it:
 * `--scale`). Returns the new tasks' ids. Bulk benchmark data: maintenance `bench.programmes`, not audited.
 */
export async function generateTasks(db: Db, wardId: string, year: number, count: number, offset = 0): Promise<string[]> {
  const orgs = await db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', wardId).where('valid_to', 'is', null).orderBy('sort_order').execute();
  const people = await db.selectFrom('person').select('id').where('ward_id', '=', wardId).where('ended_on', 'is', null).limit(500).execute();
  const now = nowIso();
  const progIds: string[] = [];
  // One programme per organization and year (unique): a second call for the same year (--scale grows it) reuses them.
  const existing = new Map((await db.selectFrom('programme').select(['id', 'org_id']).where('ward_id', '=', wardId).where('year', '=', year).execute()).map((p) => [p.org_id, p.id]));
  for (const o of orgs) {
    const had = existing.get(o.id);
    if (had) {
      progIds.push(had);
      continue;
    }
    const id = newId();
    await runMaintenance(db, 'bench.programmes', (m) => m.insertInto('programme').values({ id, ward_id: wardId, org_id: o.id, year, title: `Chương trình công tác năm ${year} của ${o.name}`, status: 'approved', approved_version: 1, submitted_at: now, decided_at: now, decided_by: 'bench', decision_comment: null, created_at: now, updated_at: now }).execute());
    progIds.push(id);
  }
  const ids: string[] = [];
  const B = 200;
  for (let start = offset; start < offset + count; start += B) {
    const tasks: Insertable<DB['task']>[] = [];
    const ms: Insertable<DB['milestone']>[] = [];
    const prog: Insertable<DB['progress_update']>[] = [];
    for (let i = start; i < Math.min(offset + count, start + B); i++) {
      const id = newId();
      ids.push(id);
      const oi = i % orgs.length;
      const m0 = 1 + (i % 6);
      const m1 = Math.min(12, m0 + 3 + (i % 5));
      const title = `Nhiệm vụ đo hiệu năng số ${i + 1}: tuyên truyền, vận động hội viên thực hiện văn minh đô thị`;
      const p = [25, 50, 75][i % 3] as number;
      tasks.push({
        id,
        ward_id: wardId,
        programme_id: progIds[oi] as string,
        parent_id: null,
        origin_kind: 'programme',
        origin_ref: null,
        origin_note: null,
        title,
        description: 'Tổ chức tuyên truyền tại các chi hội.',
        owner_person_id: people[i % people.length]?.id ?? null,
        lead_org_id: orgs[oi]?.id ?? null,
        start_on: `${year}-${String(m0).padStart(2, '0')}-01`,
        due_on: monthEnd(`${year}-${String(m1).padStart(2, '0')}`),
        result_kind: 'indicator',
        target_value: 10,
        target_unit: 'buổi',
        deliverable: null,
        actual_value: null,
        actual_result: null,
        progress_percent: p,
        progress_on: `${year}-${String(m0 + 1).padStart(2, '0')}-20`,
        done_on: null,
        approval: 'approved',
        approved_at: now,
        approved_by: 'bench',
        return_comment: null,
        sort_order: i,
        search_text: fold(title),
        created_at: now,
        updated_at: now,
      });
      for (const [k, m] of [m0, Math.round((m0 + m1) / 2), m1].entries()) {
        ms.push({ id: newId(), ward_id: wardId, task_id: id, month: `${year}-${String(m).padStart(2, '0')}`, due_on: monthEnd(`${year}-${String(m).padStart(2, '0')}`), planned_percent: [30, 60, 100][k] as number, title: null });
      }
      for (const [k, pct] of [Math.round(p / 2), p].entries()) {
        const day = `${year}-${String(m0 + k).padStart(2, '0')}-20`;
        prog.push({ id: newId(), ward_id: wardId, task_id: id, reported_on: day, percent: pct, value: null, note: null, user_id: null, actor_label: 'bench', created_at: `${day}T08:00:00.000Z` });
      }
    }
    await db.transaction().execute((tx) => runMaintenance(tx, 'bench.programmes', async (trx) => {
      await trx.insertInto('task').values(tasks).execute();
      for (let i = 0; i < ms.length; i += 300) await trx.insertInto('milestone').values(ms.slice(i, i + 300)).execute();
      for (let i = 0; i < prog.length; i += 300) await trx.insertInto('progress_update').values(prog.slice(i, i + 300)).execute();
      // The stored state a command would have written (D41), so the app does not compute it on its first request.
      await refreshTaskState(trx, wardId, tasks.map((t) => t.id));
    }));
  }
  return ids;
}

export interface ExportMeasure {
  tasks: number;
  ms: number;
  bytes: number;
  peakRssMB: number;
  peakHeapUsedMB: number;
  rssBeforeMB: number;
}

/** Builds and writes the XLSX of a whole year in this process, sampling memory every 10 ms. */
export async function measureXlsxExport(db: Db, wardId: string, year: number): Promise<ExportMeasure> {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  const t0 = performance.now();
  const s = await streamSchedule(db, { wardId }, { year, org: null, source: null, owner: null, programme: null, status: undefined, month: undefined });
  await writeScheduleXlsx(sink, s, { paper: { kind: 'state', left: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG ĐỒNG TÂM'], higher: false, mark: 'rule', right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'], dateLine: `Đồng Tâm, ngày 31 tháng 12 năm ${year}`, sign: { prefix: '', title: '', name: '' }, recipients: [] }, scopeName: 'Toàn phường', filters: '', today: `${year}-12-31` });
  const ms = performance.now() - t0;
  clearInterval(timer);
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  return { tasks: s.total, ms: Math.round(ms), bytes, peakRssMB: mb(peakRss), peakHeapUsedMB: mb(peakHeap), rssBeforeMB: mb(before.rss) };
}

/** `n` office clerks with API tokens, for concurrent progress posts. */
export async function progressUsers(db: Db, wardId: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  const sys = systemActor(wardId, 'bench');
  for (let i = 0; i < n; i++) {
    const uid = await addAccount(db, sys, { username: `bench.head${i}`, display_name: `Bench ${i}`, password: 'bench-password-123', home_ward_id: wardId, person_id: null }, [{ role: 'office', unit_id: wardId, org_id: null }]);
    tokens.push((await runMaintenance(db, 'bench.tokens', (q) => createToken(q, uid, 'bench', null))).token);
  }
  return tokens;
}

export const SCHEDULE_PATHS = { page: `/app/schedule?year=${SCHEDULE_YEAR}`, print: `/app/schedule?year=${SCHEDULE_YEAR}&all=1` } as const;

/** The task ids of the rows a schedule page shows, in order. */
export function scheduleRowIds(html: string): string[] {
  return [...html.matchAll(/<tr[^>]* id="r-([^"]+)"/g)].map((m) => m[1] as string);
}

/**
 * The autocannon targets: the ward-wide schedule (its first page on screen, and every row at once
 * for printing), and progress posts where each request goes to the next of `taskIds` with the
 * version it will have by then (one post per task per round).
 */
export function programmeTargets(base: string, cookie: string, tokens: string[], taskIds: string[], startVersion = 1): [Target, Target, Target] {
  let next = 0;
  const version = new Map<string, number>();
  return [
    { name: `GET /app/schedule (ward-wide ${SCHEDULE_YEAR}, page 1)`, key: 'schedule-page', url: base + SCHEDULE_PATHS.page, headers: { cookie }, expectStatus: 200 },
    { name: `GET /app/schedule (ward-wide ${SCHEDULE_YEAR}, all=1)`, key: 'schedule-print', url: base + SCHEDULE_PATHS.print, headers: { cookie }, expectStatus: 200 },
    {
      name: `POST /api/v1/tasks/:id/progress (${tokens.length} users)`,
      key: 'progress',
      url: `${base}/api/v1/tasks/${taskIds[0]}/progress`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      expectStatus: 201,
      setup: (req) => {
        const i = next++;
        const id = taskIds[i % taskIds.length] as string;
        const v = version.get(id) ?? startVersion;
        version.set(id, v + 1);
        req.path = `/api/v1/tasks/${id}/progress`;
        req.headers.authorization = `Bearer ${tokens[i % tokens.length]}`;
        req.body = JSON.stringify({ percent: 10 + (i % 80), note: 'bench', version: v });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// As a script.

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pg: { type: 'boolean', default: false }, duration: { type: 'string', default: '8' }, warmup: { type: 'string', default: '2' }, connections: { type: 'string', default: '50' } } });
  const settings: RunSettings = { durationS: Number(values.duration), warmupS: Number(values.warmup), connections: Number(values.connections) };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-bench-prog-'));
  const stops: (() => Promise<unknown>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    let url = 'sqlite:' + path.join(tmp, 'bench.sqlite');
    if (values.pg) {
      const { startPostgres } = await import('../test/support/pg.ts');
      const pg = await startPostgres();
      stops.push(() => pg.stop());
      url = pg.url;
    }
    const h = openDb(url, { poolSize: 5 });
    await migrateToLatest(h.db);
    const wardId = await loadDemo(h.db);
    let t0 = performance.now();
    const scheduleTasks = await generateTasks(h.db, wardId, SCHEDULE_YEAR, 2000);
    const exportTasks = await generateTasks(h.db, wardId, EXPORT_YEAR, 10000);
    console.log(`data: 2,000 + 10,000 tasks in ${Math.round(performance.now() - t0)} ms`);
    t0 = performance.now();
    const exp = await measureXlsxExport(h.db, wardId, EXPORT_YEAR);
    console.log(`XLSX export of ${exp.tasks} tasks: ${exp.ms} ms, ${Math.round(exp.bytes / 1024)} KB, peak RSS ${exp.peakRssMB} MB (before ${exp.rssBeforeMB} MB), peak heap ${exp.peakHeapUsedMB} MB`);
    const tokens = await progressUsers(h.db, wardId, 50);
    await h.destroy();

    fs.mkdirSync(path.join(tmp, 'files'));
    const app = await startChild('./app-server.ts', [url, path.join(tmp, 'files')]);
    stops.push(() => app.stop());
    const office = new Client(app.base);
    await office.login('vanphong');
    const cookie = `${SESSION_COOKIE}=${office.cookies.get(SESSION_COOKIE)}`;
    for (const [p, want] of [[SCHEDULE_PATHS.page, SCHEDULE_PAGE_ROWS], [SCHEDULE_PATHS.print, scheduleTasks.length]] as const) {
      const page = await office.get(p);
      const rows = scheduleRowIds(page.text).length;
      if (page.status !== 200 || rows !== want) throw new Error(`${p}: status ${page.status}, ${rows} rows, wanted ${want}`);
      console.log(`${p}: ${rows} task rows, ${Math.round(page.text.length / 1024)} KB of HTML`);
    }
    const results: LoadResult[] = [];
    for (const target of programmeTargets(app.base, cookie, tokens, exportTasks)) {
      const conns = target.method === 'POST' ? settings : { ...settings, connections: Math.min(5, settings.connections) };
      const r = await runLoad(target, conns, () => app.cpuMicros());
      console.log(`${target.name}: ${r.rps} req/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, errors ${r.errors}, non-2xx ${r.non2xx}, unexpected ${r.unexpected}, cpu ${r.serverCpuMsPerRequest} ms/req`);
      results.push(r);
    }
    const out = { at: new Date().toISOString(), db: values.pg ? 'postgres' : 'sqlite', export: exp, targets: results };
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `programmes-latest-${out.db}.json`), JSON.stringify(out, null, 2));
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
