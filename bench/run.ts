// npm run bench [-- --pg] [--duration 8] [--warmup 2] [--connections 10] [--people 5000] [--logins 120]
//
// Load benchmark of the real app on 127.0.0.1, reported as ratios to a bare Fastify hello-world
// measured in the same run. Generates data at stated sizes in a fresh SQLite database (and, with
// --pg, also in a throw-away PostgreSQL), starts the app and the ceiling in child processes,
// checks that every target answers what it should, then drives each with autocannon.
// Results: bench/results/<timestamp>-<db>.json and bench/results/latest-<db>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/features/demo/seed.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { Client, type Res } from '../test/support/app.ts';
import { startPostgres, type StartedPostgres } from '../test/support/pg.ts';
import { startChild, type Child } from './lib/child.ts';
import { expectedPeople, generateData, SHARES, type GeneratedData } from './lib/data.ts';
import { runLoad, type LoadResult, type RunSettings, type Target } from './lib/load.ts';
import type { TracedQuery } from './lib/tracer.ts';

const { values: argv } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    people: { type: 'string', default: '5000' },
    logins: { type: 'string', default: '120' },
  },
});
const settings: RunSettings = { durationS: Number(argv.duration), warmupS: Number(argv.warmup), connections: Number(argv.connections) };
const PEOPLE = Number(argv.people);
const LOGINS = Number(argv.logins);
const LOGIN_WARMUP = 10;
const SEARCH = 'nguyen van';
const HARD_LIMIT_MS = (argv.pg ? 6 : 4) * 60_000;
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

type TargetResult = LoadResult & { ratioToCeiling: number; perRequest?: Trace };

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

interface DbRun {
  db: 'sqlite' | 'postgres';
  data: GeneratedData;
  expected: { people: number; search: number };
  targets: Omit<TargetResult, 'ratioToCeiling'>[];
}

async function benchDb(kind: 'sqlite' | 'postgres'): Promise<DbRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let url = 'sqlite:' + path.join(tmp, 'bench.sqlite');
  if (kind === 'postgres') {
    const pg: StartedPostgres = await startPostgres();
    cleanups.push(() => pg.stop());
    url = pg.url;
  }

  // 1. Data.
  process.stdout.write(`[${kind}] generating ${PEOPLE} people… `);
  const handle = openDb(url, { poolSize: 5 });
  let data: GeneratedData;
  let everyone: Awaited<ReturnType<typeof expectedPeople>>;
  let search: Awaited<ReturnType<typeof expectedPeople>>;
  try {
    data = await generateData(handle.db, PEOPLE);
    everyone = await expectedPeople(handle.db, data.wardId, '');
    search = await expectedPeople(handle.db, data.wardId, SEARCH);
  } finally {
    await handle.destroy();
  }
  console.log(`${data.timingsMs.total} ms (migrate ${data.timingsMs.migrate}, demo ${data.timingsMs.demo}, people ${data.timingsMs.people})`);
  check(data.sizes.peopleInWard >= PEOPLE, `ward has ${data.sizes.peopleInWard} people, wanted ${PEOPLE}`);
  check(everyone.names.length === 50 && search.names.length > 0, `expected a full first page and some "${SEARCH}" hits`);

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

  const perRequest: Record<string, Trace> = {
    healthz: await traced(app, () => anon.get('/healthz')),
    people: await traced(app, () => office.get(pages.people)),
    search: await traced(app, () => office.get(pages.search)),
    login: loginTrace,
  };

  // 4. Load.
  let next = 0;
  const targets: Target[] = [
    { name: 'GET /healthz', url: base + '/healthz', expectStatus: 200 },
    { name: `GET /app/people (page 1 of ${everyone.total})`, url: base + pages.people, headers: { cookie }, expectStatus: 200 },
    { name: `GET /app/people?q=${SEARCH} (${search.total} hits)`, url: base + pages.search, headers: { cookie }, expectStatus: 200 },
    {
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
  ];
  const keys = ['healthz', 'people', 'search', 'login'];
  const results: DbRun['targets'] = [];
  for (const [i, t] of targets.entries()) {
    process.stdout.write(`[${kind}] ${t.name}… `);
    const r = await runLoad(t, settings, () => app.cpuMicros());
    console.log(`${r.rps} req/s`);
    results.push({ ...r, perRequest: perRequest[keys[i] as string] });
  }
  await app.stop();
  return { db: kind, data, expected: { people: everyone.total, search: search.total }, targets: results };
}

function pad(s: string | number, n: number, left = false): string {
  const str = String(s);
  return left ? str.padEnd(n) : str.padStart(n);
}

function printTable(db: string, rows: TargetResult[]): void {
  const head = `${pad('target', 46, true)} ${pad('req/s', 9)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('errors', 6)} ${pad('non-2xx', 7)} ${pad('bad', 5)} ${pad('× ceil', 7)} ${pad('cpu ms', 6)} ${pad('q/req', 5)} ${pad('w/req', 5)} ${pad('KB', 6)} ${pad('load', 5)}`;
  console.log(`\n== ${db} ==\n${head}\n${'-'.repeat(head.length)}`);
  for (const r of rows) {
    console.log(
      `${pad(r.name, 46, true)} ${pad(r.rps.toFixed(1), 9)} ${pad(r.latencyP50Ms, 7)} ${pad(r.latencyP99Ms, 7)} ${pad(r.errors, 6)} ${pad(r.non2xx, 7)} ${pad(r.unexpected, 5)} ${pad(r.ratioToCeiling.toFixed(3), 7)} ${pad(r.serverCpuMsPerRequest.toFixed(3), 6)} ${pad(r.perRequest?.queries ?? '', 5)} ${pad(r.perRequest?.writes ?? '', 5)} ${pad((r.avgResponseBytes / 1024).toFixed(1), 6)} ${pad(r.loadAvg1Before.toFixed(1), 5)}`,
    );
  }
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
  console.log(`RõViệc bench · ${machine.cpus} × ${machine.cpuModel} · node ${machine.node} · load ${machine.loadAvgAtStart.join(' ')} · ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s per target, ${LOGINS} logins`);

  process.stdout.write('[ceiling] GET / hello world… ');
  const ceiling = await measureCeiling();
  console.log(`${ceiling.rps} req/s`);

  const runs: DbRun[] = [await benchDb('sqlite')];
  if (argv.pg) runs.push(await benchDb('postgres'));

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const ceilingRow: TargetResult = { ...ceiling, ratioToCeiling: 1 };
  for (const run of runs) {
    const rows: TargetResult[] = [ceilingRow, ...run.targets.map((t) => ({ ...t, ratioToCeiling: ceiling.rps ? Math.round((t.rps / ceiling.rps) * 10000) / 10000 : 0 }))];
    const out = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      db: run.db,
      git: { commit, dirty },
      machine,
      settings: { ...settings, logins: LOGINS, loginWarmup: LOGIN_WARMUP, host: '127.0.0.1', appMode: 'NODE_ENV=production, ROVIEC_TRUST_PROXY=1, X-Forwarded-For rotated over 4096 addresses' },
      data: { ...run.data, shares: SHARES, expectedPeopleTotal: run.expected.people, searchQuery: SEARCH, searchHits: run.expected.search },
      targets: rows,
    };
    const json = JSON.stringify(out, null, 2) + '\n';
    fs.writeFileSync(path.join(RESULTS_DIR, `${stamp}-${run.db}.json`), json);
    fs.writeFileSync(path.join(RESULTS_DIR, `latest-${run.db}.json`), json);
    const s = run.data.sizes;
    console.log(
      `\n[${run.db}] data: ${s.peopleInWard} people in Phường Đồng Tâm (${s.peopleTotal} in all), ${s.positions} posts, ${s.memberships} memberships, ${s.organizations} organizations, ${s.users} users, ${s.auditEvents} audit events; generated in ${run.data.timingsMs.total} ms`,
    );
    printTable(run.db, rows);
    for (const r of rows) if (r.perRequest) console.log(`  ${r.name}: ${r.perRequest.queries} queries, ${r.perRequest.writes} writes — ${r.perRequest.list.join('; ')}`);
  }
  console.log(`\nresults: ${path.relative(process.cwd(), RESULTS_DIR)}/${stamp}-*.json, latest-*.json · ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s`);
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
