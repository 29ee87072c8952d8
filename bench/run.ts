// npm run bench [-- --pg] [--only people,programmes,portal,meetings,reports] [--duration 8] [--warmup 2] [--connections 10]
//                  [--people 5000] [--logins 120] [--progress-users 50] [--articles 100000]
//
// Load benchmark of the real app on 127.0.0.1, reported as ratios to a bare Fastify hello-world
// measured in the same run. Generates data at stated sizes in a fresh SQLite database (and, with
// --pg, also in a throw-away PostgreSQL), starts the app and the ceiling in child processes,
// checks that every target answers what it should, then drives each with autocannon.
// Groups of targets (--only, default all): people (healthz, people list and search, login),
// programmes (ward-wide schedule, XLSX export in its own process, progress posts by many users),
// portal (an article page and the public search over 100,000 articles), meetings (a meeting page
// with 30 attendees and 20 conclusions, its minutes in Word with peak memory, the meeting over the API),
// reports (the ward roll-up of 30 organizations' accepted annual reviews, its Word export with peak memory).
// Results: bench/results/<timestamp>-<db>.json and bench/results/latest-<db>.json.
import { COUNT_CAP } from '../src/features/portal/repo.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/demo/seed.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { Client, type Res } from '../test/support/app.ts';
import { startPostgres, type StartedPostgres } from '../test/support/pg.ts';
import { startChild, type Child } from './lib/child.ts';
import { expectedPeople, generateData, settle as settleDb, SHARES, type GeneratedData } from './lib/data.ts';
import { runLoad, type LoadResult, type RunSettings, type Target } from './lib/load.ts';
import type { TracedQuery } from './lib/tracer.ts';
import type { XlsxChildResult } from './lib/xlsx-child.ts';
import { EXPORT_YEAR, generateTasks, programmeTargets, progressUsers, SCHEDULE_PATHS, SCHEDULE_YEAR, scheduleRowIds } from './programmes.ts';
import { SCHEDULE_PAGE_ROWS } from '../src/features/programmes/schedule.ts';
import { checkPortal, generateArticles, PORTAL_ARTICLES, PORTAL_QUERIES, portalTargets } from './portal.ts';
import { checkMeetings, generateMeeting, MEETING_SIZES, meetingTargets, type MeetingChecks, type MeetingsGen } from './meetings.ts';
import type { DocxChildResult } from './lib/docx-child.ts';
import { checkReports, checkStandin, generateReports, REPORT_SIZES, reportTargets, standinTarget, type ReportChecks, type ReportsGen } from './reports.ts';
import type { MemoryPeak } from './lib/memory.ts';
import { probeIdle, type ProbeResult } from './lib/probe.ts';
import { buildSearchMix, searchMixTarget, searchPath, topShares } from './lib/search-mix.ts';
import { blocks, figuresOf, issueTable, type Figure } from './lib/issue12.ts';
import { runScale } from './scale.ts';

const { values: argv } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    people: { type: 'string', default: '5000' },
    logins: { type: 'string', default: '120' },
    only: { type: 'string', default: 'people,programmes,portal,meetings,reports' },
    'schedule-tasks': { type: 'string', default: '2000' },
    'export-tasks': { type: 'string', default: '10000' },
    'progress-users': { type: 'string', default: '50' },
    articles: { type: 'string', default: String(PORTAL_ARTICLES) },
    compare: { type: 'string' },
    /** Minutes before the run gives up (default 20, 40 with --pg; --scale 35 / 60). */
    'time-limit': { type: 'string' },
    scale: { type: 'boolean', default: false },
    'scale-tasks': { type: 'string', default: '500,2000,8000' },
    'scale-articles': { type: 'string', default: '10000,100000,300000' },
    'scale-people': { type: 'string', default: '5000,50000' },
  },
});
const GROUPS = ['people', 'programmes', 'portal', 'meetings', 'reports'] as const;
type Group = (typeof GROUPS)[number];
const ONLY = new Set(argv.only.split(',').map((g) => g.trim()).filter(Boolean));
for (const g of ONLY) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`bench: --only knows ${GROUPS.join(', ')}, not "${g}"`);
const want = (g: Group) => ONLY.has(g);
const settings: RunSettings = { durationS: Number(argv.duration), warmupS: Number(argv.warmup), connections: Number(argv.connections) };
const PEOPLE = Number(argv.people);
const LOGINS = Number(argv.logins);
const LOGIN_WARMUP = 10;
const SEARCH = 'nguyen van';
const SCHEDULE_TASKS = Number(argv['schedule-tasks']);
const EXPORT_TASKS = Number(argv['export-tasks']);
const PROGRESS_USERS = Number(argv['progress-users']);
const ARTICLES = Number(argv.articles);
/** A few officials print the whole ward's schedule at once (~0.3 s of CPU a page: 10 would queue toward autocannon's 10 s timeout). */
const PRINT_CONNECTIONS = 5;
/**
 * Progress posts go to the export year's tasks, one per task per round, each carrying the version
 * the task will have by then. There are enough of them (10,000) that no run comes round again: a
 * request built at the very end of a run but never sent would leave its task's tracked version
 * one ahead (a 409 on the next round), and the schedule year's 2,000 are within reach of ~140
 * posts a second over warm-up and run.
 */
const PROGRESS_TASKS = EXPORT_TASKS;
/** A safety net, not a budget: on a shared machine at load 14, generating 100,000 articles alone took 4 minutes (44 s when quiet). */
const HARD_LIMIT_MS = Number(argv['time-limit'] ?? (argv.scale ? (argv.pg ? 60 : 35) : argv.pg ? 40 : 20)) * 60_000;
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

// Everything started here is stopped here, also on failure.
const cleanups: (() => Promise<unknown> | unknown)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
}
const hardLimit = setTimeout(() => {
  console.error(`bench: still running after ${HARD_LIMIT_MS / 1000} s, giving up`);
  void cleanup().finally(() => process.exit(1));
}, HARD_LIMIT_MS);
hardLimit.unref();

function check(ok: unknown, what: string, res?: Res): asserts ok {
  if (!ok) throw new Error(`bench: ${what}${res ? ` (status ${res.status}, ${res.text.slice(0, 200).replace(/\s+/g, ' ')})` : ''}`);
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

interface Trace {
  queries: number;
  writes: number;
  list: string[];
}

async function traced(child: Child, fn: () => Promise<unknown>): Promise<Trace> {
  await child.call('trace-start');
  await fn();
  const log = await child.call<TracedQuery[]>('trace-stop');
  return {
    queries: log.length,
    writes: log.filter((q) => q.write).length,
    list: log.map((q) => (q.text ? `${q.kind}: ${q.text}` : `${q.kind} ${q.tables.join('+')}`)),
  };
}

type TargetResult = LoadResult & {
  ratioToCeiling: number;
  perRequest?: Trace;
  /** The app process's memory while the target ran. */
  appMemory?: MemoryPeak;
  /** The paced /healthz probe during the run and alone just before it, and whether the target blocked it. */
  probe?: ProbeResult;
  probeIdle?: ProbeResult;
  blocksEventLoop?: boolean;
};

async function measureCeiling(): Promise<LoadResult> {
  const child = await startChild('./ceiling-server.ts', []);
  cleanups.push(() => child.stop());
  const res = await new Client(child.base).get('/');
  check(res.status === 200 && res.json<{ hello?: string }>().hello === 'world', 'ceiling GET / is not hello world', res);
  const result = await runLoad({ name: 'ceiling: hello world', url: child.base + '/', expectStatus: 200 }, settings, () => child.cpuMicros());
  await child.stop();
  return result;
}

/** One login per request: GET /login gives a fresh session cookie and CSRF token (a login replaces the session). */
async function loginPairs(base: string, n: number): Promise<{ cookie: string; body: string; username: string }[]> {
  const pairs = [];
  for (let i = 0; i < n; i++) {
    const c = new Client(base);
    const res = await c.get('/login');
    const sid = c.cookies.get(SESSION_COOKIE);
    check(res.status === 200 && sid && c.csrfToken, 'GET /login gives no session cookie and CSRF token', res);
    const username = DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length]?.username ?? 'vanphong';
    pairs.push({ cookie: `${SESSION_COOKIE}=${sid}`, body: new URLSearchParams({ _csrf: c.csrfToken, username, password: DEMO_PASSWORD }).toString(), username });
  }
  return pairs;
}

/** The XLSX export in a fresh child process (peak RSS of the export alone, gc exposed). */
function xlsxInChild(url: string, wardId: string, year: number): Promise<XlsxChildResult> {
  const script = fileURLToPath(new URL('./lib/xlsx-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script, url, wardId, String(year)], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`bench: XLSX export child: ${err.message} ${stderr.slice(0, 500)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as XlsxChildResult);
      } catch {
        reject(new Error(`bench: XLSX export child printed no result: ${stdout.slice(0, 200)} ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** The minutes of the bench meeting as .docx in a fresh child process (peak RSS of the export alone, gc exposed). */
function docxInChild(url: string, wardId: string, meetingId: string): Promise<DocxChildResult> {
  const script = fileURLToPath(new URL('./lib/docx-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script, url, wardId, meetingId], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`docx child: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as DocxChildResult);
      } catch {
        reject(new Error(`docx child printed no result: ${stdout}\n${stderr}`));
      }
    });
  });
}

interface MeetingsRun {
  sizes: typeof MEETING_SIZES & { tasks: number; tasksDone: number };
  generationMs: number;
  /** What the checks saw: page size and its <option>s, one minutes download, the API's counts. */
  checks: MeetingChecks;
  /** The minutes exported alone in a child process. */
  docx: DocxChildResult;
}

interface ReportsRun {
  sizes: typeof REPORT_SIZES;
  generationMs: number;
  /** What the checks saw, and whether the room's routes or the stand-in were measured. */
  checks: ReportChecks;
}

interface ProgrammesRun {
  sizes: { scheduleYear: number; scheduleTasks: number; exportYear: number; exportTasks: number; progressUsers: number; progressTasks: number };
  timingsMs: { tasks: number; users: number };
  /** The export measured alone in a child process. */
  export: XlsxChildResult;
  /** The same export through the app (GET /app/schedule.xlsx), one request: checked, timed end to end. */
  exportHttp: { ms: number; bytes: number; queries: number };
  /** Rows and HTML size of the schedule's page 1 and of its print view (all=1). */
  schedule: Record<'page' | 'print', { rows: number; htmlKB: number }>;
}

interface PortalRun {
  /** Generated articles (the demo's come on top), and how long they took. */
  articles: number;
  generationMs: number;
  articlesInWard: number;
  queries: typeof PORTAL_QUERIES;
  /** The search mix: distinct queries (most common first), its Zipf exponent, the top queries' shares of the requests. */
  mix: { distinct: number; exponent: number; sampledArticles: number; top: { q: string; share: number }[]; queries: string[] };
}

interface DbRun {
  db: 'sqlite' | 'postgres';
  data: GeneratedData;
  expected: { people: number; search: number };
  programmes?: ProgrammesRun;
  portal?: PortalRun;
  meetings?: MeetingsRun;
  reports?: ReportsRun;
  targets: Omit<TargetResult, 'ratioToCeiling'>[];
}

interface Planned {
  target: Target;
  trace?: Trace;
  /** Watch the app process's memory while the target runs. */
  memory?: boolean;
  /** Probe /healthz (paced) alone, then during the run: does the target block the event loop? */
  probe?: boolean;
  /** Driven at the same time (the 50 writers while reads are measured); its result is a row of its own. */
  alongside?: Target;
}

async function benchDb(kind: 'sqlite' | 'postgres'): Promise<DbRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let url = 'sqlite:' + path.join(tmp, 'bench.sqlite');
  if (kind === 'postgres') {
    const pg: StartedPostgres = await startPostgres();
    cleanups.push(() => pg.stop());
    url = pg.socketUrl; // on the same machine, through its Unix socket as a co-located server is reached (D78)
  }

  // 1. Data.
  process.stdout.write(`[${kind}] generating ${PEOPLE} people… `);
  const handle = openDb(url, { poolSize: 5 });
  let data: GeneratedData;
  let everyone: Awaited<ReturnType<typeof expectedPeople>>;
  let search: Awaited<ReturnType<typeof expectedPeople>>;
  let gen: { scheduleTaskIds: string[]; exportTaskIds: string[]; tokens: string[]; timingsMs: ProgrammesRun['timingsMs'] } | undefined;
  let portal: PortalRun | undefined;
  let mix: Awaited<ReturnType<typeof buildSearchMix>> | undefined;
  let meetingsGen: MeetingsGen | undefined;
  let reportsGen: ReportsGen | undefined;
  try {
    data = await generateData(handle.db, PEOPLE);
    everyone = await expectedPeople(handle.db, data.wardId, '');
    search = await expectedPeople(handle.db, data.wardId, SEARCH);
    console.log(`${data.timingsMs.total} ms (migrate ${data.timingsMs.migrate}, demo ${data.timingsMs.demo}, people ${data.timingsMs.people})`);
    if (want('programmes')) {
      process.stdout.write(`[${kind}] generating ${SCHEDULE_TASKS} + ${EXPORT_TASKS} tasks, ${PROGRESS_USERS} users with API tokens… `);
      const t0 = performance.now();
      const scheduleTaskIds = await generateTasks(handle.db, data.wardId, SCHEDULE_YEAR, SCHEDULE_TASKS);
      const exportTaskIds = await generateTasks(handle.db, data.wardId, EXPORT_YEAR, EXPORT_TASKS);
      const t1 = performance.now();
      const tokens = await progressUsers(handle.db, data.wardId, PROGRESS_USERS);
      const timingsMs = { tasks: Math.round(t1 - t0), users: Math.round(performance.now() - t1) };
      gen = { scheduleTaskIds, exportTaskIds, tokens, timingsMs };
      console.log(`${timingsMs.tasks} + ${timingsMs.users} ms`);
    }
    if (want('portal')) {
      process.stdout.write(`[${kind}] generating ${ARTICLES} published articles… `);
      const g = await generateArticles(handle.db, data.wardId, ARTICLES);
      const n = await handle.db.selectFrom('article').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', data.wardId).where('status', '=', 'published').executeTakeFirstOrThrow();
      mix = await buildSearchMix(handle.db, data.wardId);
      portal = {
        articles: g.articles,
        generationMs: g.ms,
        articlesInWard: Number(n.n),
        queries: PORTAL_QUERIES,
        mix: { distinct: mix.queries.length, exponent: mix.exponent, sampledArticles: mix.sampledArticles, top: topShares(mix), queries: mix.queries },
      };
      console.log(`${g.ms} ms; search mix of ${mix.queries.length} distinct queries`);
    }
    if (want('meetings')) {
      process.stdout.write(`[${kind}] generating a meeting (${MEETING_SIZES.attendees} attendees, ${MEETING_SIZES.conclusions} conclusions)… `);
      meetingsGen = await generateMeeting(handle.db, data.wardId);
      console.log(`${meetingsGen.ms} ms (${meetingsGen.tasks} tasks from conclusions)`);
    }
    if (want('reports')) {
      process.stdout.write(`[${kind}] generating ${REPORT_SIZES.organizations} organizations' accepted annual reviews of ${REPORT_SIZES.period}… `);
      reportsGen = await generateReports(handle.db, data.wardId);
      console.log(`${reportsGen.ms} ms`);
    }
    await settleDb(handle.db); // as a live database: statistics fresh, no autovacuum due in the middle of a target (D78)
  } finally {
    await handle.destroy();
  }
  check(data.sizes.peopleInWard >= PEOPLE, `ward has ${data.sizes.peopleInWard} people, wanted ${PEOPLE}`);
  check(everyone.names.length === 50 && search.names.length > 0, `expected a full first page and some "${SEARCH}" hits`);

  // The XLSX export alone in a fresh process, before the app starts (a quiet machine, a clean heap).
  let xlsx: XlsxChildResult | undefined;
  if (gen) {
    process.stdout.write(`[${kind}] XLSX export of ${EXPORT_TASKS} tasks in a child process… `);
    xlsx = await xlsxInChild(url, data.wardId, EXPORT_YEAR);
    check(xlsx.tasks === EXPORT_TASKS && xlsx.bytes > 100_000, `XLSX export: ${xlsx.tasks} rows, ${xlsx.bytes} bytes, wanted ${EXPORT_TASKS} rows`);
    console.log(`${xlsx.ms} ms, peak RSS ${xlsx.exportPeakRssMB} MB (+${xlsx.exportRssGrowthMB} MB)`);
  }

  let docx: DocxChildResult | undefined;
  if (meetingsGen) {
    process.stdout.write(`[${kind}] minutes .docx in a child process… `);
    docx = await docxInChild(url, data.wardId, meetingsGen.meetingId);
    check(docx.bytes > 5_000, `minutes .docx: ${docx.bytes} bytes`);
    console.log(`${docx.firstMs} ms first, ${docx.warmMs} ms warm, peak RSS ${docx.exportPeakRssMB} MB (+${docx.exportRssGrowthMB} MB)`);
  }

  // 2. The app, in a child process.
  fs.mkdirSync(path.join(tmp, 'files'));
  const app = await startChild('./app-server.ts', [url, path.join(tmp, 'files')]);
  cleanups.push(() => app.stop());
  const base = app.base;

  // 3. Make sure every target answers what it should before measuring it.
  const anon = new Client(base);
  const health = await anon.get('/healthz');
  check(health.status === 200 && health.json<{ status?: string; db?: string }>().status === 'ok' && health.json<{ db?: string }>().db === kind, 'GET /healthz', health);

  const office = new Client(base);
  const login = await office.login('vanphong');
  check(login.status === 302 && login.location === '/app', 'login as vanphong', login);
  const cookie = `${SESSION_COOKIE}=${office.cookies.get(SESSION_COOKIE)}`;
  const plan: Planned[] = [];

  const people = await peopleTargets(app, base, anon, office, cookie, everyone, search);
  if (want('people')) plan.push(...people);

  let programmes: ProgrammesRun | undefined;
  if (gen && xlsx) {
    const p = await checkProgrammes(app, base, office, cookie, gen);
    programmes = {
      sizes: { scheduleYear: SCHEDULE_YEAR, scheduleTasks: SCHEDULE_TASKS, exportYear: EXPORT_YEAR, exportTasks: EXPORT_TASKS, progressUsers: PROGRESS_USERS, progressTasks: PROGRESS_TASKS },
      timingsMs: gen.timingsMs,
      export: xlsx,
      exportHttp: p.exportHttp,
      schedule: p.schedule,
    };
    const [page, print, progress, xlsxLoad] = p.plan;
    // Reads during writes: the people list idle, then while the 50 writers post (issue 12: ≥ 80 %).
    const list = people[1]?.target;
    check(page && print && progress && xlsxLoad && list, 'programmes plan');
    plan.push(page, { ...print, probe: true }, progress);
    plan.push({ target: { ...list, key: 'reads-idle', name: `${list.name}, idle (before the writers)` } });
    plan.push({ target: { ...list, key: 'reads-during-writes', name: `${list.name}, during ${PROGRESS_USERS} writers` }, alongside: { ...progress.target, key: undefined, name: `${progress.target.name}, with reads` } });
    plan.push({ ...xlsxLoad, memory: true, probe: true });
  }

  if (portal) {
    const h = openDb(url, { poolSize: 1 });
    let slug: string;
    try {
      slug = await checkPortal(base, h.db, data.wardId);
    } finally {
      await h.destroy();
    }
    const targets = portalTargets(base, slug);
    // The filtered query must find something too (checkPortal checks the common one).
    for (const t of targets) {
      const res = await anon.get(t.url.slice(base.length));
      const hits = /Tìm thấy ([\d.]+)\+? bài viết/.exec(res.text)?.[1];
      check(res.status === 200 && (t.url.includes('/bai-viet/') || Number(hits?.replace(/\./g, '')) > 0), `${t.name}: ${hits ?? 'no'} hits`, res);
    }
    for (const t of targets) plan.push({ target: t, trace: await traced(app, () => anon.get(t.url.slice(base.length))) });
    check(mix, 'search mix');
    // The mix: the most common queries and a few others must answer the search page (the first with hits).
    const probes = [...mix.queries.slice(0, 5), ...mix.queries.filter((_, i) => i % 97 === 50)];
    for (const q of probes) {
      const res = await anon.get(searchPath(q));
      check(res.status === 200 && (q !== mix.queries[0] || /Tìm thấy ([\d.]+)\+? bài viết/.test(res.text)), `search mix: GET ${searchPath(q)}`, res);
    }
    const mixTarget = searchMixTarget(base, mix);
    plan.push({ target: mixTarget, trace: await traced(app, () => anon.get(searchPath(mix.queries[0] as string))) });
  }

  let meetings: MeetingsRun | undefined;
  if (meetingsGen && docx) {
    const checks = await checkMeetings(base, cookie, meetingsGen);
    const t = meetingTargets(base, cookie, meetingsGen);
    const get = (u: string, headers?: Record<string, string>) => fetch(u, { headers }).then((r) => r.arrayBuffer());
    meetings = { sizes: { ...MEETING_SIZES, tasks: meetingsGen.tasks, tasksDone: meetingsGen.tasksDone }, generationMs: meetingsGen.ms, checks, docx };
    for (const [target, memory] of [[t.page, false], [t.minutes, true], [t.api, false]] as const) {
      plan.push({ target, memory, trace: await traced(app, () => get(target.url, target.headers)) });
    }
  }

  let reports: ReportsRun | undefined;
  if (reportsGen) {
    const checks = await checkReports(base, cookie, reportsGen);
    reports = { sizes: REPORT_SIZES, generationMs: reportsGen.ms, checks };
    const get = (u: string, headers?: Record<string, string>) => fetch(u, { headers }).then((r) => r.arrayBuffer());
    const t = reportTargets(base, cookie, reportsGen);
    if (checks.page) plan.push({ target: t.page, trace: await traced(app, () => get(t.page.url, t.page.headers)) });
    if (checks.docx) plan.push({ target: t.docx, memory: true, trace: await traced(app, () => get(t.docx.url, t.docx.headers)) });
    if (!checks.page) console.warn(`[${kind}] reports: GET /app/reports/:id/rollup answers 404 (the room's pages are not in the app): the roll-up read is measured through the stand-in`);
    if (!checks.docx) console.warn(`[${kind}] reports: GET /app/reports/:id/rollup.docx is not in the app: the Word export is not measured`);
  }

  // 4. Load.
  const results: DbRun['targets'] = [];
  for (const { target, trace, memory, probe, alongside } of plan) {
    process.stdout.write(`[${kind}] ${target.name}… `);
    await settle(app);
    const idle = probe ? await probeIdle(base + '/healthz', 2) : undefined;
    if (memory) await app.call('mem-start');
    const { alongside: side, probe: during, ...r } = await runLoad(target, settings, () => app.cpuMicros(), { alongside, ...(probe ? { probeUrl: base + '/healthz' } : {}) });
    const appMemory = memory ? await app.call<MemoryPeak>('mem-stop') : undefined;
    const blocked = idle && during ? blocks(during, idle) : undefined;
    console.log(
      `${r.rps} req/s${appMemory ? `, app RSS ${appMemory.idleRssMB} MB idle → ${appMemory.peakRssMB} MB peak` : ''}${idle && during ? `, /healthz p99 ${idle.p99Ms} ms idle → ${during.p99Ms} ms during${blocked ? ' (blocks)' : ''}` : ''}${side ? ` (alongside: ${side.rps} req/s, p99 ${side.latencyP99Ms} ms)` : ''}`,
    );
    // Not a wrong answer (those stop the run) but a finding: every request outlasted the run.
    if (r.requests === 0) console.warn(`[${kind}] ${target.name}: no request completed in ${settings.durationS} s (${r.errors} errors)`);
    results.push({ ...r, perRequest: trace, ...(appMemory ? { appMemory } : {}), ...(idle && during ? { probe: during, probeIdle: idle, blocksEventLoop: blocked } : {}) });
    if (side) results.push(side);
  }
  await app.stop();
  if (portal) results.push(await uncachedSearch(kind, url, tmp));
  if (reportsGen && reports && !reports.checks.page) {
    // The stand-in, in its own process after the app stopped.
    const standin = await startChild('./rollup-server.ts', [url, data.wardId]);
    cleanups.push(() => standin.stop());
    reports.checks.standin = await checkStandin(standin.base, reportsGen);
    const target = standinTarget(standin.base, reportsGen);
    process.stdout.write(`[${kind}] ${target.name}… `);
    const r = await runLoad(target, settings, () => standin.cpuMicros());
    console.log(`${r.rps} req/s`);
    results.push(r);
    await standin.stop();
  }
  return { db: kind, data, expected: { people: everyone.total, search: search.total }, programmes, portal, meetings, reports, targets: results };
}

/**
 * One very common word's search with the app's query cache off: a second app process started with
 * ROVIEC_SEARCH_CACHE_SECONDS=0 (after the first stopped), checked (hits over 1,000, highlighted), measured.
 */
async function uncachedSearch(kind: string, url: string, tmp: string): Promise<LoadResult> {
  const app = await startChild('./app-server.ts', [url, path.join(tmp, 'files')], { ROVIEC_SEARCH_CACHE_SECONDS: '0' });
  cleanups.push(() => app.stop());
  const p = searchPath(PORTAL_QUERIES.common);
  const res = await new Client(app.base).get(p);
  const hits = /Tìm thấy ([\d.]+)\+? bài viết/.exec(res.text)?.[1];
  check(res.status === 200 && Number(hits?.replace(/\./g, '')) >= COUNT_CAP && res.text.includes('<mark>'), `uncached GET ${p}: ${hits ?? 'no'} hits`, res);
  const target: Target = { name: `GET /tim-kiem?q=${PORTAL_QUERIES.common} (uncached: ROVIEC_SEARCH_CACHE_SECONDS=0)`, key: 'search-common', url: app.base + p, expectStatus: 200 };
  process.stdout.write(`[${kind}] ${target.name}… `);
  const r = await runLoad(target, settings, () => app.cpuMicros());
  console.log(`${r.rps} req/s, p99 ${r.latencyP99Ms} ms`);
  await app.stop();
  return r;
}

/**
 * Waits until the app has finished what the previous target left queued (autocannon stops
 * sending, the server still renders the requests it accepted): its CPU use over 250 ms under 10 %;
 * and until the machine is as quiet (every process: the database's checkpointer and autovacuum, the
 * last target's load generator) under 10 % of one core, for at most 10 s of the wait: a machine
 * kept busy by others is then measured busy, and the load column says so. At most `maxMs` in all.
 */
async function settle(app: Child, maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  const machineUntil = Date.now() + 10_000;
  let before = await app.cpuMicros();
  let machine = machineBusy();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await app.cpuMicros();
    const m = machineBusy();
    const all = m.total - machine.total; // jiffies of every CPU together
    const quiet = all === 0 || Date.now() > machineUntil || m.busy - machine.busy < (0.1 * all) / os.cpus().length;
    if (now - before < 25_000 && quiet) return;
    before = now;
    machine = m;
  }
}

/** Jiffies the machine's CPUs spent busy and in all, from /proc/stat (zeros where there is none). */
function machineBusy(): { busy: number; total: number } {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

type Expected = Awaited<ReturnType<typeof expectedPeople>>;

/** GET /healthz, the people list and search, logins: checked, traced, ready to load. */
async function peopleTargets(app: Child, base: string, anon: Client, office: Client, cookie: string, everyone: Expected, search: Expected): Promise<Planned[]> {
  const pages = { people: '/app/people', search: '/app/people?q=' + encodeURIComponent(SEARCH).replace(/%20/g, '+') };
  for (const [key, p] of Object.entries(pages)) {
    const want = key === 'people' ? everyone : search;
    const res = await office.get(p);
    const missing = want.names.filter((n) => !res.text.includes(n));
    check(res.status === 200 && missing.length === 0 && !res.text.includes('name="password"'), `GET ${p} lacks ${missing.length} of ${want.names.length} expected names (${missing.slice(0, 3).join(', ')})`, res);
  }

  const pairs = await loginPairs(base, LOGIN_WARMUP + LOGINS + 1);
  const probe = pairs.pop();
  check(probe, 'no login pair');
  const fresh = new Client(base);
  let probeRes: Res | undefined;
  const loginTrace = await traced(app, async () => {
    probeRes = await fresh.request('POST', '/login', { body: probe.body, headers: { cookie: probe.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  });
  check(probeRes?.status === 302 && probeRes.location === '/app', 'POST /login with a fresh CSRF pair', probeRes);
  const account = await fresh.get('/app/account');
  check(account.status === 200 && account.text.includes(`(${probe.username})`), 'session after POST /login', account);

  let next = 0;
  return [
    { target: { name: 'GET /healthz', url: base + '/healthz', expectStatus: 200 }, trace: await traced(app, () => anon.get('/healthz')) },
    { target: { name: `GET /app/people (page 1 of ${everyone.total})`, key: 'people-list', url: base + pages.people, headers: { cookie }, expectStatus: 200 }, trace: await traced(app, () => office.get(pages.people)) },
    { target: { name: `GET /app/people?q=${SEARCH} (${search.total} hits)`, key: 'people-search', url: base + pages.search, headers: { cookie }, expectStatus: 200 }, trace: await traced(app, () => office.get(pages.search)) },
    {
      target: {
        name: 'POST /login (argon2id)',
        url: base + '/login',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        expectStatus: 302,
        amount: { warmup: LOGIN_WARMUP, measured: LOGINS },
        setup: (req) => {
          const pair = pairs[Math.min(next++, pairs.length - 1)];
          if (!pair) return;
          req.headers.cookie = pair.cookie;
          req.body = pair.body;
        },
      },
      trace: loginTrace,
    },
  ];
}

const taskTitle = (i: number) => `Nhiệm vụ đo hiệu năng số ${i}:`;

/**
 * The ward-wide schedule (page 1: a page of the year's tasks and a pager; all=1: every task of the
 * year, first and last titles), one XLSX export through the app (status, type, a zip), one
 * progress post by API token on a task outside the measured set (201, the task at its next
 * version): checked and traced, then the load targets (the posts go to the export year's tasks,
 * after the export was measured).
 */
async function checkProgrammes(app: Child, base: string, office: Client, cookie: string, gen: { scheduleTaskIds: string[]; exportTaskIds: string[]; tokens: string[] }) {
  const { scheduleTaskIds, exportTaskIds, tokens } = gen;
  const ids = new Set(scheduleTaskIds);
  const page = await office.get(SCHEDULE_PATHS.page);
  const pageRows = scheduleRowIds(page.text);
  const wantPage = Math.min(SCHEDULE_PAGE_ROWS, SCHEDULE_TASKS);
  check(page.status === 200 && pageRows.length === wantPage && pageRows.every((id) => ids.has(id)) && (SCHEDULE_TASKS <= SCHEDULE_PAGE_ROWS || page.text.includes('rel="next"')), `GET ${SCHEDULE_PATHS.page}: ${pageRows.length} task rows of ${SCHEDULE_YEAR}, wanted ${wantPage} and a pager`, page);
  const print = await office.get(SCHEDULE_PATHS.print);
  const printRows = new Set(scheduleRowIds(print.text));
  check(
    print.status === 200 && printRows.size === ids.size && scheduleTaskIds.every((id) => printRows.has(id)) && print.text.includes(taskTitle(1)) && print.text.includes(taskTitle(SCHEDULE_TASKS)),
    `GET ${SCHEDULE_PATHS.print}: ${printRows.size} task rows, wanted all ${SCHEDULE_TASKS} of ${SCHEDULE_YEAR}`,
    print,
  );
  const pageTrace = await traced(app, () => office.get(SCHEDULE_PATHS.page));
  const printTrace = await traced(app, () => office.get(SCHEDULE_PATHS.print));

  let xlsxRes: { status: number; type: string | null; body: Buffer } | undefined;
  const t0 = performance.now();
  const xlsxTrace = await traced(app, async () => {
    const r = await fetch(`${base}/app/schedule.xlsx?year=${EXPORT_YEAR}`, { headers: { cookie } });
    xlsxRes = { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
  });
  const exportMs = Math.round(performance.now() - t0);
  check(xlsxRes?.status === 200 && xlsxRes.type?.includes('spreadsheetml') && xlsxRes.body.subarray(0, 2).toString() === 'PK' && xlsxRes.body.length > 100_000, `GET /app/schedule.xlsx?year=${EXPORT_YEAR}: status ${xlsxRes?.status}, ${xlsxRes?.type}, ${xlsxRes?.body.length} bytes`);

  // A task outside the measured ones (they start at version 1 and the load tracks their versions).
  const probeTask = scheduleTaskIds.at(-1);
  const token = tokens[0];
  check(probeTask && token && tokens.length === PROGRESS_USERS, 'no probe task or API token');
  const api = new Client(base);
  let post: Res | undefined = await api.api('POST', `/api/v1/tasks/${probeTask}/progress`, { percent: 85, note: 'bench', version: 1 }, token);
  check(post.status === 201, 'POST /api/v1/tasks/:id/progress with a bearer token', post);
  // Traced: the user's second post, as every post of the run after each user's first (D73: the
  // first request of a user also reads its grants and wards, then cached by access_version).
  const progressTrace = await traced(app, async () => {
    post = await api.api('POST', `/api/v1/tasks/${probeTask}/progress`, { percent: 90, note: 'bench', version: 2 }, token);
  });
  // (The task's percent stays the generated one: its reports are dated in SCHEDULE_YEAR, after today.)
  const posted = post?.status === 201 ? post.json<{ id?: string; version?: number }>() : undefined;
  check(posted?.id === probeTask && posted.version === 3, `POST /api/v1/tasks/:id/progress with a bearer token`, post);
  const last = await api.api('POST', `/api/v1/tasks/${probeTask}/progress`, { percent: 95, note: 'bench', version: 3 }, tokens.at(-1));
  check(last.status === 201, 'POST /api/v1/tasks/:id/progress with the last token', last);

  const [schedulePage, schedulePrint, progress] = programmeTargets(base, cookie, tokens, exportTaskIds.slice(0, PROGRESS_TASKS));
  return {
    schedule: {
      page: { rows: pageRows.length, htmlKB: Math.round(page.text.length / 1024) },
      print: { rows: printRows.size, htmlKB: Math.round(print.text.length / 1024) },
    },
    exportHttp: { ms: exportMs, bytes: xlsxRes.body.length, queries: xlsxTrace.queries },
    plan: [
      { target: schedulePage, trace: pageTrace },
      { target: { ...schedulePrint, connections: PRINT_CONNECTIONS }, trace: printTrace },
      { target: { ...progress, connections: PROGRESS_USERS }, trace: progressTrace },
      // The export through the app, one at a time (its memory and the /healthz probe are watched by the caller).
      { target: { name: `GET /app/schedule.xlsx (${EXPORT_TASKS} tasks)`, key: 'xlsx', url: `${base}/app/schedule.xlsx?year=${EXPORT_YEAR}`, headers: { cookie }, expectStatus: 200, connections: 1, amount: { warmup: 0, measured: 3 } }, trace: xlsxTrace },
    ] satisfies Planned[],
  };
}

function pad(s: string | number, n: number, left = false): string {
  const str = String(s);
  return left ? str.padEnd(n) : str.padStart(n);
}

function printTable(db: string, rows: TargetResult[]): void {
  const head = `${pad('target', 48, true)} ${pad('conn', 4)} ${pad('req/s', 9)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('errors', 6)} ${pad('non-2xx', 7)} ${pad('bad', 5)} ${pad('× ceil', 7)} ${pad('cpu ms', 6)} ${pad('q/req', 5)} ${pad('w/req', 5)} ${pad('KB', 6)} ${pad('load', 5)}`;
  console.log(`\n== ${db} ==\n${head}\n${'-'.repeat(head.length)}`);
  for (const r of rows) {
    console.log(
      `${pad(r.name, 48, true)} ${pad(r.connections, 4)} ${pad(r.rps.toFixed(1), 9)} ${pad(r.latencyP50Ms, 7)} ${pad(r.latencyP99Ms, 7)} ${pad(r.errors, 6)} ${pad(r.non2xx, 7)} ${pad(r.unexpected, 5)} ${pad(r.ratioToCeiling >= 0.01 ? r.ratioToCeiling.toFixed(3) : r.ratioToCeiling.toExponential(1), 7)} ${pad(r.serverCpuMsPerRequest.toFixed(3), 6)} ${pad(r.perRequest?.queries ?? '', 5)} ${pad(r.perRequest?.writes ?? '', 5)} ${pad((r.avgResponseBytes / 1024).toFixed(1), 6)} ${pad(r.loadAvg1Before.toFixed(1), 5)}`,
    );
  }
}

const sizeList = (v: string) => v.split(',').map((n) => Number(n.trim())).filter((n) => n > 0);

/** The figures of issue 12's table from one database's rows (bench/lib/issue12.ts). */
function issueFigures(rows: TargetResult[], programmes?: ProgrammesRun): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const r of rows) {
    if (!r.key || r.key === 'reads-idle') continue;
    out[r.key] = {
      ratio: r.ratioToCeiling,
      rps: r.rps,
      p99Ms: r.latencyP99Ms,
      ...(r.unexpected ? { unexpected: r.unexpected, requests: r.requests } : {}),
      ...(r.probe && r.probeIdle ? { probeP99Ms: r.probe.p99Ms, probeIdleP99Ms: r.probeIdle.p99Ms, blocks: r.blocksEventLoop ?? false } : {}),
      ...(r.appMemory ? { growthMB: r.appMemory.growthMB } : {}),
    };
  }
  const idle = rows.find((r) => r.key === 'reads-idle');
  const during = out['reads-during-writes'];
  if (idle && during) {
    during.idleRps = idle.rps;
    during.share = idle.rps ? Math.round((during.rps ?? 0) / idle.rps * 100) / 100 : 0;
  }
  if (programmes && out.xlsx) out.xlsx.growthMB ??= programmes.export.exportRssGrowthMB;
  return out;
}

/** The "before" figures: --compare a.json[,b.json] (each by its db), else bench/results/baseline-<db>.json where present. */
function compareWith(dbs: DbRun['db'][]): { figures: Partial<Record<DbRun['db'], Record<string, Figure>>>; files: string[] } {
  const files = argv.compare ? argv.compare.split(',').map((f) => f.trim()).filter(Boolean) : dbs.map((db) => path.join(RESULTS_DIR, `baseline-${db}.json`)).filter((f) => fs.existsSync(f));
  const figures: Partial<Record<DbRun['db'], Record<string, Figure>>> = {};
  for (const f of files) {
    const json = JSON.parse(fs.readFileSync(f, 'utf8')) as Parameters<typeof figuresOf>[0];
    const db = json.db === 'postgres' ? 'postgres' : 'sqlite';
    figures[db] = figuresOf(json);
  }
  return { figures, files: files.map((f) => path.relative(process.cwd(), f)) };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  console.log(
    `RõViệc bench · ${machine.cpus} × ${machine.cpuModel} · node ${machine.node} · load ${machine.loadAvgAtStart.join(' ')} · ${[...ONLY].join(', ')} · ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s per target`,
  );

  process.stdout.write('[ceiling] GET / hello world… ');
  const ceiling = await measureCeiling();
  console.log(`${ceiling.rps} req/s`);

  if (argv.scale) {
    await runScale({ pg: argv.pg, settings, ceilingRps: ceiling.rps, resultsDir: RESULTS_DIR, startedAt, sizes: { tasks: sizeList(argv['scale-tasks']), articles: sizeList(argv['scale-articles']), people: sizeList(argv['scale-people']) }, cleanups });
    return;
  }
  const runs: DbRun[] = [await benchDb('sqlite')];
  if (argv.pg) runs.push(await benchDb('postgres'));
  const figures: Partial<Record<DbRun['db'], Record<string, Figure>>> = {};

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const ceilingRow: TargetResult = { ...ceiling, ratioToCeiling: 1 };
  for (const run of runs) {
    const rows: TargetResult[] = [ceilingRow, ...run.targets.map((t) => ({ ...t, ratioToCeiling: ceiling.rps ? Number((t.rps / ceiling.rps).toPrecision(3)) : 0 }))];
    const out = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      db: run.db,
      git: { commit, dirty },
      machine,
      settings: {
        ...settings,
        only: [...ONLY],
        logins: LOGINS,
        loginWarmup: LOGIN_WARMUP,
        progressConnections: PROGRESS_USERS,
        host: '127.0.0.1',
        appMode: 'NODE_ENV=production, ROVIEC_TRUST_PROXY=1, X-Forwarded-For rotated over 4096 addresses',
        postgresConnection: 'Unix socket of the throw-away cluster on this machine (D78)',
      },
      data: { ...run.data, shares: SHARES, expectedPeopleTotal: run.expected.people, searchQuery: SEARCH, searchHits: run.expected.search },
      programmes: run.programmes,
      portal: run.portal,
      meetings: run.meetings,
      reports: run.reports,
      targets: rows,
      issue12: issueFigures(rows, run.programmes),
    };
    figures[run.db] = out.issue12;
    const json = JSON.stringify(out, null, 2) + '\n';
    fs.writeFileSync(path.join(RESULTS_DIR, `${stamp}-${run.db}.json`), json);
    // A subset (--only) does not replace the full run's latest results.
    if (GROUPS.every(want)) fs.writeFileSync(path.join(RESULTS_DIR, `latest-${run.db}.json`), json);
    const s = run.data.sizes;
    console.log(
      `\n[${run.db}] data: ${s.peopleInWard} people in Phường Đồng Tâm (${s.peopleTotal} in all), ${s.positions} posts, ${s.memberships} memberships, ${s.organizations} organizations, ${s.users} users, ${s.auditEvents} audit events; generated in ${run.data.timingsMs.total} ms`,
    );
    const p = run.programmes;
    if (p) {
      console.log(
        `[${run.db}] programmes: ${p.sizes.scheduleTasks} tasks in ${p.sizes.scheduleYear} (schedule: page 1 ${p.schedule.page.rows} rows, ${p.schedule.page.htmlKB} KB of HTML; all=1 ${p.schedule.print.rows} rows, ${p.schedule.print.htmlKB} KB), ${p.sizes.exportTasks} in ${p.sizes.exportYear} (export), ${p.sizes.progressUsers} users with API tokens; generated in ${p.timingsMs.tasks} + ${p.timingsMs.users} ms`,
      );
    }
    if (run.portal) console.log(`[${run.db}] portal: ${run.portal.articlesInWard} published articles in the ward (${run.portal.articles} generated in ${run.portal.generationMs} ms)`);
    const mt = run.meetings;
    if (mt) {
      console.log(
        `[${run.db}] meetings: one held meeting, ${mt.sizes.attendees} attendees, ${mt.sizes.conclusions} conclusions (${mt.sizes.turnedIntoTasks} turned into ${mt.sizes.tasks} tasks, ${mt.sizes.tasksDone} done), ${mt.sizes.reports} reports, ${mt.sizes.directives} directives; generated in ${mt.generationMs} ms · page ${mt.checks.page.htmlKB} KB of HTML with ${mt.checks.page.options} <option>s`,
      );
    }
    printTable(run.db, rows);
    if (p) {
      const x = p.export;
      console.log(
        `XLSX export of ${x.tasks} tasks, alone in a child process: ${x.ms} ms, ${Math.round(x.bytes / 1024)} KB; peak RSS ${x.exportPeakRssMB} MB (${x.rssBeforeMB} MB before: +${x.exportRssGrowthMB} MB), peak heap used ${x.peakHeapUsedMB} MB · through the app (GET /app/schedule.xlsx, one request): ${p.exportHttp.ms} ms, ${Math.round(p.exportHttp.bytes / 1024)} KB, ${p.exportHttp.queries} queries`,
      );
    }
    if (mt) {
      const x = mt.docx;
      const app = rows.find((r) => r.appMemory && r.name.includes('minutes.docx'))?.appMemory;
      console.log(
        `Minutes .docx, alone in a child process: first ${x.firstMs} ms, then ${x.warmMs} ms each (${x.warmRuns} runs), ${Math.round(x.bytes / 1024)} KB; peak RSS ${x.exportPeakRssMB} MB (${x.rssBeforeMB} MB before: +${x.exportRssGrowthMB} MB), peak heap used ${x.peakHeapUsedMB} MB` +
          (app ? ` · app process under load: RSS ${app.idleRssMB} MB idle → ${app.peakRssMB} MB peak (+${app.growthMB} MB), peak heap ${app.peakHeapUsedMB} MB${app.highWaterRaised ? ', kernel high-water raised' : ''}` : ''),
      );
    }
    const rp = run.reports;
    if (rp) {
      const page = rows.find((r) => r.name.startsWith('GET /app/reports/:id/rollup ('));
      const docxRow = rows.find((r) => r.name === 'GET /app/reports/:id/rollup.docx');
      const standinRow = rows.find((r) => r.name.startsWith('stand-in: getRollup'));
      const m = docxRow?.appMemory;
      console.log(
        `[${run.db}] reports: the ${rp.sizes.period} annual roll-up of ${rp.sizes.organizations} organizations (6 sections of ~${rp.sizes.sectionChars} characters each, 12 indicators), generated in ${rp.generationMs} ms · ` +
          (page ? `page ${rp.checks.page?.htmlKB} KB of HTML, ${page.rps} req/s (× ${page.ratioToCeiling} of the ceiling)` : 'page not in the app') +
          (docxRow ? ` · Word export ${Math.round((rp.checks.docx?.bytes ?? 0) / 1024)} KB, ${docxRow.rps} req/s (× ${docxRow.ratioToCeiling}), p50 ${docxRow.latencyP50Ms} ms` + (m ? `, app RSS ${m.idleRssMB} MB idle → ${m.peakRssMB} MB peak (+${m.growthMB} MB)` : '') : ' · Word export not in the app') +
          (standinRow ? ` · stand-in getRollup (summed up, ${rp.checks.standin?.jsonKB} KB of JSON) ${standinRow.rps} req/s (× ${standinRow.ratioToCeiling})` : ''),
      );
    }
    for (const r of rows) if (r.perRequest) console.log(`  ${r.name}: ${r.perRequest.queries} queries, ${r.perRequest.writes} writes — ${r.perRequest.list.join('; ')}`);
  }
  const before = compareWith(runs.map((r) => r.db));
  const table = issueTable(figures, before.figures);
  const md = [
    `# Issue 12 targets — ${startedAt.toISOString()} · ${commit}${dirty ? ' (dirty)' : ''} · ceiling ${ceiling.rps} req/s · ${[...ONLY].join(', ')}`,
    '',
    table,
    '',
    before.files.length ? `Before: ${before.files.join(', ')}.` : 'No "before" figures (bench/results/baseline-<db>.json or --compare).',
    'Ratios are req/s over the hello-world ceiling of the same run; p99 at the target\'s connections. "Blocks": the paced /healthz probe\'s p99 during the target over 100 ms and over 5 × its idle p99.',
    '',
  ].join('\n');
  console.log(`\n${md}`);
  fs.writeFileSync(path.join(RESULTS_DIR, `${stamp}.md`), md);
  if (GROUPS.every(want)) fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md);
  console.log(`\nresults: ${path.relative(process.cwd(), RESULTS_DIR)}/${stamp}-*.json, ${stamp}.md${GROUPS.every(want) ? ', latest-*.json, latest.md' : ''} · ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (e) {
  console.error(`\nbench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await cleanup();
  process.exit(1);
}
