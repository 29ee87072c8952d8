// Two-instance sweep (issue 8): two `roviec serve` processes on one PostgreSQL database, both under
// load (reads and progress posts), while sessions, CSRF, the login throttle, article view counts
// and reminders are checked across them.
//
//   npm run sweep:two                    PostgreSQL of ROVIEC_TEST_DATABASE_URL, or a throw-away one
//   npm run sweep:two -- --connections 40
//
// Checks (each prints ok or FAILED; exit 1 on any failure):
// - a session made on A works on B, and logging out on B ends it on A;
// - a CSRF token minted on A is accepted by B, a wrong one refused (403);
// - 5 wrong passwords alternating A and B lock the account on both (429 for the right password);
// - 40 article views split over A and B, concurrently, add exactly 40 to view_count once both
//   instances have shut down (each flushes its pending views on close);
// - `roviec reminders` run twice at once, then once more: the same notifications, no error.
// Document numbers: covered by the officials documents' own concurrency tests (docs/DESIGN.md D14).
// docs/DESIGN.md D31.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { freshDb, pgServer, ROOT, startServer, withHandle, writers, type Server } from './lib.ts';
import { Client } from '../../test/support/app.ts';

const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<{ errors: number; timeouts: number; non2xx: number; requests: { total: number }; latency: { p99: number } }>;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36';

function reminders(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'reminders'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { connections: { type: 'string', default: '40' } } });
  const server = await pgServer(true);
  if (!server) throw new Error('no PostgreSQL');
  const s = await freshDb('postgres', server.url);
  const checks: [string, boolean, string][] = [];
  const check = (name: string, ok: boolean, detail = '') => {
    checks.push([name, ok, detail]);
    console.log(`${ok ? 'ok' : 'FAILED'}: ${name}${detail ? ` (${detail})` : ''}`);
  };
  let a: Server | null = null;
  let b: Server | null = null;
  try {
    const w = await writers(s, 10, 1000);
    a = await startServer(s, { ROVIEC_TRUST_PROXY: '1' });
    b = await startServer(s, { ROVIEC_TRUST_PROXY: '1' });
    // Background load on both instances for the whole of the checks.
    let k = 0;
    let ip = 0;
    const loadOn = (base: string) =>
      autocannon({
        url: base,
        connections: Number(values.connections),
        duration: 40,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: { method: string; path: string; headers: Record<string, string>; body?: string }) => {
              ip = (ip + 1) % 60000;
              req.headers = { 'x-forwarded-for': `10.60.${ip >> 8}.${ip & 255}`, 'user-agent': 'autocannon' };
              if (ip % 4 === 0) {
                const n = k++;
                const task = w.tasks[n % w.tasks.length] as { id: string; version: number };
                req.method = 'POST';
                req.path = `/api/v1/tasks/${task.id}/progress`;
                req.headers['content-type'] = 'application/json';
                req.headers.authorization = `Bearer ${w.tokens[n % w.tokens.length]}`;
                req.body = JSON.stringify({ percent: 1 + (n % 99), note: `two-${n}`, version: task.version + Math.floor(n / w.tasks.length) });
              } else {
                req.method = 'GET';
                req.path = ip % 2 ? '/' : '/tim-kiem?q=dang+uy';
                delete req.body;
              }
              return req;
            },
          },
        ],
      });
    const load = Promise.all([loadOn(a.base), loadOn(b.base)]);

    // Sessions.
    const c = new Client(a.base);
    await c.login('thuongvu');
    const onB = c.withBase(b.base);
    const home = await onB.get('/app');
    check('a session made on A works on B', home.status === 200 && /Dương Ngọc Dũng/.test(home.text), `status ${home.status}`);
    // CSRF: A's token on B.
    const token = await c.csrf();
    const wrong = await onB.request('POST', '/logout', { body: new URLSearchParams({ _csrf: 'sai' + token.slice(3) }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    check('a wrong CSRF token is refused on B', wrong.status === 403, `status ${wrong.status}`);
    const out = await onB.request('POST', '/logout', { body: new URLSearchParams({ _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    check("A's CSRF token is accepted by B (logout)", out.status === 302 || out.status === 303, `status ${out.status}`);
    const after = await c.get('/app'); // the same cookie, back on A
    check('logging out on B ends the session on A', after.status === 302, `status ${after.status}`);

    // Throttle across instances.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await new Client(i % 2 ? b.base : a.base).login('bientap', 'sai-mat-khau-' + i)).status);
    const lockedA = (await new Client(a.base).login('bientap')).status;
    const lockedB = (await new Client(b.base).login('bientap')).status;
    check('5 wrong passwords over A and B lock the account on both', statuses.every((x) => x === 401) && lockedA === 429 && lockedB === 429, `wrong: ${statuses.join(',')}; right after: A ${lockedA}, B ${lockedB}`);

    // View counts.
    const slug = /href="\/bai-viet\/([^"]+)"/.exec(await (await fetch(a.base + '/')).text())?.[1] ?? '';
    const before = await withHandle(s.url, async (db) => Number((await db.selectFrom('article').select('view_count').where('slug', '=', decodeURIComponent(slug)).executeTakeFirstOrThrow()).view_count));
    const views = await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`${i % 2 ? b?.base : a?.base}/bai-viet/${slug}`, { headers: { 'user-agent': UA, 'x-forwarded-for': `10.61.0.${i + 1}` } }).then((r) => r.status)));
    const loadResults = await load;
    for (const [i, r] of loadResults.entries()) check(`background load on ${i ? 'B' : 'A'}: no connection error or timeout`, r.errors === 0 && r.timeouts === 0, `${r.requests.total} requests, ${r.non2xx} non-2xx (409 from version races of the load itself are expected), p99 ${r.latency.p99} ms`);
    await a.stop();
    await b.stop();
    a = b = null;
    const afterViews = await withHandle(s.url, async (db) => Number((await db.selectFrom('article').select('view_count').where('slug', '=', decodeURIComponent(slug)).executeTakeFirstOrThrow()).view_count));
    check('40 views over A and B add exactly 40', views.every((x) => x === 200) && afterViews - before === 40, `before ${before}, after ${afterViews}`);

    // Reminders: two at once, then a third.
    const [r1, r2] = await Promise.all([reminders(s.url), reminders(s.url)]);
    const count = () => withHandle(s.url, async (db) => Number((await db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
    const n1 = await count();
    const r3 = await reminders(s.url);
    const n2 = await count();
    check('reminders run twice at once, then again: no error, no new notification the third time', r1.code === 0 && r2.code === 0 && r3.code === 0 && n1 === n2, `${n1} then ${n2} notifications; ${r1.out.trim()} | ${r2.out.trim()}`);
  } finally {
    await a?.stop();
    await b?.stop();
    await s.drop();
    await server.stop();
  }
  const failed = checks.filter(([, ok]) => !ok).length;
  console.log(`two-instance sweep: ${checks.length - failed} of ${checks.length} checks ok`);
  process.exit(failed ? 1 : 0);
}

await main();
