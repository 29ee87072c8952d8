// Load sweep (issue 8): 200 concurrent users for 60 s against the real `roviec serve`
// (NODE_ENV=production), mixing reads and writes, on SQLite and on PostgreSQL: 0 errors, p99 reported.
//
//   npm run sweep:load                               both databases (PostgreSQL: ROVIEC_TEST_DATABASE_URL,
//                                                    or a throw-away server started for the run)
//   npm run sweep:load -- --db sqlite --connections 200 --duration 60
//
// Every 5th request is a write: POST /api/v1/tasks/:id/progress by one of 20 office accounts
// (bearer token), round-robin over 3,000 fresh tasks with the version each will have by then (a
// task comes round again only every 3,000 writes). The reads rotate over the portal home, an
// article, the public search, the people list and search (session cookies of four roles), the
// ward-wide schedule of the demo year 2017 (the 3,000 tasks of 2030 are bench/'s measure) and the people API. Each request comes from its own client address through
// X-Forwarded-For (ROVIEC_TRUST_PROXY=1, as behind the reverse proxy of README "Production"), so
// the per-IP flood limit stays on without turning the run into 429s. An error is a connection
// error, a timeout (30 s) or a status other than the expected one. docs/DESIGN.md D31.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { freshDb, pgServer, startServer, withHandle, writers, type Kind } from './lib.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { SESSION_COOKIE } from '../../src/platform/http/security.ts';

interface Histogram { p50: number; p90: number; p99: number; max: number; mean: number; total: number }
interface Result { latency: Histogram; requests: Histogram; errors: number; timeouts: number; duration: number; statusCodeStats: Record<string, { count: number }> }
interface RawRequest { method: string; path: string; headers: Record<string, string>; body?: string }
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<Result>;

async function signIn(base: string, username: string): Promise<string> {
  const page = await fetch(base + '/login', { headers: { 'x-forwarded-for': '10.99.0.1' } });
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(base + '/login', { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.99.0.1' }, body: new URLSearchParams({ username, password: DEMO_PASSWORD, _csrf: csrf }) });
  const session = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c?.startsWith(SESSION_COOKIE + '='));
  if (res.status !== 302 || !session) throw new Error(`login as ${username}: ${res.status}`);
  return session;
}

export interface LoadFigures {
  kind: Kind;
  connections: number;
  durationS: number;
  requests: number;
  writes: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  unexpected: number;
  statusCodes: Record<string, number>;
  writesInDb: number;
}

async function loadOne(kind: Kind, pgUrl: string | undefined, connections: number, duration: number): Promise<LoadFigures> {
  const s = await freshDb(kind, pgUrl);
  try {
    const w = await writers(s, 20, 3000);
    const srv = await startServer(s, { ROVIEC_TRUST_PROXY: '1' });
    try {
      const base = srv.base;
      const cookies = await Promise.all(['vanphong', 'thuongvu', 'phunu', 'hoivien'].map((u) => signIn(base, u)));
      const article = /href="(\/bai-viet\/[^"]+)"/.exec(await (await fetch(base + '/')).text())?.[1] ?? '/';
      const reads: { path: string; cookie?: number; bearer?: boolean }[] = [
        { path: '/' },
        { path: article },
        { path: '/tim-kiem?q=dang+uy' },
        { path: '/app/people', cookie: 0 },
        { path: '/app/people?q=nguyen', cookie: 3 },
        { path: '/app/schedule?year=2017', cookie: 1 },
        { path: '/app', cookie: 2 },
        { path: '/api/v1/people?q=nguyen', bearer: true },
      ];
      let n = 0;
      let writes = 0;
      let client = 0;
      const versions = new Map<string, number>();
      const expected = new Map<string, number>();
      let unexpected = 0;
      const r = await autocannon({
        url: base,
        connections,
        duration,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: RawRequest) => {
              const i = n++;
              client = (client + 1) % 60000;
              req.headers = { 'x-forwarded-for': `10.${50 + (client >> 16)}.${(client >> 8) & 255}.${client & 255}` };
              if (i % 5 === 0) {
                const k = writes++;
                const task = w.tasks[k % w.tasks.length] as { id: string; version: number };
                const v = versions.get(task.id) ?? task.version;
                versions.set(task.id, v + 1);
                req.method = 'POST';
                req.path = `/api/v1/tasks/${task.id}/progress`;
                req.headers['content-type'] = 'application/json';
                req.headers.accept = 'application/json';
                req.headers.authorization = `Bearer ${w.tokens[k % w.tokens.length]}`;
                req.body = JSON.stringify({ percent: 1 + (k % 99), note: `load-${k}`, version: v });
              } else {
                const t = reads[i % reads.length] as (typeof reads)[number];
                req.method = 'GET';
                req.path = t.path;
                delete req.body;
                if (t.cookie !== undefined) req.headers.cookie = cookies[t.cookie] as string;
                if (t.bearer) {
                  req.headers.authorization = `Bearer ${w.tokens[i % w.tokens.length]}`;
                  req.headers.accept = 'application/json';
                }
              }
              return req;
            },
            onResponse: (status: number, _body: string, ctx: unknown) => {
              void ctx;
              expected.set(String(status), (expected.get(String(status)) ?? 0) + 1);
              if (status !== 200 && status !== 201) unexpected++;
            },
          },
        ],
      });
      const writesInDb = await withHandle(s.url, async (db) => Number((await db.selectFrom('progress_update').select((eb) => eb.fn.countAll<number>().as('n')).where('note', 'like', 'load-%').executeTakeFirstOrThrow()).n));
      const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([c, v]) => [c, Number(v.count)]));
      return {
        kind,
        connections,
        durationS: Math.round(r.duration),
        requests: r.requests.total,
        writes: statusCodes['201'] ?? 0,
        rps: Math.round(r.requests.mean),
        p50Ms: r.latency.p50,
        p90Ms: r.latency.p90,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        errors: r.errors,
        timeouts: r.timeouts,
        unexpected,
        statusCodes,
        writesInDb,
      };
    } finally {
      await srv.stop();
    }
  } finally {
    await s.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string', default: 'both' }, connections: { type: 'string', default: '200' }, duration: { type: 'string', default: '60' } } });
  const kinds: Kind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as Kind];
  const server = kinds.includes('postgres') ? await pgServer(true) : null;
  const all: LoadFigures[] = [];
  try {
    for (const kind of kinds) {
      const f = await loadOne(kind, server?.url, Number(values.connections), Number(values.duration));
      all.push(f);
      console.log(
        `${kind}: ${f.connections} users × ${f.durationS} s: ${f.requests} requests (${f.rps}/s, ${f.writes} writes acknowledged, ${f.writesInDb} in the database); latency p50 ${f.p50Ms} ms, p90 ${f.p90Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms; errors ${f.errors}, timeouts ${f.timeouts}, unexpected statuses ${f.unexpected} ${JSON.stringify(f.statusCodes)}`,
      );
    }
  } finally {
    await server?.stop();
  }
  const bad = all.filter((f) => f.errors + f.timeouts + f.unexpected > 0 || f.writesInDb < f.writes);
  console.log(bad.length === 0 ? 'load sweep: 0 errors' : `load sweep: errors on ${bad.map((f) => f.kind).join(', ')}`);
  process.exit(bad.length === 0 ? 0 : 1);
}

await main();
